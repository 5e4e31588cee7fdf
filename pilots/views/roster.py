"""An OPD's staff roster (Pegawai): the list, one person's form, the import from XLSX/CSV
with its preview and commit, and the export to XLSX.

Who may do what: the admin everything; the Widyaiswara assigned to the OPD and its Kepala
OPD see the roster and may export it, read only. Write views look the object up with
write=True: 404 outside one's scope, 403 for read-only roles.
"""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from intan_wpl.deletion import blocked_message, blockers_of
from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import STAFF_ROLES, role_required
from intan_wpl.services.jobs import start_job
from intan_wpl.uploads import max_upload_bytes
from pilots.domain import EmploymentType
from pilots.filters.roster import PegawaiFilter
from pilots.forms.roster import ImportMode, PegawaiForm, RosterUploadForm
from pilots.jobs import ROSTER_CHECK, ROSTER_COMMIT
from pilots.models import Pegawai, RosterImportStatus
from pilots.selectors import get_opd_for_user, get_pegawai_for_user, get_roster_import_for_user, search_pegawai
from pilots.services import roster as roster_service
from pilots.services import roster_analysis
from pilots.services import roster_import as import_service

ALL_ROLES = STAFF_ROLES
RECENT_IMPORTS = 10
ERRORS_PER_PAGE = 100
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_limit():
    return filesizeformat(max_upload_bytes(import_service.ROSTER_MAX_MB))


def _is_partial(request):
    # htmx swaps only the results; a history restore needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


def _roster_url(opd):
    return reverse("pilots:roster_list", args=[opd.pk])


@role_required(*ALL_ROLES)
def roster_list(request, opd_pk):
    opd = get_opd_for_user(request.user, opd_pk)
    staff = Pegawai.objects.visible_to(request.user).filter(opd=opd)
    filterset = PegawaiFilter(request.GET, queryset=staff.select_related("unit"), opd=opd)
    page, query_string = paginate(request, filterset.qs)
    totals = staff.aggregate(
        total=Count("pk"),
        pns=Count("pk", filter=Q(employment_type=EmploymentType.PNS)),
        pppk=Count("pk", filter=Q(employment_type=EmploymentType.PPPK)),
        inactive=Count("pk", filter=Q(is_active=False)),
    )
    filter_params = request.GET.copy()
    filter_params.pop("page", None)
    return render(
        request,
        "pilots/roster/list.html#results" if _is_partial(request) else "pilots/roster/list.html",
        {
            "opd": opd,
            "filter": filterset,
            "page": page,
            "query_string": query_string,
            "totals": totals,
            "is_filtered": any(value for key, value in filter_params.items()),
            "export_query": filter_params.urlencode(),
            "can_edit": request.user.role == Role.ADMIN,
            "can_issue_accounts": request.user.role in (Role.ADMIN, Role.KEPALA_OPD),
        },
    )


@role_required(*ALL_ROLES)
def roster_export(request, opd_pk):
    """The roster (with the list's filters) as XLSX; a file the import takes back unchanged."""
    opd = get_opd_for_user(request.user, opd_pk)
    staff = Pegawai.objects.visible_to(request.user).filter(opd=opd)
    filterset = PegawaiFilter(request.GET, queryset=staff, opd=opd)
    buffer = io.BytesIO()
    roster_service.roster_export(opd=opd, queryset=filterset.qs, user=request.user, stream=buffer)
    filename = f"pegawai-{slugify(opd.abbreviation or opd.name)}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(*ALL_ROLES)
