"""In Chromium: a Widyaiswara records the realisation of an activity of an approved plan, ticks
the attendance (finding one more colleague of the OPD by search), sees the JP credited in the
ledger and downloads the SIASN CSV export with the right header."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intan_wpl.models import ExportLog, Role
from learning_records.models import JpCredit, Realisation
from pilots.models import AssignmentRole
from tests.factories import (
    AssignmentFactory,
    OpdFactory,
    PegawaiFactory,
    ProgrammeOpdFactory,
    UserFactory,
    approved_activity,
    development_form,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-123"
HEADER = (
    "nip,nama,jenis_diklat_id,nama_kursus,penyelenggara,nomor_sertifikat,"
    "tanggal_mulai,tanggal_selesai,tahun,jumlah_jam,sumber"
)


@pytest.fixture
def pilot():
    opd = OpdFactory(name="Dinas Perpustakaan dan Kearsipan", abbreviation="DPK")
    programme_opd = ProgrammeOpdFactory(opd=opd)
    widyaiswara = UserFactory(username="wi.andi", full_name="Dr. Andi Muhammad Yusuf", role=Role.WIDYAISWARA)
    AssignmentFactory(programme_opd=programme_opd, widyaiswara=widyaiswara, role=AssignmentRole.KETUA)
    sitti = PegawaiFactory(opd=opd, name="Sitti Rahmawati Latief", nip="198609262015052001")
    irwan = PegawaiFactory(opd=opd, name="Irwan Pananrangi", nip="199001012015031002")
    nurul = PegawaiFactory(opd=opd, name="Nurul Hikmah", nip="199203152018012003")
    PegawaiFactory(opd=OpdFactory(name="Dinas Lain"), name="Nurul Tetangga", nip="199203152018012004")
    activity = approved_activity(
        programme_opd,
        form_code="KL10",
        jp=8,
        participants=[sitti, irwan],
        title="Bimtek pengelolaan arsip digital",
        start_date=date(2025, 8, 4),
        end_date=date(2025, 8, 5),
    )
    return {"programme_opd": programme_opd, "activity": activity, "people": (sitti, irwan, nurul)}


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_widyaiswara_records_realisation_and_exports_the_jp(page, live_server, pilot):
    programme_opd = pilot["programme_opd"]
    sitti, irwan, nurul = pilot["people"]
    sign_in(page, live_server, "wi.andi")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(live_server.url + reverse("learning_records:realisation_list", args=[programme_opd.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Realisasi rencana pembelajaran")
    page.get_by_role("link", name="Catat realisasi").click()

    expect(page.get_by_label("Tanggal mulai")).to_have_value("2025-08-04")
    expect(page.get_by_label("Tanggal selesai")).to_have_value("2025-08-05")
    page.get_by_label("Nomor sertifikat").fill("800/BIMTEK-ARSIP/2025")
    # Planned participants come ticked; Irwan did not come.
    expect(page.get_by_label("Sitti Rahmawati Latief")).to_be_checked()
    page.get_by_label("Irwan Pananrangi").uncheck()
    # Nurul was not planned: find her among the OPD's staff (not her namesake elsewhere).
    page.get_by_label("Cari pegawai OPD ini").fill("Nurul")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.get_by_label("Nurul Hikmah")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Nurul Tetangga")
    # What was typed survives the search.
    expect(page.get_by_label("Nomor sertifikat")).to_have_value("800/BIMTEK-ARSIP/2025")
    expect(page.get_by_label("Irwan Pananrangi")).not_to_be_checked()
    page.get_by_label("Nurul Hikmah").check()
    page.get_by_role("button", name="Simpan realisasi dan akui JP").click()

    expect(page.locator(".alert-success")).to_contain_text("2 pegawai mendapat 8 JP")
    expect(page.locator("#jp-diakui")).to_contain_text("Sitti Rahmawati Latief")
    expect(page.locator("#jp-diakui")).to_contain_text("Nurul Hikmah")
    expect(page.locator("#jp-diakui")).not_to_contain_text("Irwan Pananrangi")
    assert Realisation.objects.get().certificate_number == "800/BIMTEK-ARSIP/2025"
    assert set(JpCredit.objects.values_list("pegawai_id", flat=True)) == {sitti.pk, nurul.pk}

    # The ledger of the year shows the credit against the 20 JP minimum.
    page.get_by_role("link", name="Realisasi").first.click()
    page.get_by_role("link", name="Jam Pelajaran", exact=True).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buku JP tahun 2025")
    sitti_row = page.locator("#buku-jp tr", has_text="Sitti Rahmawati Latief")
    expect(sitti_row.locator(".jp-total")).to_have_text("8")
    expect(sitti_row).to_contain_text("Kurang 12 JP")
    irwan_row = page.locator("#buku-jp tr", has_text="Irwan Pananrangi")
    expect(irwan_row.locator(".jp-total")).to_have_text("0")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh CSV").click()
    download = download_info.value
    assert download.suggested_filename == "jp-siasn-dpk-2025.csv"
    lines = Path(download.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 3
    assert any(line.startswith("198609262015052001,Sitti Rahmawati Latief,8,") for line in lines)
    assert all(",04-08-2025,05-08-2025,2025,8,portal" in line for line in lines[1:])
    assert ExportLog.objects.get().row_count == 2


def test_the_jp_an_attendee_earns_is_shown_before_saving(page, live_server, pilot):
    """A per-activity form keeps the planned JP and says what the duration would have given; a
    form counted by duration follows the minutes typed."""
    sign_in(page, live_server, "wi.andi")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    activity = pilot["activity"]
    page.goto(live_server.url + reverse("learning_records:realisation_record", args=[activity.pk]))
    preview = page.locator(".jp-preview")
    expect(preview).to_contain_text("8 JP sesuai rencana")
    page.get_by_label("Durasi (menit)").fill("900")
    expect(preview).to_contain_text("Durasi 900 menit setara 20 JP menurut tabel JP")
    expect(preview).to_contain_text("8 JP sesuai rencana")

    by_duration = approved_activity(
        pilot["programme_opd"], form_code="NKL01", jp=4, participants=list(pilot["people"][:1]),
        start_date=date(2025, 8, 6), end_date=date(2025, 8, 6),
    )  # fmt: skip
    assert by_duration.form == development_form("NKL01")
    by_duration.form.jp_rule = "by_duration"
    by_duration.form.save()
    page.goto(live_server.url + reverse("learning_records:realisation_record", args=[by_duration.pk]))
    expect(page.locator(".jp-preview")).to_contain_text("Isi durasi")
    page.get_by_label("Durasi (menit)").fill("70")
    expect(page.locator(".jp-preview")).to_contain_text("mendapat 1,5 JP: 70 menit ÷ 45 menit per JP")
