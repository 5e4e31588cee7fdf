"""In Chromium (issue 12): the admin starts the full dashboard report and the PDF batch of plans in
force from their pages, follows each job page until it says "Selesai" and downloads the file."""

import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intan_wpl.models import Role
from tests.factories import OpdFactory, ProgrammeOpdFactory, UserFactory, approved_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("Rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def download(page, link_name, target_dir):
    expect(page.locator("#job-status")).to_contain_text("Selesai")
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    target = Path(target_dir) / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_admin_downloads_the_full_report_and_the_plan_pdfs(page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    UserFactory(username="admin.laporan", full_name="Admin Laporan", role=Role.ADMIN)
    for name in ("Dinas Arsip Uji", "Badan Pendapatan Uji"):
        approved_activity(ProgrammeOpdFactory(opd=OpdFactory(name=name)), title=f"Coaching {name}")
    sign_in(page, live_server.url, "admin.laporan")

    page.goto(live_server.url + reverse("insights:dashboard_report"))
    page.get_by_role("button", name="Buat laporan lengkap").click()
    report = download(page, "Unduh laporan-dasbor", tmp_path).read_text(encoding="utf-8")
    assert "Dinas Arsip Uji" in report and "Badan Pendapatan Uji" in report

    page.goto(live_server.url + reverse("learning_plans:plan_list"))
    page.get_by_role("button", name="Buat PDF (ZIP)").click()
    archive = zipfile.ZipFile(download(page, "Unduh rencana-berlaku-semua-program.zip", tmp_path))
    assert sorted(archive.namelist()) == ["badan-pendapatan-uji-v1.pdf", "dinas-arsip-uji-v1.pdf"]
