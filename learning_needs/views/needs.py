"""Pages for learning needs, from competency causes: traceable back to the problem and the
sessions that found them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.concurrency import ConcurrentEditError
from intan_wpl.deletion import blocked_message, blockers_of
from intan_wpl.forms import add_service_errors, conflict_context
from intan_wpl.history import history_entries, redirect_if_deleted
from intan_wpl.listing import paginate
from intan_wpl.roles import STAFF_ROLES, role_required
from learning_needs.forms.needs import LearningNeedForm
from learning_needs.models import CauseNature, CompetencyGroup, LearningNeed
from learning_needs.selectors.needs import (
    NeedPriority,
    get_need_for_user,
    needs_with_priority,
)
from learning_needs.selectors.problems import cause_chain
from learning_needs.selectors.scope import can_write_field_work, get_programme_opd_for_field_work
from learning_needs.services import needs as services

ALL_ROLES = STAFF_ROLES
TEMPLATES = "learning_needs/needs"
HISTORY_TEMPLATE = "learning_needs/problems/history.html"


def preselected_cause(request, form, nature):
    """The cause named in ?cause= if it is one of this OPD's causes; a message when its nature
    does not fit (it is then not preselected)."""
    try:
        pk = int(request.GET.get("cause", ""))
    except ValueError:
        return None
    cause = form.fields["cause"].queryset.filter(pk=pk).first()
    if cause is None:
        return None
    if cause.nature != nature:
        if nature == CauseNature.KOMPETENSI:
            messages.error(
                request,
                _(
                    "“%(cause)s” bukan penyebab kompetensi: kebutuhan belajar hanya diturunkan dari penyebab "
                    "kompetensi. Buat rekomendasi non-pelatihan, atau ubah dulu sifat penyebabnya."
                )
                % {"cause": cause.text},
            )
        else:
            messages.error(
                request,
                _(
                    "“%(cause)s” bukan penyebab non-kompetensi: penyebab kompetensi dijawab dengan kebutuhan "
                    "belajar, bukan rekomendasi non-pelatihan."
                )
                % {"cause": cause.text},
            )
        return None
    form.initial["cause"] = cause.pk
    return cause


# --- Learning needs -------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def need_list(request, programme_opd_pk):
    """The OPD's learning needs, highest priority first; filter by competency group and priority."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    needs = needs_with_priority(
        LearningNeed.objects.filter(programme_opd=programme_opd).select_related("competency", "cause__problem")
    ).annotate(staff_count=Count("target_staff"))
    group = request.GET.get("kelompok", "")
    if group in CompetencyGroup.values:
        needs = needs.filter(competency__group=group)
    priority = request.GET.get("prioritas", "")
    if priority in NeedPriority.LABELS:
        needs = needs.filter(priority=priority)
    page, query_string = paginate(request, needs.order_by("-priority_score", "-usg_total", "competency__code", "pk"))
    return render(
        request,
        f"{TEMPLATES}/need_list.html",
        {
            "programme_opd": programme_opd,
            "page": page,
            "query_string": query_string,
            "groups": CompetencyGroup.choices,
            "priorities": list(NeedPriority.LABELS.items()),
            "group": group,
            "priority": priority,
            "priority_help": NeedPriority.HELP,
            "can_write": can_write_field_work(request.user, programme_opd),
        },
    )


@role_required(*ALL_ROLES)
def need_create(request, programme_opd_pk):
    """Derive a learning need from a competency cause (?cause= preselects it)."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk, write=True)
    if request.method == "POST":
        form = LearningNeedForm(request.POST, programme_opd=programme_opd)
    else:
        form = LearningNeedForm(programme_opd=programme_opd)
        preselected_cause(request, form, CauseNature.KOMPETENSI)
    if form.is_bound and form.is_valid():
        try:
            need = services.need_create(programme_opd=programme_opd, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kebutuhan belajar dicatat."))
            return redirect("learning_needs:need_detail", pk=need.pk)
    return render(
        request,
        f"{TEMPLATES}/need_form.html",
        {"form": form, "programme_opd": programme_opd, "priority_help": NeedPriority.HELP},
    )


@role_required(*ALL_ROLES)
def need_detail(request, pk):
    """The need traced back: cause chain up to the problem, and the sessions that found them."""
    need = get_need_for_user(request.user, pk)
    problem = need.cause.problem
    return render(
        request,
        f"{TEMPLATES}/need_detail.html",
        {
            "need": need,
            "programme_opd": need.programme_opd,
            "problem": problem,
            "problem_sessions": problem.sessions.order_by("-date", "-start_time"),
            "chain": cause_chain(need.cause),
            "target_staff": need.target_staff.select_related("unit").order_by("name"),
            "priority_label": NeedPriority.label(need.priority),
            "priority_help": NeedPriority.HELP,
            "can_write": can_write_field_work(request.user, need.programme_opd),
        },
    )


@role_required(*ALL_ROLES)
def need_update(request, pk):
    need = get_need_for_user(request.user, pk, write=True)
    form = LearningNeedForm(
        request.POST if request.method == "POST" else None, instance=need, programme_opd=need.programme_opd
    )
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            services.need_update(need=need, **form.cleaned_data)
        except ConcurrentEditError as error:
            conflict = conflict_context(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan kebutuhan belajar disimpan."))
            return redirect("learning_needs:need_detail", pk=need.pk)
    return render(
        request,
        f"{TEMPLATES}/need_form.html",
        {
            "form": form,
            "programme_opd": need.programme_opd,
            "need": need,
            "priority_help": NeedPriority.HELP,
            "conflict": conflict,
        },
    )


@role_required(*ALL_ROLES)
def need_delete(request, pk):
    need = get_need_for_user(request.user, pk, write=True)
    cancel_url = reverse("learning_needs:need_detail", args=[need.pk])
    if request.method == "POST":
        blockers = services.need_delete(need=need)
        if not blockers:
            messages.success(request, _("Kebutuhan belajar dihapus."))
            return redirect("learning_needs:need_list", programme_opd_pk=need.programme_opd_id)
        messages.error(request, blocked_message(need, blockers))
    else:
        blockers = blockers_of(need)
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": need, "object_kind": _("kebutuhan belajar"), "cancel_url": cancel_url, "blockers": blockers},
    )


@role_required(*ALL_ROLES)
def need_history(request, pk):
    if gone := redirect_if_deleted(LearningNeed, pk):
        return gone
    need = get_need_for_user(request.user, pk)
    page, query_string = paginate(request, history_entries(need.history.select_related("history_user")))
    return render(
        request,
        HISTORY_TEMPLATE,
        {
            "programme_opd": need.programme_opd,
            "subject": need,
            "back_url": reverse("learning_needs:need_detail", args=[need.pk]),
            "page": page,
            "query_string": query_string,
            "hide_object": True,
        },
    )
