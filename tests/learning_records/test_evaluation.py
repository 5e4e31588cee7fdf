"""Kirkpatrick evaluation of realised activities: levels 1-2 scores, levels 3-4 follow-ups of
the problem's own indicator (prefilled, with baseline and due date), overdue flags, scope."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from learning_plans.models import PlanActivity
from learning_records.models import Evaluation
from tests.factories import (
    CauseFactory,
    LearningNeedFactory,
    PegawaiFactory,
    ProblemFactory,
    approved_activity,
    realise,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem(programme_opd_a, widyaiswara_a):
    return ProblemFactory(
        programme_opd=programme_opd_a,
        created_by=widyaiswara_a,
        title="Peminjaman arsip lambat",
        duty_or_indicator="Persentase permintaan arsip dilayani dalam 1 hari",
        indicator_baseline="55% dilayani dalam 1 hari",
    )


@pytest.fixture
def held(programme_opd_a, widyaiswara_a, opd_a, problem):
    need = LearningNeedFactory(cause=CauseFactory(problem=problem), created_by=widyaiswara_a)
    activity = approved_activity(programme_opd_a, jp=8, title="Bimbingan layanan arsip")
    activity.needs.set([need])
    people = PegawaiFactory.create_batch(3, opd=opd_a)
    realise(activity, people, recorded_by=widyaiswara_a, start_date=date(2025, 8, 4), end_date=date(2025, 8, 5))
    return activity


def create_url(activity, level):
    return reverse("learning_records:evaluation_create", args=[activity.pk, level])


def test_level_1_reaction_is_recorded(client_for, widyaiswara_a, held):
    response = client_for(widyaiswara_a).post(
        create_url(held, 1), {"respondents": "3", "score": "4.25", "notes": "Peserta puas"}
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.level, evaluation.respondents, evaluation.score) == (1, 3, Decimal("4.25"))
    page = client_for(widyaiswara_a).get(reverse("learning_records:activity_evaluations", args=[held.pk]))
    assert "Skor reaksi 4,25 dari 5" in page.content.decode()


def test_level_2_learning_shows_the_gain(client_for, widyaiswara_a, held):
    client = client_for(widyaiswara_a)
    client.post(create_url(held, 2), {"respondents": "3", "pre_score": "55", "score": "80.5"})
    evaluation = Evaluation.objects.get()
    assert (evaluation.pre_score, evaluation.score) == (Decimal("55"), Decimal("80.5"))
    content = client.get(reverse("learning_records:activity_evaluations", args=[held.pk])).content.decode()
    assert "Pra-tes 55 → pasca-tes 80,5" in content and "+25,5" in content


@pytest.mark.parametrize(
    ("level", "data", "field"),
    [
        (1, {"respondents": "3", "score": "6"}, "score"),
        (1, {"respondents": "0", "score": "4"}, "respondents"),
        (1, {"respondents": "abc", "score": "4"}, "respondents"),
        (2, {"respondents": "3", "pre_score": "-1", "score": "50"}, "pre_score"),
        (2, {"respondents": "3", "pre_score": "50", "score": "1e309"}, "score"),
        (3, {"indicator": "", "target": "80%", "due_date": "2025-10-01"}, "indicator"),
        (3, {"indicator": "x", "target": "80%", "due_date": "01/31/2025"}, "due_date"),
        (3, {"indicator": "x", "target": "80%", "due_date": "2025-10-01", "result": "70%"}, "measured_at"),
        (4, {"indicator": "x" * 400, "target": "80%", "due_date": "2025-10-01"}, "indicator"),
    ],
)
def test_bad_evaluation_input_is_a_field_error(client_for, widyaiswara_a, held, level, data, field):
    response = client_for(widyaiswara_a).post(create_url(held, level), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Evaluation.objects.exists()


def test_follow_up_is_prefilled_from_the_problems_indicator(client_for, widyaiswara_a, held):
    response = client_for(widyaiswara_a).get(create_url(held, 3))
    form = response.context["form"]
    assert form["indicator"].value() == "Persentase permintaan arsip dilayani dalam 1 hari"
    assert form["baseline"].value() == "55% dilayani dalam 1 hari"
    assert "Peminjaman arsip lambat" in response.content.decode()


def test_follow_up_due_date_cannot_precede_the_activity(client_for, widyaiswara_a, held):
    response = client_for(widyaiswara_a).post(
        create_url(held, 3), {"indicator": "Indikator", "target": "80%", "due_date": "2025-08-01"}
    )
    assert "Tenggat pengukuran paling cepat" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_overdue_follow_up_is_flagged_until_measured(client_for, widyaiswara_a, held, programme_opd_a):
    client = client_for(widyaiswara_a)
    today = timezone.localdate()
    past_due = (today - timedelta(days=3)).isoformat()
    client.post(
        create_url(held, 4),
        {"indicator": "Indikator arsip", "baseline": "55%", "target": "85%", "due_date": past_due},
    )
    evaluation = Evaluation.objects.get()
    list_url = reverse("learning_records:evaluation_list", args=[programme_opd_a.pk])
    response = client.get(list_url)
    assert response.context["overdue_count"] == 1
    assert "Lewat tenggat, belum diukur" in response.content.decode()
    assert [e.pk for e in client.get(list_url + "?terlambat=1").context["page"].object_list] == [evaluation.pk]

    edit = reverse("learning_records:evaluation_edit", args=[evaluation.pk])
    client.post(
        edit,
        {
            "indicator": "Indikator arsip",
            "baseline": "55%",
            "target": "85%",
            "due_date": past_due,
            "result": "82%",
            "measured_at": today.isoformat(),
        },
    )
    evaluation.refresh_from_db()
    assert evaluation.result == "82%"
    response = client.get(list_url)
    assert response.context["overdue_count"] == 0
    assert "Lewat tenggat" not in response.content.decode()


def test_a_measurement_in_the_future_is_refused(client_for, widyaiswara_a, held):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(widyaiswara_a).post(
        create_url(held, 3),
        {"indicator": "x", "target": "y", "due_date": "2025-10-01", "result": "z", "measured_at": tomorrow},
    )
    assert "Tanggal pengukuran belum lewat" in response.content.decode()


def test_activity_not_yet_held_cannot_be_evaluated(client_for, widyaiswara_a, programme_opd_a, held):
    not_held = approved_activity(programme_opd_a, plan=held.plan, jp=4)
    client = client_for(widyaiswara_a)
    assert client.get(create_url(not_held, 1)).status_code == 404
    assert client.get(reverse("learning_records:activity_evaluations", args=[not_held.pk])).status_code == 404


def test_unknown_level_is_404(client_for, widyaiswara_a, held):
    assert client_for(widyaiswara_a).get(create_url(held, 7)).status_code == 404


def test_evaluation_is_deleted_after_confirmation(client_for, widyaiswara_a, held):
    client = client_for(widyaiswara_a)
    client.post(create_url(held, 1), {"respondents": "3", "score": "4"})
    url = reverse("learning_records:evaluation_delete", args=[Evaluation.objects.get().pk])
    assert "Ya, hapus" in client.get(url).content.decode()
    client.post(url)
    assert not Evaluation.objects.exists()


def test_a_realisation_with_evaluations_cannot_be_cancelled(client_for, widyaiswara_a, held):
    client = client_for(widyaiswara_a)
    client.post(create_url(held, 1), {"respondents": "3", "score": "4"})
    url = reverse("learning_records:realisation_delete", args=[held.pk])
    response = client.post(url)
    assert "evaluasi kegiatan" in response.content.decode()
    assert PlanActivity.objects.get(pk=held.pk).realisation


@pytest.mark.parametrize("who", ["admin", "kepala_a"])
def test_readers_may_read_but_not_record(client_for, everyone, held, programme_opd_a, who):
    evaluation = Evaluation.objects.create(
        activity=held, level=1, respondents=3, score=4, recorded_by=held.plan.created_by
    )
    client = client_for(everyone[who])
    assert client.get(reverse("learning_records:evaluation_list", args=[programme_opd_a.pk])).status_code == 200
    assert client.get(reverse("learning_records:activity_evaluations", args=[held.pk])).status_code == 200
    assert client.get(create_url(held, 1)).status_code == 403
    assert client.post(create_url(held, 1), {"respondents": "3", "score": "4"}).status_code == 403
    assert client.get(reverse("learning_records:evaluation_edit", args=[evaluation.pk])).status_code == 403
    assert client.post(reverse("learning_records:evaluation_delete", args=[evaluation.pk])).status_code == 403
    assert Evaluation.objects.count() == 1


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_other_opd_gets_404(client_for, everyone, held, programme_opd_a, who):
    evaluation = Evaluation.objects.create(
        activity=held, level=1, respondents=3, score=4, recorded_by=held.plan.created_by
    )
    client = client_for(everyone[who])
    for url in (
        reverse("learning_records:evaluation_list", args=[programme_opd_a.pk]),
        reverse("learning_records:activity_evaluations", args=[held.pk]),
        create_url(held, 1),
        reverse("learning_records:evaluation_edit", args=[evaluation.pk]),
        reverse("learning_records:evaluation_delete", args=[evaluation.pk]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("size", [10, 1000])
def test_evaluation_list_queries_do_not_grow(
    client_for, widyaiswara_a, held, programme_opd_a, size, django_assert_max_num_queries
):
    Evaluation.objects.bulk_create(
        Evaluation(
            activity=held,
            level=3,
            indicator=f"Indikator {i}",
            target="80%",
            due_date=date(2025, 9, 1),
            recorded_by=widyaiswara_a,
        )
        for i in range(size)
    )
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("learning_records:evaluation_list", args=[programme_opd_a.pk]))
    assert response.context["overdue_count"] == size


def test_more_respondents_than_attendees_is_refused_at_the_field(client_for, widyaiswara_a, held):
    client = client_for(widyaiswara_a)
    attendees = held.realisation.credits.count()
    response = client.post(create_url(held, 1), {"respondents": str(attendees + 3), "score": "4"})
    assert response.status_code == 200
    assert "tidak mungkin lebih banyak dari peserta yang hadir" in str(response.context["form"].errors["respondents"])
    assert not held.evaluations.exists()
    client.post(create_url(held, 1), {"respondents": str(attendees), "score": "4"})
    assert held.evaluations.count() == 1
