"""The JP records' long work as background jobs (issue 12): the SIASN export of the whole
province, streamed row by row into a temporary file that the job page offers to its owner."""

import tempfile

from django.utils.translation import gettext as _

from intan_wpl.models import User
from intan_wpl.services.jobs import JobResult, job_kind
from learning_records.services.exports import jp_export_filename, jp_export_write

JP_EXPORT_ALL = "jp_siasn_export"


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
