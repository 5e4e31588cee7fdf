"""The htmx endpoints of field work: safe with hostile queries, and usable when called directly
(no HX-Request header) or with the wrong method."""

import pytest
from django.urls import reverse

from learning_needs.models import SessionParticipant
from tests.factories import (
    FieldSessionFactory,
    FollowUpFactory,
    PegawaiFactory,
    ProblemFactory,
    SessionParticipantFactory,
)

pytestmark = pytest.mark.django_db


def test_participant_search_with_a_nul_character_is_refused_not_a_500(
    client_for, programme_opd_a, opd_a, widyaiswara_a
):
    """PostgreSQL refuses a NUL in a string literal: the search answered 500 there. The
    HostileInputMiddleware now answers 400 for any query string carrying NUL."""
    PegawaiFactory(opd=opd_a, name="Andi Baso")
    url = reverse("learning_needs:participant_search", args=[programme_opd_a.pk])
    client = client_for(widyaiswara_a)
    assert client.get(url, {"q": "an\x00di"}, HTTP_HX_REQUEST="true").status_code == 400
    response = client.get(url, {"q": "andi"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Andi Baso" in response.content.decode()


def test_the_roster_search_itself_strips_nul(programme_opd_a, opd_a):
    from learning_needs.selectors.sessions import search_roster

    PegawaiFactory(opd=opd_a, name="Andi Baso")
    assert [p.name for p in search_roster(programme_opd_a, "an\x00di")] == ["Andi Baso"]


def test_htmx_writes_without_htmx_headers_redirect_back_to_the_page(client_for, programme_opd_a, widyaiswara_a):
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    participant = SessionParticipantFactory(session=session, attended=True)
    follow_up = FollowUpFactory(session=session)
    client = client_for(widyaiswara_a)
    detail = reverse("learning_needs:session_detail", args=[session.pk])

    response = client.post(reverse("learning_needs:session_attendance", args=[participant.pk]), {"attended": "0"})
    assert response.status_code == 302 and response["Location"] == detail
    assert SessionParticipant.objects.get(pk=participant.pk).attended is False

    response = client.post(reverse("learning_needs:follow_up_toggle", args=[follow_up.pk]), {"done": "1"})
    assert response.status_code == 302 and response["Location"] == detail
    follow_up.refresh_from_db()
    assert follow_up.done is True

    # GET on a write-only endpoint changes nothing.
    assert client.get(reverse("learning_needs:session_attendance", args=[participant.pk])).status_code == 405
    assert client.get(reverse("learning_needs:follow_up_toggle", args=[follow_up.pk])).status_code == 405


def test_cause_form_opened_without_htmx_is_a_full_page(client_for, programme_opd_a, widyaiswara_a):
    problem = ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    response = client_for(widyaiswara_a).get(reverse("learning_needs:cause_create", args=[problem.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body and "Simpan penyebab" in body


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_htmx_endpoints_of_another_opd_are_404_even_with_htmx_headers(
    client_for, everyone, programme_opd_a, widyaiswara_a, who
):
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    participant = SessionParticipantFactory(session=session, attended=True)
    problem = ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    client = client_for(everyone[who])
    urls = [
        ("post", reverse("learning_needs:session_attendance", args=[participant.pk]), {"attended": "0"}),
        ("get", reverse("learning_needs:cause_create", args=[problem.pk]), {}),
    ]
    for method, url, data in urls:
        response = getattr(client, method)(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code in (403, 404) if who == "kepala_b" else response.status_code == 404
        assert response.status_code != 200
    assert SessionParticipant.objects.get(pk=participant.pk).attended is True
