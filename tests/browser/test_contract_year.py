"""In Chromium: a PPPK whose perjanjian kerja runs from 1 April has JP counted April to March and
capped at 24 JP, the page says why, while the SIASN export of the year carries every hour
attended with one certificate number per person."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from intan_wpl.models import Role
from pilots.domain import EmploymentType
from tests.factories import OpdFactory, PegawaiFactory, ProgrammeOpdFactory, UserFactory, approved_activity, realise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contract_year():
    admin = UserFactory(username="admin.jp", full_name="Admin JP", role=Role.ADMIN)
    opd = OpdFactory(name="Dinas Kelautan dan Perikanan", abbreviation="DKP")
    programme_opd = ProgrammeOpdFactory(opd=opd)
    nur = PegawaiFactory(
        opd=opd,
        name="Nur Aisyah Kontrak",
        nip="198807112022131003",
        employment_type=EmploymentType.PPPK,
        golongan="IX",
        contract_start=date(2025, 4, 1),
        contract_end=date(2030, 3, 31),
    )
    rahman = PegawaiFactory(opd=opd, name="Rahman Tetap", nip="198609262015051001")
    for title, jp, day, people in (
        ("Bimtek pengawasan perikanan", 16, date(2025, 6, 10), [nur, rahman]),
        ("Pelatihan sertifikasi mutu hasil perikanan", 12, date(2026, 2, 2), [nur, rahman]),
        ("Coaching pendataan nelayan", 10, date(2026, 5, 5), [nur]),
    ):
        activity = approved_activity(programme_opd, jp=jp, title=title)
        realise(activity, people, recorded_by=admin, start_date=day)
    return {"programme_opd": programme_opd, "nur": nur}


def test_pppk_counts_april_to_march_capped_while_the_export_keeps_every_hour(page, live_server, contract_year):
    programme_opd, nur = contract_year["programme_opd"], contract_year["nur"]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill("admin.jp")
    page.get_by_label("Kata sandi").fill("Rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(live_server.url + reverse("learning_records:jp_ledger", args=[programme_opd.pk]) + "?tahun=2025")
    expect(page.get_by_role("heading", level=1)).to_have_text("Buku JP tahun 2025")
    nur_row = page.locator("#buku-jp tr", has_text="Nur Aisyah Kontrak")
    # June 2025 and February 2026 share the contract year 1 April 2025 - 31 March 2026: 28 attended, 24 counted.
    expect(nur_row.locator(".jp-total")).to_have_text("24")
    nur_row.get_by_role("link", name="Nur Aisyah Kontrak").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nur Aisyah Kontrak")
    expect(page.locator("#aturan-jp")).to_contain_text("JP dihitung per tahun perjanjian kerja, mulai 01-04-2025")
    first_year = page.locator("#jp-per-tahun tr", has_text="Tahun perjanjian kerja 01-04-2025 s.d. 31-03-2026")
    expect(first_year).to_contain_text("28")
    expect(first_year).to_contain_text("Batas 24 JP tercapai")
    expect(first_year).to_contain_text("4 JP di atas batas tidak diakui")
    next_year = page.locator("#jp-per-tahun tr", has_text="Tahun perjanjian kerja 01-04-2026 s.d. 31-03-2027")
    expect(next_year).to_contain_text("10")
    cut = page.locator("#riwayat-jp tr", has_text="Pelatihan sertifikasi mutu hasil perikanan")
    expect(cut).to_contain_text("Sebelum kegiatan ini sudah 16 JP diakui pada periode ini; batas PPPK 24 JP.")

    # The SIASN export of 2026 (the calendar year the courses ended) carries the hours attended.
    page.goto(live_server.url + reverse("learning_records:jp_ledger", args=[programme_opd.pk]) + "?tahun=2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Buku JP tahun 2026")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh XLSX").click()
    sheet = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    nur_rows = sorted((r["nama_kursus"], r["jumlah_jam"]) for r in rows if r["nip"] == nur.nip)
    assert nur_rows == [("Coaching pendataan nelayan", 10), ("Pelatihan sertifikasi mutu hasil perikanan", 12)]
    numbers = [r["nomor_sertifikat"] for r in rows]
    assert len(rows) == 3 and all(numbers) and len(set(numbers)) == 3  # one number per person and activity
