"""In Chromium: the admin imports external JP from an XLSX; a bad row is named by its row,
column and reason and nothing is imported; the fixed file goes in and the person's JP page
shows the entry marked external."""

import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from intan_wpl.models import Role
from learning_records.models import ExternalJp
from learning_records.services.external_jp_import import TEMPLATE_HEADER
from tests.factories import OpdFactory, PegawaiFactory, ProgrammeOpdFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIP = "198609262015051001"


def write(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["REKAP JP DI LUAR PORTAL"])
    sheet.append(TEMPLATE_HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_admin_imports_external_jp_and_reads_the_bad_rows_reason(page, live_server, tmp_path):
    UserFactory(username="admin.jp", full_name="Admin JP", role=Role.ADMIN)
    opd = OpdFactory(name="Dinas Kebudayaan dan Pariwisata", abbreviation="Disbudpar")
    programme_opd = ProgrammeOpdFactory(opd=opd)
    andi = PegawaiFactory(opd=opd, nip=NIP, name="Andi Pratama")
    good = [NIP, "E-learning Manajemen ASN", "LAN (ASN Digital)", "NKL03", "02-06-2025", "04-06-2025", 12, "LAN-17"]
    bad = [NIP, "Bimtek pariwisata", "Kemenparekraf", "KL10", "10-07-2025", "12-07-2025", "dua belas", ""]

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill("admin.jp")
    page.get_by_label("Kata sandi").fill("Rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(live_server.url + reverse("learning_records:jp_overview"))
    page.get_by_role("link", name="JP eksternal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("JP eksternal")
    page.get_by_role("link", name="Impor dari XLSX/CSV").click()
    page.get_by_label("Berkas JP eksternal (XLSX atau CSV)").set_input_files(
        str(write(tmp_path / "jp-salah.xlsx", [good, bad]))
    )
    page.get_by_role("button", name="Unggah dan impor").click()

    # The import runs as a job (issue 12): its page says it failed and names the bad row.
    expect(page).to_have_url(re.compile(r"/tugas/\d+/$"))
    expect(page.locator("#galat-pekerjaan")).to_contain_text("Tidak ada yang diimpor")
    errors = page.locator("#kesalahan-impor")
    expect(errors).to_contain_text("1 kesalahan ditemukan; tidak ada yang diimpor.")
    bad_row = errors.locator("tbody tr")
    expect(bad_row).to_have_count(1)
    expect(bad_row).to_contain_text("4")  # the title row and the header come first
    expect(bad_row).to_contain_text("G (JP)")
    expect(bad_row).to_contain_text("dua belas")
    expect(bad_row).to_contain_text("JP bukan angka.")
    assert not ExternalJp.objects.exists()

    bad[6] = 12
    page.get_by_role("link", name="Kembali").click()
    page.get_by_label("Berkas JP eksternal (XLSX atau CSV)").set_input_files(
        str(write(tmp_path / "jp-benar.xlsx", [good, bad]))
    )
    page.get_by_role("button", name="Unggah dan impor").click()
    expect(page.locator("#job-status")).to_contain_text("Selesai.")
    expect(page.locator("#job-status")).to_contain_text("entri JP eksternal diimpor dan diakui")
    page.get_by_role("link", name="Lihat hasil").click()
    expect(page.locator("#jp-eksternal")).to_contain_text("Bimtek pariwisata")

    page.goto(live_server.url + reverse("learning_records:jp_person", args=[programme_opd.pk, andi.pk]))
    row = page.locator("#riwayat-jp tr", has_text="E-learning Manajemen ASN")
    expect(row).to_contain_text("eksternal")
    expect(row).to_contain_text("Sertifikat LAN-17")
    expect(page.locator("#jp-per-tahun")).to_contain_text("Memenuhi minimal 20 JP")
    assert ExternalJp.objects.filter(end_date=date(2025, 7, 12)).exists()
