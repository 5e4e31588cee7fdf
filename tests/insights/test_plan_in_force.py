"""The plan in force is the approved version, everywhere a plan is counted: while version 2 of
an OPD's plan is a draft, the dashboard, the duplicate finder and realisation all read version
1; the draft is shown as a draft and never counted (learning_plans.models.in_force)."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from insights.services.duplicates import duplicate_groups_find
from learning_plans.models import LearningPlan, PlanStatus
from learning_plans.selectors.plans import plan_in_force, working_plan
from tests.factories import PegawaiFactory
from tests.insights.dashboard_dataset import activity

pytestmark = pytest.mark.django_db

APPROVED_TITLE = "Coaching penyusunan laporan kinerja triwulan"
DRAFT_TITLE = "Pelatihan komunikasi publik untuk pelayanan prima"


@pytest.fixture
def versions(programme_opd_a, programme_opd_b, widyaiswara_a, widyaiswara_b):
    """OPD A: v1 approved (one coaching), v2 draft (the coaching and a costly new training).
    OPD B: an approved plan with an activity like each of A's."""
    staff_a = [PegawaiFactory(opd=programme_opd_a.opd, nip=f"19850{n}012010031{n:03d}") for n in (1, 2, 3)]
    staff_b = [PegawaiFactory(opd=programme_opd_b.opd, nip=f"19860{n}012010032{n:03d}") for n in (1, 2)]
    v1 = LearningPlan.objects.create(
        programme_opd=programme_opd_a,
        version=1,
        title="Rencana A",
        status=PlanStatus.DISETUJUI,
        approved_at=datetime(2025, 8, 1, 2, 0, tzinfo=UTC),
        created_by=widyaiswara_a,
    )
    coaching_v1 = activity(v1, "NKL01", APPROVED_TITLE, 4, participants=staff_a[:2], cost=1_000_000)
    v2 = LearningPlan.objects.create(
        programme_opd=programme_opd_a, version=2, previous_version=v1, title="Rencana A", created_by=widyaiswara_a
    )
    coaching_v2 = activity(v2, "NKL01", APPROVED_TITLE, 4, participants=staff_a[:2], cost=1_000_000)
    coaching_v2.source_activity = coaching_v1
    coaching_v2.save()
    new_training = activity(v2, "KL02", DRAFT_TITLE, 8, participants=staff_a, cost=5_000_000)
    plan_b = LearningPlan.objects.create(
        programme_opd=programme_opd_b,
        title="Rencana B",
        status=PlanStatus.DISETUJUI,
        approved_at=datetime(2025, 8, 2, 2, 0, tzinfo=UTC),
        created_by=widyaiswara_b,
    )
    coaching_b = activity(plan_b, "NKL01", "Coaching menyusun laporan kinerja triwulan", 4, participants=staff_b)
    training_b = activity(plan_b, "KL02", "Pelatihan komunikasi publik dalam pelayanan prima", 8, participants=staff_b)
    return {
        "v1": v1,
        "v2": v2,
        "coaching_v1": coaching_v1,
        "coaching_v2": coaching_v2,
        "new_training": new_training,
        "coaching_b": coaching_b,
        "training_b": training_b,
    }


def test_the_selectors_tell_the_plan_in_force_from_the_version_being_worked_on(programme_opd_a, versions):
    assert plan_in_force(programme_opd_a) == versions["v1"]
    assert working_plan(programme_opd_a) == versions["v2"]


def test_the_dashboard_counts_version_1_and_shows_version_2_as_a_draft(client_for, admin_user, versions):
    response = client_for(admin_user).get(reverse("insights:dashboard"), {"year": 2025})
    row = next(r for r in response.context["figures"]["rows"] if r["opd__name"] == "Dinas Perpustakaan Uji")
    assert (row["plan_version"], row["plan_status"]) == (2, "draf")
    assert (row["current_plan_id"], row["plan_in_force_version"]) == (versions["v1"].pk, 1)
    # Version 1's one coaching: Rp1.000.000, 2 seats, 4 JP x 2 = 8 seat-JP; none of v2's training.
    assert row["activity_count"] == 1
    assert row["wpl_cost"] == 1_000_000
    assert row["seats"] == 2
    assert row["planned_mix"]["total"] == 8
    html = response.content.decode()
    assert "berlaku: v1" in html


def test_the_duplicate_finder_offers_only_activities_of_plans_in_force(versions):
    groups = duplicate_groups_find()
    grouped = {activity["pk"] for group in groups for activity in group.activities}
    assert versions["coaching_v1"].pk in grouped and versions["coaching_b"].pk in grouped
    assert versions["new_training"].pk not in grouped
    assert versions["coaching_v2"].pk not in grouped
    # B's training is alike only to A's draft training: no group holds it.
    assert versions["training_b"].pk not in grouped


def test_realisation_lists_the_activities_of_version_1(client_for, widyaiswara_a, programme_opd_a, versions):
    response = client_for(widyaiswara_a).get(reverse("learning_records:realisation_list", args=[programme_opd_a.pk]))
    html = response.content.decode()
    assert APPROVED_TITLE in html
    assert DRAFT_TITLE not in html
    assert response.context["plan"] == versions["v1"]


def test_a_draft_activity_cannot_be_realised(client_for, widyaiswara_a, versions):
    url = reverse("learning_records:realisation_record", args=[versions["new_training"].pk])
    assert client_for(widyaiswara_a).get(url).status_code == 404


def test_the_database_refuses_a_second_plan_in_force_for_one_opd(versions):
    versions["v2"].status = PlanStatus.DISETUJUI
    with pytest.raises(IntegrityError):
        versions["v2"].save()
