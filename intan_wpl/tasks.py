"""Celery tasks of the core app: the runner of every background job and the daily clean-up."""

from celery import shared_task

from intan_wpl.services import jobs

MAX_RETRIES = 5


@shared_task(
    bind=True,
    autoretry_for=jobs.TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
)
def run_job(self, job_id):
    try:
        jobs.run(job_id)
    except jobs.TRANSIENT_ERRORS:
        if self.request.retries >= MAX_RETRIES:
            jobs.give_up(job_id)
            return
        raise


@shared_task
def cleanup_job_results():
    return jobs.cleanup_job_results()
