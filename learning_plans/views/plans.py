"""Learning plan pages (Rencana Pembelajaran, PRODUCT.md steps 6-7): the plan of a programme
OPD with its activities and 70:20:10 mix, the review by the Kepala OPD, versions and their
comparison, and the plan as an official document (print page and PDF).

Reading: anyone who sees the programme OPD (admin, assigned Widyaiswara, the OPD's Kepala
OPD), others 404. Writing and submitting: the assigned Widyaiswara; approving and returning:
the Kepala OPD heading the plan's OPD; anybody else 403. The services enforce the same rules
and the locks again, so a crafted POST gets no further than a hidden button would.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intan_wpl.deletion import blockers_of
from intan_wpl.forms import add_service_errors
from intan_wpl.history import history_entries, redirect_if_deleted
from intan_wpl.listing import paginate
from intan_wpl.roles import PLAN_PDF_BATCH_ROLES, STAFF_ROLES, role_required
from intan_wpl.services.jobs import start_job
from learning_plans.forms.plans import (
    ActivityForm,
    CompareForm,
    PlanCreateForm,
    PlanForm,
    PlanPdfBatchForm,
    ReviewDecision,
    ReviewForm,
    SubmitForm,
)
from learning_plans.jobs import PLAN_PDF_BATCH
from learning_plans.models import LearningPlan, LearningSettings, PlanActivity, PlanStatus
from learning_plans.selectors.mix import MIX_WEIGHT_HELP, plan_mix
from learning_plans.selectors.plans import (
    EDITABLE_STATUSES,
    activity_values,
    can_edit_plans,
    can_review_plans,
    compare_versions,
    get_activity_for_user,
    get_plan_for_user,
    get_programme_opd_for_plans,
    plan_activities,
    plan_timeline,
    plan_versions,
    programme_opds_with_plans,
    status_filter,
    unanswered_needs,
    working_plan,
)
from learning_plans.selectors.review import activity_comments, review_context
from learning_plans.services import documents
from learning_plans.services import plans as services

logger = logging.getLogger(__name__)

ALL_ROLES = STAFF_ROLES
TEMPLATES = "learning_plans/plans"


def _detail(plan):
    return redirect("learning_plans:plan_detail", pk=plan.pk)


# --- The list of plans in the user's scope ------------------------------------------------------


@role_required(*ALL_ROLES)
def plan_list(request):
    """Every programme OPD in scope with its plan versions (latest first), or none yet."""
    status = request.GET.get("status", "")
    programme_opds = status_filter(programme_opds_with_plans(request.user), status)
    page, query_string = paginate(request, programme_opds)
    status_choices = [("belum", _("Belum ada rencana")), *PlanStatus.choices]
    batch_form = PlanPdfBatchForm(user=request.user) if request.user.role in PLAN_PDF_BATCH_ROLES else None
    return render(
        request,
        f"{TEMPLATES}/plan_list.html",
        {
            "page": page,
            "query_string": query_string,
            "status": status,
            "status_choices": status_choices,
            "batch_form": batch_form,
        },
    )


# --- The plan page ----------------------------------------------------------------------------


def _plan_page(request, plan):
    programme_opd = plan.programme_opd
    learning_settings = LearningSettings.load()
    activities = list(plan_activities(plan, with_comments=True))
    timeline = list(plan_timeline(plan))
    latest_return = next((t for t in reversed(timeline) if t.to_status == PlanStatus.PERLU_REVISI), None)
    show_review_comments = latest_return is not None and plan.status in (PlanStatus.PERLU_REVISI, PlanStatus.DIAJUKAN)
    for activity in activities:
        activity.review_comments = (
            [c for c in activity.comments.all() if c.transition_id == latest_return.pk] if show_review_comments else []
        )
    versions = plan_versions(programme_opd)
    in_force = next((v for v in versions if v.status == PlanStatus.DISETUJUI), None)
    can_edit = can_edit_plans(request.user, programme_opd)
    editable = plan.status in EDITABLE_STATUSES
    mix = plan_mix(activities=activities, learning_settings=learning_settings)
    context = {
        "plan": plan,
        "programme_opd": programme_opd,
        "activities": activities,
        "totals": {
            "jp": sum((a.jp for a in activities), 0),
            "cost": sum((a.estimated_cost for a in activities), 0),
            "participants": sum(a.participant_count for a in activities),
        },
        "mix": mix,
        "mix_help": MIX_WEIGHT_HELP,
        "unanswered": list(unanswered_needs(plan)),
        "versions": versions,
        "latest": versions[0] if versions else plan,
        "in_force": in_force,
        "timeline": timeline,
        "latest_return": latest_return if show_review_comments else None,
        "can_edit": can_edit and editable,
        "can_submit": can_edit and editable,
        "can_review": can_review_plans(request.user, programme_opd) and plan.status == PlanStatus.DIAJUKAN,
        "can_new_version": can_edit and plan.status == PlanStatus.DISETUJUI and versions and versions[0].pk == plan.pk,
        "is_writer": can_edit,
        "submit_form": SubmitForm(),
        "compare_form": CompareForm(versions=versions, current=plan) if len(versions) > 1 else None,
    }
    return render(request, f"{TEMPLATES}/plan_detail.html", context)


@role_required(*ALL_ROLES)
def plan_current(request, programme_opd_pk):
    """The programme OPD's plan as it stands now (its latest version), or the start of one."""
    programme_opd = get_programme_opd_for_plans(request.user, programme_opd_pk)
    plan = working_plan(programme_opd)
    if plan is not None:
        return _plan_page(request, plan)
    can_create = can_edit_plans(request.user, programme_opd)
    form = PlanCreateForm(initial=_default_plan_initial(programme_opd)) if can_create else None
    return render(
        request,
        f"{TEMPLATES}/plan_empty.html",
        {"programme_opd": programme_opd, "form": form, "can_create": can_create},
    )


