from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Dasbor dan Bukti Kebijakan")

    def ready(self):
        # The registry shows each programme OPD's stage, which only this app can derive.
        from insights.selectors.stages import register_stage_with_registry

        register_stage_with_registry()
        # The dashboard's background job kinds (intan_wpl.services.jobs) and the totals' task, known by
        # name in the web process too (intan_wpl.services.jobs.enqueue).
        from insights import (
            jobs,  # noqa: F401
            tasks,  # noqa: F401
        )
