"""The JP records' long work as background jobs (issue 12): the SIASN export of the whole
province, streamed row by row into a temporary file that the job page offers to its owner; and
the external JP import: the upload view keeps the file and starts the job, which checks every row
and, when all are right, records and credits them in one transaction (all or nothing); the row
errors are kept on the job and shown on its page."""

import tempfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from intan_wpl.models import User
from intan_wpl.services.jobs import ROW_ERRORS, JobError, JobResult, job_kind, job_upload_open, keep_row_errors
from learning_records.services import external_jp_import as importer
from learning_records.services.exports import jp_export_filename, jp_export_write

JP_EXPORT_ALL = "jp_siasn_export"
EXTERNAL_JP_IMPORT = "external_jp_import"


@job_kind(JP_EXPORT_ALL)
def run_jp_export_all(job, progress):
    params = job.params
    year, fmt = int(params["year"]), params["fmt"]
    output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the job runner once stored)
    row_count = jp_export_write(
        user=User.objects.get(pk=job.owner_id),
        year=year,
        fmt=fmt,
        stream=output,
        delimiter=params.get("delimiter", ","),
        progress=progress,
    )
    output.seek(0)
    return JobResult(file=output, filename=jp_export_filename(year=year, fmt=fmt), counts={_("baris"): row_count})


@job_kind(EXTERNAL_JP_IMPORT)
def run_external_jp_import(job, progress):
    try:
        with job_upload_open(job.params.get("file", "")) as stream:
            result = importer.external_jp_import(
                stream=stream, recorded_by=User.objects.get(pk=job.owner_id), progress=progress
            )
    except ValidationError as error:
        raise JobError(" ".join(error.messages)) from error
    if result.errors:
        keep_row_errors(job, result.errors)
        raise JobError(str(ROW_ERRORS))
    return JobResult(counts={_("entri JP eksternal diimpor dan diakui"): len(result.created)})
