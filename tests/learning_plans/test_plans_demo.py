"""The demo plans of seed_demo: every state across the five pilot OPDs, built through the real
services, safe to run again, and without sending email."""

import pytest

from demo.builders import plans as demo_plans
from demo.builders import registry as pilots_demo
from intan_wpl.models import Notification
from learning_plans.models import LearningPlan, PlanComment, PlanStatus
from tests.factories import development_form

pytestmark = pytest.mark.django_db


def test_demo_plans_cover_every_state_and_run_twice(mailoutbox):
    development_form("KL03")  # the seeded catalogue (flushed by browser tests) is back
    _accounts, programme_opds = pilots_demo.seed()
    assert demo_plans.seed(programme_opds) == 6
    assert demo_plans.seed(programme_opds) == 0
    states = {
        (plan.programme_opd.opd.abbreviation, plan.version): plan.status
        for plan in LearningPlan.objects.select_related("programme_opd__opd")
    }
    assert states == {
        ("DPK", 1): PlanStatus.DISETUJUI,
        ("DKP", 1): PlanStatus.DIAJUKAN,
        ("DPMPTSP", 1): PlanStatus.PERLU_REVISI,
        ("Disbudpar", 1): PlanStatus.DRAF,
        ("RSUD LB", 1): PlanStatus.DIGANTIKAN,
        ("RSUD LB", 2): PlanStatus.DISETUJUI,
    }
    returned = LearningPlan.objects.get(status=PlanStatus.PERLU_REVISI)
    assert PlanComment.objects.filter(plan=returned, activity__isnull=False).exists()
    assert all(plan.activities.exists() for plan in LearningPlan.objects.all())
    approved = LearningPlan.objects.get(programme_opd__opd__abbreviation="DPK")
    assert approved.approved_at.year == 2025 and approved.transitions.first().created_at.year == 2025
    assert Notification.objects.exists()
    assert mailoutbox == []
