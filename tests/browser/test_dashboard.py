"""In Chromium: the BPSDM admin sees the five demo OPDs on the dashboard with figures that match
an independent count, opens a duplicate group and makes it a joint programme, and downloads
the data pack."""

import math
import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from demo.builders.registry import DEMO_PASSWORD
from insights.models import JointProgramme, SbmRate, UnitCost
from intan_wpl.models import ExportLog
from learning_needs.models import FieldSession, LearningNeed
from learning_plans.models import LearningPlan
from learning_records.models import JpCredit
from pilots.models import Pegawai, ProgrammeOpd
from tests.insights.dashboard_dataset import activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Two similar, costly activities added to the plans in force of two demo OPDs: a candidate group.
# (Activities of a draft, submitted or returned version are never offered: they are not in force.)
SIMILAR = {
    "DPK": ("Bimbingan teknis penyusunan SOP pelayanan digital", 7_500_000),
    "RSUD LB": ("Bimbingan teknis penyusunan SOP layanan digital", 6_000_000),
}


@pytest.fixture
def demo(settings):
    cache.clear()  # the live server shares this process's cache
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False
    pos = {po.opd.abbreviation: po for po in ProgrammeOpd.objects.select_related("opd", "programme")}
    for abbreviation, (title, cost) in SIMILAR.items():
        po = pos[abbreviation]
        plan = LearningPlan.objects.in_force().get(programme_opd=po)
        staff = list(Pegawai.objects.filter(opd=po.opd, is_active=True).order_by("nip")[:3])
        activity(plan, "KL10", title, 16, participants=staff, cost=cost)
    return pos


def independent_coverage(po, year, min_jp=20):
    """Active staff of the OPD with at least `min_jp` JP credited in `year`, counted one by one."""
    covered = 0
    staff = list(Pegawai.objects.filter(opd=po.opd, is_active=True))
    for person in staff:
        if sum(credit.jp for credit in JpCredit.objects.filter(pegawai=person, year=year)) >= min_jp:
            covered += 1
    return covered, len(staff)


