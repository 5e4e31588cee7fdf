"""In Chromium at a phone viewport: a Widyaiswara logs a session with participants from the
roster and a photo; text typed into the session form survives a failed submit and a reload."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intan_wpl.models import Role
from learning_needs.models import FieldSession, SessionAttachment
from pilots.models import AssignmentRole
from tests.factories import (
    AssignmentFactory,
    OpdFactory,
    PegawaiFactory,
    ProgrammeOpdFactory,
    UnitKerjaFactory,
    UserFactory,
)
from tests.learning_needs.test_sessions_form import tiny_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-123"
DATE_LABEL = "Tanggal"


@pytest.fixture
def field(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    opd = OpdFactory(name="Dinas Perpustakaan dan Kearsipan", abbreviation="DPK")
    programme_opd = ProgrammeOpdFactory(opd=opd)
    widyaiswara = UserFactory(username="wi.hp", full_name="Widyaiswara Ponsel", role=Role.WIDYAISWARA)
    AssignmentFactory(programme_opd=programme_opd, widyaiswara=widyaiswara, role=AssignmentRole.KETUA)
    unit = UnitKerjaFactory(opd=opd, name="Bidang Layanan Perpustakaan")
    for name in ("Andi Baso Amir", "Besse Tenri Ajeng", "Cokke Daeng Rani"):
        PegawaiFactory(opd=opd, unit=unit, name=name)
    return {"programme_opd": programme_opd, "widyaiswara": widyaiswara}


def sign_in(page, live_server, username, *, next_url=""):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/{'?next=' + next_url if next_url else ''}")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def pick(page, query, name):
    page.get_by_label("Cari pegawai (nama atau NIP)").fill(query)
    page.get_by_role("button", name=f"Tambah {name}").click()
    expect(page.locator("#peserta-terpilih")).to_contain_text(name)


def test_a_widyaiswara_logs_a_session_with_participants_and_a_photo_on_a_phone(page, live_server, field):
    create_url = reverse("learning_needs:session_create", args=[field["programme_opd"].pk])
    sign_in(page, live_server, "wi.hp", next_url=create_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Catat sesi pendampingan")

    page.get_by_label(DATE_LABEL).fill("2025-08-21")
    page.get_by_label("Mulai (WITA)").fill("09:00")
    page.get_by_label("Selesai (WITA)").fill("11:30")
    page.get_by_label("Jenis sesi").select_option("observasi")
    page.get_by_label("Tempat").fill("Ruang layanan sirkulasi")
    page.get_by_label("Topik").fill("Observasi layanan keanggotaan")
    page.get_by_label("Unit kerja").select_option(label="Bidang Layanan Perpustakaan")
    pick(page, "andi", "Andi Baso Amir")
    pick(page, "besse", "Besse Tenri Ajeng")
    expect(page.locator("[data-chosen-count]")).to_have_text("2 pegawai dipilih")
    # Besse came late and left early: not counted as present.
    page.locator("#peserta-terpilih .chosen-participant", has_text="Besse").get_by_label("Hadir").uncheck()
    page.get_by_label("Temuan").fill("Pendaftaran anggota masih manual.")
    page.locator("input[name='tindak-0-action']").fill("Susun SOP keanggotaan digital")
    page.get_by_label("Lampiran (foto, PDF, dokumen)").set_input_files(
        files=[{"name": "foto-sesi.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    page.get_by_role("button", name="Simpan sesi").click()

    expect(page.locator(".alert-success")).to_contain_text("Sesi pendampingan tersimpan.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Observasi layanan keanggotaan")
    expect(page.locator(".participant-list")).to_contain_text("Andi Baso Amir")
    expect(page.locator(".participant-list")).to_contain_text("Besse Tenri Ajeng")
    photo = page.get_by_role("img", name="foto-sesi.png")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") == 1

    session = FieldSession.objects.get()
    assert dict(session.attendance.values_list("pegawai__name", "attended")) == {
        "Andi Baso Amir": True,
        "Besse Tenri Ajeng": False,
    }
    assert SessionAttachment.objects.get().session == session

    page.goto(live_server.url + reverse("learning_needs:session_list", args=[field["programme_opd"].pk]))
    item = page.locator(".session-item", has_text="Observasi layanan keanggotaan")
    expect(item).to_contain_text("Kamis, 21 Agustus 2025")
    expect(item).to_contain_text("1 dari 2 peserta hadir")
    expect(item).to_contain_text("1 lampiran")


def test_typed_text_survives_a_failed_submit_and_a_reload(page, live_server, field):
    create_url = reverse("learning_needs:session_create", args=[field["programme_opd"].pk])
    sign_in(page, live_server, "wi.hp", next_url=create_url)
    expect(page.get_by_text("Draf yang belum tersimpan dipulihkan")).to_be_hidden()
    page.get_by_label(DATE_LABEL).fill("2025-08-22")
    page.get_by_label("Mulai (WITA)").fill("14:00")
    page.get_by_label("Selesai (WITA)").fill("13:00")
    page.get_by_label("Jenis sesi").select_option("wawancara")
    page.get_by_label("Topik").fill("Wawancara arsiparis tentang alih media")
    page.get_by_label("Catatan").fill("Pemindai kedua rusak sejak Mei.")
    pick(page, "cokke", "Cokke Daeng Rani")

    # A failed server save: the error sits at the field and everything typed is still there.
    page.get_by_role("button", name="Simpan sesi").click()
    end_time = page.get_by_label("Selesai (WITA)")
    expect(end_time).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#id_end_time_error, .invalid-feedback").first).to_contain_text(
        "Jam selesai harus setelah jam mulai."
    )
    expect(page.get_by_label("Topik")).to_have_value("Wawancara arsiparis tentang alih media")
    expect(page.get_by_label("Catatan")).to_have_value("Pemindai kedua rusak sejak Mei.")
    expect(page.get_by_label(DATE_LABEL)).to_have_value("2025-08-22")
    expect(page.locator("#peserta-terpilih")).to_contain_text("Cokke Daeng Rani")
    assert not FieldSession.objects.exists()

    # More typing, then the page is opened afresh (a reload, a closed tab, a new login):
    # the browser's draft brings it all back, with a notice.
    page.get_by_label("Temuan").fill("Standar metadata belum dipahami.")
    page.wait_for_timeout(400)
    page.goto(live_server.url + create_url)
    expect(page.get_by_text("Draf yang belum tersimpan dipulihkan")).to_be_visible()
    expect(page.get_by_label("Topik")).to_have_value("Wawancara arsiparis tentang alih media")
    expect(page.get_by_label("Catatan")).to_have_value("Pemindai kedua rusak sejak Mei.")
    expect(page.get_by_label("Temuan")).to_have_value("Standar metadata belum dipahami.")
    expect(page.get_by_label("Mulai (WITA)")).to_have_value("14:00")
    expect(page.locator("#peserta-terpilih")).to_contain_text("Cokke Daeng Rani")

    page.reload()
    expect(page.get_by_label("Topik")).to_have_value("Wawancara arsiparis tentang alih media")

    # Fixed and saved: the draft is cleared, so a new form starts empty.
    page.get_by_label("Selesai (WITA)").fill("15:30")
    page.get_by_role("button", name="Simpan sesi").click()
    expect(page.locator(".alert-success")).to_contain_text("Sesi pendampingan tersimpan.")
    session = FieldSession.objects.get()
    assert session.findings == "Standar metadata belum dipahami."
    assert list(session.participants.values_list("name", flat=True)) == ["Cokke Daeng Rani"]
    page.goto(live_server.url + create_url)
    expect(page.get_by_label("Topik")).to_have_value("")
    expect(page.get_by_text("Draf yang belum tersimpan dipulihkan")).to_be_hidden()


def test_a_draft_survives_an_expired_login(page, live_server, field):
    create_url = reverse("learning_needs:session_create", args=[field["programme_opd"].pk])
    sign_in(page, live_server, "wi.hp", next_url=create_url)
    page.get_by_label("Topik").fill("Coaching SOP layanan")
    page.get_by_label("Catatan").fill("Catatan sebelum sesi login berakhir.")
    page.wait_for_timeout(400)
    # The login expires (the session cookie is gone); saving sends the person to the login page.
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Simpan sesi").click()
    expect(page.get_by_label("Nama pengguna")).to_be_visible()
    page.get_by_label("Nama pengguna").fill("wi.hp")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    # Back on the form, the draft is restored.
    expect(page.get_by_text("Draf yang belum tersimpan dipulihkan")).to_be_visible()
    expect(page.get_by_label("Catatan")).to_have_value("Catatan sebelum sesi login berakhir.")
    assert not FieldSession.objects.exists()
