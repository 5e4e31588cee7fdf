"""Second factor (issue 13, item 2): TOTP for every admin (and Kepala BPSDM) account, enforced by
setting for any role; enrolment with a QR code and backup codes; recovery by another admin or a
shell command, on record; absolute session lifetime and idle timeout as settings."""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intan_wpl.middleware import LOGIN_AT_KEY
from intan_wpl.models import AuditAction, AuditEntry, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Rahasia-123"
HOME = reverse("insights:home")
ENROL = reverse("intan_wpl:second_factor")
VERIFY = reverse("intan_wpl:second_factor_verify")


@pytest.fixture(autouse=True)
def required_for_admins(settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "kepala_bpsdm"]


@pytest.fixture
def admin_bpsdm():
    return UserFactory(username="admin.bpsdm", full_name="Admin BPSDM", role=Role.ADMIN)


def sign_in(username, password=PASSWORD):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert "_auth_user_id" in client.session, "the password step failed"
    return client, response


def code_for(device, *, drift=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + drift * device.step
    return f"{totp.token():06d}"


def enrol(client, user):
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": code_for(device)})
    return device, response


def test_an_admin_must_enrol_before_reaching_any_page(admin_bpsdm):
    client, _response = sign_in("admin.bpsdm")
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(ENROL)
    for url in (reverse("pilots:user_list"), reverse("pilots:audit_log"), "/admin/"):
        assert client.get(url)["Location"].startswith(ENROL), url
    page = client.get(ENROL).content.decode()
    assert "wajib memakai verifikasi dua langkah" in page
    assert 'src="data:image/svg+xml' in page, "a QR code"
    assert TOTPDevice.objects.get(user=admin_bpsdm).confirmed is False


def test_enrolment_with_a_code_shows_backup_codes_and_opens_the_portal(admin_bpsdm):
    client, _response = sign_in("admin.bpsdm")
    device, response = enrol(client, admin_bpsdm)
    device.refresh_from_db()
    assert device.confirmed
    codes = response.context["codes"]
    assert len(codes) == 10 and all(len(code) == 8 and code.isdigit() for code in codes)
    assert codes[0] in response.content.decode()
    assert client.get(HOME).status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.OTP_ENROLLED, user=admin_bpsdm).exists()


def test_a_wrong_code_does_not_enrol(admin_bpsdm):
    client, _response = sign_in("admin.bpsdm")
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert "Kode tidak cocok" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.post(ENROL, {"code": "abc"}).status_code == 200


