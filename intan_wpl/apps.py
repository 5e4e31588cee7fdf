from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntanWplConfig(AppConfig):
    name = "intan_wpl"
    verbose_name = _("Akun dan Peran")
