"""The BPSDM dashboard (issue 6): every pilot at a glance, duplicated training across OPDs as
candidates for joint programmes, cost against classroom training, and the data pack.

The admin sees every programme OPD; a Kepala OPD sees the same page limited to their own OPD;
Widyaiswara are refused (403). The duplicate finder, joint programmes and the data pack are the
admin's alone."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from insights.forms.dashboard import DashboardFilterForm, DataPackForm, DuplicateFilterForm, JointProgrammeForm
from insights.jobs import DASHBOARD_REPORT, DATA_PACK, PSEUDONYM_KEY_MISSING
from insights.models import JointProgramme
from insights.selectors.dashboard import CACHE_SECONDS, DashboardFilters, dashboard_figures
from insights.selectors.joint_programmes import (
    SAVING_RULE,
    get_activity_for_dismissal,
    get_joint_programme_for_user,
    joinable_activities,
    joint_programme_summary,
)
from insights.services import joint_programmes as joint_services
from insights.services.dashboard import dashboard_totals_request
from insights.services.dashboard_report import report_context
from insights.services.duplicate_scans import (
    duplicate_group_get,
    duplicate_pair_dismiss,
    duplicate_scan_start,
    group_from_data,
    latest_scan,
    stored_groups,
)
from insights.services.duplicates import SIMILARITY_THRESHOLD
from intan_wpl.exports import PseudonymKeyMissing, pseudonym_key
from intan_wpl.forms import MAX_ID
from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import admin_required, role_required
from intan_wpl.services.jobs import start_job

DASHBOARD_ROLES = (Role.ADMIN, Role.KEPALA_BPSDM, Role.KEPALA_OPD)
GROUPS_PER_PAGE = 10


def _without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _dashboard_context(request, *, report=False):
    form = DashboardFilterForm(request.GET or None, user=request.user)
    filters = DashboardFilters.from_cleaned(form.valid_filters())
    # The totals over the whole selection come from a worker (insights.services.dashboard). The
    # report page too shows one page of rows: every row is the report job's file.
    dashboard_totals_request(user=request.user, filters=filters)
    figures = dashboard_figures(request.user, filters, page_number=request.GET.get("page"))
    selected = form.cleaned_data.get("programme") if form.is_bound and "programme" not in form.errors else None
    return {
        **report_context(user=request.user, filters=filters, figures=figures, selected_programme=selected),
        "form": form,
        "query_string": _without_page(request),
        "cache_seconds": CACHE_SECONDS,
        "report": report,
    }


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    return render(request, "insights/dashboard/dashboard.html", _dashboard_context(request))


@role_required(*DASHBOARD_ROLES)
def dashboard_report(request):
    """GET: the report's summary, charts and one page of programme OPD rows; POST: a background
    job that writes the full report of every programme OPD (one HTML file) for download."""
    context = _dashboard_context(request, report=True)
    if request.method == "POST":
        filters = context["filters"]
        job = start_job(
            user=request.user,
            kind=DASHBOARD_REPORT,
            label=_("Laporan dasbor lengkap (%(scope)s, JP %(year)s)")
            % {
                "scope": context["selected_programme"].name if context["selected_programme"] else _("semua program"),
                "year": filters.year,
            },
            params=filters.to_params(),
        )
        return redirect("intan_wpl:job_detail", pk=job.pk)
    return render(request, "insights/dashboard/report.html", context)


@admin_required
def duplicate_groups(request):
    """GET: one page of the groups the latest scan stored; POST: start a scan (a job)."""
    form = DuplicateFilterForm(request.GET or None, user=request.user)
    programme = form.selected_programme()
    if request.method == "POST":
        job = duplicate_scan_start(user=request.user, programme=programme)
        return redirect("intan_wpl:job_detail", pk=job.pk)
    scan = latest_scan(programme=programme)
    page, query_string = paginate(request, stored_groups(scan), per_page=GROUPS_PER_PAGE)
    page.object_list = [group_from_data(row.data) for row in page.object_list]
    recent = JointProgramme.objects.select_related("created_by").order_by("-created_at", "-pk")
    return render(
        request,
        "insights/dashboard/duplicate_groups.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string,
            "group_count": scan.group_count if scan else 0,
            "scan": scan,
            "programme": programme,
            "threshold": SIMILARITY_THRESHOLD,
            "saving_rule": SAVING_RULE,
            "recent_joint_programmes": recent[:10],
            "joint_programme_count": recent.count(),
        },
    )


@admin_required
def duplicate_pair_dismiss_view(request, first_pk, second_pk):
    """Dismiss a false pair (POST): the two activities are never linked again. GET asks first."""
    first = get_activity_for_dismissal(request.user, min(first_pk, MAX_ID))
    second = get_activity_for_dismissal(request.user, min(second_pk, MAX_ID))
    back = reverse("insights:duplicate_groups")
    if request.method == "POST":
        try:
            duplicate_pair_dismiss(first=first, second=second, user=request.user, reason=request.POST.get("alasan", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Pasangan ditandai bukan duplikat; keduanya tidak akan dikelompokkan lagi."))
        return redirect(back)
    return render(
        request, "insights/dashboard/dismiss_pair.html", {"first": first, "second": second, "cancel_url": back}
    )


@admin_required
def joint_programme_create(request):
    """Turn one stored candidate group (?grup=<key>) into a joint programme; only its activities
    that are still joinable are offered, and the service checks them again."""
    filter_form = DuplicateFilterForm(request.GET or None, user=request.user)
    programme = filter_form.selected_programme()
    back = reverse("insights:duplicate_groups")
    if programme:
        back += "?" + urlencode({"programme": programme.pk})
    key = (request.GET.get("grup") or "")[:20]
    group = duplicate_group_get(key=key, programme=programme) if key else None
    if group is None or not group.can_join:
        messages.warning(
            request,
            _(
                "Kelompok ini tidak lagi dapat dijadikan program bersama (kegiatannya mungkin sudah digabung, "
                "terealisasi, atau berubah). Silakan pilih dari daftar terbaru."
            ),
        )
        return redirect(back)
    activities = (
        joinable_activities(programme)
        .filter(pk__in=group.activity_ids)
        .select_related("plan__programme_opd__opd")
        .order_by("plan__programme_opd__opd__name", "pk")
    )
    form = JointProgrammeForm(
        request.POST if request.method == "POST" else None,
        activities=activities,
        initial={
            "activities": group.activity_ids,
            "name": _("Program Bersama: %(title)s") % {"title": group.title},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            joint = joint_services.joint_programme_create(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                activities=form.cleaned_data["activities"],
                joint_run_cost=form.cleaned_data["joint_run_cost"],
                created_by=request.user,
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(request, _("Program bersama “%(name)s” dibentuk.") % {"name": joint.name})
            return redirect("insights:joint_programme_detail", pk=joint.pk)
    return render(
        request,
        "insights/dashboard/joint_programme_form.html",
        {"form": form, "group": group, "back": back, "saving_rule": SAVING_RULE},
    )


@admin_required
def joint_programme_detail(request, pk):
    joint = get_joint_programme_for_user(request.user, pk)
    return render(
        request,
        "insights/dashboard/joint_programme_detail.html",
        {"joint": joint, "summary": joint_programme_summary(joint), "saving_rule": SAVING_RULE},
    )


@admin_required
def data_pack(request):
    """GET: the choices; POST: a background job that writes the XLSX (recorded in ExportLog) and
    the job's page, with its progress bar and then the download."""
    form = DataPackForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        real_nip = form.cleaned_data["show_real_nip"]
        try:
            if not real_nip:
                pseudonym_key()
        except PseudonymKeyMissing:
            form.add_error(None, PSEUDONYM_KEY_MISSING)
            return render(request, "insights/dashboard/data_pack.html", {"form": form})
        programme = form.cleaned_data["programme"]
        job = start_job(
            user=request.user,
            kind=DATA_PACK,
            label=_("Paket data kertas kebijakan (%(scope)s)")
            % {"scope": programme.name if programme else _("semua program")},
            params={
                "programme": programme.pk if programme else None,
                "real_nip": real_nip,
                "reason": form.cleaned_data["reason"],
            },
        )
        return redirect("intan_wpl:job_detail", pk=job.pk)
    return render(request, "insights/dashboard/data_pack.html", {"form": form})
