from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningNeedsConfig(AppConfig):
    name = "learning_needs"
    verbose_name = _("Pendampingan dan Kebutuhan Pembelajaran")
