"""Review with context: the Kepala OPD reads the submission note, the earlier rounds with their
answers and what changed since the last return on the review page; the Widyaiswara reads the
Kepala's comment where the activity is edited."""

from decimal import Decimal

import pytest
from django.urls import reverse

from learning_plans.services import plans as services
from tests.factories import LearningPlanFactory, PlanActivityFactory, development_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(programme_opd_a, everyone):
    return LearningPlanFactory(programme_opd=programme_opd_a, created_by=everyone["widyaiswara_a"], title="Rencana DPU")


@pytest.fixture
def activity(plan):
    return PlanActivityFactory(plan=plan, title="Coaching katalogisasi", form=development_form("NKL01"), jp=4)


def returned_and_resubmitted(plan, activity, everyone):
    wi, kepala = everyone["widyaiswara_a"], everyone["kepala_a"]
    services.plan_submit(plan=plan, actor=wi, note="Mohon ditinjau, fokus pada katalogisasi.")
    services.plan_return(
        plan=plan,
        actor=kepala,
        note="Sesuaikan JP coaching.",
        activity_comments={activity.pk: "JP dinaikkan menjadi 6."},
    )
    activity.refresh_from_db()
    services.activity_update(activity=activity, actor=wi, lock_version=activity.lock_version, jp=Decimal(6))
    services.plan_submit(plan=plan, actor=wi, note="JP coaching sudah menjadi 6.")


def test_review_page_shows_note_earlier_comments_answers_and_changes_since_return(client_for, everyone, plan, activity):
    returned_and_resubmitted(plan, activity, everyone)
    response = client_for(everyone["kepala_a"]).get(reverse("learning_plans:plan_review", args=[plan.pk]))
    assert response.status_code == 200
    review = response.context["review"]
    assert review.submission.note == "JP coaching sudah menjadi 6."
    assert [(r.is_return, r.transition.note) for r in review.rounds] == [
        (False, "Mohon ditinjau, fokus pada katalogisasi."),
        (True, "Sesuaikan JP coaching."),
        (False, "JP coaching sudah menjadi 6."),
    ]
    [change_entry] = review.changes
    assert change_entry.object_label == "Coaching katalogisasi"
    assert [(str(c.label), c.old, c.new) for c in change_entry.changes] == [("JP", "4.0", "6.0")]
    body = response.content.decode()
    for text in ("JP coaching sudah menjadi 6.", "Sesuaikan JP coaching.", "JP dinaikkan menjadi 6.",
                 "Perubahan sejak terakhir dikembalikan"):  # fmt: skip
        assert text in body


def test_first_submission_shows_the_note_and_no_earlier_rounds(client_for, everyone, plan, activity):
    services.plan_submit(plan=plan, actor=everyone["widyaiswara_a"], note="Versi pertama.")
    response = client_for(everyone["kepala_a"]).get(reverse("learning_plans:plan_review", args=[plan.pk]))
    assert response.context["review"].last_return is None
    body = response.content.decode()
    assert "Versi pertama." in body
    assert "Perubahan sejak terakhir dikembalikan" not in body


def test_activity_edit_form_shows_the_kepalas_comment(client_for, everyone, plan, activity):
    services.plan_submit(plan=plan, actor=everyone["widyaiswara_a"])
    services.plan_return(
        plan=plan,
        actor=everyone["kepala_a"],
        note="Perbaiki.",
        activity_comments={activity.pk: "JP dinaikkan menjadi 6."},
    )
    response = client_for(everyone["widyaiswara_a"]).get(reverse("learning_plans:activity_edit", args=[activity.pk]))
    assert response.status_code == 200
    assert "Komentar Kepala OPD pada kegiatan ini" in response.content.decode()
    assert "JP dinaikkan menjadi 6." in response.content.decode()


def test_review_page_is_refused_to_the_widyaiswara_and_another_opds_kepala(client_for, everyone, plan, activity):
    returned_and_resubmitted(plan, activity, everyone)
    url = reverse("learning_plans:plan_review", args=[plan.pk])
    assert client_for(everyone["widyaiswara_a"]).get(url).status_code == 403
    assert client_for(everyone["kepala_b"]).get(url).status_code == 404


@pytest.mark.parametrize("rounds", [1, 6])
def test_review_context_reads_in_a_fixed_number_of_queries(client_for, everyone, plan, activity, rounds,
                                                           django_assert_max_num_queries):  # fmt: skip
    for _ in range(rounds):
        services.plan_submit(plan=plan, actor=everyone["widyaiswara_a"], note="Ajukan.")
        services.plan_return(
            plan=plan, actor=everyone["kepala_a"], note="Kembali.", activity_comments={activity.pk: "x"}
        )
    PlanActivityFactory.create_batch(rounds, plan=plan)
    services.plan_submit(plan=plan, actor=everyone["widyaiswara_a"], note="Terakhir.")
    client = client_for(everyone["kepala_a"])
    with django_assert_max_num_queries(30):
        assert client.get(reverse("learning_plans:plan_review", args=[plan.pk])).status_code == 200