def sign_in(page, live_server, username="admin.bpsdm"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_admin_dashboard_duplicate_group_joint_programme_and_data_pack(page, live_server, demo, tmp_path):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    sign_in(page, live_server)
    menu = page.get_by_role("navigation", name="Navigasi utama")
    menu.get_by_role("link", name="Dasbor", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor Pilot INTAN-WPL")

    # Filter the JP year of the demo pilot.
    page.get_by_label("Tahun JP").fill("2025")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator('[data-summary="opd"]')).to_have_text("5")

    # The five demo OPDs, each with figures counted independently here.
    table = page.locator("#tabel-opd")
    costs = page.locator("#tabel-biaya-opd")
    for po in demo.values():
        row = table.locator(f'tr[data-opd="{po.opd.name}"]')
        expect(row).to_have_count(1)
        sessions = FieldSession.objects.filter(programme_opd=po).count()
        expect(row.locator('[data-figure="sessions"]')).to_have_text(str(sessions))
        needs = [
            LearningNeed.objects.filter(programme_opd=po, competency__group=group).count()
            for group in ("teknis", "manajerial", "sosial_kultural")
        ]
        expect(row.locator('[data-figure="needs"]')).to_have_text(" / ".join(str(n) for n in needs))
        covered, staff = independent_coverage(po, 2025)
        expect(costs.locator(f'tr[data-opd="{po.opd.name}"] [data-figure="coverage"]')).to_contain_text(
            f"{covered}/{staff}"
        )
    expect(table.locator('[data-total="sessions"]')).to_have_text(str(FieldSession.objects.count()))
    # Every chart is drawn by static/js/dashboard.js (no inline script, CSP intact).
    expect_every_chart_drawn_when_visible(page)
    if os.environ.get("DASHBOARD_SCREENSHOTS"):
        page.screenshot(path=os.environ["DASHBOARD_SCREENSHOTS"] + "/dasbor.png", full_page=True)

    # The duplicate finder: the two similar SOP trainings form a group; join them.
    page.get_by_role("link", name="Duplikasi antar-OPD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kebutuhan dan kegiatan serupa antar-OPD")
    # Nothing is compared in the request: the admin starts the search, a background job.
    page.get_by_role("button", name="Cari duplikasi").click()
    expect(page.locator("#job-status")).to_contain_text("Selesai.")
    page.get_by_role("link", name="Lihat hasil").click()
    expect(page.locator("#hasil-pencarian")).to_contain_text("kelompok kandidat ditemukan")
    first_title, second_title = (title for title, _cost in SIMILAR.values())
    group = page.locator("article.duplicate-group").filter(has_text=first_title)
    expect(group).to_have_count(1)
    expect(group).to_contain_text(second_title)
    expect(group).to_contain_text("Dinas Perpustakaan dan Kearsipan")
    group.get_by_role("link", name="Jadikan program bersama").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bentuk program bersama")
    expect(page.get_by_role("checkbox", name=f"{first_title} — DPK")).to_be_checked()
    expect(page.get_by_role("checkbox", name=f"{second_title} — RSUD LB")).to_be_checked()
    page.get_by_label("Nama program bersama").fill("Bimtek SOP Layanan Digital Bersama")
    page.get_by_role("button", name="Bentuk program bersama").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bimtek SOP Layanan Digital Bersama")
    joint = JointProgramme.objects.get()
    joined = list(joint.activities.all())
    assert {a.title for a in joined} >= {first_title, second_title}
    people = {p.pk for a in joined for p in a.participants.all()}
    # Priced with the demo's unit costs, by hand: each KL10 run on its own against one run with all.
    unit = UnitCost.objects.get(form__lan_code="KL10", year=2025)
    rate = SbmRate.objects.get(year=2025).widyaiswara_session_rate

    def one_run(n):
        days = math.ceil(16 / unit.jp_per_day)
        return (
            unit.per_activity
            + unit.per_head * n
            + unit.per_day * n * days
            + rate * 16 * unit.widyaiswara_sessions_per_jp
        )

    saving = sum(one_run(a.participants.count()) for a in joined) - one_run(len(people))
    assert saving > 0
    expect(page.locator('[data-summary="saving"]')).to_have_text("Rp" + f"{int(saving):,}".replace(",", "."))
    expect(page.locator('[data-summary="people"]')).to_have_text(str(len(people)))

    # The data pack, pseudonymised.
    menu.get_by_role("link", name="Dasbor", exact=True).click()
    page.get_by_role("link", name="Paket data").click()
    # A background job (in-process without a broker): its page shows it finished, then the file.
    page.get_by_role("button", name="Unduh paket data (XLSX)").click()
    expect(page.locator("#job-status")).to_contain_text("Selesai")
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "100")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Unduh paket-data-intan-wpl-.*\.xlsx$")).click()
    target = Path(tmp_path) / download_info.value.suggested_filename
    download_info.value.save_as(target)
    assert target.suffix == ".xlsx"
    workbook = load_workbook(target, read_only=True)
    assert workbook.sheetnames[0] == "Ringkasan" and "JP" in workbook.sheetnames and "Survei" in workbook.sheetnames
    sessions_sheet = list(workbook["Sesi"].iter_rows(values_only=True))
    assert len(sessions_sheet) - 1 == FieldSession.objects.count()
    log = ExportLog.objects.get(kind="paket_data_kebijakan")
    assert log.pseudonymised and log.user.username == "admin.bpsdm"
    assert not [text for text in problems if "Content Security Policy" in text or "Refused" in text], problems


def test_kepala_opd_sees_only_their_own_opd_on_a_phone(page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "kepala.dkp")
    page.goto(f"{live_server.url}/dasbor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor OPD Saya")
    rows = page.locator("#tabel-opd tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Dinas Kelautan dan Perikanan")
    expect(page.locator("main")).not_to_contain_text("Labuang Baji")
    expect_every_chart_drawn_when_visible(page)


def expect_every_chart_drawn_when_visible(page):
    """Charts are drawn as they come into view (static/js/dashboard.js): scroll to each one."""
    charts = page.locator("canvas[data-chart]")
    expect(charts).to_have_count(5)
    for canvas in charts.all():
        canvas.scroll_into_view_if_needed()
        expect(canvas).to_have_attribute("data-drawn", "true")


def test_chart_code_waits_until_a_chart_is_on_screen_of_a_phone(page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "admin.bpsdm")
    page.goto(f"{live_server.url}/dasbor/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The figures are on screen; Chart.js has not been fetched, no chart drawn.
    expect(page.locator("[data-summary]").first).to_be_visible()
    assert page.evaluate("() => typeof window.Chart") == "undefined"
    assert not [url for url in page.evaluate("() => performance.getEntries().map((e) => e.name)") if "chart" in url]
    expect(page.locator('canvas[data-drawn="true"]')).to_have_count(0)
    # Scrolled to: the first chart is drawn, the last (far below) not yet.
    charts = page.locator("canvas[data-chart]")
    charts.first.scroll_into_view_if_needed()
    expect(charts.first).to_have_attribute("data-drawn", "true")
    expect(charts.last).not_to_have_attribute("data-drawn", "true")
