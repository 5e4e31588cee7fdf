"""In Chromium: the admin imports a roster with bad rows, reads each row's error, uploads the
fixed file, commits, and importing the same file again duplicates nobody."""

import re
import threading
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from intan_wpl.models import Role
from pilots.models import Pegawai, RosterImport, RosterImportStatus
from tests.factories import OpdFactory, PegawaiFactory, UserFactory
from tests.pilots.roster_files import staff_rows, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_ROWS = ["DAFTAR NOMINATIF PEGAWAI", "DINAS PERPUSTAKAAN DAN KEARSIPAN", None]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin():
    return UserFactory(username="admin.impor", full_name="Admin Impor", role=Role.ADMIN)


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("Rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows, title_rows=TITLE_ROWS, merge_title=True))
    return path


def follow_job(page):
    """On the job page (issue 12: the check and the commit run as jobs), wait until the job says
    it is done, then follow its link to the result."""
    expect(page).to_have_url(re.compile(r"/tugas/\d+/$"))
    expect(page.locator("#job-status")).to_contain_text("Selesai.")
    page.get_by_role("link", name="Lihat hasil").click()


def upload(page, path):
    """Upload `path`, follow the job "Periksa roster" and wait for the preview page of this
    upload (not the one already open)."""
    before = page.url
    page.get_by_label("Berkas daftar pegawai (XLSX atau CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    follow_job(page)
    page.wait_for_url(lambda url: url != before and re.search(r"/pegawai/impor/\d+/$", url) is not None)


def commit(page, button="Impor sekarang"):
    """Press the import button, follow the job "Impor roster" and land on its result."""
    page.get_by_role("button", name=button).click()
    expect(page).to_have_url(re.compile(r"/tugas/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Impor roster")
    follow_job(page)


def test_admin_fixes_bad_rows_imports_and_reimports_without_duplicates(page, live_server, admin, tmp_path):
    opd = OpdFactory(name="Dinas Perpustakaan dan Kearsipan", abbreviation="DPK")
    PegawaiFactory(opd=OpdFactory(name="Dinas Asal"), nip=staff_rows(1, start=4)[0][0], name="Pegawai Pindahan")
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))

    good_rows = staff_rows(6)
    bad_rows = [list(row) for row in good_rows]
    bad_rows[1][0] = "1985020220100310"  # 16 digits
    bad_rows[3][0] = bad_rows[3][0][:14] + "3" + bad_rows[3][0][15:]  # gender digit 3
    bad_rows[5][5] = "IX"  # a PPPK golongan on a PNS row
    bad_file = write(tmp_path, "pegawai-dpk.xlsx", bad_rows)
    fixed_file = write(tmp_path, "pegawai-dpk-perbaikan.xlsx", good_rows)

    sign_in(page, live_server, "admin.impor")
    page.goto(f"{live_server.url}/opd/{opd.pk}/")
    page.get_by_role("link", name="Daftar pegawai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar pegawai")
    page.get_by_role("link", name="Impor dari berkas").click()

    # 1. The file with bad rows: every bad row is listed with its row number and message.
    upload(page, bad_file)
    expect(page.get_by_role("heading", name="Berkas ini belum dapat diimpor")).to_be_visible()
    errors = page.locator("#daftar-kesalahan tbody tr")
    expect(errors).to_have_count(3)
    # Three title rows and the header come first: data row 2 is spreadsheet row 6.
    expect(errors.nth(0)).to_contain_text("6")
    expect(errors.nth(0)).to_contain_text("NIP harus 18 digit; yang diisi 16 digit.")
    expect(errors.nth(1)).to_contain_text("8")
    expect(errors.nth(1)).to_contain_text("harus 1 (laki-laki) atau 2 (perempuan), bukan 3")
    expect(errors.nth(2)).to_contain_text("10")
    expect(errors.nth(2)).to_contain_text("Golongan IX adalah golongan PPPK")
    expect(page.get_by_role("button", name="Impor sekarang")).to_have_count(0)
    assert Pegawai.objects.filter(opd=opd).count() == 0

    # 2. The fixed file, uploaded right from the error page: a clean preview, then the commit.
    upload(page, fixed_file)
    expect(page.locator('[data-count="created"]')).to_have_text("5")
    expect(page.locator('[data-count="updated"]')).to_have_text("1")
    expect(page.locator("#daftar-pindahan")).to_contain_text("Dinas Asal")
    expect(page.locator("#waktu-pemeriksaan")).to_contain_text("Diperiksa pada")
    page.get_by_role("button", name="Impor sekarang").click()
    expect(page).to_have_url(re.compile(r"/tugas/\d+/$"))
    expect(page.locator("#job-status")).to_contain_text("Selesai.")
    expect(page.locator("#job-status")).to_contain_text("pegawai baru")
    page.get_by_role("link", name="Lihat hasil").click()
    expect(page.locator("#jumlah-pegawai")).to_contain_text("6 pegawai")
    expect(page.locator("#hasil-pegawai tbody tr")).to_have_count(6)
    expect(page.locator("#hasil-pegawai")).to_contain_text(good_rows[0][1])

    # 3. The same file again: everything unchanged, nobody duplicated.
    page.get_by_role("link", name="Impor dari berkas").click()
    upload(page, fixed_file)
    expect(page.locator('[data-count="unchanged"]')).to_have_text("6")
    commit(page)
    expect(page.locator("#jumlah-pegawai")).to_contain_text("6 pegawai")
    expect(page.locator("#hasil-pegawai tbody tr")).to_have_count(6)

    assert Pegawai.objects.count() == 6
    assert Pegawai.objects.filter(opd=opd).count() == 6
    assert list(RosterImport.objects.order_by("created_at").values_list("status", flat=True)) == [
        RosterImportStatus.REJECTED,
        RosterImportStatus.COMMITTED,
        RosterImportStatus.COMMITTED,
    ]
    assert not problems, problems


def test_a_file_too_large_is_refused_in_the_browser_before_it_is_sent(page, live_server, admin, tmp_path):
    opd = OpdFactory()
    big = tmp_path / "besar.csv"
    big.write_bytes(b"NIP;Nama\n" + b"0" * (11 * 1024 * 1024))
    sign_in(page, live_server, "admin.impor")
    page.goto(live_server.url + reverse("pilots:roster_import", args=[opd.pk]))
    field = page.get_by_label("Berkas daftar pegawai (XLSX atau CSV)")
    field.set_input_files(str(big))
    message = field.evaluate("input => input.validationMessage")
    assert "Berkas terlalu besar" in message
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page).to_have_url(re.compile(r"/pegawai/opd/\d+/impor/$"))
    assert not RosterImport.objects.exists()