def _default_plan_initial(programme_opd):
    return {
        "title": _("Rencana Pembelajaran %(opd)s %(year)s")
        % {"opd": programme_opd.opd.name, "year": programme_opd.programme.start_date.year}
    }


@role_required(*ALL_ROLES)
def plan_create(request, programme_opd_pk):
    programme_opd = get_programme_opd_for_plans(request.user, programme_opd_pk, write=True)
    existing = working_plan(programme_opd)
    if existing is not None:
        messages.info(request, _("OPD ini sudah memiliki rencana pembelajaran."))
        return _detail(existing)
    form = PlanCreateForm(request.POST or None, initial=_default_plan_initial(programme_opd))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(programme_opd=programme_opd, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rencana dibuat. Tambahkan kegiatan-kegiatannya."))
            return _detail(plan)
    return render(
        request,
        f"{TEMPLATES}/plan_form.html",
        {"form": form, "programme_opd": programme_opd, "plan": None},
    )


@role_required(*ALL_ROLES)
def plan_detail(request, pk):
    return _plan_page(request, get_plan_for_user(request.user, pk))


def _refuse_locked(request, plan):
    """Edit pages of a locked plan: say why and go back to the plan."""
    messages.error(request, services.locked_message(plan))
    return _detail(plan)


def _conflict(form, error):
    """Keep what the second person typed, say who changed it, and build on the stored version."""
    form.refresh_lock_version(error.current.lock_version)
    form.add_error(None, error)


@role_required(*ALL_ROLES)
def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    if plan.status not in EDITABLE_STATUSES:
        return _refuse_locked(request, plan)
    form = PlanForm(request.POST or None, instance=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                actor=request.user,
                lock_version=form.cleaned_data["lock_version"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        except services.PlanLockedError as error:
            messages.error(request, error.messages[0])
            return _detail(plan)
        except services.ConcurrentEditError as error:
            conflict = error.current
            _conflict(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan rencana disimpan."))
            return _detail(plan)
    return render(
        request,
        f"{TEMPLATES}/plan_form.html",
        {"form": form, "programme_opd": plan.programme_opd, "plan": plan, "conflict": conflict},
    )


# --- Activities -------------------------------------------------------------------------------


def _activity_page(request, form, *, plan, activity=None, conflict=None):
    return render(
        request,
        f"{TEMPLATES}/activity_form.html",
        {
            "form": form,
            "plan": plan,
            "programme_opd": plan.programme_opd,
            "activity": activity,
            "conflict": conflict,
            "conflict_values": _conflict_values(conflict),
            "review_comments": activity_comments(activity) if activity else [],
        },
    )


def _conflict_values(activity):
    """The activity as stored now, to show beside what the second person typed."""
    if activity is None:
        return []
    activity = (
        PlanActivity.objects.filter(pk=activity.pk)
        .select_related("form")
        .prefetch_related("needs__competency", "participants")
        .first()
    )
    return activity_values(activity) if activity else []


@role_required(*ALL_ROLES)
def activity_create(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    if plan.status not in EDITABLE_STATUSES:
        return _refuse_locked(request, plan)
    form = ActivityForm(request.POST or None, programme_opd=plan.programme_opd)
    if request.method == "GET":
        need_pk = request.GET.get("kebutuhan", "")
        if need_pk.isdigit():
            form.start_from_need(int(need_pk))
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            activity = services.activity_create(plan=plan, actor=request.user, **fields)
        except services.PlanLockedError as error:
            messages.error(request, error.messages[0])
            return _detail(plan)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kegiatan “%(title)s” ditambahkan.") % {"title": activity.title})
            if "simpan_tambah" in request.POST:
                return redirect("learning_plans:activity_create", pk=plan.pk)
            return redirect(reverse("learning_plans:plan_detail", args=[plan.pk]) + f"#kegiatan-{activity.pk}")
    return _activity_page(request, form, plan=plan)


@role_required(*ALL_ROLES)
def activity_edit(request, pk):
    activity = get_activity_for_user(request.user, pk, write=True)
    plan = activity.plan
    if plan.status not in EDITABLE_STATUSES:
        return _refuse_locked(request, plan)
    form = ActivityForm(request.POST or None, instance=activity, programme_opd=plan.programme_opd)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            services.activity_update(
                activity=activity, actor=request.user, lock_version=form.cleaned_data["lock_version"], **fields
            )
        except services.PlanLockedError as error:
            messages.error(request, error.messages[0])
            return _detail(plan)
        except services.ConcurrentEditError as error:
            conflict = error.current
            _conflict(form, error)
        except ValidationError as error:
            if error.code == "gone":
                messages.error(request, error.messages[0])
                return _detail(plan)
            add_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan kegiatan “%(title)s” disimpan.") % {"title": fields["title"]})
            return redirect(reverse("learning_plans:plan_detail", args=[plan.pk]) + f"#kegiatan-{activity.pk}")
    return _activity_page(request, form, plan=plan, activity=activity, conflict=conflict)


@role_required(*ALL_ROLES)
def activity_delete(request, pk):
    activity = get_activity_for_user(request.user, pk, write=True)
    plan = activity.plan
    if plan.status not in EDITABLE_STATUSES:
        return _refuse_locked(request, plan)
    blockers = []
    if request.method == "POST":
        try:
            blockers = services.activity_delete(activity=activity, actor=request.user)
        except services.PlanLockedError as error:
            messages.error(request, error.messages[0])
            return _detail(plan)
        if not blockers:
            messages.success(request, _("Kegiatan “%(title)s” dihapus.") % {"title": activity.title})
            return _detail(plan)
        messages.error(request, _("Kegiatan “%(title)s” tidak dihapus.") % {"title": activity.title})
    else:
        blockers = blockers_of(activity)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": activity,
            "object_kind": _("kegiatan"),
            "cancel_url": reverse("learning_plans:plan_detail", args=[plan.pk]),
            "blockers": blockers,
        },
    )


# --- Review workflow --------------------------------------------------------------------------


@require_POST
@role_required(*ALL_ROLES)
def plan_submit(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Catatan pengajuan terlalu panjang (paling banyak 3.000 karakter); rencana belum diajukan.")
        )
        return _detail(plan)
    try:
        services.plan_submit(plan=plan, actor=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Rencana diajukan kepada Kepala OPD untuk ditinjau."))
    return _detail(plan)


@role_required(*ALL_ROLES)
def plan_review(request, pk):
    """The Kepala OPD approves the plan or returns it with comments on the whole and on activities."""
    plan = get_plan_for_user(request.user, pk, review=True)
    if plan.status != PlanStatus.DIAJUKAN:
        messages.error(
            request,
            _("Hanya rencana berstatus Diajukan yang dapat ditinjau; rencana ini berstatus “%(status)s”.")
            % {"status": plan.get_status_display()},
        )
        return _detail(plan)
    activities = list(plan_activities(plan))
    form = ReviewForm(request.POST or None, activities=activities)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == ReviewDecision.APPROVE:
                services.plan_approve(plan=plan, actor=request.user, note=form.cleaned_data["note"])
                messages.success(request, _("Rencana disetujui. Widyaiswara pendamping sudah diberi tahu."))
            else:
                services.plan_return(
                    plan=plan,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    activity_comments=form.activity_comments(),
                )
                messages.success(request, _("Rencana dikembalikan untuk direvisi. Widyaiswara sudah diberi tahu."))
        except services.PlanLockedError as error:
            messages.error(request, error.messages[0])
        except ValidationError as error:
            add_service_errors(form, error)
            return _review_page(request, plan, form, activities)
        return _detail(plan)
    return _review_page(request, plan, form, activities)


def _review_page(request, plan, form, activities):
    mix = plan_mix(activities=activities)
    return render(
        request,
        f"{TEMPLATES}/review_form.html",
        {
            "plan": plan,
            "programme_opd": plan.programme_opd,
            "form": form,
            "mix": mix,
            "mix_help": MIX_WEIGHT_HELP,
            "unanswered": list(unanswered_needs(plan)),
            "review": review_context(plan),
        },
    )


@require_POST
@role_required(*ALL_ROLES)
def plan_new_version(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    try:
        copy = services.plan_new_version(plan=plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _detail(plan)
    messages.success(
        request,
        _("Versi %(version)s dibuat sebagai draf. Versi %(previous)s tetap berlaku sampai versi baru disetujui.")
        % {"version": copy.version, "previous": plan.version},
    )
    return _detail(copy)


# --- Versions, history ---------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def plan_compare(request, pk):
    """Two versions side by side: ?dengan=<pk of the other version of the same OPD>."""
    plan = get_plan_for_user(request.user, pk)
    versions = plan_versions(plan.programme_opd)
    form = CompareForm(request.GET or None, versions=versions, current=plan)
    if not form.fields["dengan"].choices:
        messages.info(request, _("Rencana ini baru memiliki satu versi: belum ada yang dapat dibandingkan."))
        return _detail(plan)
    comparison = None
    if form.is_valid():
        other = next(v for v in versions if v.pk == form.cleaned_data["dengan"])
        comparison = compare_versions(plan, get_plan_for_user(request.user, other.pk))
    return render(
        request,
        f"{TEMPLATES}/compare.html",
        {
            "plan": plan,
            "programme_opd": plan.programme_opd,
            "form": form,
            "comparison": comparison,
        },
    )


@role_required(*ALL_ROLES)
def plan_history(request, pk):
    """Every change to the plan and its activities (who, when, what), newest first."""
    if gone := redirect_if_deleted(LearningPlan, pk):
        return gone
    plan = get_plan_for_user(request.user, pk)
    records = [
        *LearningPlan.history.filter(id=plan.pk).select_related("history_user"),
        *PlanActivity.history.filter(plan_id=plan.pk).select_related("history_user"),
    ]
    entries = history_entries(records, describe=lambda record: record.title, excluded_fields=("id", "plan"))
    page, query_string = paginate(request, entries, per_page=50)
    return render(
        request,
        f"{TEMPLATES}/plan_history.html",
        {"plan": plan, "programme_opd": plan.programme_opd, "page": page, "query_string": query_string},
    )


# --- The plan as an official document --------------------------------------------------------


@role_required(*ALL_ROLES)
def plan_print(request, pk):
    plan = get_plan_for_user(request.user, pk)
    return render(request, f"{TEMPLATES}/plan_print.html", documents.plan_document_context(plan))


@role_required(*ALL_ROLES)
def plan_pdf(request, pk):
    """The same document as the print page, as a PDF (xhtml2pdf: pure Python, no system libraries)."""
    plan = get_plan_for_user(request.user, pk)
    pdf = documents.plan_pdf_render(plan, request=request)
    if pdf is None:
        logger.error("PDF rencana %s gagal dibuat.", plan.pk)
        messages.error(request, _("PDF belum dapat dibuat. Gunakan halaman cetak dan simpan sebagai PDF."))
        return redirect("learning_plans:plan_print", pk=plan.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.plan_pdf_filename(plan)}"'
    return response


@role_required(*PLAN_PDF_BATCH_ROLES)
@require_POST
def plan_pdf_batch(request):
    """The PDF of every plan in force the user may read (one programme or all) in one ZIP: a
    background job with progress per plan; the ZIP is downloaded from the job page by its owner.
    Admin and Kepala BPSDM: every OPD; a Widyaiswara: the OPDs they are assigned to."""
    form = PlanPdfBatchForm(request.POST, user=request.user)
    if not form.is_valid():
        for error in form.errors.get("program", []):
            messages.error(request, error)
        return redirect("learning_plans:plan_list")
    programme = form.cleaned_data["program"]
    job = start_job(
        user=request.user,
        kind=PLAN_PDF_BATCH,
        label=_("PDF rencana yang berlaku (%(scope)s)")
        % {"scope": programme.name if programme else _("semua program")},
        params={"programme": programme.pk if programme else None},
    )
    return redirect("intan_wpl:job_detail", pk=job.pk)
