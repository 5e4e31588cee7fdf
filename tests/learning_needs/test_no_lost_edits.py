"""No lost edits (issue 13, item 6): two people editing the same session, problem, need, cause or
recommendation: the later save does not overwrite the earlier; it is refused with both texts on
the page and nothing typed lost, and a second save, made knowingly, goes through. A double-clicked
create form makes one record."""

import pytest
from django.test import Client
from django.urls import reverse

from intan_wpl.models import FormSubmission
from learning_needs.models import Cause, CauseNature, FieldSession, LearningNeed, Problem, Recommendation
from tests.factories import (
    CauseFactory,
    FieldSessionFactory,
    LearningNeedFactory,
    ProblemFactory,
    RecommendationFactory,
    UserFactory,
)
from tests.learning_needs.test_needs import need_data, rec_data
from tests.learning_needs.test_problems import problem_data
from tests.learning_needs.test_sessions_form import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(programme_opd_a):
    """A second Widyaiswara of the same OPD: two people who may edit the same things."""
    from pilots.models import AssignmentRole
    from tests.factories import AssignmentFactory

    user = UserFactory(username="wi.kedua", full_name="Widyaiswara Kedua", role="widyaiswara")
    AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=user, role=AssignmentRole.ANGGOTA)
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _problem(programme_opd, widyaiswara):
    problem = ProblemFactory(programme_opd=programme_opd, created_by=widyaiswara, title="Judul awal")
    return problem, "learning_needs:problem_update", lambda text: problem_data(title=text), Problem, "title"


def _cause(programme_opd, widyaiswara):
    problem = ProblemFactory(programme_opd=programme_opd, created_by=widyaiswara)
    cause = CauseFactory(problem=problem, text="Penyebab awal")
    return (
        cause,
        "learning_needs:cause_update",
        lambda text: {"text": text, "category": "metode", "nature": ""},
        Cause,
        "text",
    )


def _need(programme_opd, widyaiswara):
    problem = ProblemFactory(programme_opd=programme_opd, created_by=widyaiswara)
    cause = CauseFactory(problem=problem, nature=CauseNature.KOMPETENSI)
    need = LearningNeedFactory(cause=cause, notes="Catatan awal")
    return (
        need,
        "learning_needs:need_update",
        lambda text: need_data(cause, competency=need.competency_id, notes=text),
        LearningNeed,
        "notes",
    )


def _recommendation(programme_opd, widyaiswara):
    problem = ProblemFactory(programme_opd=programme_opd, created_by=widyaiswara)
    cause = CauseFactory(problem=problem, nature=CauseNature.NON_KOMPETENSI, category="sarana")
    recommendation = RecommendationFactory(cause=cause, action="Rekomendasi awal")
    return (
        recommendation,
        "learning_needs:recommendation_update",
        lambda text: rec_data(cause, action=text),
        Recommendation,
        "action",
    )


def _session(programme_opd, widyaiswara):
    session = FieldSessionFactory(programme_opd=programme_opd, created_by=widyaiswara, topic="Topik awal")
    return (
        session,
        "learning_needs:session_edit",
        lambda text: form_data(widyaiswara, topic=text),
        FieldSession,
        "topic",
    )


KINDS = [_problem, _cause, _need, _recommendation, _session]


