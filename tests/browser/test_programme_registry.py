"""In Chromium, the admin's side of the pilot registry: a programme with its decree PDF, an OPD
added to it, a ketua and an anggota assigned, and the decree downloaded back."""

import re

import pytest
from playwright.sync_api import expect

from intan_wpl.models import Role
from pilots.models import Assignment, AssignmentRole, Programme
from tests.factories import OpdFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def registry(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="admin.uji", full_name="Admin BPSDM", role=Role.ADMIN)
    OpdFactory(name="Dinas Perpustakaan dan Kearsipan", abbreviation="DPK")
    UserFactory(username="wi.andi", full_name="Dr. Andi Muhammad Yusuf, M.Si.", role=Role.WIDYAISWARA)
    UserFactory(username="wi.sitti", full_name="Sitti Aisyah Mappaware, M.Pd.", role=Role.WIDYAISWARA)


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("Rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name=re.compile("Admin BPSDM"))).to_be_visible()


def assign(page, name, role, letter):
    page.get_by_role("link", name="Tugaskan Widyaiswara").click()
    page.get_by_label("Widyaiswara").select_option(label=name)
    page.get_by_label("Peran dalam tim").select_option(label=role)
    page.get_by_label("Nomor surat tugas").fill(letter)
    page.get_by_label("Tanggal surat tugas").fill("2025-06-30")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text(name)


def test_admin_registers_a_programme_with_decree_opd_and_team(page, live_server, registry):
    sign_in(page, live_server, "admin.uji")

    # A programme with its Keputusan Gubernur.
    page.get_by_role("link", name="Program", exact=True).click()
    page.get_by_role("link", name="Tambah program").click()
    page.get_by_label("Nama program").fill("Pilot INTAN-WPL 2025")
    page.get_by_label("Tanggal mulai").fill("2025-07-01")
    page.get_by_label("Tanggal selesai").fill("2025-09-30")
    page.get_by_label("Status").select_option(label="Berjalan")
    page.get_by_label("Nomor Keputusan Gubernur").fill("1245/VI/Tahun 2025")
    page.get_by_label("Tanggal Keputusan Gubernur").fill("2025-06-23")
    page.get_by_label("Berkas SK (PDF)").set_input_files(
        {"name": "SK Gubernur.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilot INTAN-WPL 2025")
    expect(page.locator("main")).to_contain_text("1245/VI/Tahun 2025")
    expect(page.locator("main")).to_contain_text("23 Juni 2025")

    # Name an OPD in it: it shows up flagged until it has a ketua.
    page.get_by_role("link", name="Tambah OPD").click()
    page.get_by_label(re.compile("Dinas Perpustakaan dan Kearsipan")).check()
    page.get_by_role("button", name="Tambahkan").click()
    expect(page.locator("table")).to_contain_text("Dinas Perpustakaan dan Kearsipan")
    expect(page.locator("table")).to_contain_text("Belum ada ketua tim")
    expect(page.locator(".alert-warning")).to_contain_text("1 OPD aktif belum memiliki ketua tim")

    # Its team: a ketua and an anggota.
    page.locator("table").get_by_role("link", name="Dinas Perpustakaan dan Kearsipan").click()
    expect(page.locator(".alert-warning")).to_contain_text("Belum ada ketua tim.")
    assign(page, "Dr. Andi Muhammad Yusuf, M.Si.", "Ketua tim", "800.1.11.1/2101/BPSDM")
    assign(page, "Sitti Aisyah Mappaware, M.Pd.", "Anggota", "800.1.11.1/2102/BPSDM")
    team = page.locator("table tbody tr")
    expect(team).to_have_count(2)
    expect(team.nth(0)).to_contain_text("Dr. Andi Muhammad Yusuf, M.Si.")
    expect(team.nth(0)).to_contain_text("Ketua tim")
    expect(team.nth(1)).to_contain_text("Sitti Aisyah Mappaware, M.Pd.")
    expect(team.nth(1)).to_contain_text("Anggota")
    expect(page.locator(".alert-warning")).to_have_count(0)

    programme = Programme.objects.get(name="Pilot INTAN-WPL 2025")
    assert dict(
        Assignment.objects.filter(programme_opd__programme=programme).values_list("widyaiswara__username", "role")
    ) == {"wi.andi": AssignmentRole.KETUA, "wi.sitti": AssignmentRole.ANGGOTA}

    # Back on the programme, the ketua is shown and the decree downloads.
    page.get_by_role("link", name="Pilot INTAN-WPL 2025").click()
    row = page.locator("table tbody tr", has_text="Dinas Perpustakaan dan Kearsipan")
    expect(row).to_contain_text("Dr. Andi Muhammad Yusuf, M.Si.")
    expect(row).to_contain_text("2")
    expect(row).to_contain_text("Persiapan")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh SK (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "SK-1245-vi-tahun-2025.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == PDF_BYTES
