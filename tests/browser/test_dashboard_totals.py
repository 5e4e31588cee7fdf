"""In Chromium, with a broker set: the admin opens the dashboard before any worker has computed
the province totals, reads the per-OPD rows, and sees the totals and charts appear by themselves
once a worker has stored them (issue 12: no web request computes work that grows with the
province)."""

import pytest
from playwright.sync_api import expect

from insights.services.dashboard import REFRESH_TASK, dashboard_totals_refresh
from tests.browser.test_dashboard import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_totals_arrive_after_the_page_and_swap_in(page, live_server, demo, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr("intan_wpl.services.jobs.current_app.send_task", lambda name, args: sent.append((name, args)))
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/dasbor/?year=2025")
    pending = page.get_by_role("status").filter(has_text="Angka total sedang dihitung")
    expect(pending).to_be_visible()
    expect(page.locator('[data-summary="opd"]')).to_have_count(0)
    expect(page.get_by_role("rowheader", name="Dinas Kelautan dan Perikanan").first).to_be_visible()
    assert [name for name, _args in sent] == [REFRESH_TASK]

    # A worker computes the totals; the page, polling, swaps them in without a reload.
    name, (user_id, params) = sent.pop()
    dashboard_totals_refresh(user_id=user_id, params=params)
    expect(page.locator('[data-summary="opd"]')).to_have_text("5")
    expect(pending).to_have_count(0)
    expect(page.locator("[data-totals-computed-at]")).to_contain_text("Angka total dihitung")
    # Charts are drawn when they come on screen, as on a page that had its totals from the start.
    page.locator('canvas[data-chart="stages"]').scroll_into_view_if_needed()
    expect(page.locator('canvas[data-chart="stages"][data-drawn="true"]')).to_have_count(1)
