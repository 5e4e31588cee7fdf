"""Pages of the problem map (Pemetaan Masalah): problems ordered by USG and their why-why cause
tree. Reading follows the programme OPD's scope; writing is for its assigned Widyaiswara."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget

from intan_wpl.concurrency import ConcurrentEditError
from intan_wpl.deletion import blocked_message, blockers_of
from intan_wpl.forms import add_service_errors, conflict_context
from intan_wpl.history import history_entries, redirect_if_deleted
from intan_wpl.listing import paginate
from intan_wpl.roles import STAFF_ROLES, role_required
from learning_needs.forms.problems import CauseForm, ProblemForm
from learning_needs.models import Cause, Problem
from learning_needs.selectors.problems import (
    cause_tree,
    descendant_ids,
    get_cause_for_user,
    get_problem_for_user,
    problems_with_usg,
)
from learning_needs.selectors.scope import can_write_field_work, get_programme_opd_for_field_work
from learning_needs.services import problems as services

ALL_ROLES = STAFF_ROLES
TEMPLATES = "learning_needs/problems"


def _problem_url(problem, cause=None):
    url = reverse("learning_needs:problem_detail", args=[problem.pk])
    return f"{url}#penyebab-{cause.pk}" if cause else url


@role_required(*ALL_ROLES)
def problem_list(request, programme_opd_pk):
    """The OPD's problem map: problems by USG total (U+S+G), highest first."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    problems = problems_with_usg(Problem.objects.filter(programme_opd=programme_opd).select_related("unit"))
    page, query_string = paginate(request, problems)
    return render(
        request,
        f"{TEMPLATES}/problem_list.html",
        {
            "programme_opd": programme_opd,
            "page": page,
            "query_string": query_string,
            "can_write": can_write_field_work(request.user, programme_opd),
        },
    )


