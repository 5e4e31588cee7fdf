"""In Chromium: the owner watches a background job's progress bar move and the download appear
without reloading the page (htmx polling), and nobody else can open the job."""

import pytest
from playwright.sync_api import expect

from intan_wpl.models import Job, JobState, Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-123"  # tests/factories.py


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_progress_bar_follows_the_job_until_it_ends(page, live_server):
    owner = UserFactory(role=Role.WIDYAISWARA, username="wi.uji")
    job = Job.objects.create(owner=owner, kind="uji", label="Pekerjaan uji", state=JobState.QUEUED)
    sign_in(page, live_server, "wi.uji")
    page.goto(f"{live_server.url}/tugas/{job.pk}/")
    expect(page.locator("#job-status")).to_contain_text("Menunggu")

    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, progress=45, step="Lembar Sesi ditulis")
    expect(page.locator("#job-status")).to_contain_text("45% selesai. Lembar Sesi ditulis")
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "45")

    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error="Program yang dipilih sudah tidak ada.")
    expect(page.locator("#job-status")).to_contain_text("Program yang dipilih sudah tidak ada.")
    assert page.url.endswith(f"/tugas/{job.pk}/")

    UserFactory(role=Role.WIDYAISWARA, username="wi.lain")
    context = page.context.browser.new_context()
    other_page = context.new_page()
    sign_in(other_page, live_server, "wi.lain")
    response = other_page.goto(f"{live_server.url}/tugas/{job.pk}/")
    assert response.status == 404
    context.close()
