"""Sign-in that cannot be turned against us (issue 13, item 1): a lock holds one username from
one address, never the username alone; behind the reverse proxy the address is the client's,
not the proxy's; locks expire; the admin lists and releases them on a page, on record; a shell
command does the same."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intan_wpl.models import AuditAction, AuditEntry, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Rahasia-123"
PROXY = "10.0.0.2"


@pytest.fixture
def admin_bpsdm():
    return UserFactory(username="admin.bpsdm", full_name="Admin BPSDM", role=Role.ADMIN)


def attempt(username, password, **meta):
    """One sign-in from a fresh browser; True when it signed in."""
    client = Client()
    client.post(reverse("login"), {"username": username, "password": password}, **meta)
    return "_auth_user_id" in client.session


def test_six_wrong_passwords_from_one_address_leave_the_admin_able_to_sign_in_from_another(admin_bpsdm):
    for _ in range(6):
        assert not attempt("admin.bpsdm", "salah-sekali", REMOTE_ADDR="203.0.113.66")
    # Locked there, even with the right password ...
    assert not attempt("admin.bpsdm", PASSWORD, REMOTE_ADDR="203.0.113.66")
    # ... but the admin at their own desk signs in.
    assert attempt("admin.bpsdm", PASSWORD, REMOTE_ADDR="198.51.100.7")


def test_behind_the_proxy_the_lock_holds_the_clients_address_not_the_proxys(settings, admin_bpsdm):
    settings.CLIENT_IP_PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(6):
        assert not attempt("admin.bpsdm", "salah-sekali", **attacker)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.66"
    # Everybody reaches the portal through the same proxy: the admin is not locked out.
    assert attempt("admin.bpsdm", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")


def test_a_client_cannot_escape_its_lock_by_writing_the_header_itself(settings, admin_bpsdm):
    """The proxy appends the address it saw; what the client wrote stands to the left of it."""
    settings.CLIENT_IP_PROXY_COUNT = 1
    for number in range(6):
        spoofed = f"192.0.2.{number}, 203.0.113.66"
        assert not attempt("admin.bpsdm", "salah-sekali", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=spoofed)
    assert not attempt("admin.bpsdm", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.66")
    assert AccessAttempt.objects.count() == 1


def test_without_a_proxy_setting_a_forwarded_header_is_ignored(admin_bpsdm):
    for number in range(6):
        attempt("admin.bpsdm", "salah-sekali", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert not attempt("admin.bpsdm", PASSWORD, REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.99")


def test_a_lock_expires_after_the_cool_off_time(settings, admin_bpsdm):
    for _ in range(5):
        attempt("admin.bpsdm", "salah-sekali", REMOTE_ADDR="203.0.113.66")
    assert not attempt("admin.bpsdm", PASSWORD, REMOTE_ADDR="203.0.113.66")
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert attempt("admin.bpsdm", PASSWORD, REMOTE_ADDR="203.0.113.66")


def test_the_admin_sees_a_lockout_and_releases_it_on_record(client, admin_bpsdm):
    kepala = UserFactory(username="kepala.dkp", role=Role.KEPALA_OPD)
    for _ in range(5):
        attempt("kepala.dkp", "salah-sekali", REMOTE_ADDR="203.0.113.66")
    assert not attempt("kepala.dkp", PASSWORD, REMOTE_ADDR="203.0.113.66")

    client.force_login(admin_bpsdm)
    page = client.get(reverse("intan_wpl:lockout_list"))
    body = page.content.decode()
    assert "kepala.dkp" in body and "203.0.113.66" in body and "Terkunci" in body
    lockout = page.context["lockouts"][0]
    assert lockout.is_locked and lockout.failures == 6

    response = client.post(reverse("intan_wpl:lockout_release", args=[lockout.pk]), follow=True)
    assert "Kunci masuk dilepas" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    entry = AuditEntry.objects.get(action=AuditAction.LOCKOUT_RELEASED)
    assert entry.user == admin_bpsdm
    assert "kepala.dkp" in entry.object_label and "203.0.113.66" in entry.object_label
    # The release is on the audit page too.
    audit = client.get(reverse("pilots:audit_log"), {"action": AuditAction.LOCKOUT_RELEASED}).content.decode()
    assert "kepala.dkp" in audit and "Kunci masuk dilepas" in audit
    assert attempt("kepala.dkp", PASSWORD, REMOTE_ADDR="203.0.113.66")
    assert kepala.pk


def test_releasing_a_lock_that_expired_meanwhile_says_so(client, admin_bpsdm):
    client.force_login(admin_bpsdm)
    response = client.post(reverse("intan_wpl:lockout_release", args=[987654]), follow=True)
    assert response.status_code == 200
    assert "sudah tidak ada" in response.content.decode()


@pytest.mark.parametrize("role", [Role.WIDYAISWARA, Role.KEPALA_OPD])
def test_only_the_admin_opens_or_releases_lockouts(client, role):
    client.force_login(UserFactory(role=role))
    for _ in range(5):
        attempt("orang.lain", "salah-sekali", REMOTE_ADDR="203.0.113.66")
    assert client.get(reverse("intan_wpl:lockout_list")).status_code == 403
    pk = AccessAttempt.objects.get().pk
    assert client.post(reverse("intan_wpl:lockout_release", args=[pk])).status_code == 403
    assert AccessAttempt.objects.filter(pk=pk).exists()


def test_the_release_page_refuses_get(client, admin_bpsdm):
    client.force_login(admin_bpsdm)
    assert client.get(reverse("intan_wpl:lockout_release", args=[1])).status_code == 405


def test_a_shell_command_lists_and_releases_lockouts_on_record(admin_bpsdm):
    for _ in range(5):
        attempt("admin.bpsdm", "salah-sekali", REMOTE_ADDR="203.0.113.66")
    out = StringIO()
    call_command("lockouts", stdout=out)
    assert "admin.bpsdm" in out.getvalue() and "TERKUNCI" in out.getvalue()

    out = StringIO()
    call_command("lockouts", release="admin.bpsdm", stdout=out)
    assert "1 kunci dilepas" in out.getvalue()
    assert not AccessAttempt.objects.exists()
    entry = AuditEntry.objects.get(action=AuditAction.LOCKOUT_RELEASED)
    assert entry.user is None and entry.reason == "manage.py lockouts"
    assert attempt("admin.bpsdm", PASSWORD, REMOTE_ADDR="203.0.113.66")


def test_the_shell_command_says_when_there_is_nothing_to_release(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("lockouts", release="tidak.ada")
