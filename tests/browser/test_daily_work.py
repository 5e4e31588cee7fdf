"""In Chromium, the day's work of issue 16: a Widyaiswara sees "Perlu revisi" on the home page,
opens the OPD's hub, fixes the activity reading the Kepala OPD's comment on its form and
resubmits; the Kepala OPD reads what changed since the return on the review page and approves."""

import pytest
from playwright.sync_api import expect

from intan_wpl.models import Role
from learning_plans.models import PlanStatus
from learning_plans.services import plans as services
from pilots.models import AssignmentRole
from tests.factories import (
    AssignmentFactory,
    LearningPlanFactory,
    OpdFactory,
    PlanActivityFactory,
    ProgrammeOpdFactory,
    UserFactory,
    development_form,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-123"


def person(username, role):
    user = UserFactory(username=username, role=role)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.fixture
def returned_plan():
    kepala = person("kepala.dpk", Role.KEPALA_OPD)
    opd = OpdFactory(name="Dinas Perpustakaan dan Kearsipan", abbreviation="DPK", head=kepala)
    programme_opd = ProgrammeOpdFactory(opd=opd)
    widyaiswara = person("wi.andi", Role.WIDYAISWARA)
    AssignmentFactory(programme_opd=programme_opd, widyaiswara=widyaiswara, role=AssignmentRole.KETUA)
    plan = LearningPlanFactory(programme_opd=programme_opd, created_by=widyaiswara, title="Rencana DPK")
    coaching = PlanActivityFactory(plan=plan, title="Coaching layanan rujukan", form=development_form("NKL01"), jp=4)
    services.plan_submit(plan=plan, actor=widyaiswara, note="Mohon ditinjau.")
    services.plan_return(
        plan=plan,
        actor=kepala,
        note="Sesuaikan JP coaching.",
        activity_comments={coaching.pk: "Coaching dua minggu sekali; JP dinaikkan menjadi 6."},
    )
    return plan


def test_returned_plan_from_home_through_hub_to_approval(
    page, browser, browser_context_args, live_server, returned_plan
):
    plan = returned_plan
    sign_in(page, live_server, "wi.andi")
    todo = page.locator(".todo-item", has_text="Perlu revisi")
    expect(todo).to_contain_text("Dinas Perpustakaan dan Kearsipan")

    # The hub: the plan step is under way and is the next step.
    page.get_by_role("link", name="Alur kerja OPD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dinas Perpustakaan dan Kearsipan")
    plan_step = page.locator(".hub-step", has_text="Rencana pembelajaran")
    expect(plan_step.locator(".hub-step-state")).to_have_text("Berjalan")
    expect(plan_step).to_contain_text("Perlu Revisi")
    page.get_by_role("link", name="Rencana pembelajaran").click()

    # The activity form shows the Kepala's comment where the JP is changed.
    page.locator(".plan-activity", has_text="Coaching layanan rujukan").get_by_role("link", name="Ubah").click()
    expect(page.locator(".review-comments-on-activity")).to_contain_text("JP dinaikkan menjadi 6")
    page.get_by_label("JP", exact=True).fill("6")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("disimpan")
    page.get_by_label("Catatan untuk Kepala OPD").fill("JP coaching sudah 6.")
    page.get_by_role("button", name="Ajukan ulang").click()
    expect(page.locator(".plan-status").first).to_have_text("Diajukan")

    # The Kepala OPD reads the note, the earlier comment and what changed, then approves.
    kepala = browser.new_context(**browser_context_args).new_page()
    kepala.set_default_timeout(10_000)
    sign_in(kepala, live_server, "kepala.dpk")
    kepala.locator(".todo-item", has_text="Tinjau rencana").get_by_role("link").click()
    context = kepala.locator(".review-context")
    expect(context.locator(".submission-note")).to_contain_text("JP coaching sudah 6.")
    expect(context.locator(".review-rounds")).to_contain_text("JP dinaikkan menjadi 6.")
    changes = context.locator(".changes-since-return")
    expect(changes).to_contain_text("Coaching layanan rujukan")
    expect(changes.locator(".history-old")).to_contain_text("4")
    expect(changes.locator(".history-new")).to_contain_text("6")
    kepala.get_by_label("Setujui rencana").check()
    kepala.get_by_role("button", name="Kirim keputusan").click()
    expect(kepala.locator(".plan-status").first).to_have_text("Disetujui")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DISETUJUI
