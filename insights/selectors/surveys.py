"""Reads of the learning-culture survey of a programme OPD."""

from insights.models import CultureSurvey

# --- Evaluation ----------------------------------------------------------------------------


def surveys_of(programme_opd):
    """{phase: survey} with scores prefetched (two queries)."""
    surveys = CultureSurvey.objects.filter(programme_opd=programme_opd).prefetch_related("scores")
    return {survey.phase: survey for survey in surveys}
