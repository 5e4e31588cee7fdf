"""The plans' long work as a background job (issue 12): the PDF of every plan in force of a
programme (or of every OPD the user may read) in one ZIP, with progress per plan."""

from django.utils.translation import gettext as _

from intan_wpl.models import User
from intan_wpl.services.jobs import JobError, JobResult, job_kind
from learning_plans.services.documents import plan_pdf_batch_build
from pilots.models import Programme

PLAN_PDF_BATCH = "plan_pdf_batch"


@job_kind(PLAN_PDF_BATCH)
def run_plan_pdf_batch(job, progress):
    programme_pk = job.params.get("programme")
    programme = Programme.objects.filter(pk=programme_pk).first() if programme_pk else None
    if programme_pk and programme is None:
        raise JobError(_("Program yang dipilih sudah tidak ada."))
    output, counts = plan_pdf_batch_build(
        user=User.objects.get(pk=job.owner_id), programme=programme, progress=progress
    )
    name = f"rencana-berlaku-program-{programme.pk}.zip" if programme else "rencana-berlaku-semua-program.zip"
    return JobResult(file=output, filename=name, counts=counts)
