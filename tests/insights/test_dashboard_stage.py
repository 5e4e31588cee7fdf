"""The stage of a programme OPD, derived in one expression from the work recorded (issue 6)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insights.models import Stage
from insights.selectors.stages import annotate_stage, stage_step
from learning_plans.models import LearningPlan, PlanStatus
from learning_records.models import Evaluation
from pilots.models import ProgrammeOpd, ProgrammeStatus
from tests.factories import OpdFactory, ProgrammeOpdFactory, standard_competency
from tests.insights.dashboard_dataset import activity, need, problem, realise, session

pytestmark = pytest.mark.django_db


def stage_of(po):
    return annotate_stage(ProgrammeOpd.objects.filter(pk=po.pk)).values_list("stage", flat=True).get()


def test_each_recorded_step_moves_the_opd_forward(programme, programme_opd_a, widyaiswara_a):
    po, who = programme_opd_a, widyaiswara_a
    assert stage_of(po) == Stage.PERSIAPAN  # assigned, nothing recorded yet
    session(po, who, date(2025, 7, 10))
    assert stage_of(po) == Stage.IDENTIFIKASI
    _problem, (cause,) = problem(po, who, "Layanan lambat", [("Belum paham aplikasi", "kompetensi")])
    assert stage_of(po) == Stage.PEMETAAN
    learning_need = need(po, cause, standard_competency("M.03"), who)
    assert stage_of(po) == Stage.PERANCANGAN
    plan = LearningPlan.objects.create(programme_opd=po, title="Rencana", created_by=who)
    assert stage_of(po) == Stage.PERANCANGAN  # a draft is still design work
    plan.status = PlanStatus.DIAJUKAN
    plan.save()
    assert stage_of(po) == Stage.REVIEW
    plan.status = PlanStatus.PERLU_REVISI
    plan.save()
    assert stage_of(po) == Stage.PERANCANGAN  # returned for revision
    plan.status = PlanStatus.DISETUJUI
    plan.save()
    assert stage_of(po) == Stage.DISETUJUI
    coaching = activity(plan, "NKL01", "Coaching aplikasi layanan", 4, needs=[learning_need])
    assert stage_of(po) == Stage.DISETUJUI
    realise(coaching, who, date(2025, 8, 20), [])
    assert stage_of(po) == Stage.IMPLEMENTASI
    Evaluation.objects.create(activity=coaching, level=1, score=4, recorded_by=who)
    assert stage_of(po) == Stage.EVALUASI
    programme.status = ProgrammeStatus.SELESAI
    programme.save()
    assert stage_of(po) == Stage.SELESAI


def test_one_evaluation_while_most_activities_are_unrealised_is_not_the_evaluation_stage(
    programme_opd_a, widyaiswara_a
):
    po, who = programme_opd_a, widyaiswara_a
    plan = LearningPlan.objects.create(programme_opd=po, title="Rencana", created_by=who, status=PlanStatus.DISETUJUI)
    activities = [activity(plan, "NKL01", f"Coaching {n}", 4) for n in range(4)]
    realise(activities[0], who, date(2025, 8, 20), [])
    Evaluation.objects.create(activity=activities[0], level=1, score=4, recorded_by=who)
    assert stage_of(po) == Stage.IMPLEMENTASI  # 1 of 4 realised: still carrying out the plan
    realise(activities[1], who, date(2025, 8, 27), [])
    assert stage_of(po) == Stage.EVALUASI  # 2 of 4 realised (half) and an evaluation


def test_work_of_another_opd_does_not_move_this_one(programme, programme_opd_a, programme_opd_b, widyaiswara_b):
    session(programme_opd_b, widyaiswara_b, date(2025, 7, 10))
    assert stage_of(programme_opd_a) == Stage.PERSIAPAN
    assert stage_of(programme_opd_b) == Stage.IDENTIFIKASI


def test_stage_of_many_opds_is_one_query(programme, widyaiswara_a):
    pos = [ProgrammeOpdFactory(programme=programme, opd=OpdFactory()) for _ in range(30)]
    for po in pos[:10]:
        session(po, widyaiswara_a, date(2025, 7, 10))
    with CaptureQueriesContext(connection) as queries:
        stages = list(
            annotate_stage(ProgrammeOpd.objects.filter(pk__in=[po.pk for po in pos])).values_list("stage", flat=True)
        )
    assert len(queries) == 1
    assert stages.count(Stage.IDENTIFIKASI) == 10 and stages.count(Stage.PERSIAPAN) == 20


def test_stage_step_numbers_the_journey():
    assert stage_step(Stage.PERSIAPAN) == 1
    assert stage_step("evaluasi") == 8
    assert stage_step(Stage.SELESAI) == 9
