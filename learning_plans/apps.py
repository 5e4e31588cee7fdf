from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningPlansConfig(AppConfig):
    name = "learning_plans"
    verbose_name = _("Rencana Pembelajaran")