@role_required(*ALL_ROLES)
def problem_create(request, programme_opd_pk):
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk, write=True)
    form = ProblemForm(request.POST if request.method == "POST" else None, programme_opd=programme_opd)
    if form.is_bound and form.is_valid():
        try:
            problem = services.problem_create(programme_opd=programme_opd, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Masalah kinerja dicatat. Uraikan penyebabnya dengan bertanya “mengapa?”."))
            return redirect(_problem_url(problem))
    return render(request, f"{TEMPLATES}/problem_form.html", {"form": form, "programme_opd": programme_opd})


@role_required(*ALL_ROLES)
def problem_detail(request, pk):
    """The problem with its cause tree and, under each cause, its needs and recommendations."""
    problem = get_problem_for_user(request.user, pk)
    return render(
        request,
        f"{TEMPLATES}/problem_detail.html",
        {
            "problem": problem,
            "programme_opd": problem.programme_opd,
            "sessions": problem.sessions.order_by("-date", "-start_time"),
            "nodes": cause_tree(problem),
            "can_write": can_write_field_work(request.user, problem.programme_opd),
        },
    )


@role_required(*ALL_ROLES)
def problem_update(request, pk):
    problem = get_problem_for_user(request.user, pk, write=True)
    form = ProblemForm(
        request.POST if request.method == "POST" else None, instance=problem, programme_opd=problem.programme_opd
    )
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            services.problem_update(problem=problem, **form.cleaned_data)
        except ConcurrentEditError as error:
            conflict = conflict_context(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan masalah kinerja disimpan."))
            return redirect(_problem_url(problem))
    return render(
        request,
        f"{TEMPLATES}/problem_form.html",
        {"form": form, "programme_opd": problem.programme_opd, "problem": problem, "conflict": conflict},
    )


@role_required(*ALL_ROLES)
def problem_delete(request, pk):
    problem = get_problem_for_user(request.user, pk, write=True)
    cancel_url = _problem_url(problem)
    if request.method == "POST":
        blockers = services.problem_delete(problem=problem)
        if not blockers:
            messages.success(request, _("Masalah kinerja beserta pohon penyebabnya dihapus."))
            return redirect("learning_needs:problem_list", programme_opd_pk=problem.programme_opd_id)
        messages.error(request, blocked_message(problem, blockers))
    else:
        blockers = blockers_of(problem)
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": problem, "object_kind": _("masalah kinerja"), "cancel_url": cancel_url, "blockers": blockers},
    )


@role_required(*ALL_ROLES)
def problem_history(request, pk):
    """Changes to the problem and to every cause of its tree (also causes deleted since)."""
    if gone := redirect_if_deleted(Problem, pk):
        return gone
    problem = get_problem_for_user(request.user, pk)
    records = [
        *problem.history.select_related("history_user"),
        *Cause.history.filter(problem_id=problem.pk).select_related("history_user"),
    ]
    page, query_string = paginate(request, history_entries(records))
    return render(
        request,
        f"{TEMPLATES}/history.html",
        {
            "problem": problem,
            "programme_opd": problem.programme_opd,
            "subject": problem,
            "back_url": _problem_url(problem),
            "page": page,
            "query_string": query_string,
        },
    )


# --- Causes ---------------------------------------------------------------------------------


def _parent_from_query(form, value):
    """The parent cause named in ?parent= when it belongs to this problem (else None)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return form.fields["parent"].queryset.filter(pk=pk).first()


def _tree_fragment(request, problem, added):
    response = render(
        request,
        f"{TEMPLATES}/problem_detail.html#cause-tree",
        {
            "problem": problem,
            "nodes": cause_tree(problem),
            "can_write": True,
            "added_cause": added,
        },
    )
    retarget(response, "#cause-tree")
    return reswap(response, "outerHTML")


@role_required(*ALL_ROLES)
def cause_create(request, pk):
    """Add a cause under the problem or (?parent= / POST parent) under one of its causes.

    With htmx the form opens inline under the node and a successful save answers with the
    refreshed tree fragment; without JavaScript it is an ordinary page."""
    problem = get_problem_for_user(request.user, pk, write=True)
    if request.method == "POST":
        form = CauseForm(request.POST, problem=problem)
        parent = _parent_from_query(form, request.POST.get("parent"))
    else:
        form = CauseForm(problem=problem)
        parent = _parent_from_query(form, request.GET.get("parent"))
        form.initial["parent"] = parent.pk if parent else None
    if form.is_bound and form.is_valid():
        try:
            cause = services.cause_create(problem=problem, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _tree_fragment(request, problem, cause)
            messages.success(request, _("Penyebab ditambahkan ke pohon masalah."))
            return redirect(_problem_url(problem, cause))
    context = {
        "form": form,
        "problem": problem,
        "programme_opd": problem.programme_opd,
        "parent": parent,
        "inline": bool(request.htmx),
    }
    if request.htmx:
        return render(request, f"{TEMPLATES}/cause_form.html#cause-form", context)
    return render(request, f"{TEMPLATES}/cause_form.html", context)


@role_required(*ALL_ROLES)
def cause_update(request, pk):
    cause = get_cause_for_user(request.user, pk, write=True)
    problem = cause.problem
    form = CauseForm(request.POST if request.method == "POST" else None, instance=cause, problem=problem)
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            services.cause_update(cause=cause, **form.cleaned_data)
        except ConcurrentEditError as error:
            conflict = conflict_context(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan penyebab disimpan."))
            return redirect(_problem_url(problem, cause))
    return render(
        request,
        f"{TEMPLATES}/cause_form.html",
        {
            "form": form,
            "problem": problem,
            "programme_opd": problem.programme_opd,
            "cause": cause,
            "inline": False,
            "conflict": conflict,
        },
    )


@role_required(*ALL_ROLES)
def cause_delete(request, pk):
    """Confirm, then delete the cause with the causes below it; refused while a learning need or
    a recommendation depends on it or on a cause below it."""
    cause = get_cause_for_user(request.user, pk, write=True)
    problem = cause.problem
    descendants = len(descendant_ids(problem, cause.pk))
    if request.method == "POST":
        blockers = services.cause_delete(cause=cause)
        if not blockers:
            messages.success(request, _("Penyebab dihapus dari pohon masalah."))
            return redirect(_problem_url(problem))
        messages.error(request, blocked_message(cause, blockers))
    else:
        blockers = blockers_of(cause)
    return render(
        request,
        f"{TEMPLATES}/cause_confirm_delete.html",
        {
            "cause": cause,
            "problem": problem,
            "programme_opd": problem.programme_opd,
            "descendants": descendants,
            "blockers": blockers,
            "cancel_url": _problem_url(problem, cause),
        },
    )


@role_required(*ALL_ROLES)
def cause_history(request, pk):
    if gone := redirect_if_deleted(Cause, pk):
        return gone
    cause = get_cause_for_user(request.user, pk)
    page, query_string = paginate(request, history_entries(cause.history.select_related("history_user")))
    return render(
        request,
        f"{TEMPLATES}/history.html",
        {
            "problem": cause.problem,
            "programme_opd": cause.problem.programme_opd,
            "subject": cause,
            "back_url": _problem_url(cause.problem, cause),
            "page": page,
            "query_string": query_string,
            "hide_object": True,
        },
    )
