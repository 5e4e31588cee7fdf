"""The external JP import as a background job (issue 12): the upload view keeps the file and
starts the job, which checks every row and, when all are right, records and credits them in one
transaction (all or nothing); the row errors are kept on the job and shown on its page."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from intan_wpl.models import User
from intan_wpl.services.jobs import ROW_ERRORS, JobError, JobResult, job_kind, job_upload_open, keep_row_errors
from learning_records.services import external_jp_import as importer

EXTERNAL_JP_IMPORT = "external_jp_import"


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
