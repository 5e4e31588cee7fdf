"""The reaction evaluation (Kirkpatrick level 1) the attendees fill in (issue 14 item 4): once
per realised activity, only by those who attended, stored without a link to the person, and
read on the activity's evaluation page only as an aggregate from the minimum n."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intan_wpl.models import Role
from learning_plans.models import LearningSettings
from learning_records.models import ReactionAnswer, ReactionParticipation, ReactionQuestion, ReactionResponse
from learning_records.services.reaction import reaction_submit
from tests.factories import PegawaiFactory, UserFactory, approved_activity, realise

pytestmark = pytest.mark.django_db


def with_account(pegawai):
    pegawai.account = UserFactory(username=pegawai.nip, role=Role.PEGAWAI, full_name=pegawai.name)
    pegawai.save(update_fields=["account"])
    return pegawai


def set_minimum(n):
    settings = LearningSettings.load()
    settings.culture_min_respondents = n
    settings.save()


def questions():
    return list(ReactionQuestion.objects.filter(active=True))


@pytest.fixture
def attendees(opd_a):
    return [with_account(PegawaiFactory(opd=opd_a)) for _ in range(6)]


@pytest.fixture
def activity(programme_opd_a, widyaiswara_a, attendees):
    activity = approved_activity(programme_opd_a, participants=attendees, title="Coaching telaahan staf")
    realise(activity, attendees, recorded_by=widyaiswara_a)
    return activity


def answer_url(activity):
    return reverse("learning_records:reaction_answer", args=[activity.pk])


def evaluations_url(activity):
    return reverse("learning_records:activity_evaluations", args=[activity.pk])


def form_data(value, comment=""):
    return {**{f"item_{q.pk}": str(value) for q in questions()}, "comment": comment}


def submit(activity, pegawai, values, comment=""):
    return reaction_submit(
        realisation=activity.realisation,
        pegawai=pegawai,
        values=dict(zip([q.pk for q in questions()], values, strict=True)),
        comment=comment,
    )


def test_an_attendee_finds_the_activity_on_their_page_and_rates_it_once(client_for, activity, attendees):
    client = client_for(attendees[0].account)
    page = client.get(reverse("learning_records:my_learning")).content.decode()
    assert f'href="{answer_url(activity)}"' in page and "Evaluasi kegiatan: Coaching telaahan staf" in page
    response = client.post(answer_url(activity), form_data(4, "Contoh kasusnya pas."))
    assert response.status_code == 302
    assert ReactionResponse.objects.get().comment == "Contoh kasusnya pas."
    assert ReactionAnswer.objects.filter(value=4).count() == len(questions())
    assert f'href="{answer_url(activity)}"' not in client.get(reverse("learning_records:my_learning")).content.decode()
    assert "sudah mengisi" in client.get(answer_url(activity)).content.decode()
    client.post(answer_url(activity), form_data(1))
    with pytest.raises(ValidationError, match="sudah mengisi"):
        submit(activity, attendees[0], [2] * len(questions()))
    assert ReactionResponse.objects.count() == 1 == ReactionParticipation.objects.count()


def test_a_missing_item_is_reported_at_the_field(client_for, activity, attendees):
    data = form_data(5, "tetap ada")
    first = questions()[0]
    del data[f"item_{first.pk}"]
    response = client_for(attendees[0].account).post(answer_url(activity), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {f"item_{first.pk}": ["Pilih salah satu jawaban 1–5."]}
    assert "tetap ada" in response.content.decode()
    assert not ReactionResponse.objects.exists()


def test_answers_carry_no_link_to_the_person_and_no_time(activity, attendees):
    submit(activity, attendees[0], [3] * len(questions()), "baik")
    assert set(ReactionResponse.objects.values().get()) == {"id", "realisation_id", "comment"}
    for row in ReactionAnswer.objects.values():
        assert set(row) == {"id", "response_id", "question_id", "value"}
    for model in (ReactionResponse, ReactionAnswer):
        assert model._meta.pk.get_internal_type() == "UUIDField"
        assert not hasattr(model, "history")
    assert {f.name for f in ReactionParticipation._meta.get_fields()} == {"id", "realisation", "pegawai", "answered_on"}


def test_someone_who_did_not_attend_or_of_another_opd_is_refused(client_for, activity, opd_a, programme_opd_b):
    colleague = with_account(PegawaiFactory(opd=opd_a))
    other = with_account(PegawaiFactory(opd=programme_opd_b.opd))
    for person in (colleague, other):
        client = client_for(person.account)
        assert client.get(answer_url(activity)).status_code == 404
        assert client.post(answer_url(activity), form_data(5)).status_code == 404
    assert not ReactionResponse.objects.exists()


@pytest.mark.parametrize("who", ["admin_user", "widyaiswara_a", "kepala_a", "kepala_bpsdm"])
def test_the_form_is_for_pegawai_only(request, client_for, activity, who):
    assert client_for(request.getfixturevalue(who)).get(answer_url(activity)).status_code == 403


def test_the_evaluation_page_shows_the_aggregate_only_from_the_minimum_n(
    client_for, activity, attendees, widyaiswara_a, widyaiswara_b, kepala_a
):
    set_minimum(3)
    count = len(questions())
    submit(activity, attendees[0], [5] * count, "Komentar pertama RAHASIA")
    submit(activity, attendees[1], [4] * count)
    html = client_for(widyaiswara_a).get(evaluations_url(activity)).content.decode()
    assert "n = 2, di bawah batas minimum 3: hasil tidak ditampilkan" in html
    assert "Komentar pertama RAHASIA" not in html and "4,50" not in html and 'data-reaction="overall"' not in html
    submit(activity, attendees[2], [3] * (count - 1) + [1], "Ruangannya panas")
    html = client_for(widyaiswara_a).get(evaluations_url(activity)).content.decode()
    assert "di bawah batas minimum" not in html
    # By hand: the first items (5 + 4 + 3) / 3 = 4.00, the last (5 + 4 + 1) / 3 = 3.33;
    # overall (4 × 4.00 × 3 + 10) / 15 = 58 / 15 = 3.87.
    assert ">3,87<" in html and "3,33" in html
    assert "Komentar pertama RAHASIA" in html and "Ruangannya panas" in html
    for person in attendees[:3]:
        assert person.name not in html
    kepala_html = client_for(kepala_a).get(evaluations_url(activity)).content.decode()
    assert "3,87" in kepala_html and "Ruangannya panas" not in kepala_html
    assert client_for(widyaiswara_b).get(evaluations_url(activity)).status_code == 404


@pytest.mark.parametrize("size", [3, 6])
def test_the_evaluation_page_reads_a_bounded_number_of_queries(
    client_for, activity, attendees, widyaiswara_a, django_assert_max_num_queries, size
):
    set_minimum(2)
    for person in attendees[:size]:
        submit(activity, person, [4] * len(questions()), f"komentar {person.pk}")
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(25):
        html = client.get(evaluations_url(activity)).content.decode()
    assert html.count("komentar ") >= size


@pytest.mark.parametrize("size", [1, 6])
def test_pembelajaran_saya_lists_awaiting_activities_in_a_bounded_number_of_queries(
    client_for, programme_opd_a, widyaiswara_a, attendees, django_assert_max_num_queries, size
):
    person = attendees[0]
    for index in range(size):
        activity = approved_activity(programme_opd_a, participants=[person], title=f"Kegiatan {index}")
        realise(activity, [person], recorded_by=widyaiswara_a)
    client = client_for(person.account)
    with django_assert_max_num_queries(25):
        html = client.get(reverse("learning_records:my_learning")).content.decode()
    assert html.count("data-reaction-awaiting") == size
    assert html.count("Evaluasi kegiatan: Kegiatan") == size
