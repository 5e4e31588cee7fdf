from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningPlansConfig(AppConfig):
    name = "learning_plans"
    verbose_name = _("Rencana Pembelajaran")

    def ready(self):
        # The PDF batch of plans in force runs as a background job (intan_wpl.services.jobs).
        from learning_plans import jobs  # noqa: F401
