"""Reference data that data migrations seed: the Permen PANRB 38/2017 competencies, the LAN
development forms, the items of the learning-culture questionnaire and of the reaction
evaluation, and the learning settings row.

A flushed database (transactional tests flush every table, migrations do not run again)
has none of it: `ensure_reference_data()` puts it back by running the same seeding code the
migrations run, and leaves existing rows (and the admin's edits to them) alone.
"""

import importlib

from django.apps import apps

_COMPETENCIES = "learning_needs.migrations.0002_seed_standard_competencies"
_DEVELOPMENT_FORMS = "learning_needs.migrations.0004_seed_development_forms"
_CULTURE_QUESTIONS = "insights.migrations.0007_seed_culture_questionnaire_items"
_REACTION_QUESTIONS = "learning_records.migrations.0007_seed_reaction_items"


# Models the seeding migrations name by the app of their day (learning_needs 0008 moved them).
_MOVED_SINCE = {"developmentform": "learning_plans", "learningsettings": "learning_plans"}


class _TodaysModels:
    """The `apps` a seeding migration expects, answering with today's models."""

    def get_model(self, app_label, model_name):
        return apps.get_model(_MOVED_SINCE.get(model_name.lower(), app_label), model_name)


def ensure_reference_data():
    competency = apps.get_model("learning_needs", "Competency")
    development_form = apps.get_model("learning_plans", "DevelopmentForm")
    if not competency.objects.filter(opd=None).exists():
        importlib.import_module(_COMPETENCIES).seed(_TodaysModels(), None)
    if not development_form.objects.exists():
        importlib.import_module(_DEVELOPMENT_FORMS).seed(_TodaysModels(), None)
    # The seeding code leaves an existing item set alone itself.
    importlib.import_module(_CULTURE_QUESTIONS).seed(_TodaysModels(), None)
    importlib.import_module(_REACTION_QUESTIONS).seed(_TodaysModels(), None)
    apps.get_model("learning_plans", "LearningSettings").load()
