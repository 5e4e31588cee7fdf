"""In Chromium at phone width (issue 14, items 5-7): the admin issues an API token that is shown
once, a client pulls JP with it, the admin revokes it and the client is refused; the Kepala
BPSDM reads every OPD and finds no edit action; the Kepala OPD records the follow-up of a
recommendation and the Widyaiswara reads it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intan_wpl.models import Role
from learning_needs.models import CauseNature
from tests.factories import (
    AssignmentFactory,
    CauseFactory,
    OpdFactory,
    PegawaiFactory,
    ProblemFactory,
    ProgrammeOpdFactory,
    RecommendationFactory,
    UnitKerjaFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Rahasia-123"


def sign_in(page, live_server, username):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def no_horizontal_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_token_is_shown_once_pulls_jp_and_is_refused_once_revoked(page, live_server):
    UserFactory(username="admin.api", role=Role.ADMIN)
    opd = OpdFactory(name="Dinas Perpustakaan dan Kearsipan")
    PegawaiFactory(opd=opd, name="Andi Pratama")
    sign_in(page, live_server, "admin.api")
    page.goto(live_server.url + reverse("learning_records:api_client_list"))
    page.get_by_role("link", name="Terbitkan token").click()
    page.get_by_label("Nama sistem").fill("E-Kinerja DPK")
    page.get_by_label("Cakupan OPD").select_option(label="Dinas Perpustakaan dan Kearsipan")
    page.get_by_role("button", name="Terbitkan").click()
    shown = page.locator("#token-sekali code").first
    expect(shown).to_be_visible()
    token = shown.inner_text().strip()
    no_horizontal_scroll(page)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-Kinerja DPK")
    expect(page.locator("#token-sekali")).to_have_count(0)

    api = live_server.url + reverse("learning_records:api_jp")
    answered = page.request.get(api, headers={"Authorization": f"Token {token}"})
    assert answered.status == 200 and answered.json()["count"] == 0
    page.reload()
    expect(page.locator("#panggilan-api tbody tr")).to_have_count(1)

    page.get_by_role("link", name="Cabut token").click()
    page.get_by_role("button", name="Ya, cabut").click()
    expect(page.get_by_text("Dicabut", exact=False).first).to_be_visible()
    assert page.request.get(api, headers={"Authorization": f"Token {token}"}).status == 401


def test_the_kepala_bpsdm_reads_every_opd_and_finds_no_edit_action(page, live_server):
    UserFactory(username="kepala.bpsdm", role=Role.KEPALA_BPSDM)
    first = ProgrammeOpdFactory(opd=OpdFactory(name="Dinas Kelautan dan Perikanan"))
    ProgrammeOpdFactory(opd=OpdFactory(name="UPT RSUD Labuang Baji"), programme=first.programme)
    PegawaiFactory(opd=first.opd, name="Sitti Rahma")
    sign_in(page, live_server, "kepala.bpsdm")
    expect(page.get_by_role("heading", level=1)).to_have_text("Semua Perangkat Daerah")
    expect(page.get_by_role("link", name="Dinas Kelautan dan Perikanan")).to_be_visible()
    expect(page.get_by_role("link", name="Tambah OPD")).to_have_count(0)
    page.get_by_role("link", name="Dasbor semua pilot").click()
    expect(page.locator("[data-opd='UPT RSUD Labuang Baji']").first).to_be_attached()
    page.goto(live_server.url + reverse("pilots:roster_list", args=[first.opd.pk]))
    expect(page.get_by_text("Sitti Rahma")).to_be_visible()
    expect(page.get_by_role("link", name="Tambah pegawai")).to_have_count(0)
    no_horizontal_scroll(page)


def test_the_kepala_opd_records_a_follow_up_that_the_widyaiswara_reads(page, live_server):
    kepala = UserFactory(username="kepala.dpk", role=Role.KEPALA_OPD)
    widyaiswara = UserFactory(username="wi.dpk", role=Role.WIDYAISWARA)
    opd = OpdFactory(name="Dinas Perpustakaan dan Kearsipan", head=kepala)
    programme_opd = ProgrammeOpdFactory(opd=opd)
    AssignmentFactory(programme_opd=programme_opd, widyaiswara=widyaiswara)
    UnitKerjaFactory(opd=opd, name="Bidang Pengelolaan Arsip")
    problem = ProblemFactory(programme_opd=programme_opd, created_by=widyaiswara)
    RecommendationFactory(
        cause=CauseFactory(problem=problem, nature=CauseNature.NON_KOMPETENSI), action="Susun SOP peminjaman arsip"
    )
    sign_in(page, live_server, "kepala.dpk")
    page.goto(live_server.url + reverse("learning_needs:recommendation_list", args=[programme_opd.pk]))
    expect(page.locator("#jumlah-rekomendasi")).to_contain_text("1 terbuka")
    page.get_by_role("link", name="Tindak lanjut").click()
    page.get_by_label("Status").select_option(label="Selesai")
    page.get_by_label("Unit penanggung jawab").select_option(label="Bidang Pengelolaan Arsip")
    page.get_by_label("Tenggat").fill("2025-12-15")
    page.get_by_label("Catatan kemajuan").fill("SOP ditetapkan dengan SK Kepala Dinas")
    no_horizontal_scroll(page)
    page.get_by_role("button", name="Simpan tindak lanjut").click()
    expect(page.locator("#jumlah-rekomendasi")).to_contain_text("1 selesai")

    page.context.clear_cookies()
    sign_in(page, live_server, "wi.dpk")
    page.goto(live_server.url + reverse("learning_needs:recommendation_list", args=[programme_opd.pk]))
    expect(page.get_by_text("SOP ditetapkan dengan SK Kepala Dinas")).to_be_visible()
    expect(page.get_by_text("Bidang Pengelolaan Arsip")).to_be_visible()
    expect(page.get_by_role("link", name="Tindak lanjut")).to_have_count(0)