def pegawai_create(request, opd_pk):
    opd = get_opd_for_user(request.user, opd_pk, write=True)
    form = PegawaiForm(request.POST or None, opd=opd)
    if request.method == "POST" and form.is_valid():
        try:
            pegawai = roster_service.pegawai_create(opd=opd, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Pegawai %(name)s ditambahkan.") % {"name": pegawai})
            return redirect(_roster_url(opd))
    return render(request, "pilots/roster/form.html", {"opd": opd, "form": form, "pegawai": None})


@role_required(*ALL_ROLES)
def pegawai_edit(request, pk):
    pegawai = get_pegawai_for_user(request.user, pk, write=True)
    opd = pegawai.opd
    form = PegawaiForm(request.POST or None, instance=pegawai, opd=opd)
    if request.method == "POST" and form.is_valid():
        try:
            pegawai = roster_service.pegawai_update(pegawai=pegawai, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Data %(name)s disimpan.") % {"name": pegawai})
            return redirect(_roster_url(opd))
    return render(request, "pilots/roster/form.html", {"opd": opd, "form": form, "pegawai": pegawai})


@role_required(*ALL_ROLES)
def pegawai_delete(request, pk):
    pegawai = get_pegawai_for_user(request.user, pk, write=True)
    opd = pegawai.opd
    if request.method == "POST":
        blockers = roster_service.pegawai_delete(pegawai=pegawai)
        if not blockers:
            messages.success(request, _("Pegawai %(name)s dihapus.") % {"name": pegawai})
            return redirect(_roster_url(opd))
        messages.error(request, blocked_message(pegawai, blockers))
    else:
        blockers = blockers_of(pegawai)
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": pegawai, "object_kind": _("pegawai"), "cancel_url": _roster_url(opd), "blockers": blockers},
    )


def _error_total(errors):
    # The stored list ends with one summary entry standing for the errors not kept.
    return sum(error.get("hidden", 1) for error in errors)


def _import_page(request, opd, form):
    template = "pilots/roster/import.html"
    if _is_partial(request):
        template += "#upload_form"
    recent = list(opd.roster_imports.select_related("uploaded_by")[:RECENT_IMPORTS])
    for item in recent:
        item.error_total = _error_total(item.errors)
    return render(
        request,
        template,
        {"opd": opd, "form": form, "recent_imports": recent, "upload_limit": _upload_limit()},
    )


def _job_page(request, job):
    url = reverse("intan_wpl:job_detail", args=[job.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@role_required(*ALL_ROLES)
def roster_import(request, opd_pk):
    """Upload a roster file: the cheap checks here, then the job "Periksa roster" reads and checks
    every row (issue 12); the job page links on to the preview."""
    opd = get_opd_for_user(request.user, opd_pk, write=True)
    if request.method != "POST":
        return _import_page(request, opd, RosterUploadForm())
    form = RosterUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            upload = import_service.roster_import_store(
                opd=opd,
                uploaded_by=request.user,
                upload=form.cleaned_data["file"],
                partial=form.cleaned_data["mode"] == ImportMode.PARTIAL,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            preview_url = reverse("pilots:roster_import_preview", args=[upload.pk])
            job = start_job(
                user=request.user,
                kind=ROSTER_CHECK,
                label=_("Periksa roster %(opd)s: %(file)s") % {"opd": opd.name, "file": upload.original_name},
                params={
                    "roster_import": upload.pk,
                    "result_url": preview_url,
                    "return_url": reverse("pilots:roster_import", args=[opd.pk]),
                },
            )
            return _job_page(request, job)
    return _import_page(request, opd, form)


@role_required(*ALL_ROLES)
def roster_import_preview(request, pk):
    """What an upload would change, or why it cannot be imported (row by row), as the check job
    found it (stored with the time of the check): the page does no work that grows with the
    roster. "Impor sekarang" checks again against the database before it writes anything."""
    upload = get_roster_import_for_user(request.user, pk, write=True)
    summary = upload.summary if upload.status == RosterImportStatus.PREVIEW else {}
    errors = upload.errors
    error_page, error_query = paginate(request, errors, per_page=ERRORS_PER_PAGE)
    context = {
        "opd": upload.opd,
        "upload": upload,
        "plan": summary or None,
        "error_page": error_page,
        "error_query": error_query,
        "error_count": _error_total(errors),
        "form": RosterUploadForm(),
        "upload_limit": _upload_limit(),
        # Uploaded in the mode "import the valid rows": the bad rows go back as an XLSX.
        "partial": bool(upload.errors) and upload.status != RosterImportStatus.REJECTED,
        "can_commit": bool(summary) and summary.get("valid_rows", 0) > 0,
        "preview_limit": roster_analysis.PREVIEW_LIMIT,
    }
    return render(request, "pilots/roster/import_preview.html", context)


@role_required(*ALL_ROLES)
@require_POST
def roster_import_commit(request, pk):
    """ "Impor sekarang": the job "Impor roster" checks again and writes, all or nothing (or the
    valid rows, in the partial mode); the job page links on to the roster."""
    upload = get_roster_import_for_user(request.user, pk, write=True)
    preview_url = reverse("pilots:roster_import_preview", args=[upload.pk])
    if upload.status != RosterImportStatus.PREVIEW:
        messages.error(
            request,
            _("Berkas ini sudah diproses (%(status)s); tidak ada yang diimpor lagi.")
            % {"status": upload.get_status_display()},
        )
        return redirect(preview_url)
    answers = {
        name.removeprefix("jenis_").replace("_", " "): value
        for name, value in request.POST.items()
        if name.startswith("jenis_") and value
    }
    job = start_job(
        user=request.user,
        kind=ROSTER_COMMIT,
        label=_("Impor roster %(opd)s: %(file)s") % {"opd": upload.opd.name, "file": upload.original_name},
        params={"roster_import": upload.pk, "answers": answers, "result_url": preview_url, "return_url": preview_url},
    )
    return redirect("intan_wpl:job_detail", pk=job.pk)


@role_required(*ALL_ROLES)
def roster_import_errors(request, pk):
    """The rows an import did not take, with the reason per row, as XLSX for the OPD."""
    upload = get_roster_import_for_user(request.user, pk, write=True)
    buffer = io.BytesIO()
    roster_service.roster_errors_export(roster_import=upload, user=request.user, stream=buffer)
    filename = f"baris-tidak-diimpor-{slugify(upload.opd.abbreviation or upload.opd.name)}-{upload.pk}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(*ALL_ROLES)
def roster_template(request):
    """An empty roster file in the columns the import reads, with the accepted values."""
    buffer = io.BytesIO()
    roster_service.roster_template(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-daftar-pegawai.xlsx"'
    return response


@role_required(*ALL_ROLES)
@require_POST
def roster_import_cancel(request, pk):
    upload = get_roster_import_for_user(request.user, pk, write=True)
    try:
        import_service.roster_import_discard(roster_import=upload)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pilots:roster_import_preview", pk=upload.pk)
    messages.info(request, _("Pratinjau dibatalkan dan berkasnya dihapus. Tidak ada data pegawai yang diubah."))
    return redirect("pilots:roster_import", opd_pk=upload.opd.pk)


@role_required(*ALL_ROLES)
def pegawai_search(request):
    """Find a person by NIP or name: the admin across every OPD, the others in their own OPDs."""
    query = request.GET.get("q", "").strip()[:100]
    page, query_string = paginate(request, search_pegawai(request.user, query), per_page=25)
    return render(
        request,
        "pilots/roster/search.html",
        {"query": query, "page": page, "query_string": query_string, "all_opds": request.user.role == Role.ADMIN},
    )
