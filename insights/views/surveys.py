"""Pages of the learning-culture survey of a programme OPD: the before/after results for
everyone in scope, recording for its assigned Widyaiswara."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from insights.forms.surveys import CultureSurveyForm
from insights.models import SurveyDimension, SurveyPhase
from insights.selectors.culture_questionnaire import can_manage_rounds
from insights.selectors.surveys import culture_overview, surveys_of
from insights.services import surveys as services
from intan_wpl.forms import add_service_errors
from intan_wpl.roles import STAFF_ROLES, role_required
from learning_needs.selectors.scope import can_write_field_work, get_programme_opd_for_field_work
from learning_plans.models import LearningSettings

ALL_ROLES = STAFF_ROLES
TEMPLATES = "insights/surveys"


# --- Learning-culture survey ------------------------------------------------------------------


def _survey_comparison(surveys):
    before = surveys.get(SurveyPhase.SEBELUM)
    after = surveys.get(SurveyPhase.SESUDAH)
    before_scores = {s.dimension: s.score for s in before.scores.all()} if before else {}
    after_scores = {s.dimension: s.score for s in after.scores.all()} if after else {}
    rows = []
    for dimension in SurveyDimension:
        b, a = before_scores.get(dimension.value), after_scores.get(dimension.value)
        rows.append(
            {
                "dimension": dimension,
                "label": dimension.label,
                "before": b,
                "after": a,
                "change": (a - b) if a is not None and b is not None else None,
            }
        )
    return before, after, rows


@role_required(*ALL_ROLES)
def survey_results(request, programme_opd_pk):
    """The before and after survey side by side, per dimension (table and bar chart)."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    surveys = surveys_of(programme_opd)
    before, after, rows = _survey_comparison(surveys)
    can_write = can_write_field_work(request.user, programme_opd)
    chart = {
        "labels": [str(row["label"]) for row in rows],
        "datasets": [
            {"label": str(SurveyPhase.SEBELUM.label), "data": [_number(row["before"]) for row in rows]},
            {"label": str(SurveyPhase.SESUDAH.label), "data": [_number(row["after"]) for row in rows]},
        ],
        "axis": _("Skor rata-rata (1–5)"),
    }
    return render(
        request,
        f"{TEMPLATES}/survey_results.html",
        {
            "programme_opd": programme_opd,
            "before": before,
            "after": after,
            "rows": rows,
            "chart": chart,
            "has_data": bool(before or after),
            "phases": SurveyPhase,
            "can_write": can_write,
            "overview": culture_overview(programme_opd, LearningSettings.load().culture_min_respondents, surveys),
            "can_manage_rounds": can_manage_rounds(request.user, programme_opd, writes_field_work=can_write),
        },
    )


def _number(value):
    return None if value is None else float(value)


@role_required(*ALL_ROLES)
def survey_edit(request, programme_opd_pk, phase):
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk, write=True)
    if phase not in SurveyPhase.values:
        raise Http404
    phase = SurveyPhase(phase)
    survey = surveys_of(programme_opd).get(phase)
    initial = {}
    if survey is not None:
        initial = {"held_on": survey.held_on, "respondents": survey.respondents}
        initial.update({f"score_{score.dimension}": score.score for score in survey.scores.all()})
    form = CultureSurveyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.culture_survey_save(
                programme_opd=programme_opd,
                phase=phase,
                held_on=form.cleaned_data["held_on"],
                respondents=form.cleaned_data["respondents"],
                scores=form.scores(),
                recorded_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survei budaya belajar (%(phase)s) disimpan.") % {"phase": phase.label})
            return redirect("insights:survey_results", programme_opd_pk=programme_opd.pk)
    return render(
        request,
        f"{TEMPLATES}/survey_form.html",
        {"programme_opd": programme_opd, "form": form, "phase": phase, "survey": survey},
    )
