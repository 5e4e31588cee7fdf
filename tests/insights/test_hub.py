"""The hub of a programme OPD: the journey as six steps with state and the next step, the stage
and its written rule, scoped like the OPD's field work, in a fixed number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from learning_plans.models import LearningPlan, PlanStatus
from learning_records.models import Evaluation
from tests.factories import standard_competency
from tests.insights.dashboard_dataset import activity, need, problem, realise, session

pytestmark = pytest.mark.django_db


def hub_url(po):
    return reverse("insights:programme_opd_hub", args=[po.pk])


def states(response):
    return [(step.label, step.state, step.is_next) for step in response.context["steps"]]


def test_a_new_opd_starts_with_sessions_as_the_next_step(client, widyaiswara_a, programme_opd_a):
    client.force_login(widyaiswara_a)
    response = client.get(hub_url(programme_opd_a))
    assert response.status_code == 200
    assert states(response)[0] == ("Sesi pendampingan", "belum", True)
    assert [state for _label, state, _next in states(response)] == ["belum"] * 6
    assert "Langkah berikutnya: Sesi pendampingan" in response.content.decode()
    assert "Tahap dihitung dari pekerjaan yang tercatat" in response.content.decode()


def test_steps_follow_the_work_recorded_and_the_next_one_is_marked(client, kepala_a, programme_opd_a, widyaiswara_a):
    po, who = programme_opd_a, widyaiswara_a
    session(po, who, date(2025, 7, 10))
    _problem, (cause,) = problem(po, who, "Layanan lambat", [("Belum paham aplikasi", "kompetensi")])
    need(po, cause, standard_competency("M.03"), who)
    plan = LearningPlan.objects.create(programme_opd=po, title="Rencana", created_by=who, status=PlanStatus.DISETUJUI)
    first, second, _third = (activity(plan, "NKL01", f"Coaching {n}", 4) for n in range(3))
    realise(first, who, date(2025, 8, 20), [])
    Evaluation.objects.create(activity=first, level=1, score=4, recorded_by=who)
    client.force_login(kepala_a)
    response = client.get(hub_url(po))
    assert states(response) == [
        ("Sesi pendampingan", "selesai", False),
        ("Peta masalah", "selesai", False),
        ("Kebutuhan belajar", "selesai", False),
        ("Rencana pembelajaran", "selesai", False),
        ("Realisasi", "berjalan", True),
        ("Evaluasi", "selesai", False),
    ]
    body = response.content.decode()
    assert "1 dari 3 kegiatan rencana berlaku terealisasi." in body
    assert response.context["stage_label"] == "Implementasi"  # 1 of 3 realised: not yet Evaluasi
    realise(second, who, date(2025, 8, 27), [])
    assert client.get(hub_url(po)).context["stage_label"] == "Evaluasi"


def test_the_hub_of_another_opd_is_refused(client, widyaiswara_a, kepala_a, programme_opd_b):
    for user in (widyaiswara_a, kepala_a):
        client.force_login(user)
        assert client.get(hub_url(programme_opd_b)).status_code == 404


@pytest.mark.parametrize("size", [1, 20])
def test_the_hub_reads_in_a_fixed_number_of_queries(client, admin_user, programme_opd_a, widyaiswara_a, size,
                                                    django_assert_max_num_queries):  # fmt: skip
    po, who = programme_opd_a, widyaiswara_a
    plan = LearningPlan.objects.create(programme_opd=po, title="Rencana", created_by=who, status=PlanStatus.DISETUJUI)
    for n in range(size):
        session(po, who, date(2025, 7, 10))
        realise(activity(plan, "NKL01", f"Coaching {n}", 4), who, date(2025, 8, 20), [])
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        assert client.get(hub_url(po)).status_code == 200
