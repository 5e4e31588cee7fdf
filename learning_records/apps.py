from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningRecordsConfig(AppConfig):
    name = "learning_records"
    verbose_name = _("Realisasi, JP dan Evaluasi")

    def ready(self):
        # Earlier apps announce what changes a person's JP (a reclassified Pegawai, a new PPPK
        # cap); this app, which keeps the ledger, re-applies the cap (learning_records.receivers).
        # The SIASN export of the whole province and the external JP import run as background jobs
        # (intan_wpl.services.jobs).
        from learning_records import (
            jobs,  # noqa: F401
            receivers,  # noqa: F401
        )
