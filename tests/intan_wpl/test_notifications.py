"""Notifications: rows in the portal and emails, SMTP failures logged without losing the row,
each user sees only their own, the navbar bell counts the unread ones."""

import smtplib

import pytest
from django.urls import reverse

from intan_wpl.models import Notification
from intan_wpl.services import notifications as service
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_creates_rows_and_emails_each_recipient(mailoutbox, django_capture_on_commit_callbacks):
    kepala = UserFactory(username="kepala.x", email="kepala.x@example.go.id", role="kepala_opd")
    widyaiswara = UserFactory(username="wi.x", email="", role="widyaiswara")
    with django_capture_on_commit_callbacks(execute=True):
        created = service.notify(
            recipients=[kepala, widyaiswara, kepala, None],
            message="Rencana diajukan",
            url="/rencana/1/",
            body="Isi lengkap pesan",
        )
    assert len(created) == 2
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"kepala.x", "wi.x"}
    assert len(mailoutbox) == 1  # the one without an address gets the portal notification only
    assert mailoutbox[0].to == ["kepala.x@example.go.id"]
    assert mailoutbox[0].subject == "[INTAN-WPL] Rencana diajukan"
    assert "Isi lengkap pesan" in mailoutbox[0].body and "/rencana/1/" in mailoutbox[0].body


def test_notify_skips_the_actor_and_inactive_people(mailoutbox):
    actor = UserFactory(username="aktor", email="aktor@example.go.id")
    gone = UserFactory(username="pensiun", email="pensiun@example.go.id", is_active=False)
    assert service.notify(recipients=[actor, gone], exclude=actor, message="x") == []
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_smtp_failure_is_logged_and_the_notification_stays(monkeypatch, caplog, django_capture_on_commit_callbacks):
    class Broken:
        def send_messages(self, messages):
            raise smtplib.SMTPServerDisconnected("server pergi")

    monkeypatch.setattr(service, "get_connection", lambda **kwargs: Broken())
    person = UserFactory(username="penerima", email="penerima@example.go.id")
    with caplog.at_level("ERROR"), django_capture_on_commit_callbacks(execute=True):
        service.notify(recipients=[person], message="Rencana disetujui")
    assert Notification.objects.filter(recipient=person).count() == 1
    assert "Email notifikasi gagal dikirim" in caplog.text


def test_without_email_records_rows_only(mailoutbox):
    person = UserFactory(username="demo", email="demo@example.go.id")
    with service.without_email():
        service.notify(recipients=[person], message="Data demo")
    assert Notification.objects.count() == 1
    assert mailoutbox == []


def test_long_message_is_shortened_for_the_row():
    person = UserFactory(username="panjang")
    service.notify(recipients=[person], message="a" * 1000)
    assert len(Notification.objects.get().message) == 300


# --- Pages -----------------------------------------------------------------------------------------


@pytest.fixture
def inbox(kepala_a, kepala_b):
    mine = Notification.objects.create(recipient=kepala_a, message="Rencana DPU diajukan", url="/rencana/7/")
    Notification.objects.create(recipient=kepala_a, message="Sudah lama", is_read=True)
    theirs = Notification.objects.create(recipient=kepala_b, message="Rahasia OPD B", url="/rencana/8/")
    return mine, theirs


def test_list_shows_only_own_notifications(client_for, kepala_a, inbox):
    content = client_for(kepala_a).get(reverse("intan_wpl:notification_list")).content.decode()
    assert "Rencana DPU diajukan" in content and "Sudah lama" in content
    assert "Rahasia OPD B" not in content


