"""Pages of the Kirkpatrick evaluation of realised activities. Reading follows the programme
OPD's scope; recording is for its assigned Widyaiswara."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.forms import add_service_errors
from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import STAFF_ROLES, role_required
from learning_needs.selectors.scope import can_write_field_work, get_programme_opd_for_field_work
from learning_plans.models import LearningSettings
from learning_records.forms.evaluation import evaluation_form_for
from learning_records.models import EvaluationLevel
from learning_records.selectors.evaluation import (
    evaluations_of_programme_opd,
    evaluations_with_overdue,
    get_evaluation_for_user,
    problems_of_activity,
    skp_before_after,
)
from learning_records.selectors.reaction import reaction_summary
from learning_records.selectors.realisation import get_realised_activity
from learning_records.services import evaluation as services

ALL_ROLES = STAFF_ROLES
TEMPLATES = "learning_records/evaluation"
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
            "skp_indicators": skp_before_after(activity),
            "can_write": can_write_field_work(request.user, activity.plan.programme_opd),
            "reaction": reaction_summary(activity.realisation, LearningSettings.load().culture_min_respondents),
            # Free-text comments go to those who run the evaluation, not to the OPD's leadership.
            "show_reaction_comments": request.user.role in (Role.ADMIN, Role.WIDYAISWARA),
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
            return redirect("learning_records:activity_evaluations", activity_pk=activity.pk)
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
            return redirect("learning_records:activity_evaluations", activity_pk=activity.pk)
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
    back = reverse("learning_records:activity_evaluations", args=[evaluation.activity_id])
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
