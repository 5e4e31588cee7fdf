"""In Chromium with the network switched off: a Widyaiswara records a session with three
participants and a photo, reloads the page and sees it waiting on the device; when the network
returns it is sent and saved once. Signing out warns of unsent work and clears the device."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intan_wpl.models import Role
from learning_needs.models import FieldSession, SessionAttachment
from pilots.models import AssignmentRole
from tests.factories import AssignmentFactory, OpdFactory, PegawaiFactory, ProgrammeOpdFactory, UserFactory
from tests.learning_needs.test_sessions_form import tiny_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-123"
NAMES = ("Andi Baso Amir", "Besse Tenri Ajeng", "Cokke Daeng Rani")

DEVICE_HOLDS_PAGE = """async (path) => {
    const hit = await caches.match(new URL(path, location.href).href, {ignoreVary: true});
    return !!hit;
}"""
QUEUE_SIZE = "async () => (await window.IntanOffline.queueAll()).length"


@pytest.fixture
def field(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.INTAN_WPL = {**settings.INTAN_WPL, "OFFLINE_APP": True}
    opd = OpdFactory(name="Dinas Perpustakaan dan Kearsipan", abbreviation="DPK")
    programme_opd = ProgrammeOpdFactory(opd=opd)
    widyaiswara = UserFactory(username="wi.luring", full_name="Widyaiswara Luring", role=Role.WIDYAISWARA)
    widyaiswara.set_password(PASSWORD)
    widyaiswara.save()
    AssignmentFactory(programme_opd=programme_opd, widyaiswara=widyaiswara, role=AssignmentRole.KETUA)
    for name in NAMES:
        PegawaiFactory(opd=opd, name=name)
    return {"programme_opd": programme_opd, "create": reverse("learning_needs:session_create", args=[programme_opd.pk])}


def sign_in_and_prepare_device(page, live_server, field, *, width=390):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/?next={field['create']}")
    page.get_by_label("Nama pengguna").fill("wi.luring")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Catat sesi pendampingan")
    # The service worker takes over and keeps the form and the staff list on the device.
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1", timeout=30_000)
    roster = reverse("learning_needs:participant_roster", args=[field["programme_opd"].pk])
    assert page.evaluate(DEVICE_HOLDS_PAGE, field["create"]) is True
    assert page.evaluate(DEVICE_HOLDS_PAGE, roster) is True


def fill_session(page, topic):
    page.get_by_label("Tanggal").fill("2025-08-21")
    page.get_by_label("Mulai (WITA)").fill("09:00")
    page.get_by_label("Selesai (WITA)").fill("11:00")
    page.get_by_label("Jenis sesi").select_option("observasi")
    page.get_by_label("Topik").fill(topic)
    for name in NAMES:
        page.get_by_label("Cari pegawai (nama atau NIP)").fill(name.split()[0].lower())
        page.get_by_role("button", name=f"Tambah {name}").click()
        expect(page.locator("#peserta-terpilih")).to_contain_text(name)
    expect(page.locator("[data-chosen-count]")).to_have_text("3 pegawai dipilih")


def test_a_session_recorded_without_signal_waits_on_the_device_and_is_saved_once(page, live_server, field):
    sign_in_and_prepare_device(page, live_server, field)
    page.context.set_offline(True)
    fill_session(page, "Observasi layanan tanpa sinyal")
    page.get_by_label("Lampiran (foto, PDF, dokumen)").set_input_files(
        files=[{"name": "foto-lapangan.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    page.get_by_role("button", name="Simpan sesi").click()

    queue = page.locator("[data-offline-queue-panel]")
    expect(page.locator("#offline-status")).to_contain_text("menunggu dikirim")
    expect(queue).to_contain_text("Observasi layanan tanpa sinyal")
    expect(queue).to_contain_text("Menunggu dikirim")
    expect(queue).to_contain_text("3 peserta · 1 lampiran")
    expect(page.get_by_label("Topik")).to_have_value("")  # the form starts afresh
    assert not FieldSession.objects.exists()

    # Reloaded without signal: the page comes from the device, and the session still waits.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Catat sesi pendampingan")
    expect(queue).to_contain_text("Observasi layanan tanpa sinyal")
    expect(queue).to_contain_text("Menunggu dikirim")
    assert not FieldSession.objects.exists()

    # The connection returns: the queue is sent, once.
    page.context.set_offline(False)
    expect(queue.locator(".queued-sent")).to_contain_text("Observasi layanan tanpa sinyal")
    expect(queue.locator(".queued-sent")).to_contain_text("Terkirim")
    assert page.evaluate(QUEUE_SIZE) == 0
    session = FieldSession.objects.get()
    assert session.topic == "Observasi layanan tanpa sinyal"
    assert sorted(session.participants.values_list("name", flat=True)) == sorted(NAMES)
    assert SessionAttachment.objects.get().session == session

    # Opening the portal again sends nothing twice.
    page.goto(live_server.url + reverse("learning_needs:my_sessions"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sesi pendampingan saya")
    expect(page.locator(".session-item", has_text="Observasi layanan tanpa sinyal")).to_have_count(1)
    assert FieldSession.objects.count() == 1


def test_refused_queued_session_shows_why_and_signing_out_warns_then_clears_the_device(page, live_server, field):
    sign_in_and_prepare_device(page, live_server, field, width=1280)
    page.context.set_offline(True)
    fill_session(page, "Sesi dengan jam terbalik")
    page.get_by_label("Selesai (WITA)").fill("08:00")  # before the start: the server will refuse it
    page.get_by_role("button", name="Simpan sesi").click()
    queue = page.locator("[data-offline-queue-panel]")
    expect(queue).to_contain_text("Menunggu dikirim")
    page.get_by_label("Catatan").fill("Draf yang belum disimpan")  # a draft besides the queue
    expect(page.locator("[data-role=draft-status]")).to_have_text("Draf tersimpan di perangkat ini")

    def sign_out(accept):
        # The "Keluar" button of the user menu (the menu itself is Bootstrap's, tested elsewhere).
        with page.expect_event("dialog") as shown:
            page.locator("form[data-logout]").evaluate("form => form.requestSubmit()")
        dialog = shown.value
        message = dialog.message
        dialog.accept() if accept else dialog.dismiss()
        return message

    # Cancelled: nothing is lost.
    assert "1 sesi yang belum terkirim dan 1 draf" in sign_out(accept=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Catat sesi pendampingan")
    assert page.evaluate(QUEUE_SIZE) == 1

    # The connection returns: the server refuses the session, and the device shows why.
    page.context.set_offline(False)
    expect(queue).to_contain_text("Perlu diperbaiki")
    expect(queue).to_contain_text("Jam selesai harus setelah jam mulai.")
    expect(queue.get_by_role("button", name="Buka di formulir")).to_be_visible()
    assert not FieldSession.objects.exists()

    # Still unsent: signing out warns again; confirmed, the device forgets the queue, drafts and pages.
    assert "1 sesi yang belum terkirim" in sign_out(accept=True)
    expect(page.get_by_label("Nama pengguna")).to_be_visible()
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('intan-wpl:')).length") == 0
    assert page.evaluate("async () => (await caches.keys()).filter((k) => k.startsWith('intan-wpl-')).length") == 0
    assert page.evaluate("async () => (await indexedDB.databases()).map((d) => d.name)") == []
    assert not FieldSession.objects.exists()
