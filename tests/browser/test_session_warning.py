"""In Chromium: before the idle timeout ends a session, the page warns, and "Tetap masuk" keeps
the session (issue 13, item 2: a warning before the idle timeout drops typed work)."""

import pytest
from playwright.sync_api import expect

from intan_wpl.models import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_idle_warning_appears_and_keeps_the_session(page, live_server, settings):
    settings.SESSION_COOKIE_AGE = 40
    settings.SESSION_IDLE_WARNING_SECONDS = 33
    UserFactory(username="wi.andi", full_name="Andi", role=Role.WIDYAISWARA)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill("wi.andi")
    page.get_by_label("Kata sandi").fill("Rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("OPD Dampingan Saya")

    warning = page.get_by_role("alertdialog")
    expect(warning).to_contain_text("Sesi Anda akan berakhir", timeout=20_000)
    warning.get_by_role("button", name="Tetap masuk").click()
    expect(warning).to_be_hidden()
    # The session is still there: a page opens without the login form.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("OPD Dampingan Saya")
