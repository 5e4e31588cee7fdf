"""Celery tasks of the core app: the runner of every background job, email, the daily clean-up."""

import logging
import smtplib

from celery import shared_task

from intan_wpl.services import jobs, notifications

logger = logging.getLogger(__name__)

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


EMAIL_RETRIES = 5


@shared_task(bind=True, acks_late=True, max_retries=EMAIL_RETRIES)
def send_emails(self, messages):
    """Send notification emails; a mail server that fails is tried again later with back-off
    (not when running in-process), then the failure is logged: the portal notification stays."""
    try:
        notifications.deliver_emails(messages)
    except (smtplib.SMTPException, OSError) as error:
        if self.request.is_eager or self.request.retries >= EMAIL_RETRIES:
            logger.exception(
                "Email notifikasi gagal dikirim ke %s penerima (notifikasi portal tetap tersimpan).", len(messages)
            )
            return
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
