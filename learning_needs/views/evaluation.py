"""Kirkpatrick evaluation of realised activities and the learning-culture survey (issue 5,
item 7). Reading follows the programme OPD's scope; recording is for its assigned Widyaiswara."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import role_required
from learning_needs.catalogue_forms import add_service_errors
from learning_needs.evaluation_forms import CultureSurveyForm, evaluation_form_for
from learning_needs.models import EvaluationLevel, SurveyDimension, SurveyPhase
from learning_needs.realisation_selectors import (
    evaluations_of_programme_opd,
    evaluations_with_overdue,
    get_evaluation_for_user,
    get_realised_activity,
    problems_of_activity,
    surveys_of,
)
from learning_needs.selectors import can_write_field_work, get_programme_opd_for_field_work
from learning_needs.services import evaluation as services

ALL_ROLES = (Role.ADMIN, Role.WIDYAISWARA, Role.KEPALA_OPD)
TEMPLATES = "learning_needs/evaluation"
FOLLOW_UP_LEVELS = (EvaluationLevel.BEHAVIOUR, EvaluationLevel.RESULTS)


def _level(value):
    try:
        return EvaluationLevel(int(value))
    except (TypeError, ValueError):
        raise Http404 from None


def _learning_gain(evaluation):
    if (
        evaluation.level == EvaluationLevel.LEARNING
        and evaluation.pre_score is not None
        and evaluation.score is not None
    ):
        return evaluation.score - evaluation.pre_score
    return None


@role_required(*ALL_ROLES)
def evaluation_list(request, programme_opd_pk):
    """Every evaluation of the OPD's activities; follow-ups past their due date are flagged."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    evaluations = evaluations_of_programme_opd(programme_opd)
    level = request.GET.get("level", "")
    if level in {str(value) for value in EvaluationLevel.values}:
        evaluations = evaluations.filter(level=int(level))
    overdue_only = request.GET.get("terlambat") == "1"
    if overdue_only:
        evaluations = evaluations.filter(is_overdue=True)
    page, query_string = paginate(request, evaluations)
    for evaluation in page.object_list:
        evaluation.gain = _learning_gain(evaluation)
    overdue_count = evaluations_of_programme_opd(programme_opd).filter(is_overdue=True).count()
    return render(
        request,
        f"{TEMPLATES}/evaluation_list.html",
        {
            "programme_opd": programme_opd,
            "page": page,
            "query_string": query_string,
            "levels": EvaluationLevel.choices,
            "level": level,
            "overdue_only": overdue_only,
            "overdue_count": overdue_count,
        },
    )


@role_required(*ALL_ROLES)
def activity_evaluations(request, activity_pk):
    """The evaluations of one realised activity, by level."""
    activity = get_realised_activity(request.user, activity_pk)
    evaluations = list(
        evaluations_with_overdue(activity.evaluations.select_related("recorded_by")).order_by("level", "pk")
    )
    for evaluation in evaluations:
        evaluation.gain = _learning_gain(evaluation)
    return render(
        request,
        f"{TEMPLATES}/activity_evaluations.html",
        {
            "activity": activity,
            "programme_opd": activity.plan.programme_opd,
            "evaluations": evaluations,
            "levels": EvaluationLevel,
            "problems": problems_of_activity(activity),
            "can_write": can_write_field_work(request.user, activity.plan.programme_opd),
        },
    )


def _follow_up_initial(activity):
    problems = problems_of_activity(activity)
    if not problems:
        return {}, problems
    first = problems[0]
    return {"indicator": first.duty_or_indicator, "baseline": first.indicator_baseline}, problems


@role_required(*ALL_ROLES)
def evaluation_create(request, activity_pk, level):
    activity = get_realised_activity(request.user, activity_pk, write=True)
    level = _level(level)
    initial, problems = _follow_up_initial(activity) if level in FOLLOW_UP_LEVELS else ({}, [])
    form = evaluation_form_for(level, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_create(activity=activity, level=level, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(level)s dicatat.") % {"level": level.label})
            return redirect("learning_needs:activity_evaluations", activity_pk=activity.pk)
    return render(
        request,
        f"{TEMPLATES}/evaluation_form.html",
        {
            "activity": activity,
            "programme_opd": activity.plan.programme_opd,
            "form": form,
            "level": level,
            "problems": problems,
            "evaluation": None,
        },
    )


@role_required(*ALL_ROLES)
def evaluation_edit(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk, write=True)
    activity = evaluation.activity
    level = EvaluationLevel(evaluation.level)
    fields = services.LEVEL_FIELDS[level]
    initial = {name: getattr(evaluation, name) for name in fields}
    form = evaluation_form_for(level, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_update(evaluation=evaluation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(level)s disimpan.") % {"level": level.label})
            return redirect("learning_needs:activity_evaluations", activity_pk=activity.pk)
    return render(
        request,
        f"{TEMPLATES}/evaluation_form.html",
        {
            "activity": activity,
            "programme_opd": activity.plan.programme_opd,
            "form": form,
            "level": level,
            "problems": problems_of_activity(activity) if level in FOLLOW_UP_LEVELS else [],
            "evaluation": evaluation,
        },
    )


@role_required(*ALL_ROLES)
def evaluation_delete(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk, write=True)
    back = reverse("learning_needs:activity_evaluations", args=[evaluation.activity_id])
    if request.method == "POST":
        services.evaluation_delete(evaluation=evaluation)
        messages.success(request, _("Evaluasi dihapus."))
        return redirect(back)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": f"{evaluation.get_level_display()} – {evaluation.activity.title}",
            "object_kind": _("evaluasi"),
            "cancel_url": back,
            "blockers": [],
        },
    )


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
    before, after, rows = _survey_comparison(surveys_of(programme_opd))
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
            "can_write": can_write_field_work(request.user, programme_opd),
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
            return redirect("learning_needs:survey_results", programme_opd_pk=programme_opd.pk)
    return render(
        request,
        f"{TEMPLATES}/survey_form.html",
        {"programme_opd": programme_opd, "form": form, "phase": phase, "survey": survey},
    )
