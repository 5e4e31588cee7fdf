"""The Kepala OPD acts on the non-competency causes (issue 14, item 7): the recommendations a
problem map sends to the OPD get a status, a responsible unit, a due date and progress notes that
the Kepala OPD updates (each update kept in the history); the Widyaiswara and BPSDM see them on
the OPD's recommendation page and the dashboard counts open and done."""

from datetime import date

import pytest
from django.urls import reverse

from learning_needs.models import CauseNature, Recommendation, RecommendationStatus
from tests.factories import CauseFactory, ProblemFactory, RecommendationFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db


def recommendation_of(programme_opd, author, **fields):
    problem = ProblemFactory(programme_opd=programme_opd, created_by=author)
    cause = CauseFactory(problem=problem, nature=CauseNature.NON_KOMPETENSI)
    return RecommendationFactory(cause=cause, **fields)


@pytest.fixture
def recommendation(programme_opd_a, widyaiswara_a):
    return recommendation_of(programme_opd_a, widyaiswara_a, action="Susun SOP pelayanan arsip")


def follow_up_url(recommendation):
    return reverse("learning_needs:recommendation_follow_up", args=[recommendation.pk])


def test_the_kepala_opd_updates_the_follow_up_and_every_note_is_kept(recommendation, kepala_a, opd_a, client_for):
    unit = UnitKerjaFactory(opd=opd_a, name="Bidang Arsip")
    client = client_for(kepala_a)
    url = follow_up_url(recommendation)
    form = client.get(url).content.decode()
    assert "Bidang Arsip" in form
    first = {
        "status": "proses",
        "responsible_unit": unit.pk,
        "due_date": "2025-11-30",
        "progress_note": "Draf SOP dibahas",
        "lock_version": 0,
    }
    assert client.post(url, first).status_code == 302
    second = {**first, "status": "selesai", "progress_note": "SOP ditetapkan", "lock_version": 1}
    assert client.post(url, second).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.SELESAI
    assert (recommendation.responsible_unit, recommendation.due_date) == (unit, date(2025, 11, 30))
    notes = [record.progress_note for record in recommendation.history.order_by("history_id")]
    assert notes[-2:] == ["Draf SOP dibahas", "SOP ditetapkan"]
    assert {record.history_user_id for record in recommendation.history.all()[:2]} == {kepala_a.pk}


def test_a_unit_of_another_opd_is_refused_at_the_field(recommendation, kepala_a, opd_b, client_for):
    other_unit = UnitKerjaFactory(opd=opd_b)
    response = client_for(kepala_a).post(
        follow_up_url(recommendation),
        {"status": "proses", "responsible_unit": other_unit.pk, "progress_note": "Catatan", "lock_version": 0},
    )
    assert response.status_code == 200 and "responsible_unit" in response.context["form"].errors
    assert 'value="Catatan"' in response.content.decode() or "Catatan</textarea>" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.responsible_unit is None


@pytest.mark.parametrize("who", ["admin_user", "kepala_bpsdm", "widyaiswara_a"])
def test_only_the_kepala_opd_of_that_opd_follows_up(who, request, recommendation, client_for):
    client = client_for(request.getfixturevalue(who))
    url = follow_up_url(recommendation)
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "selesai", "lock_version": 0}).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.BELUM


def test_another_opds_kepala_does_not_reach_it(recommendation, kepala_b, widyaiswara_b, client_for):
    for user in (kepala_b, widyaiswara_b):
        client = client_for(user)
        assert client.get(follow_up_url(recommendation)).status_code == 404
        assert client.post(follow_up_url(recommendation), {"status": "selesai"}).status_code == 404


def test_the_widyaiswara_and_bpsdm_see_the_follow_up_with_open_and_done_counts(
    programme_opd_a, widyaiswara_a, kepala_a, kepala_bpsdm, opd_a, client_for
):
    unit = UnitKerjaFactory(opd=opd_a, name="Bidang Arsip")
    recommendation_of(
        programme_opd_a, widyaiswara_a, status="proses", responsible_unit=unit, progress_note="Rapat pertama"
    )
    recommendation_of(programme_opd_a, widyaiswara_a, status="selesai")
    recommendation_of(programme_opd_a, widyaiswara_a)
    url = reverse("learning_needs:recommendation_list", args=[programme_opd_a.pk])
    for user in (widyaiswara_a, kepala_bpsdm):
        page = client_for(user).get(url).content.decode()
        assert "Bidang Arsip" in page and "Rapat pertama" in page
        assert "2 terbuka" in page and "1 selesai" in page
        assert "tindak-lanjut" not in page, "the follow-up button is the Kepala OPD's"
    assert "tindak-lanjut" in client_for(kepala_a).get(url).content.decode()


def test_the_dashboard_counts_open_and_done(programme_opd_a, programme_opd_b, widyaiswara_a, admin_user, client_for):
    recommendation_of(programme_opd_a, widyaiswara_a, status="selesai")
    recommendation_of(programme_opd_a, widyaiswara_a, status="proses")
    recommendation_of(programme_opd_b, widyaiswara_a)
    response = client_for(admin_user).get(reverse("insights:dashboard"))
    totals = response.context["figures"]["totals"]
    assert (totals["recommendation_open"], totals["recommendation_done"]) == (2, 1)
    rows = {row["opd__name"]: row for row in response.context["figures"]["rows"]}
    row_a = rows[programme_opd_a.opd.name]
    assert (row_a["recommendation_open"], row_a["recommendation_done"]) == (1, 1)
    assert 'data-summary="recommendations"' in response.content.decode()


@pytest.mark.parametrize("size", [2, 30])
def test_the_recommendation_page_costs_a_fixed_number_of_queries(
    size, programme_opd_a, widyaiswara_a, opd_a, client_for, django_assert_max_num_queries
):
    unit = UnitKerjaFactory(opd=opd_a)
    for _ in range(size):
        recommendation_of(programme_opd_a, widyaiswara_a, responsible_unit=unit, progress_note="n")
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("learning_needs:recommendation_list", args=[programme_opd_a.pk]))
    assert response.status_code == 200 and Recommendation.objects.count() == size
