"""In Chromium at 390x844: what a Widyaiswara typed into a session form survives an expired
login, including picked participants, attendance ticks and follow-up rows, whether the expiry is
met by saving or by the htmx participant search; a deep cause tree stays readable on a phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from learning_needs.models import Cause, CauseNature, FieldSession
from tests.browser.test_sessions import PASSWORD, field, pick, sign_in  # noqa: F401
from tests.factories import FieldSessionFactory, ProblemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESTORED = "Draf yang belum tersimpan dipulihkan"


def sign_in_again(page):
    expect(page.get_by_label("Nama pengguna")).to_be_visible()
    page.get_by_label("Nama pengguna").fill("wi.hp")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_participants_and_follow_ups_survive_an_expired_login(page, live_server, field):  # noqa: F811
    create_url = reverse("learning_needs:session_create", args=[field["programme_opd"].pk])
    sign_in(page, live_server, "wi.hp", next_url=create_url)
    page.get_by_label("Topik").fill("Coaching alih media")
    pick(page, "andi", "Andi Baso Amir")
    pick(page, "besse", "Besse Tenri Ajeng")
    page.locator("#peserta-terpilih .chosen-participant", has_text="Besse").get_by_label("Hadir").uncheck()
    page.locator("input[name='tindak-0-action']").fill("Susun jadwal pemindaian")
    page.get_by_role("button", name="Tambah baris tindak lanjut").click()
    page.locator("input[name='tindak-1-action']").fill("Perbaiki pemindai kedua")
    page.wait_for_timeout(400)

    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Simpan sesi").click()
    sign_in_again(page)

    expect(page.get_by_text(RESTORED)).to_be_visible()
    expect(page.get_by_label("Topik")).to_have_value("Coaching alih media")
    chosen = page.locator("#peserta-terpilih")
    expect(chosen).to_contain_text("Andi Baso Amir")
    expect(chosen).to_contain_text("Besse Tenri Ajeng")
    expect(chosen.locator(".chosen-participant", has_text="Andi").get_by_label("Hadir")).to_be_checked()
    expect(chosen.locator(".chosen-participant", has_text="Besse").get_by_label("Hadir")).not_to_be_checked()
    expect(page.locator("input[name='tindak-1-action']")).to_have_value("Perbaiki pemindai kedua")
    assert not FieldSession.objects.exists()

    # Saved after the restore: everything lands in the database.
    page.get_by_label("Tanggal").fill("2025-08-21")
    page.get_by_label("Mulai (WITA)").fill("09:00")
    page.get_by_label("Selesai (WITA)").fill("10:00")
    page.get_by_role("button", name="Simpan sesi").click()
    expect(page.locator(".alert-success")).to_contain_text("Sesi pendampingan tersimpan.")
    session = FieldSession.objects.get()
    assert dict(session.attendance.values_list("pegawai__name", "attended")) == {
        "Andi Baso Amir": True,
        "Besse Tenri Ajeng": False,
    }
    assert sorted(session.follow_ups.values_list("action", flat=True)) == [
        "Perbaiki pemindai kedua",
        "Susun jadwal pemindaian",
    ]


def test_an_expired_login_met_by_the_participant_search_leads_to_a_real_login_page(
    page,
    live_server,
    field,  # noqa: F811
):
    """htmx follows the redirect to the login page: that page must not be swapped into the
    search results (a login form inside a form); the whole page goes to the login, then back."""
    session = FieldSessionFactory(programme_opd=field["programme_opd"], created_by=field["widyaiswara"])
    edit_url = reverse("learning_needs:session_edit", args=[session.pk])
    sign_in(page, live_server, "wi.hp", next_url=edit_url)
    page.get_by_label("Catatan").fill("Catatan yang tidak boleh hilang.")
    page.wait_for_timeout(400)

    page.context.clear_cookies(name="sessionid")
    page.get_by_label("Cari pegawai (nama atau NIP)").fill("andi")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next={edit_url}")
    expect(page.locator("#hasil-pegawai")).to_have_count(0)
    sign_in_again(page)

    expect(page).to_have_url(f"{live_server.url}{edit_url}")
    expect(page.get_by_text(RESTORED)).to_be_visible()
    expect(page.get_by_label("Catatan")).to_have_value("Catatan yang tidak boleh hilang.")


def test_a_deep_cause_tree_keeps_its_text_readable_on_a_phone(page, live_server, field):  # noqa: F811
    problem = ProblemFactory(programme_opd=field["programme_opd"], created_by=field["widyaiswara"])
    parent = None
    for level in range(1, 13):
        parent = Cause.objects.create(
            problem=problem,
            parent=parent,
            text=f"Tingkat {level}: petugas belum memahami aplikasi SIPERPUSTAKAANDIGITAL",
            category="manusia",
            nature=CauseNature.KOMPETENSI,
        )
    sign_in(page, live_server, "wi.hp", next_url=reverse("learning_needs:problem_detail", args=[problem.pk]))
    deepest = page.locator(f"#penyebab-{parent.pk} > .cause-card")
    text = deepest.locator(".cause-text")
    expect(text).to_contain_text("Tingkat 12")
    # The text gets most of the card's width, not a one-letter column beside the long number.
    card_width = deepest.evaluate("e => e.getBoundingClientRect().width")
    text_width = text.evaluate("e => e.getBoundingClientRect().width")
    assert text_width > 0.75 * card_width > 150
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Adding a cause under the deepest one opens the form inline and adds it under it.
    deepest.get_by_role("link", name="Tambah sub-penyebab").click()
    page.get_by_label("Penyebab (jawaban “mengapa?”)").fill("Tingkat 13: belum ada pelatihan")
    page.get_by_label("Kategori").select_option("manusia")
    page.get_by_role("button", name="Simpan penyebab").click()
    expect(page.locator(f"#penyebab-{parent.pk} .cause-children")).to_contain_text("Tingkat 13")
    assert Cause.objects.get(text__startswith="Tingkat 13").parent == parent
