"""The SKP of an OPD from e-Kinerja (issue 14, item 5): whoever sees the OPD reads its staff's
RHK and indicators; the BPSDM admin imports the file for any OPD and the Kepala OPD for their own
(403 for everyone else, the Kepala BPSDM included). The import runs as a job (pilots.jobs)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.forms import MAX_ID
from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import STAFF_ROLES, role_required
from intan_wpl.services.jobs import job_upload_store, start_job
from pilots.forms.roster import SkpUploadForm
from pilots.jobs import SKP_IMPORT
from pilots.selectors import get_opd_for_user, skp_indicators_of
from pilots.services import skp_import as importer
from pilots.services.spreadsheets import check_sheet_upload

TEMPLATES = "pilots/skp"


@role_required(*STAFF_ROLES)
def skp_list(request, opd_pk):
    opd = get_opd_for_user(request.user, min(opd_pk, MAX_ID))
    search = request.GET.get("q", "").strip()[:100]
    page, query_string = paginate(request, skp_indicators_of(opd, search=search), per_page=50)
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "opd": opd,
            "page": page,
            "query_string": query_string,
            "search": search,
            "can_import": _may_import(request.user, opd),
        },
    )


def _may_import(user, opd):
    # The BPSDM admin for every OPD, the Kepala OPD for their own (issue 14); read-only for the rest.
    return user.role == Role.ADMIN or (user.role == Role.KEPALA_OPD and opd.head_id == user.pk)


@role_required(*STAFF_ROLES)
def skp_import(request, opd_pk):
    """Upload the SKP file: the cheap checks here, then the job checks every row against the
    OPD's roster and writes all or none (issue 12); the job page shows the row errors."""
    opd = get_opd_for_user(request.user, min(opd_pk, MAX_ID))
    if not _may_import(request.user, opd):
        raise PermissionDenied
    form = SkpUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_sheet_upload(upload)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            job = start_job(
                user=request.user,
                kind=SKP_IMPORT,
                label=_("Impor SKP %(opd)s: %(file)s") % {"opd": opd.name, "file": upload.name},
                params={
                    "opd": opd.pk,
                    "file": job_upload_store(upload),
                    "result_url": reverse("pilots:skp_list", args=[opd.pk]),
                    "return_url": reverse("pilots:skp_import", args=[opd.pk]),
                },
            )
            return redirect("intan_wpl:job_detail", pk=job.pk)
    return render(
        request,
        f"{TEMPLATES}/import.html",
        {"opd": opd, "form": form, "template_header": importer.TEMPLATE_HEADER},
    )
