"""In Chromium (issue 12, Done when): an admin starts the data pack, sees it wait in the queue,
leaves the page, a real Celery worker (in a thread, on an in-memory broker) builds it, the admin
comes back through "Pekerjaan latar", sees the progress bar full and downloads the file; the job
and its file are refused to a Kepala OPD."""

import threading
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core.cache import cache
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from demo.builders.registry import DEMO_PASSWORD
from intan_wpl.celery import app
from intan_wpl.models import Job, JobState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    cache.clear()
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


@pytest.fixture
def queue(settings):
    """A broker instead of in-process tasks: jobs wait until a worker takes them."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    before = app.conf.broker_url
    app.conf.broker_url = "memory://"
    yield
    app.conf.broker_url = before


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_admin_starts_the_data_pack_leaves_comes_back_and_downloads_it(page, live_server, demo, queue, tmp_path):
    sign_in(page, live_server, "admin.bpsdm")
    page.goto(f"{live_server.url}/dasbor/paket-data/")
    page.get_by_role("button", name="Unduh paket data (XLSX)").click()
    status = page.locator("#job-status")
    expect(status).to_contain_text("Menunggu")
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "0")
    job = Job.objects.get()
    assert job.state == JobState.QUEUED and job.owner.username == "admin.bpsdm"

    page.goto(f"{live_server.url}/")  # leaves the page
    # The worker runs while no page is open: SQLite's shared in-memory test database locks whole
    # tables, so a page read during the worker's write would fail here (not with PostgreSQL or a
    # file database in production).
    finished = threading.Event()
    task_postrun.connect(lambda **kwargs: finished.set(), weak=False, dispatch_uid="data-pack-job-test")
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            assert finished.wait(timeout=60), "the worker did not run the job"
    finally:
        task_postrun.disconnect(dispatch_uid="data-pack-job-test")

    page.get_by_role("button", name="Admin BPSDM").click()
    page.get_by_role("link", name="Pekerjaan latar").click()
    page.get_by_role("link", name=job.label).click()
    expect(status).to_contain_text("Selesai")
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "100")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Unduh {Job.objects.get().result_name}").click()
    target = Path(tmp_path) / download_info.value.suggested_filename
    download_info.value.save_as(target)
    assert load_workbook(target, read_only=True).sheetnames[0] == "Ringkasan"

    kepala = page.context.browser.new_context()
    other = kepala.new_page()
    sign_in(other, live_server, "kepala.dkp")
    assert other.goto(f"{live_server.url}/tugas/{job.pk}/").status == 404
    assert other.goto(f"{live_server.url}/tugas/{job.pk}/unduh/").status == 404
    kepala.close()
