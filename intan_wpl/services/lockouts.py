"""Lockouts of the sign-in page (django-axes): which username and address pairs are locked,
until when, and releasing one, on record (issue 13, item 1). Used by the admin's page
(intan_wpl.views.security) and by `manage.py lockouts` from a shell."""

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intan_wpl import audit
from intan_wpl.models import AuditAction


@dataclass
class Lockout:
    pk: int
    username: str
    ip_address: str
    failures: int
    last_attempt: datetime
    locked_until: datetime | None

    @property
    def is_locked(self):
        return self.locked_until is not None


def _threshold():
    return timezone.now() - settings.AXES_COOLOFF_TIME


def lockout_list():
    """Every username and address pair with failed sign-ins still counted (within the cool-off
    time), locked ones first. A lock expires by itself AXES_COOLOFF_TIME after the last failure."""
    rows = []
    for attempt in AccessAttempt.objects.filter(attempt_time__gte=_threshold()).order_by("-attempt_time"):
        locked = attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
        rows.append(
            Lockout(
                pk=attempt.pk,
                username=attempt.username or "",
                ip_address=attempt.ip_address or "",
                failures=attempt.failures_since_start,
                last_attempt=attempt.attempt_time,
                locked_until=attempt.attempt_time + settings.AXES_COOLOFF_TIME if locked else None,
            )
        )
    rows.sort(key=lambda row: (not row.is_locked, -row.last_attempt.timestamp()))
    return rows


@transaction.atomic
def lockout_release(*, attempts, actor, via=""):
    """Forget the failed sign-ins of these AccessAttempt rows, so their username and address may
    sign in again at once, and write one audit line per pair (who released it, from where).
    Returns the number of pairs released."""
    released = 0
    for attempt in attempts.select_for_update():
        label = _("%(username)s dari alamat %(ip)s (%(count)s kali gagal)") % {
            "username": attempt.username or "—",
            "ip": attempt.ip_address or "—",
            "count": attempt.failures_since_start,
        }
        audit.record_event(
            user=actor,
            action=AuditAction.LOCKOUT_RELEASED,
            kind=_("Kunci masuk"),
            label=label,
            reason=via,
        )
        attempt.delete()
        released += 1
    return released


def lockout_release_one(*, pk, actor):
    return lockout_release(attempts=AccessAttempt.objects.filter(pk=pk), actor=actor)
