"""In Chromium: a Widyaiswara builds a learning plan from the OPD's needs and submits it; the
Kepala OPD returns it with a comment on an activity; the Widyaiswara revises and resubmits;
the Kepala OPD approves; the print page shows the signature blocks and the PDF downloads."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intan_wpl.models import Role
from learning_plans.models import LearningPlan, PlanStatus
from pilots.models import AssignmentRole
from tests.factories import (
    AssignmentFactory,
    LearningNeedFactory,
    OpdFactory,
    PegawaiFactory,
    ProgrammeOpdFactory,
    TechnicalCompetencyFactory,
    UserFactory,
    WidyaiswaraProfileFactory,
    development_form,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-123"


@pytest.fixture
def pilot():
    kepala = UserFactory(username="kepala.dpk", full_name="Drs. Muhammad Hasan Sommeng, M.Si.", role=Role.KEPALA_OPD)
    opd = OpdFactory(name="Dinas Perpustakaan dan Kearsipan", abbreviation="DPK", head=kepala)
    programme_opd = ProgrammeOpdFactory(opd=opd)
    widyaiswara = UserFactory(username="wi.andi", full_name="Dr. Andi Muhammad Yusuf, M.Si.", role=Role.WIDYAISWARA)
    WidyaiswaraProfileFactory(user=widyaiswara, nip="197204151998031004")
    AssignmentFactory(programme_opd=programme_opd, widyaiswara=widyaiswara, role=AssignmentRole.KETUA)
    needs = [
        LearningNeedFactory(
            cause__problem__programme_opd=programme_opd,
            cause__problem__created_by=widyaiswara,
            competency=TechnicalCompetencyFactory(opd=opd, code=code, name=name),
            target_positions="Arsiparis Ahli Pertama",
        )
        for code, name in [("T.DPK.01", "Penyusunan daftar arsip inaktif"), ("T.DPK.02", "Layanan rujukan")]
    ]
    PegawaiFactory(opd=opd, name="Sitti Rahmawati Latief", jabatan="Arsiparis Ahli Pertama")
    PegawaiFactory(opd=opd, name="Irwan Pananrangi", jabatan="Pustakawan Terampil")
    for code in ("NKL12", "NKL01", "KL03"):
        development_form(code)
    return {"programme_opd": programme_opd, "kepala": kepala, "widyaiswara": widyaiswara, "needs": needs}


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def add_activity(page, *, form_code, title, need, participant, another=False):
    page.get_by_label("Bentuk pengembangan").select_option(str(development_form(form_code).pk))
    page.get_by_label("Nama kegiatan").fill(title)
    page.get_by_label(re.compile(need)).check()
    page.get_by_label("Cari pegawai").fill(participant.split()[0])
    page.get_by_label(re.compile(participant)).check()
    expect(page.locator("#jumlah-peserta")).to_have_text("1 pegawai dipilih")
    page.get_by_label("Mulai").fill("2025-08-04")
    page.get_by_label("Selesai").fill("2025-08-29")
    page.get_by_label("RHK / indikator yang ditingkatkan").fill("Persentase arsip ditemukan dalam 1 hari kerja")
    name = "Simpan dan tambah lagi" if another else "Simpan"
    page.get_by_role("button", name=name, exact=True).click()


def test_plan_from_needs_through_review_to_print_and_pdf(page, browser, browser_context_args, live_server, pilot):
    programme_opd = pilot["programme_opd"]

    # The Widyaiswara starts the plan of the OPD and builds it from the OPD's two needs.
    sign_in(page, live_server, "wi.andi")
    page.goto(live_server.url + reverse("learning_plans:plan_current", args=[programme_opd.pk]))
    expect(page.get_by_text("OPD ini belum memiliki rencana pembelajaran.")).to_be_visible()
    page.get_by_role("button", name="Buat rencana").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rencana Pembelajaran Dinas Perpustakaan")
    expect(page.locator(".unanswered-needs")).to_contain_text("2 kebutuhan belajar")
    page.get_by_role("link", name="Tambah kegiatan").click()
    add_activity(
        page,
        form_code="NKL12",
        title="Magang penyusunan daftar arsip di ANRI",
        need="Penyusunan daftar arsip inaktif",
        participant="Sitti Rahmawati",
        another=True,
    )
    expect(page.locator(".alert-success")).to_contain_text("ditambahkan")
    add_activity(
        page,
        form_code="NKL01",
        title="Coaching layanan rujukan oleh Kepala Bidang",
        need="Layanan rujukan",
        participant="Irwan Pananrangi",
    )
    expect(page.locator(".plan-activity")).to_have_count(2)
    expect(page.locator(".unanswered-needs")).to_have_count(0)
    expect(page.locator(".mix-table")).to_contain_text("Pembelajaran Pengalaman")
    page.get_by_role("button", name="Ajukan rencana").click()
    expect(page.locator(".alert-success")).to_contain_text("Rencana diajukan")
    expect(page.locator(".plan-status").first).to_have_text("Diajukan")

    # The Kepala OPD, told by the bell, returns it with a comment on the coaching activity.
    kepala_page = browser.new_context(**browser_context_args).new_page()
    kepala_page.set_default_timeout(10_000)
    sign_in(kepala_page, live_server, "kepala.dpk")
    expect(kepala_page.locator("#notifikasi-navbar")).to_contain_text("2 belum dibaca")
    kepala_page.locator("#notifikasi-navbar").click()
    expect(kepala_page.locator(".notification-message").first).to_contain_text("mengajukan")
    kepala_page.get_by_role("button", name="Buka").first.click()
    kepala_page.get_by_role("link", name="Tinjau rencana").click()
    kepala_page.get_by_label(re.compile("Komentar untuk kegiatan .Coaching")).fill(
        "Coaching cukup dua minggu sekali; JP dinaikkan menjadi 6."
    )
    kepala_page.get_by_label("Kembalikan untuk direvisi").check()
    kepala_page.get_by_label("Catatan umum").fill("Sesuaikan JP coaching.")
    kepala_page.get_by_role("button", name="Kirim keputusan").click()
    expect(kepala_page.locator(".plan-status").first).to_have_text("Perlu Revisi")

    # The Widyaiswara sees the comment on the activity, revises it and resubmits.
    page.goto(live_server.url + reverse("learning_plans:plan_current", args=[programme_opd.pk]))
    expect(page.locator(".review-comment")).to_contain_text("Sesuaikan JP coaching.")
    coaching_row = page.locator(".plan-activity", has_text="Coaching layanan rujukan")
    expect(coaching_row.locator(".activity-comment")).to_contain_text("JP dinaikkan menjadi 6")
    coaching_row.get_by_role("link", name="Ubah").click()
    page.get_by_label("JP", exact=True).fill("6")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("disimpan")
    page.get_by_role("button", name="Ajukan ulang").click()
    expect(page.locator(".plan-status").first).to_have_text("Diajukan")

    # The Kepala OPD approves.
    kepala_page.goto(live_server.url + reverse("learning_plans:plan_current", args=[programme_opd.pk]))
    kepala_page.get_by_role("link", name="Tinjau rencana").click()
    kepala_page.get_by_label("Setujui rencana").check()
    kepala_page.get_by_role("button", name="Kirim keputusan").click()
    expect(kepala_page.locator(".plan-status").first).to_have_text("Disetujui")
    expect(kepala_page.locator(".plan-timeline-item")).to_have_count(5)

    plan = LearningPlan.objects.get(programme_opd=programme_opd)
    assert plan.status == PlanStatus.DISETUJUI
    assert plan.activities.get(title__startswith="Coaching").jp == 6

    # The plan as a document: letterhead and both signature blocks, then the PDF.
    kepala_page.get_by_role("link", name="Dokumen cetak").click()
    document = kepala_page.locator(".plan-document")
    expect(document).to_contain_text("BADAN PENGEMBANGAN SUMBER DAYA MANUSIA")
    expect(document).to_contain_text("Kepala Dinas Perpustakaan dan Kearsipan")
    expect(document).to_contain_text("Drs. Muhammad Hasan Sommeng, M.Si.")
    expect(document).to_contain_text("Ketua Tim Widyaiswara Pendamping")
    expect(document).to_contain_text("Dr. Andi Muhammad Yusuf, M.Si.")
    expect(document).to_contain_text("NIP. 19720415 199803 1 004")
    with kepala_page.expect_download() as download_info:
        kepala_page.get_by_role("link", name="Unduh PDF").click()
    download = download_info.value
    assert download.suggested_filename == "rencana-pembelajaran-dpk-v1.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