def test_after_enrolment_the_password_alone_opens_nothing(admin_bpsdm, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code delays the next try; not measured here
    first, _response = sign_in("admin.bpsdm")
    device, _response = enrol(first, admin_bpsdm)
    client, _response = sign_in("admin.bpsdm")
    assert client.get(HOME)["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"code": "123456"})
    assert "Kode salah" in response.content.decode()
    assert client.get(HOME)["Location"].startswith(VERIFY)
    device.refresh_from_db()
    response = client.post(VERIFY, {"code": code_for(device, drift=1), "next": reverse("pilots:user_list")})
    assert response["Location"] == reverse("pilots:user_list")
    assert client.get(HOME).status_code == 200


def test_a_backup_code_works_once(admin_bpsdm):
    first, _response = sign_in("admin.bpsdm")
    _device, response = enrol(first, admin_bpsdm)
    backup = response.context["codes"][0]
    client, _response = sign_in("admin.bpsdm")
    client.post(VERIFY, {"code": backup})
    assert client.get(HOME).status_code == 200
    again, _response = sign_in("admin.bpsdm")
    again.post(VERIFY, {"code": backup})
    assert again.get(HOME)["Location"].startswith(VERIFY)
    assert StaticToken.objects.count() == 9


def test_new_backup_codes_replace_the_old_ones_on_record(admin_bpsdm):
    client, _response = sign_in("admin.bpsdm")
    _device, response = enrol(client, admin_bpsdm)
    old = set(response.context["codes"])
    renewed = client.post(reverse("intan_wpl:backup_codes"))
    assert set(renewed.context["codes"]).isdisjoint(old)
    assert StaticToken.objects.count() == 10
    assert AuditEntry.objects.filter(action=AuditAction.BACKUP_CODES).exists()


def test_roles_outside_the_setting_sign_in_with_the_password(settings):
    UserFactory(username="wi.andi", role=Role.WIDYAISWARA)
    client, _response = sign_in("wi.andi")
    assert client.get(HOME).status_code == 200
    settings.OTP_REQUIRED_ROLES = ["admin", "widyaiswara"]
    client, _response = sign_in("wi.andi")
    assert client.get(HOME)["Location"].startswith(ENROL)


def test_a_person_who_enrolled_of_their_own_accord_is_always_asked(settings):
    user = UserFactory(username="kepala.dkp", role=Role.KEPALA_OPD)
    client, _response = sign_in("kepala.dkp")
    enrol(client, user)
    again, _response = sign_in("kepala.dkp")
    assert again.get(HOME)["Location"].startswith(VERIFY)


def test_another_admin_resets_a_lost_phone_on_record(admin_bpsdm):
    colleague = UserFactory(username="admin.dua", full_name="Admin Dua", role=Role.ADMIN)
    client, _response = sign_in("admin.bpsdm")
    enrol(client, admin_bpsdm)
    other, _response = sign_in("admin.dua")
    enrol(other, colleague)
    response = other.post(reverse("intan_wpl:second_factor_reset", args=[admin_bpsdm.pk]), follow=True)
    assert "diatur ulang" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin_bpsdm).exists()
    entry = AuditEntry.objects.get(action=AuditAction.OTP_RESET)
    assert entry.user == colleague and entry.object_id == str(admin_bpsdm.pk)
    # Their next sign-in asks them to enrol again.
    again, _response = sign_in("admin.bpsdm")
    assert again.get(HOME)["Location"].startswith(ENROL)


@pytest.mark.parametrize("role", [Role.WIDYAISWARA, Role.KEPALA_OPD])
def test_only_an_admin_resets_someone_elses_second_factor(client, admin_bpsdm, role):
    client.force_login(UserFactory(role=role))
    TOTPDevice.objects.create(user=admin_bpsdm, name="x", confirmed=True)
    assert client.post(reverse("intan_wpl:second_factor_reset", args=[admin_bpsdm.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=admin_bpsdm).exists()


def test_the_reset_command_works_from_a_shell_on_record(admin_bpsdm):
    TOTPDevice.objects.create(user=admin_bpsdm, name="x", confirmed=True)
    out = StringIO()
    call_command("otp_reset", "admin.bpsdm", stdout=out)
    assert "dihapus" in out.getvalue()
    assert not TOTPDevice.objects.exists()
    assert AuditEntry.objects.get(action=AuditAction.OTP_RESET).reason == "manage.py otp_reset"


def test_a_session_ends_after_its_absolute_lifetime(settings):
    settings.OTP_REQUIRED_ROLES = []
    UserFactory(username="wi.andi", role=Role.WIDYAISWARA)
    client, _response = sign_in("wi.andi")
    assert client.get(HOME).status_code == 200
    session = client.session
    session[LOGIN_AT_KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_pages_carry_the_idle_timeout_and_the_keepalive_renews_it(settings):
    settings.OTP_REQUIRED_ROLES = []
    settings.SESSION_COOKIE_AGE = 1800
    settings.SESSION_IDLE_WARNING_SECONDS = 120
    UserFactory(username="wi.andi", role=Role.WIDYAISWARA)
    client, _response = sign_in("wi.andi")
    page = client.get(HOME).content.decode()
    assert '<meta name="session-idle-seconds" content="1800">' in page
    assert '<meta name="session-warning-seconds" content="120">' in page
    response = client.post(reverse("intan_wpl:session_keepalive"))
    assert response.json()["idle_seconds"] == 1800
    assert client.get(reverse("intan_wpl:session_keepalive")).status_code == 405


def test_wrong_codes_are_throttled(admin_bpsdm):
    first, _response = sign_in("admin.bpsdm")
    device, _response = enrol(first, admin_bpsdm)
    client, _response = sign_in("admin.bpsdm")
    client.post(VERIFY, {"code": "123456"})
    # Right after a wrong code even the right one is refused for a moment (django-otp throttling).
    client.post(VERIFY, {"code": code_for(device, drift=1)})
    assert client.get(HOME)["Location"].startswith(VERIFY)
