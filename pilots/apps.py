from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Program dan Perangkat Daerah")

    def ready(self):
        # The roster's and the SKP's background job kinds (intan_wpl.services.jobs).
        from pilots import jobs  # noqa: F401
