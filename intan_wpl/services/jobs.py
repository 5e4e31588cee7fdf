"""Long work as background jobs (issue 12): one Job row per run, a registry of job kinds, and
the runner the Celery task calls.

An app declares a kind with @job_kind("name"): a function (job, progress) that does the work,
calls progress(percent, step) as it goes and returns a JobResult. A view calls start_job(); the
owner follows the job on its page (intan_wpl:job_detail) and downloads the result there. The
core app knows no kind by name: the apps register theirs when they load (AppConfig.ready)."""

import logging
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intan_wpl.models import Job, JobState

logger = logging.getLogger(__name__)

# Errors that may pass by themselves (a dropped connection, a database restart): the task is tried
# again later (intan_wpl.tasks) instead of marking the job failed.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)

_KINDS = {}
RUN_TASK = "intan_wpl.tasks.run_job"
# Uploads a job reads (an import): kept under a random name until the job has read them.
UPLOADS = "job_uploads/"
# Row errors a job keeps for its page (params["row_errors"]); the first ones show the pattern.
MAX_ROW_ERRORS = 1000
ROW_ERRORS = gettext_lazy(
    "Tidak ada yang diimpor: ada baris yang salah (daftarnya di bawah). Perbaiki baris yang disebut, lalu unggah lagi."
)


class JobError(Exception):
    """A failure the owner can act on: its message is shown on the job page as it is."""


@dataclass
class JobResult:
    """What a job produced: a file (an open binary file or bytes) with the name it is downloaded
    under, and counts shown on the job page (label -> number)."""

    file: object = None
    filename: str = ""
    counts: dict = field(default_factory=dict)


def job_kind(name):
    """Register the function that runs jobs of kind `name`."""

    def register(function):
        _KINDS[name] = function
        return function

    return register


def registered_kinds():
    return sorted(_KINDS)


def start_job(*, user, kind, label, params=None):
    """Create the job and hand it to a worker once the row is committed. Without a broker the
    job runs here and now (CELERY_TASK_ALWAYS_EAGER): the page that follows shows it finished."""
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(owner=user, kind=kind, label=str(label)[:200], params=params or {})
    if settings.CELERY_TASK_ALWAYS_EAGER:
        try:
            run(job.pk)
        except TRANSIENT_ERRORS:
            give_up(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: enqueue(RUN_TASK, job.pk))
    return job


def enqueue(task_name, *args):
    """Hand a task to the workers, by name (the task modules import the services, not the other
    way round); without a broker, run it here and now."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        current_app.tasks[task_name].apply(args=list(args))
    else:
        current_app.send_task(task_name, args=list(args))


def _progress_reporter(job):
    last = {"percent": -1, "step": None}

    def progress(percent, step=""):
        percent = max(0, min(99, int(percent)))
        step = str(step)[:200]
        if percent == last["percent"] and step == last["step"]:
            return
        last.update(percent=percent, step=step)
        Job.objects.filter(pk=job.pk).update(progress=percent, step=step)

    return progress


def _store_result(job, result):
    if result.file is None:
        return
    content = ContentFile(result.file) if isinstance(result.file, bytes) else File(result.file)
    job.result_file.save(result.filename or "hasil", content, save=False)
    job.result_name = result.filename[:200]
    if hasattr(result.file, "close"):
        result.file.close()


def run(job_id):
    """Run job `job_id` (called by the Celery task). A job already finished is left alone, so a
    task delivered twice (a worker that died after finishing) does the work once."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return
    job.state = JobState.RUNNING
    job.started_at = job.started_at or timezone.now()
    job.attempts += 1
    job.error = ""
    job.save(update_fields=["state", "started_at", "attempts", "error"])
    try:
        result = _KINDS[job.kind](job, _progress_reporter(job))
    except TRANSIENT_ERRORS:
        Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED, step=_("Menunggu untuk dicoba lagi"))
        raise
    except JobError as error:
        _finish(job, JobState.FAILED, error=str(error))
        return
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobState.FAILED, error=_("Terjadi kesalahan di server dan sudah dicatat. Coba lagi nanti."))
        return
    _store_result(job, result)
    job.counts = {str(label): count for label, count in result.counts.items()}
    _finish(job, JobState.DONE)


def _finish(job, state, error=""):
    job.state = state
    job.error = error
    job.progress = 100 if state == JobState.DONE else job.progress
    job.step = ""
    job.finished_at = timezone.now()
    job.save()


def give_up(job_id):
    """Mark a job failed after its last retry of a transient error."""
    job = Job.objects.filter(pk=job_id).first()
    if job is not None and not job.is_finished:
        message = _("Server sedang bermasalah; pekerjaan ini gagal setelah beberapa percobaan.")
        _finish(job, JobState.FAILED, error=message)


def cleanup_job_results(*, days=None, now=None):
    """Delete the result files of jobs finished more than `days` (JOB_RESULT_DAYS) ago; the rows
    stay, saying when their file was removed. Returns how many files were deleted."""
    days = settings.JOB_RESULT_DAYS if days is None else days
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    removed = 0
    old = Job.objects.filter(finished_at__lt=cutoff, result_removed_at__isnull=True).exclude(result_file="")
    for job in old.iterator(chunk_size=500):
        job.result_file.delete(save=False)
        job.result_removed_at = now
        job.save(update_fields=["result_file", "result_removed_at"])
        removed += 1
    return removed


def job_upload_store(upload):
    """Keep an uploaded file for the job that will read it (after the request's cheap checks);
    returns its storage name, the job's param. The name says nothing of the user's file name."""
    upload.seek(0)
    return default_storage.save(f"{UPLOADS}{uuid.uuid4().hex}", File(upload))


@contextmanager
def job_upload_open(name):
    """The stored upload `name`, open for reading; deleted once read (whatever the outcome): an
    import keeps no copy of the file (UU 27/2022). Raises JobError when it is gone."""
    if not str(name).startswith(UPLOADS) or not default_storage.exists(name):
        raise JobError(_("Berkas unggahan ini sudah tidak tersimpan. Unggah berkasnya lagi."))
    try:
        with default_storage.open(name, "rb") as stream:
            yield stream
    finally:
        default_storage.delete(name)


def keep_row_errors(job, errors):
    """Keep the row errors of an import on the job (shown on its page with
    includes/import_row_errors.html): row, column, value and reason, the first MAX_ROW_ERRORS."""
    job.params["row_errors"] = {"errors": [error.as_dict() for error in errors[:MAX_ROW_ERRORS]]}
