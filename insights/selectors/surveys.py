"""Reads of the learning-culture survey of a programme OPD, and its index."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from insights.models import CultureSurvey, SurveyPhase

INDEX_RULE = _(
    "Indeks budaya belajar = rata-rata skor (1-5) kelima dimensi survei; sub-indeks = skor tiap dimensi. "
    "Sebuah angka tidak ditampilkan bila respondennya kurang dari batas minimal di pengaturan."
)


def culture_index(scores):
    """The overall index of a survey: the mean of its dimension scores (None without scores)."""
    scores = [Decimal(score) for score in scores]
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _phase_figure(survey, min_respondents):
    if survey is None:
        return None
    shown = survey.respondents >= min_respondents
    return {
        "n": survey.respondents,
        "shown": shown,
        "index": culture_index([score.score for score in survey.scores.all()]) if shown else None,
        "scores": {score.dimension: score.score for score in survey.scores.all()} if shown else {},
    }


def culture_index_by_programme_opd(programme_opd_ids, min_respondents):
    """{programme OPD id: {"before", "after", "change"}} for the dashboard (two queries): each
    phase with its n, and its index only when n reaches `min_respondents`."""
    surveys = CultureSurvey.objects.filter(programme_opd_id__in=list(programme_opd_ids)).prefetch_related("scores")
    by_opd = {}
    for survey in surveys:
        by_opd.setdefault(survey.programme_opd_id, {})[survey.phase] = survey
    result = {}
    for pk, phases in by_opd.items():
        before = _phase_figure(phases.get(SurveyPhase.SEBELUM), min_respondents)
        after = _phase_figure(phases.get(SurveyPhase.SESUDAH), min_respondents)
        change = None
        if before and after and before["index"] is not None and after["index"] is not None:
            change = after["index"] - before["index"]
        result[pk] = {"before": before, "after": after, "change": change}
    return result


# --- Evaluation ----------------------------------------------------------------------------


def surveys_of(programme_opd):
    """{phase: survey} with scores prefetched (two queries)."""
    surveys = CultureSurvey.objects.filter(programme_opd=programme_opd).prefetch_related("scores")
    return {survey.phase: survey for survey in surveys}
