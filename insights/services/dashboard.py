"""Keeping the dashboard's totals fresh without computing them in a web request (issue 12).

A page view that finds the stored totals missing or older than CACHE_SECONDS asks a worker for
new ones (insights.tasks.refresh_dashboard_totals), once per scope and filters at a time: a
short lock in the shared cache keeps a busy dashboard from queueing the same work again and
again. The page shows what is stored meanwhile, with the moment it was computed."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from insights.selectors.dashboard import (
    CACHE_SECONDS,
    TOTALS_KEEP_SECONDS,
    DashboardFilters,
    compute_totals,
    stored_totals_raw,
    totals_key,
)
from intan_wpl.models import User
from intan_wpl.services.jobs import enqueue

REFRESH_TASK = "insights.tasks.refresh_dashboard_totals"
# Longer than the computation takes at national size (about 4 s) with room for a queue, shorter
# than anyone would wait: a worker that died while holding it blocks a new request this long.
LOCK_SECONDS = 5 * 60


def _lock_key(user, filters):
    return f"{totals_key(user, filters)}:lock"


def dashboard_totals_request(*, user, filters):
    """Ask for fresh totals when the stored ones are missing or stale; returns True when asked."""
    raw = stored_totals_raw(user, filters)
    if raw and raw["computed_at"] >= timezone.now() - timedelta(seconds=CACHE_SECONDS):
        return False
    if not cache.add(_lock_key(user, filters), True, LOCK_SECONDS):
        return False  # already asked for and not finished yet
    enqueue(REFRESH_TASK, user.pk, filters.to_params())
    return True


def dashboard_totals_refresh(*, user_id, params):
    """Compute and store the totals for this user's scope and filters (the task's work). A user
    deactivated meanwhile gets nothing computed; their lock simply expires."""
    filters = DashboardFilters.from_params(params)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    try:
        cache.set(totals_key(user, filters), compute_totals(user, filters), TOTALS_KEEP_SECONDS)
    finally:
        cache.delete(_lock_key(user, filters))
