"""In Chromium at a phone viewport (390x844): a Widyaiswara records a performance problem, builds
a three-level why-why tree with the inline (htmx) "add under this cause", marks the causes,
derives two learning needs and one recommendation, and finds them on the OPD's pages."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intan_wpl.models import Role
from learning_needs.models import Cause, CauseNature, LearningNeed, Problem, Recommendation
from pilots.models import AssignmentRole
from tests.browser.conftest import wait_for_htmx
from tests.factories import (
    AssignmentFactory,
    OpdFactory,
    PegawaiFactory,
    ProgrammeOpdFactory,
    TechnicalCompetencyFactory,
    UnitKerjaFactory,
    UserFactory,
    make_field_session,
    standard_competency,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-123"


@pytest.fixture
def field():
    standard_competency("M.05")
    opd = OpdFactory(name="Dinas Perpustakaan dan Kearsipan", abbreviation="DPK")
    programme_opd = ProgrammeOpdFactory(opd=opd)
    widyaiswara = UserFactory(username="wi.peta", full_name="Widyaiswara Peta", role=Role.WIDYAISWARA)
    AssignmentFactory(programme_opd=programme_opd, widyaiswara=widyaiswara, role=AssignmentRole.KETUA)
    unit = UnitKerjaFactory(opd=opd, name="Bidang Pengelolaan Arsip")
    PegawaiFactory(opd=opd, unit=unit, name="Hartina Anwar", jabatan="Arsiparis Terampil")
    TechnicalCompetencyFactory(opd=opd, code="T.DPK.01", name="Pengelolaan Arsip Inaktif")
    make_field_session(programme_opd, widyaiswara, topic="Observasi record center")
    return {"programme_opd": programme_opd}


def sign_in(page, live_server, username):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def card(page, text):
    """The card of one cause in the tree (not its descendants)."""
    return page.locator(".cause-card").filter(has=page.locator(".cause-text", has_text=text))


def add_inline(page, opener, text, category, nature):
    """Open the inline form with htmx, fill it, save; the refreshed tree shows the new cause."""
    wait_for_htmx(page)
    opener.click()
    form = page.locator("form.cause-form-inline")
    expect(form).to_be_visible()
    form.get_by_label("Penyebab (jawaban").fill(text)
    form.get_by_label("Kategori").select_option(label=category)
    form.get_by_label("Sifat penyebab").select_option(label=nature)
    form.get_by_role("button", name="Simpan penyebab").click()
    expect(page.locator("#cause-tree [data-added] .cause-text").first).to_have_text(text)
    expect(page.locator("form.cause-form-inline")).to_have_count(0)


def test_widyaiswara_builds_a_problem_map_and_derives_needs_on_a_phone(page, live_server, field):
    programme_opd = field["programme_opd"]
    sign_in(page, live_server, "wi.peta")
    page.goto(live_server.url + reverse("learning_needs:problem_list", args=[programme_opd.pk]))
    page.get_by_role("link", name="Catat masalah").click()

    # 1. The problem, with a USG score and the session that found it.
    page.get_by_label("Masalah kinerja").fill("Penemuan kembali arsip inaktif melebihi standar waktu")
    page.get_by_label("Unit kerja").select_option(label="Bidang Pengelolaan Arsip")
    page.get_by_label("Tugas / indikator SKP terkait").fill("IKI: permintaan arsip terlayani ≤ 1 hari kerja")
    page.get_by_label("Kondisi awal indikator").fill("58% tepat waktu")
    page.get_by_label("Urgency (U)").select_option("5")
    page.get_by_label("Seriousness (S)").select_option("4")
    page.get_by_label("Growth (G)").select_option("4")
    page.get_by_label("Observasi record center").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Penemuan kembali arsip inaktif melebihi standar waktu")
    expect(page.locator(".usg-score").first).to_have_text("USG 13")

    # 2. A three-level why-why tree, each level added inline under its parent (htmx).
    url_before = page.url
    add_inline(
        page,
        page.get_by_role("link", name="Tambah penyebab langsung"),
        "Arsip inaktif disimpan tanpa daftar arsip",
        "Metode / SOP",
        "Belum ditentukan",
    )
    add_inline(
        page,
        card(page, "Arsip inaktif disimpan tanpa daftar arsip").get_by_role("link", name="Tambah sub-penyebab"),
        "Arsiparis belum menguasai penyusunan daftar arsip",
        "Manusia / kompetensi",
        "Penyebab kompetensi",
    )
    add_inline(
        page,
        card(page, "Arsiparis belum menguasai penyusunan daftar arsip").get_by_role("link", name="Tambah sub-penyebab"),
        "Belum pernah ada bimbingan teknis pemberkasan",
        "Manusia / kompetensi",
        "Belum ditentukan",
    )
    add_inline(
        page,
        card(page, "Arsip inaktif disimpan tanpa daftar arsip").get_by_role("link", name="Tambah sub-penyebab"),
        "Belum ada SOP penerimaan arsip dari unit pengolah",
        "Metode / SOP",
        "Penyebab non-kompetensi",
    )
    assert page.url == url_before  # htmx: no page load
    expect(card(page, "Belum pernah ada bimbingan teknis pemberkasan").locator(".cause-number")).to_have_text("1.1.1")
    expect(card(page, "Belum ada SOP penerimaan arsip dari unit pengolah").locator(".cause-number")).to_have_text("1.2")
    # The tree fits the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # 3. Mark the third-level cause as a competency cause (full-page edit).
    card(page, "Belum pernah ada bimbingan teknis pemberkasan").get_by_role("link", name="Ubah").click()
    page.get_by_label("Sifat penyebab").select_option(label="Penyebab kompetensi")
    page.get_by_role("button", name="Simpan penyebab").click()
    marked = card(page, "Belum pernah ada bimbingan teknis pemberkasan")
    expect(marked.locator(".badge.text-bg-info")).to_have_text("Kompetensi")
    expect(marked).not_to_contain_text("Belum ditentukan")

    # 4. Two learning needs from the competency causes.
    card(page, "Arsiparis belum menguasai penyusunan daftar arsip").get_by_role(
        "link", name="Turunkan kebutuhan belajar"
    ).click()
    page.locator("#id_competency").select_option(label="T.DPK.01 Pengelolaan Arsip Inaktif")
    page.locator("#id_required_level").select_option("3")
    page.locator("#id_current_level").select_option("1")
    page.locator("#id_target_positions").fill("Arsiparis Terampil")
    page.get_by_label("Cari pegawai sasaran").fill("hartina")
    page.get_by_label("Hartina Anwar").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("T.DPK.01 Pengelolaan Arsip Inaktif")
    trace = page.locator(".trace-chain")
    expect(trace).to_contain_text("Penemuan kembali arsip inaktif melebihi standar waktu")
    expect(trace).to_contain_text("Arsip inaktif disimpan tanpa daftar arsip")
    expect(trace).to_contain_text("Observasi record center")
    expect(page.locator("main")).to_contain_text("Tinggi")  # USG 13 x gap 2 = 26

    page.get_by_role("link", name="Penemuan kembali arsip inaktif melebihi standar waktu").click()
    card(page, "Belum pernah ada bimbingan teknis pemberkasan").get_by_role(
        "link", name="Turunkan kebutuhan belajar"
    ).click()
    page.locator("#id_competency").select_option(label="M.05 Pelayanan Publik")
    page.locator("#id_required_level").select_option("3")
    page.locator("#id_current_level").select_option("3")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#id_current_level")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("main")).to_contain_text("tidak ada kesenjangan kompetensi")
    page.locator("#id_current_level").select_option("2")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("M.05 Pelayanan Publik")

    # 5. One recommendation for the non-competency cause.
    page.get_by_role("link", name="Penemuan kembali arsip inaktif melebihi standar waktu").click()
    card(page, "Belum ada SOP penerimaan arsip dari unit pengolah").get_by_role("link", name="Buat rekomendasi").click()
    page.get_by_label("Rekomendasi (apa yang").fill("Menyusun SOP akuisisi arsip inaktif")
    page.get_by_label("Penanggung jawab").fill("Kepala Bidang Pengelolaan Arsip")
    page.get_by_label("Tenggat").fill("2025-09-15")
    page.get_by_role("button", name="Simpan").click()

    # 6. The OPD's recommendations and needs pages, apart from each other.
    expect(page.get_by_role("heading", level=1)).to_have_text("Rekomendasi non-pelatihan")
    expect(page.locator(".recommendation-list")).to_contain_text("Menyusun SOP akuisisi arsip inaktif")
    expect(page.locator(".recommendation-list")).to_contain_text("Kepala Bidang Pengelolaan Arsip")
    page.locator(".opd-tabs").get_by_role("link", name="Kebutuhan belajar").click()
    needs = page.locator(".need-list > li")
    expect(needs).to_have_count(2)
    expect(needs.nth(0)).to_contain_text("T.DPK.01 Pengelolaan Arsip Inaktif")
    expect(needs.nth(0)).to_contain_text("Prioritas Tinggi")
    expect(needs.nth(1)).to_contain_text("M.05 Pelayanan Publik")
    expect(page.locator(".need-list")).not_to_contain_text("Menyusun SOP")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    problem = Problem.objects.get()
    assert problem.causes.count() == 4
    deepest = Cause.objects.get(text="Belum pernah ada bimbingan teknis pemberkasan")
    assert deepest.parent.parent.parent is None
    assert deepest.nature == CauseNature.KOMPETENSI
    assert LearningNeed.objects.filter(programme_opd=programme_opd).count() == 2
    assert Recommendation.objects.get().cause.nature == CauseNature.NON_KOMPETENSI
