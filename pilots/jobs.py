"""The roster's long work as background jobs (issue 12): checking an uploaded roster ("Periksa
roster"), committing it ("Impor roster") and the SKP import. The upload views store the file
and start the job; the owner follows it on the job page, which links on to the result."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.models import User
from intan_wpl.services.jobs import (
    ROW_ERRORS,
    TRANSIENT_ERRORS,
    JobError,
    JobResult,
    job_kind,
    job_upload_open,
    keep_row_errors,
)
from pilots.models import Opd, RosterImport, RosterImportStatus
from pilots.services import roster_import as import_service
from pilots.services import skp_import

ROSTER_CHECK = "roster_check"
ROSTER_COMMIT = "roster_commit"
SKP_IMPORT = "skp_import"


def _roster_import(job):
    roster_import = RosterImport.objects.select_related("opd").filter(pk=job.params.get("roster_import")).first()
    if roster_import is None:
        raise JobError(_("Unggahan ini sudah tidak ada (dibatalkan atau diganti unggahan yang lebih baru)."))
    return roster_import


def _counts(roster_import):
    return {
        _("baris diperiksa"): roster_import.total_rows,
        _("pegawai baru"): roster_import.created_count,
        _("diperbarui"): roster_import.updated_count,
        _("tidak berubah"): roster_import.unchanged_count,
        _("kesalahan"): sum(error.get("hidden", 1) for error in roster_import.errors),
    }


@job_kind(ROSTER_CHECK)
def run_roster_check(job, progress):
    roster_import = _roster_import(job)
    try:
        import_service.roster_import_check(roster_import=roster_import, progress=progress)
    except ValidationError as error:
        raise JobError(" ".join(error.messages)) from error
    except TRANSIENT_ERRORS:
        raise  # tried again later, the upload still waiting
    except Exception:
        import_service.roster_import_abandon(roster_import=roster_import)
        raise
    return JobResult(counts=_counts(roster_import))


@job_kind(ROSTER_COMMIT)
def run_roster_commit(job, progress):
    roster_import = _roster_import(job)
    try:
        result = import_service.roster_import_commit(
            roster_import=roster_import,
            actor=User.objects.get(pk=job.owner_id),
            answers=job.params.get("answers") or {},
            progress=progress,
        )
    except ValidationError as error:
        raise JobError(" ".join(error.messages)) from error
    if result.status != RosterImportStatus.COMMITTED:
        raise JobError(
            _("Tidak ada yang diimpor: pemeriksaan ulang menemukan kesalahan. Perbaiki berkasnya lalu unggah lagi.")
        )
    if not result.errors:
        # Everything was taken: the result is the OPD's roster. With rows left out (the partial
        # mode), the preview offers them as an XLSX with each reason, so it stays the result.
        job.params["result_url"] = reverse("pilots:roster_list", args=[result.opd_id])
    return JobResult(counts=_counts(result))


@job_kind(SKP_IMPORT)
def run_skp_import(job, progress):
    try:
        with job_upload_open(job.params.get("file", "")) as stream:  # deleted once read, whatever happens
            opd = Opd.objects.filter(pk=job.params.get("opd")).first()
            if opd is None:
                raise JobError(_("OPD ini sudah tidak ada."))
            result = skp_import.skp_import(opd=opd, stream=stream, progress=progress)
    except ValidationError as error:
        raise JobError(" ".join(error.messages)) from error
    if result.errors:
        keep_row_errors(job, result.errors)
        raise JobError(str(ROW_ERRORS))
    return JobResult(counts={_("indikator baru"): len(result.created), _("diperbarui"): len(result.updated)})
