"""Telling people in the portal and by email (Django's email backend) that something needs them.

A notification row is the record; the email is a courtesy. When the mail server fails the
row stays and the failure is logged: a review step must never be undone by an SMTP outage.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils.translation import gettext as _

from intan_wpl.models import Notification
from intan_wpl.selectors.profile import instance_profile
from intan_wpl.services.jobs import enqueue

SEND_EMAILS_TASK = "intan_wpl.tasks.send_emails"

MESSAGE_MAX_LENGTH = Notification._meta.get_field("message").max_length

_send_email = ContextVar("notification_email", default=True)


@contextmanager
def without_email():
    """Record notifications without mailing them (demo data: nobody should get those emails)."""
    token = _send_email.set(False)
    try:
        yield
    finally:
        _send_email.reset(token)


def _absolute(url):
    base = getattr(settings, "PORTAL_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


@transaction.atomic
def notify(*, recipients, message, url="", subject=None, body=None, exclude=None):
    """Create one Notification per distinct active recipient (except `exclude`) and email those
    with an address. Returns the notifications created."""
    seen, people = set(), []
    for person in recipients:
        if person is None or not person.is_active or person.pk in seen:
            continue
        if exclude is not None and person.pk == exclude.pk:
            continue
        seen.add(person.pk)
        people.append(person)
    if not people:
        return []
    short = message if len(message) <= MESSAGE_MAX_LENGTH else message[: MESSAGE_MAX_LENGTH - 1] + "…"
    notifications = Notification.objects.bulk_create(
        [Notification(recipient=person, message=short, url=url) for person in people]
    )
    if _send_email.get():
        # Only once the change is saved: a transition that rolls back must not have been announced.
        transaction.on_commit(partial(_send_emails, people, subject=subject or message, body=body or message, url=url))
    return notifications


def _send_emails(people, *, subject, body, url):
    """Compose the emails and hand them to a worker (intan_wpl.tasks.send_emails), so a slow or
    absent mail server never holds the request."""
    subject = " ".join(f"[INTAN-WPL] {subject}".split())[:200]
    text = body
    if url:
        text += "\n\n" + _("Buka di portal: %(url)s") % {"url": _absolute(url)}
    profile = instance_profile()
    text += "\n\n" + _("Pesan ini dikirim otomatis oleh Portal INTAN-WPL %(agency)s.") % {
        "agency": profile.agency_full_name
    }
    messages = [{"subject": subject, "body": text, "to": [person.email]} for person in people if person.email]
    if messages:
        enqueue(SEND_EMAILS_TASK, messages)


def emails_send_after_commit(messages):
    """Hand composed emails ({subject, body, to, from_email}) to a worker once the request's
    changes are committed: a hung mail server never holds a web worker (password reset too)."""
    messages = [message for message in messages if message.get("to")]
    if messages:
        transaction.on_commit(partial(enqueue, SEND_EMAILS_TASK, messages))


def deliver_emails(messages):
    """Send composed emails ({subject, body, to}) in one connection; SMTP errors reach the caller
    (the task, which retries and at last logs them)."""
    get_connection(fail_silently=False).send_messages([EmailMessage(**message) for message in messages])


def notification_open(*, notification):
    """Mark one of the user's notifications read."""
    if not notification.is_read:
        Notification.objects.filter(pk=notification.pk).update(is_read=True)
        notification.is_read = True
    return notification


def notifications_mark_all_read(*, user):
    return Notification.objects.filter(recipient=user, is_read=False).update(is_read=True)