def test_opening_marks_read_and_follows_the_link(client_for, kepala_a, inbox):
    mine, _theirs = inbox
    response = client_for(kepala_a).post(reverse("intan_wpl:notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response.url == "/rencana/7/"
    mine.refresh_from_db()
    assert mine.is_read


def test_someone_elses_notification_is_404(client_for, kepala_a, inbox):
    _mine, theirs = inbox
    response = client_for(kepala_a).post(reverse("intan_wpl:notification_open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_open_is_post_only(client_for, kepala_a, inbox):
    mine, _theirs = inbox
    assert client_for(kepala_a).get(reverse("intan_wpl:notification_open", args=[mine.pk])).status_code == 405


def test_an_outside_link_is_never_followed(client_for, kepala_a):
    evil = Notification.objects.create(recipient=kepala_a, message="x", url="https://contoh-jahat.example/")
    response = client_for(kepala_a).post(reverse("intan_wpl:notification_open", args=[evil.pk]))
    assert response.url == reverse("intan_wpl:notification_list")


def test_mark_all_read_touches_only_own(client_for, kepala_a, kepala_b, inbox):
    client_for(kepala_a).post(reverse("intan_wpl:notification_mark_all"))
    assert not Notification.objects.filter(recipient=kepala_a, is_read=False).exists()
    assert Notification.objects.filter(recipient=kepala_b, is_read=False).exists()


def test_navbar_bell_shows_unread_count(client_for, kepala_a, inbox):
    content = client_for(kepala_a).get(reverse("intan_wpl:notification_list")).content.decode()
    assert 'id="notifikasi-navbar"' in content
    assert '>1<span class="visually-hidden"> belum dibaca' in content


def test_bell_without_unread_has_no_badge(client_for, kepala_b):
    content = client_for(kepala_b).get(reverse("intan_wpl:notification_list")).content.decode()
    assert 'id="notifikasi-navbar"' in content
    assert "belum dibaca" not in content


def test_anonymous_login_page_has_no_bell(client):
    content = client.get(reverse("login")).content.decode()
    assert "notifikasi-navbar" not in content


@pytest.mark.parametrize("count", [10, 1000])
def test_notification_list_queries_do_not_grow(client_for, kepala_a, count, django_assert_max_num_queries):
    Notification.objects.bulk_create(
        [Notification(recipient=kepala_a, message=f"Pesan {i}", url=f"/rencana/{i}/") for i in range(count)]
    )
    client = client_for(kepala_a)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("intan_wpl:notification_list"))
    assert len(response.context["page"].object_list) == min(count, 25)


def test_no_email_leaves_before_the_change_is_saved(mailoutbox, django_capture_on_commit_callbacks):
    person = UserFactory(username="tunggu", email="tunggu@example.go.id")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        service.notify(recipients=[person], message="Rencana disetujui")
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert mailoutbox == []  # the transaction never committed, so nothing was sent


# --- Email through the queue (issue 12) ------------------------------------------------------------


def test_with_a_broker_emails_go_to_the_queue_after_commit(settings, django_capture_on_commit_callbacks):
    from unittest import mock

    from intan_wpl.services import jobs

    settings.CELERY_TASK_ALWAYS_EAGER = False
    person = UserFactory(username="antre", email="antre@example.go.id")
    with (
        mock.patch.object(jobs.current_app, "send_task") as send_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        service.notify(recipients=[person], message="Rencana diajukan", url="/rencana/1/")
        assert not send_task.called
    (name,), kwargs = send_task.call_args
    assert name == "intan_wpl.tasks.send_emails" and name in jobs.current_app.tasks
    (message,) = kwargs["args"][0]
    assert message["to"] == ["antre@example.go.id"] and message["subject"] == "[INTAN-WPL] Rencana diajukan"


def test_in_a_worker_a_failing_mail_server_is_tried_again_then_logged(monkeypatch, caplog):
    from unittest import mock

    from celery.exceptions import Retry

    from intan_wpl.tasks import EMAIL_RETRIES, send_emails

    class Broken:
        def send_messages(self, messages):
            raise smtplib.SMTPServerDisconnected("server pergi")

    monkeypatch.setattr(service, "get_connection", lambda **kwargs: Broken())
    messages = [{"subject": "s", "body": "b", "to": ["x@example.go.id"]}]
    with mock.patch.object(send_emails, "retry", side_effect=Retry()) as retry:
        send_emails.push_request(retries=0, is_eager=False)
        try:
            with pytest.raises(Retry):
                send_emails.run(messages)
        finally:
            send_emails.pop_request()
        assert retry.call_args.kwargs["countdown"] == 60
        send_emails.push_request(retries=EMAIL_RETRIES, is_eager=False)
        try:
            with caplog.at_level("ERROR"):
                send_emails.run(messages)  # the last try: logged, no further retry
        finally:
            send_emails.pop_request()
    assert retry.call_count == 1 and "Email notifikasi gagal dikirim" in caplog.text
