"""The Done-when story of issue 14 in Chromium on a phone viewport: a Pegawai activates their
account with a code, sees 0 of 20 JP, records a coaching session with evidence; their atasan
langsung validates it; the Pegawai sees the JP, and it is in the SIASN export and in the OPD's
realised 70:20:10 on the dashboard."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from intan_wpl.models import Role
from pilots.models import Pegawai
from pilots.services.accounts import activations_issue
from tests.factories import OpdFactory, PegawaiFactory, ProgrammeOpdFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Belajar-Di-Kantor-2026"


def sign_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def open_menu_item(page, name):
    page.get_by_role("button", name="Buka menu").click()
    page.get_by_role("link", name=name).click()


def test_a_pegawai_earns_jp_for_coaching_validated_by_their_supervisor(
    browser, browser_context_args, phone_context_args, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(username="admin.wpl", full_name="Admin BPSDM", role=Role.ADMIN)
    opd = OpdFactory(name="Dinas Perpustakaan dan Kearsipan", abbreviation="DPK")
    ProgrammeOpdFactory(opd=opd)
    boss = PegawaiFactory(opd=opd, name="Andi Kepala Bidang")
    boss.account = UserFactory(username=boss.nip, role=Role.PEGAWAI, full_name=boss.name, password=PASSWORD)
    boss.save(update_fields=["account"])
    siti = PegawaiFactory(opd=opd, name="Siti Aminah", supervisor=boss)
    issued, _skipped = activations_issue(actor=admin, opd=opd, staff=Pegawai.objects.filter(pk=siti.pk))
    code = issued[0].code_display
    evidence = tmp_path / "catatan-coaching.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% catatan coaching bersama atasan\n")

    phone = browser.new_context(**browser_context_args, **phone_context_args)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    # Activation with NIP and the one-time code (as typed from the printed sheet).
    page.goto(live_server.url + reverse("pilots:account_activate"))
    page.get_by_label("NIP").fill(siti.nip)
    page.get_by_label("Kode aktivasi").fill(code.lower())
    page.locator("#id_password1").fill(PASSWORD)  # "Ulangi kata sandi baru" holds the same words
    page.get_by_label("Ulangi kata sandi baru").fill(PASSWORD)
    page.get_by_role("button", name="Aktifkan akun").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pembelajaran Saya")
    expect(page.locator("[data-jp-capaian]")).to_have_text("0 dari 20 JP")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # A coaching session with its evidence, sent to the atasan langsung.
    open_menu_item(page, "Jurnal Belajar")
    page.get_by_role("link", name="Catat pembelajaran").click()
    page.get_by_label("Jenis pembelajaran").select_option(label="NKL01 Coaching")
    page.get_by_label("Apa yang dilakukan").fill("Coaching menyusun telaahan staf")
    page.get_by_label("Tanggal").fill(timezone.localdate().isoformat())
    page.get_by_label("Lama (jam)").fill("1.5")
    page.get_by_label("Apa yang dipelajari").fill("Struktur telaahan staf dan cara menulis saran tindak.")
    page.get_by_label("Bukti (PDF atau foto)").set_input_files(str(evidence))
    page.get_by_role("button", name="Kirim ke atasan").click()
    entry = page.locator("#jurnal li").first
    expect(entry).to_contain_text("Coaching menyusun telaahan staf")
    expect(entry.locator("[data-status]")).to_have_text("Menunggu validasi")

    # The supervisor validates it from their queue, on their own phone.
    boss_page = browser.new_context(**browser_context_args, **phone_context_args).new_page()
    boss_page.set_default_timeout(10_000)
    sign_in(boss_page, live_server.url, boss.nip, PASSWORD)
    open_menu_item(boss_page, "Validasi Jurnal")
    boss_page.get_by_role("link", name="Coaching menyusun telaahan staf").click()
    expect(boss_page.get_by_role("link", name="catatan-coaching.pdf")).to_be_visible()
    boss_page.get_by_label("Validasi (JP diakui)").check()
    boss_page.get_by_role("button", name="Simpan keputusan").click()
    expect(boss_page.locator(".alert-success")).to_contain_text("Siti Aminah")
    expect(boss_page.get_by_text("Tidak ada catatan yang menunggu validasi Anda.")).to_be_visible()

    # 90 minutes of coaching at 45 minutes per JP: 2 JP, on the person's own page.
    page.goto(live_server.url + reverse("learning_records:my_learning"))
    expect(page.locator("[data-jp-capaian]")).to_have_text("2 dari 20 JP")
    expect(page.locator("#riwayat-jp")).to_contain_text("Coaching menyusun telaahan staf")
    expect(page.locator("#riwayat-jp")).to_contain_text("Jurnal")

    # The admin: the SIASN export carries the row, and the dashboard counts it as social learning.
    admin_page = browser.new_context(**browser_context_args).new_page()
    admin_page.set_default_timeout(20_000)
    sign_in(admin_page, live_server.url, "admin.wpl", "Rahasia-123")
    year = timezone.localdate().year
    # The province-wide export is a background job: its page says "Selesai", then the file.
    admin_page.goto(live_server.url + reverse("learning_records:jp_overview") + f"?tahun={year}")
    admin_page.get_by_role("button", name="JSON").click()
    expect(admin_page.locator("#job-status")).to_contain_text("Selesai")
    with admin_page.expect_download() as download_info:
        admin_page.get_by_role("link", name=f"Unduh jp-siasn-semua-opd-{year}.json").click()
    rows = json.loads(Path(download_info.value.path()).read_bytes())
    assert [(row["nip"], row["jumlah_jam"], row["sumber"]) for row in rows] == [(siti.nip, 2, "jurnal")]
    admin_page.goto(live_server.url + reverse("insights:dashboard") + f"?year={year}")
    realised = admin_page.locator(f'tr[data-opd="{opd.name}"] [data-figure="realised-mix"]').first
    expect(realised).to_have_text("0:100:0")
