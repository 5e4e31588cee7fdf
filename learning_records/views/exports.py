"""Downloads of the JP credits keyed by NIP for SIASN and E-Kinerja (issue 5, item 6).

One OPD: whoever may read that programme OPD (admin, assigned Widyaiswara, its Kepala OPD;
404 for anyone else), built in the request: bounded by one OPD's credits of one year. Every OPD
at once: the BPSDM admin only (403), a background job with progress (learning_records.jobs). Every download is logged
in ExportLog by the service."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intan_wpl.roles import STAFF_ROLES, admin_required, role_required
from intan_wpl.services.jobs import start_job
from learning_needs.selectors.scope import get_programme_opd_for_field_work
from learning_records.forms.realisation import YearForm
from learning_records.jobs import JP_EXPORT_ALL
from learning_records.selectors.ledger import default_year, ledger_years
from learning_records.services import exports as services

ALL_ROLES = STAFF_ROLES


def _format_of(request):
    fmt = request.POST.get("format") or request.GET.get("format", "csv")
    if fmt not in services.FORMATS:
        raise Http404
    return fmt


def _delimiter_of(request):
    # ?pemisah=titik-koma: ";" for Excel in an Indonesian locale, which reads "," as the decimal mark.
    separator = request.POST.get("pemisah") or request.GET.get("pemisah")
    return ";" if separator == "titik-koma" else ","


def _download(export):
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(*ALL_ROLES)
def jp_export(request, programme_opd_pk):
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    fmt = _format_of(request)
    year = YearForm(request.GET).year(default_year(ledger_years(programme_opd)))
    export = services.jp_export(
        user=request.user, year=year, fmt=fmt, opd=programme_opd.opd, delimiter=_delimiter_of(request)
    )
    return _download(export)


@admin_required
@require_POST
def jp_export_all(request):
    """Every OPD at once: a background job (the province holds hundreds of thousands of rows);
    the file is downloaded from the job's page by the admin who asked for it."""
    fmt = _format_of(request)
    year = YearForm(request.POST).year(None)
    if year is None:
        raise Http404
    delimiter = _delimiter_of(request)
    job = start_job(
        user=request.user,
        kind=JP_EXPORT_ALL,
        label=_("Ekspor JP SIASN semua OPD %(year)s (%(format)s)")
        % {"year": year, "format": fmt.upper() + (" ;" if delimiter == ";" else "")},
        params={"year": year, "fmt": fmt, "delimiter": delimiter},
    )
    return redirect("intan_wpl:job_detail", pk=job.pk)
