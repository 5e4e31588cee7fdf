"""Acceptance review of issue 5: hostile input on the plan, realisation and catalogue forms,
locks against crafted POSTs, transitions by wrong roles and other OPDs, the PDF document."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from learning_plans.models import DevelopmentForm, PlanActivity, PlanStatus
from learning_plans.services import plans as services
from learning_records.models import Realisation
from tests.factories import (
    LearningPlanFactory,
    PegawaiFactory,
    PlanActivityFactory,
    approved_activity,
    development_form,
)

pytestmark = pytest.mark.django_db

HUGE_ID = "99999999999999999999999"


@pytest.fixture
def plan(programme_opd_a, everyone):
    return LearningPlanFactory(programme_opd=programme_opd_a, created_by=everyone["widyaiswara_a"], title="Rencana DPU")


@pytest.fixture
def activity(plan):
    return PlanActivityFactory(plan=plan, title="Coaching katalogisasi", form=development_form("NKL01"), jp=4)


def activity_post(**overrides):
    data = {
        "lock_version": "0",
        "form": str(development_form("KL03").pk),
        "title": "Pelatihan teknis kearsipan",
        "jp": "6",
        "estimated_cost": "1000",
    }
    data.update(overrides)
    return data


HOSTILE_ACTIVITY = [
    ({"jp": "-1"}, "jp"),
    ({"jp": "99999999"}, "jp"),
    ({"jp": "NaN"}, "jp"),
    ({"jp": "Infinity"}, "jp"),
    ({"estimated_cost": "-5"}, "estimated_cost"),
    ({"estimated_cost": "1e30"}, "estimated_cost"),
    ({"title": "x" * 10000}, "title"),
    ({"target_positions": "y" * 10000}, "target_positions"),
    ({"start_date": "2025-02-30"}, "start_date"),
    ({"start_date": "2025-03-05", "end_date": "2025-03-01"}, "end_date"),
    ({"form": HUGE_ID}, "form"),
    ({"needs": [HUGE_ID]}, "needs"),
    ({"participants": [HUGE_ID]}, "participants"),
    ({"participants": ["abc"]}, "participants"),
]


@pytest.mark.parametrize(("override", "field"), HOSTILE_ACTIVITY)
def test_hostile_activity_input_is_a_field_error_and_keeps_the_input(client_for, everyone, plan, override, field):
    data = activity_post(**override, rhk_indicator="Persentase arsip tertata")
    response = client_for(everyone["widyaiswara_a"]).post(
        reverse("learning_plans:activity_create", args=[plan.pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert "Persentase arsip tertata" in response.content.decode()
    assert not PlanActivity.objects.exists()


@pytest.mark.parametrize(("override", "field"), HOSTILE_ACTIVITY)
def test_hostile_activity_edit_changes_nothing(client_for, everyone, activity, override, field):
    response = client_for(everyone["widyaiswara_a"]).post(
        reverse("learning_plans:activity_edit", args=[activity.pk]), activity_post(**override)
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    activity.refresh_from_db()
    assert activity.title == "Coaching katalogisasi"


def test_huge_need_id_in_the_link_is_ignored(client_for, everyone, plan):
    url = reverse("learning_plans:activity_create", args=[plan.pk]) + f"?kebutuhan={HUGE_ID}"
    response = client_for(everyone["widyaiswara_a"]).get(url)
    assert response.status_code == 200
    # The empty form, with no need ticked from the link.
    assert list(response.context["form"].initial.get("needs", [])) == []


def test_script_in_a_description_is_shown_as_text(client_for, everyone, plan):
    PlanActivityFactory(plan=plan, title="<b>Tebal</b>", description="<script>alert(1)</script>")
    content = client_for(everyone["kepala_a"]).get(reverse("learning_plans:plan_detail", args=[plan.pk])).content
    assert b"<script>alert(1)</script>" not in content and b"&lt;b&gt;Tebal" in content


@pytest.mark.parametrize("state", ["diajukan", "disetujui"])
def test_crafted_posts_cannot_change_a_locked_plan(client_for, everyone, plan, activity, state):
    services.plan_submit(plan=plan, actor=everyone["widyaiswara_a"])
    if state == "disetujui":
        services.plan_approve(plan=plan, actor=everyone["kepala_a"])
    activity.refresh_from_db()
    client = client_for(everyone["widyaiswara_a"])
    client.post(reverse("learning_plans:activity_create", args=[plan.pk]), activity_post())
    client.post(
        reverse("learning_plans:activity_edit", args=[activity.pk]),
        activity_post(lock_version=str(activity.lock_version), title="Diam-diam"),
    )
    client.post(reverse("learning_plans:activity_delete", args=[activity.pk]))
    client.post(reverse("learning_plans:plan_edit", args=[plan.pk]), {"title": "Diam-diam", "lock_version": "1"})
    client.post(reverse("learning_plans:plan_submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == state and plan.title == "Rencana DPU"
    assert list(PlanActivity.objects.values_list("title", flat=True)) == ["Coaching katalogisasi"]


@pytest.mark.parametrize(
    ("who", "status"), [("admin", 403), ("kepala_a", 403), ("widyaiswara_b", 404), ("kepala_b", 404)]
)
def test_submit_by_anyone_but_the_assigned_widyaiswara_changes_nothing(
    client_for, everyone, plan, activity, who, status
):
    response = client_for(everyone[who]).post(reverse("learning_plans:plan_submit", args=[plan.pk]))
    assert response.status_code == status
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAF and plan.transitions.count() == 0


@pytest.mark.parametrize(
    ("who", "status"), [("admin", 403), ("widyaiswara_a", 403), ("widyaiswara_b", 404), ("kepala_b", 404)]
)
@pytest.mark.parametrize("decision", ["setujui", "kembalikan"])
def test_review_by_anyone_but_the_opds_kepala_changes_nothing(
    client_for, everyone, plan, activity, who, status, decision
):
    services.plan_submit(plan=plan, actor=everyone["widyaiswara_a"])
    response = client_for(everyone[who]).post(
        reverse("learning_plans:plan_review", args=[plan.pk]), {"decision": decision, "note": "Perbaiki"}
    )
    assert response.status_code == status
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DIAJUKAN and plan.comments.count() == 0


@pytest.mark.parametrize(("who", "status"), [("admin", 403), ("kepala_a", 403), ("widyaiswara_b", 404)])
def test_new_version_by_the_wrong_person_changes_nothing(client_for, everyone, plan, activity, who, status):
    services.plan_submit(plan=plan, actor=everyone["widyaiswara_a"])
    services.plan_approve(plan=plan, actor=everyone["kepala_a"])
    response = client_for(everyone[who]).post(reverse("learning_plans:plan_new_version", args=[plan.pk]))
    assert response.status_code == status
    assert plan.programme_opd.learning_plans.count() == 1


# --- Realisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"start_date": "2025-02-30"}, "start_date"),
        ({"duration_minutes": "-5"}, "duration_minutes"),
        ({"duration_minutes": HUGE_ID}, "duration_minutes"),
        ({"attendees": [HUGE_ID]}, "attendees"),
        ({"attendees": ["abc"]}, "attendees"),
        ({"certificate_number": "x" * 10000}, "certificate_number"),
        ({"notes": "x" * 10000}, "notes"),
    ],
)
def test_hostile_realisation_input_is_a_field_error(client_for, widyaiswara_a, programme_opd_a, opd_a, override, field):
    person = PegawaiFactory(opd=opd_a)
    held = approved_activity(programme_opd_a, jp=4, form_code="NKL01")
    data = {"start_date": "2025-03-01", "end_date": "2025-03-01", "duration_minutes": "90", "attendees": [person.pk]}
    response = client_for(widyaiswara_a).post(
        reverse("learning_records:realisation_record", args=[held.pk]), {**data, **override}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert not Realisation.objects.exists()


# --- Catalogue -------------------------------------------------------------------------------


def test_siasn_id_beyond_the_column_is_a_field_error(client_for, admin_user):
    data = {
        "lan_code": "NKL99",
        "name": "Magang singkat",
        "jalur": "nonklasikal",
        "family": "pengalaman",
        "siasn_jenis_diklat_id": "70000",
        "jp_rule": "per_activity",
        "default_jp": "4",
        "typical_cost": "0",
    }
    response = client_for(admin_user).post(reverse("learning_plans:form_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get("siasn_jenis_diklat_id")
    assert not DevelopmentForm.objects.filter(lan_code="NKL99").exists()


# --- The document ----------------------------------------------------------------------------


def test_pdf_renders_a_long_table_with_indonesian_names(client_for, everyone, plan):
    for number in range(120):
        PlanActivityFactory(
            plan=plan,
            title=f"Kegiatan {number:03d} Penataan Arsip Dinamis",
            person_in_charge="Andi Fauziah Daeng Ma'ruf",
            form=development_form("NKL01"),
            jp=4,
            start_date=date(2025, 8, 1),
        )
    response = client_for(everyone["kepala_a"]).get(reverse("learning_plans:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 2
    assert "Kegiatan 000" in text and "Kegiatan 119" in text
    assert "Ma'ruf" in text or "Ma’ruf" in text