def test_the_upload_works_without_javascript(browser, live_server, admin, tmp_path):
    opd = OpdFactory()
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    try:
        sign_in(page, live_server, "admin.impor")
        page.goto(live_server.url + reverse("pilots:roster_import", args=[opd.pk]))
        upload(page, write(tmp_path, "pegawai.xlsx", staff_rows(3)))
        expect(page.locator('[data-count="created"]')).to_have_text("3")
        commit(page)
        expect(page.locator("#jumlah-pegawai")).to_contain_text("3 pegawai")
    finally:
        context.close()
    assert Pegawai.objects.filter(opd=opd).count() == 3


def test_the_upload_shows_its_progress_then_that_the_server_is_checking(
    page, live_server, admin, tmp_path, monkeypatch
):
    from pilots.services import roster_import as service

    opd = OpdFactory()
    real_store = service.roster_import_store
    checking_seen = threading.Event()

    def slow_store(**kwargs):
        checking_seen.wait(timeout=10)  # hold the answer until the page has shown the checking state
        return real_store(**kwargs)

    monkeypatch.setattr(service, "roster_import_store", slow_store)
    sign_in(page, live_server, "admin.impor")
    page.goto(live_server.url + reverse("pilots:roster_import", args=[opd.pk]))
    page.get_by_label("Berkas daftar pegawai (XLSX atau CSV)").set_input_files(
        str(write(tmp_path, "pegawai.xlsx", staff_rows(500)))
    )
    page.get_by_role("button", name="Unggah dan periksa").click()
    form = page.locator("form[data-roster-upload]")
    expect(form).to_have_attribute("data-state", "checking")
    expect(page.locator("[data-upload-status]")).to_contain_text("Memeriksa berkas")
    expect(page.get_by_role("button", name="Unggah dan periksa")).to_be_disabled()
    checking_seen.set()
    follow_job(page)
    expect(page).to_have_url(re.compile(r"/pegawai/impor/\d+/$"))
    expect(page.locator('[data-count="created"]')).to_have_text("500")


def test_four_bad_rows_of_eight_import_the_good_ones_and_come_back_as_xlsx(page, live_server, admin, tmp_path):
    """The Done-when of issue 16: in the mode "import the valid rows" the preview shows every value
    it maps, the four good rows are imported and the four bad ones download with their reasons."""
    opd = OpdFactory(name="Dinas Kelautan dan Perikanan", abbreviation="DKP")
    rows = [list(row) for row in staff_rows(8)]
    rows[1][0] = "1985020220100310"  # 16 digits
    rows[3][1] = ""  # no name
    rows[5][5] = "IX"  # a PPPK golongan on a PNS row
    rows[6][0] = rows[0][0]  # the NIP of another row
    sign_in(page, live_server, "admin.impor")
    page.goto(live_server.url + reverse("pilots:roster_import", args=[opd.pk]))
    page.get_by_label("Impor baris yang benar; kembalikan sisanya sebagai XLSX dengan alasannya").check()
    upload(page, write(tmp_path, "pegawai-dkp.xlsx", rows))
    expect(page.get_by_role("heading", name="Baris yang salah akan dikembalikan")).to_be_visible()
    expect(page.locator("#daftar-kesalahan tbody tr")).to_have_count(4)
    mappings = page.locator("#pemetaan-nilai")
    expect(mappings).to_contain_text("Status")
    expect(mappings).to_contain_text("PNS")
    commit(page, button="Impor 4 baris yang benar")
    expect(page.get_by_role("heading", name="Baris yang tidak diimpor")).to_be_visible()
    assert Pegawai.objects.filter(opd=opd).count() == 4
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh baris yang tidak diimpor (XLSX)").click()
    with open(download_info.value.path(), "rb") as stream:
        sheet = load_workbook(BytesIO(stream.read())).active
    reasons = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(reasons) == 4 and all(reasons)
    assert "NIP harus 18 digit; yang diisi 16 digit." in reasons
    assert "Nama pegawai kosong." in reasons
