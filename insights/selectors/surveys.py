"""Reads of the learning-culture survey of a programme OPD, and its index."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from insights.models import CultureSurvey, SurveyDimension, SurveyPhase
from insights.selectors.culture_questionnaire import response_figures, rounds_of

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


class FigureSource:
    RESPONSES = "kuesioner"
    TYPED = "dicatat"
    LABELS = {
        RESPONSES: _("kuesioner yang diisi Pegawai"),
        TYPED: _("survei kertas yang dicatat Widyaiswara"),
    }


def phase_figure(n, scores, min_respondents, source):
    """One phase of one programme OPD: its n, and its scores and index only when n reaches
    `min_respondents` (`scores`: {dimension: mean 1-5})."""
    shown = n >= min_respondents
    return {
        "n": n,
        "minimum": min_respondents,
        "shown": shown,
        "source": source,
        "source_label": FigureSource.LABELS[source],
        "index": culture_index(scores.values()) if shown else None,
        "scores": dict(scores) if shown else {},
    }


def phase_figures(programme_opd_ids, min_respondents, *, surveys=None, rounds=None):
    """{(programme OPD id, phase): figure}: from the Pegawai's responses where a round has any,
    else from the typed (paper) survey. Four queries whatever the number of OPDs (fewer when
    the caller already read the surveys, with scores, or the rounds, with n)."""
    ids = list(programme_opd_ids)
    if surveys is None:
        surveys = CultureSurvey.objects.filter(programme_opd_id__in=ids).prefetch_related("scores")
    figures = {}
    for survey in surveys:
        scores = {score.dimension: score.score for score in survey.scores.all()}
        figures[(survey.programme_opd_id, survey.phase)] = phase_figure(
            survey.respondents, scores, min_respondents, FigureSource.TYPED
        )
    for key, figure in response_figures(ids, rounds=rounds).items():
        figures[key] = phase_figure(figure["n"], figure["scores"], min_respondents, FigureSource.RESPONSES)
    return figures


def culture_index_by_programme_opd(programme_opd_ids, min_respondents):
    """{programme OPD id: {"before", "after", "change"}} for the dashboard: each phase with its
    n and source, and its index only when n reaches `min_respondents`."""
    by_opd = {}
    for (pk, phase), figure in phase_figures(programme_opd_ids, min_respondents).items():
        by_opd.setdefault(pk, {})[phase] = figure
    result = {}
    for pk, phases in by_opd.items():
        before = phases.get(SurveyPhase.SEBELUM)
        after = phases.get(SurveyPhase.SESUDAH)
        change = None
        if before and after and before["index"] is not None and after["index"] is not None:
            change = after["index"] - before["index"]
        result[pk] = {"before": before, "after": after, "change": change}
    return result


def culture_overview(programme_opd, min_respondents, surveys):
    """Per phase of one programme OPD: its questionnaire round (with n), and the figure the
    dashboard uses (from responses where there are any, else the typed survey, `surveys` as
    surveys_of gives them) with a row per dimension. Two queries."""
    rounds = rounds_of(programme_opd)
    figures = phase_figures([programme_opd.pk], min_respondents, surveys=surveys.values(), rounds=rounds.values())
    overview = []
    for phase in SurveyPhase:
        figure = figures.get((programme_opd.pk, phase.value))
        scores = figure["scores"] if figure else {}
        overview.append(
            {
                "phase": phase,
                "round": rounds.get(phase.value),
                "figure": figure,
                "dimensions": [(dimension.label, scores.get(dimension.value)) for dimension in SurveyDimension],
            }
        )
    return overview


# --- Evaluation ----------------------------------------------------------------------------


def surveys_of(programme_opd):
    """{phase: survey} with scores prefetched (two queries)."""
    surveys = CultureSurvey.objects.filter(programme_opd=programme_opd).prefetch_related("scores")
    return {survey.phase: survey for survey in surveys}
