"""Celery tasks of the insights app: the dashboard's totals, computed away from web requests."""

from celery import shared_task

from insights.services.dashboard import REFRESH_TASK, dashboard_totals_refresh
from intan_wpl.services.jobs import TRANSIENT_ERRORS


@shared_task(
    name=REFRESH_TASK,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
    reject_on_worker_lost=True,
)
def refresh_dashboard_totals(user_id, params):
    dashboard_totals_refresh(user_id=user_id, params=params)
