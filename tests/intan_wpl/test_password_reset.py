"""Everyday account care (issue 16): "Lupa kata sandi?" on the sign-in page leads to Django's
own password reset by email; the link sets a new password once; an admin's reset is on the audit
log; the lockout page says until when the sign-in stays locked."""

import re
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intan_wpl.models import AuditEntry, Role
from intan_wpl.services import notifications
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pegawai_user():
    return UserFactory(username="wi.lupa", email="wi.lupa@example.go.id", role=Role.WIDYAISWARA)


def emailed_link():
    [message] = mail.outbox
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_the_sign_in_page_offers_a_forgotten_password(client):
    body = client.get(reverse("login")).content.decode()
    assert "Lupa kata sandi?" in body and reverse("password_reset") in body


def test_a_forgotten_password_is_reset_by_the_emailed_link_once(
    client, pegawai_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "wi.lupa@example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox[0].to == ["wi.lupa@example.go.id"]
    assert "wi.lupa" in mail.outbox[0].body
    link = emailed_link()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    new_password = "Arsip-Baru-2025!"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    pegawai_user.refresh_from_db()
    assert pegawai_user.check_password(new_password)
    # The link is spent.
    assert not Client().get(link, follow=True).context["validlink"]


def test_an_unknown_address_looks_the_same_and_sends_nothing(client, pegawai_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("password_reset"), {"email": "tidak.ada@example.go.id"})
        known = Client().post(reverse("password_reset"), {"email": "wi.lupa@example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert (known.status_code, known["Location"], known.content) == (302, response["Location"], response.content)
    assert len(callbacks) == 1  # only the known address queued an email
    assert [message.to for message in mail.outbox] == [["wi.lupa@example.go.id"]]


def test_the_reset_email_leaves_through_the_queue_after_commit(
    client, pegawai_user, django_capture_on_commit_callbacks
):
    with mock.patch("intan_wpl.services.notifications.enqueue") as enqueue:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(reverse("password_reset"), {"email": "wi.lupa@example.go.id"})
        assert response.status_code == 302 and mail.outbox == [] and not enqueue.called
        callbacks[0]()
    [(task, [message])] = [call.args for call in enqueue.call_args_list]
    assert task == "intan_wpl.tasks.send_emails"
    assert message["to"] == ["wi.lupa@example.go.id"] and "/accounts/reset/" in message["body"]


def test_a_failing_mail_server_never_breaks_the_reset_page(
    client, pegawai_user, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    class Broken:
        def send_messages(self, messages):
            raise smtplib.SMTPServerDisconnected("server pergi")

    monkeypatch.setattr(notifications, "get_connection", lambda **kwargs: Broken())
    with caplog.at_level("ERROR"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "wi.lupa@example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert "Email notifikasi gagal dikirim" in caplog.text


def test_an_admins_reset_of_a_password_is_on_record(client, admin_user, pegawai_user):
    client.force_login(admin_user)
    new_password = "Arsip-Baru-2025!"
    client.post(
        reverse("pilots:user_set_password", args=[pegawai_user.pk]),
        {"new_password1": new_password, "new_password2": new_password},
    )
    entry = AuditEntry.objects.get(object_kind="Kata sandi")
    assert entry.user == admin_user and entry.object_label == "wi.lupa"
    assert "diatur ulang oleh Admin" in entry.reason
    assert new_password not in (entry.reason + entry.object_label)


def test_the_lockout_page_says_until_when(pegawai_user):
    client = Client()
    for _ in range(6):
        response = client.post(
            reverse("login"), {"username": "wi.lupa", "password": "salah"}, REMOTE_ADDR="203.0.113.9"
        )
    body = response.content.decode()
    attempt = AccessAttempt.objects.get(username="wi.lupa")
    until = timezone.localtime(attempt.attempt_time + timedelta(minutes=15))
    assert "Anda dapat mencoba lagi setelah" in body
    assert f"{until:%H.%M}" in body
    assert reverse("password_reset") in body
