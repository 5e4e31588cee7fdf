"""The dashboard's long work as background jobs (issue 12): the policy-paper data pack, the
duplicate finder's scan and the full printable report."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insights.selectors.dashboard import DashboardFilters
from insights.services.dashboard_report import dashboard_report_build, dashboard_report_filename
from insights.services.data_pack import data_pack_build
from insights.services.duplicate_scans import DUPLICATE_SCAN, duplicate_scan_run
from intan_wpl.exports import PseudonymKeyMissing
from intan_wpl.models import User
from intan_wpl.services.jobs import JobError, JobResult, job_kind
from pilots.models import Programme

DATA_PACK = "data_pack"
DASHBOARD_REPORT = "dashboard_report"
PSEUDONYM_KEY_MISSING = gettext_lazy(
    "Kunci samaran NIP (PSEUDONYM_KEY) belum diatur di server, jadi NIP tidak dapat disamarkan "
    "dengan kode yang tetap. Minta pengelola server mengaturnya sekali dan menyimpannya; "
    "tidak ada berkas yang dibuat."
)


@job_kind(DATA_PACK)
def run_data_pack(job, progress):
    params = job.params
    programme = Programme.objects.filter(pk=params.get("programme")).first() if params.get("programme") else None
    if params.get("programme") and programme is None:
        raise JobError(_("Program yang dipilih sudah tidak ada."))
    try:
        output, filename, counts = data_pack_build(
            user=User.objects.get(pk=job.owner_id),
            programme=programme,
            real_nip=bool(params.get("real_nip")),
            reason=params.get("reason", ""),
            progress=progress,
        )
    except PseudonymKeyMissing as missing:
        raise JobError(str(PSEUDONYM_KEY_MISSING)) from missing
    return JobResult(file=output, filename=filename, counts=dict(counts))


@job_kind(DUPLICATE_SCAN)
def run_duplicate_scan(job, progress):
    programme_pk = job.params.get("programme")
    programme = Programme.objects.filter(pk=programme_pk).first() if programme_pk else None
    if programme_pk and programme is None:
        raise JobError(_("Program yang dipilih sudah tidak ada."))
    scan = duplicate_scan_run(programme=programme, progress=progress)
    return JobResult(counts={_("kelompok kandidat"): scan.group_count})


@job_kind(DASHBOARD_REPORT)
def run_dashboard_report(job, progress):
    filters = DashboardFilters.from_params(job.params)
    if filters.programme_id and not Programme.objects.filter(pk=filters.programme_id).exists():
        raise JobError(_("Program yang dipilih sudah tidak ada."))
    content, row_count = dashboard_report_build(
        user=User.objects.get(pk=job.owner_id), filters=filters, progress=progress
    )
    return JobResult(
        file=content, filename=dashboard_report_filename(filters=filters), counts={_("OPD program"): row_count}
    )