@pytest.mark.parametrize("make", KINDS, ids=lambda make: make.__name__.strip("_"))
def test_two_concurrent_edits_keep_both_texts_visible(widyaiswara_a, colleague, programme_opd_a, make):
    obj, url_name, data, model, field = make(programme_opd_a, widyaiswara_a)
    url = reverse(url_name, args=[obj.pk])
    first, second = signed_in(widyaiswara_a), signed_in(colleague)
    # Both open the form at the same version.
    seen = first.get(url).context["form"]["lock_version"].value()
    assert second.get(url).context["form"]["lock_version"].value() == seen

    text_first = "Teks dari orang pertama"
    text_second = "Teks dari orang kedua"
    assert first.post(url, {**data(text_first), "lock_version": seen}).status_code == 302
    refused = second.post(url, {**data(text_second), "lock_version": seen})

    # Nothing of the first is overwritten; the page shows both texts and who saved first.
    assert getattr(model.objects.get(pk=obj.pk), field) == text_first
    body = refused.content.decode()
    assert refused.status_code in (200, 409)
    assert text_first in body, "the stored text is shown"
    assert text_second in body, "what the second person typed is kept"
    assert "Widyaiswara A" in body and "perubahan Anda belum disimpan" in body

    # Saving again, knowingly, on the version now stored, goes through.
    again = refused.context["form"]["lock_version"].value()
    assert int(again) > int(seen)
    assert second.post(url, {**data(text_second), "lock_version": again}).status_code == 302
    assert getattr(model.objects.get(pk=obj.pk), field) == text_second


def test_an_edit_without_the_version_it_was_opened_at_is_refused(client_for, widyaiswara_a, programme_opd_a):
    problem = ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, title="Judul awal")
    data = problem_data(title="Tanpa versi")
    del data["lock_version"]
    response = client_for(widyaiswara_a).post(reverse("learning_needs:problem_update", args=[problem.pk]), data)
    assert response.status_code == 200
    assert Problem.objects.get(pk=problem.pk).title == "Judul awal"


def test_a_double_clicked_create_form_makes_one_record(client_for, widyaiswara_a, programme_opd_a):
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:problem_create", args=[programme_opd_a.pk])
    data = {**problem_data(title="Diklik dua kali"), "_sekali": "5b1c2a9e-1111-4c3d-9f00-aaaaaaaaaaaa"}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert Problem.objects.filter(title="Diklik dua kali").count() == 1
    # The second click lands where the first did, and says why.
    assert second.redirect_chain[0][0] == first["Location"]
    assert "sudah terkirim sebelumnya" in second.content.decode()


def test_a_double_clicked_session_form_with_participants_makes_one_session(client_for, widyaiswara_a, programme_opd_a):
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:session_create", args=[programme_opd_a.pk])
    data = {**form_data(widyaiswara_a, topic="Sesi sekali saja"), "_sekali": "0f0e0d0c0b0a09080706050403020100"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert FieldSession.objects.filter(topic="Sesi sekali saja").count() == 1


def test_a_form_sent_back_with_errors_can_be_sent_again_with_the_same_token(client_for, widyaiswara_a, programme_opd_a):
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:problem_create", args=[programme_opd_a.pk])
    token = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    bad = {**problem_data(title=""), "_sekali": token}
    assert client.post(url, bad).status_code == 200
    good = {**problem_data(title="Setelah diperbaiki"), "_sekali": token}
    assert client.post(url, good).status_code == 302
    assert Problem.objects.filter(title="Setelah diperbaiki").count() == 1


def test_a_repeat_while_the_first_still_runs_is_not_processed(client_for, widyaiswara_a, programme_opd_a, settings):
    settings.SUBMIT_ONCE_WAIT_SECONDS = 0
    token = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
    FormSubmission.objects.create(user=widyaiswara_a, token=token)  # the first click, still running
    url = reverse("learning_needs:problem_create", args=[programme_opd_a.pk])
    response = client_for(widyaiswara_a).post(url, {**problem_data(title="Kedua"), "_sekali": token})
    assert response.status_code == 409
    assert "sedang diproses" in response.content.decode()
    assert not Problem.objects.exists()


def test_tokens_are_per_person(widyaiswara_a, colleague, programme_opd_a):
    url = reverse("learning_needs:problem_create", args=[programme_opd_a.pk])
    token = "cccccccccccccccccccccccccccccccc"
    for user, title in ((widyaiswara_a, "Milik A"), (colleague, "Milik kolega")):
        client = signed_in(user)
        assert client.post(url, {**problem_data(title=title), "_sekali": token}).status_code == 302
    assert set(Problem.objects.values_list("title", flat=True)) == {"Milik A", "Milik kolega"}
