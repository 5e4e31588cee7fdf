"""In Chromium (issue 13, Done when): an admin enrols TOTP by the QR page's key, logs out, and
cannot sign in again without the code; with it, they can."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from intan_wpl.models import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Rahasia-123"


@pytest.fixture
def admin_bpsdm(settings):
    settings.OTP_REQUIRED_ROLES = ["admin"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below must not delay the right one
    return UserFactory(username="admin.bpsdm", full_name="Admin BPSDM", role=Role.ADMIN)


def code_from(secret, *, steps_ahead=0):
    """What an authenticator app shows for the key typed from the page."""
    key = secret.replace(" ", "")
    totp = TOTP(b32decode(key + "=" * (-len(key) % 8)), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill("admin.bpsdm")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_an_admin_enrols_totp_logs_out_and_cannot_sign_in_without_the_code(page, live_server, admin_bpsdm):
    # The password alone leads to the enrolment page, with a QR code and the key.
    sign_in(page, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Verifikasi dua langkah")
    expect(page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_be_visible()
    secret = page.locator(".second-factor-secret").inner_text()
    page.get_by_label("Kode verifikasi").fill(code_from(secret))
    page.get_by_role("button", name="Aktifkan").click()

    # Backup codes, once; then the portal.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode cadangan")
    expect(page.locator(".backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Semua Perangkat Daerah")

    # Log out.
    page.get_by_role("button", name="Admin BPSDM").click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke Portal INTAN-WPL")

    # The password again: the code page, and no way around it.
    sign_in(page, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode verifikasi")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode verifikasi")
    page.goto(f"{live_server.url}/pengguna/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode verifikasi")
    page.get_by_label("Kode verifikasi").fill("000000")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.locator("main")).to_contain_text("Kode salah atau sudah dipakai")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode verifikasi")

    # With the code from the app, the page asked for opens.
    page.get_by_label("Kode verifikasi").fill(code_from(secret, steps_ahead=1))
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengguna")
