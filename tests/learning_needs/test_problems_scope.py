"""Scope of every problem-map, cause, recommendation, need and competency page.

OPD A belongs to Widyaiswara A (assigned) and Kepala A; OPD B to Widyaiswara B and Kepala B.
Reading: admin, Widyaiswara A, Kepala A. Writing: Widyaiswara A only (admin and Kepala A get
403), except the competency dictionary, which the admin may also edit. Anyone of OPD B: 404.
"""

import pytest
from django.urls import reverse

from learning_needs.models import Cause, Competency, LearningNeed, Problem, Recommendation
from tests.factories import (
    CauseFactory,
    LearningNeedFactory,
    ProblemFactory,
    RecommendationFactory,
    TechnicalCompetencyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(everyone, programme_opd_a, widyaiswara_a):
    problem = ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    cause = CauseFactory(problem=problem)
    spare_cause = CauseFactory(problem=problem, parent=cause)
    need = LearningNeedFactory(cause=cause)
    recommendation = RecommendationFactory(cause__problem=problem)
    competency = TechnicalCompetencyFactory(opd=programme_opd_a.opd)
    return {
        "po": programme_opd_a.pk,
        "problem": problem.pk,
        "cause": cause.pk,
        "spare_cause": spare_cause.pk,
        "need": need.pk,
        "recommendation": recommendation.pk,
        "competency": competency.pk,
    }


READ_VIEWS = [
    ("problem_list", lambda w: [w["po"]]),
    ("problem_detail", lambda w: [w["problem"]]),
    ("problem_history", lambda w: [w["problem"]]),
    ("cause_history", lambda w: [w["cause"]]),
    ("need_list", lambda w: [w["po"]]),
    ("need_detail", lambda w: [w["need"]]),
    ("need_history", lambda w: [w["need"]]),
    ("recommendation_list", lambda w: [w["po"]]),
    ("recommendation_history", lambda w: [w["recommendation"]]),
    ("competency_list", lambda w: [w["po"]]),
]

# (url name, args, POST data that would change something if it were allowed)
WRITE_VIEWS = [
    ("problem_create", lambda w: [w["po"]], {"title": "X"}),
    ("problem_update", lambda w: [w["problem"]], {"title": "X"}),
    ("problem_delete", lambda w: [w["problem"]], {}),
    ("cause_create", lambda w: [w["problem"]], {"text": "X", "category": "metode"}),
    ("cause_update", lambda w: [w["cause"]], {"text": "X", "category": "metode"}),
    ("cause_delete", lambda w: [w["spare_cause"]], {}),
    ("need_create", lambda w: [w["po"]], {}),
    ("need_update", lambda w: [w["need"]], {}),
    ("need_delete", lambda w: [w["need"]], {}),
    ("recommendation_create", lambda w: [w["po"]], {}),
    ("recommendation_update", lambda w: [w["recommendation"]], {}),
    ("recommendation_status", lambda w: [w["recommendation"]], {"status": "selesai"}),
    ("recommendation_delete", lambda w: [w["recommendation"]], {}),
]

COMPETENCY_WRITE_VIEWS = [
    ("competency_create", lambda w: [w["po"]], {"code": "T.X", "name": "X"}),
    ("competency_update", lambda w: [w["po"], w["competency"]], {"code": "T.X", "name": "X"}),
    ("competency_delete", lambda w: [w["po"], w["competency"]], {}),
]


def snapshot():
    return (
        list(Problem.objects.values_list("pk", "title")),
        list(Cause.objects.values_list("pk", "text", "category")),
        list(LearningNeed.objects.values_list("pk", "required_level")),
        list(Recommendation.objects.values_list("pk", "status")),
        list(Competency.objects.values_list("pk", "code")),
    )


@pytest.mark.parametrize(("name", "args"), READ_VIEWS)
@pytest.mark.parametrize("who", ["admin", "widyaiswara_a", "kepala_a"])
def test_read_views_open_for_everyone_in_scope(client_for, everyone, world, name, args, who, programme_opd_a):
    response = client_for(everyone[who]).get(reverse(f"learning_needs:{name}", args=args(world)))
    assert response.status_code == 200
    # Every page of the problem map names the OPD it belongs to.
    assert programme_opd_a.opd.short_name in response.content.decode()


@pytest.mark.parametrize(("name", "args"), READ_VIEWS)
@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_read_views_are_404_for_another_opd(client_for, everyone, world, name, args, who):
    response = client_for(everyone[who]).get(reverse(f"learning_needs:{name}", args=args(world)))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "args", "data"), WRITE_VIEWS)
@pytest.mark.parametrize("who", ["admin", "kepala_a"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_write_views_are_403_for_read_only_roles(client_for, everyone, world, name, args, data, who, method):
    before = snapshot()
    client = client_for(everyone[who])
    url = reverse(f"learning_needs:{name}", args=args(world))
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("name", "args", "data"), WRITE_VIEWS + COMPETENCY_WRITE_VIEWS)
@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_write_views_are_404_for_another_opd(client_for, everyone, world, name, args, data, who, method):
    before = snapshot()
    client = client_for(everyone[who])
    url = reverse(f"learning_needs:{name}", args=args(world))
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(("name", "args", "data"), WRITE_VIEWS)
def test_write_views_open_for_the_assigned_widyaiswara(client_for, everyone, world, name, args, data):
    response = client_for(everyone["widyaiswara_a"]).get(reverse(f"learning_needs:{name}", args=args(world)))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(("name", "args", "data"), COMPETENCY_WRITE_VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_competency_writes_are_403_for_kepala_opd(client_for, everyone, world, name, args, data, method):
    before = snapshot()
    client = client_for(everyone["kepala_a"])
    url = reverse(f"learning_needs:{name}", args=args(world))
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("name", "args", "data"), COMPETENCY_WRITE_VIEWS)
@pytest.mark.parametrize("who", ["admin", "widyaiswara_a"])
def test_competency_writes_open_for_admin_and_assigned_widyaiswara(client_for, everyone, world, name, args, data, who):
    response = client_for(everyone[who]).get(reverse(f"learning_needs:{name}", args=args(world)))
    assert response.status_code == 200
    # The form to write, or the confirmation before deleting: never an empty page.
    html = response.content.decode()
    assert 'name="name"' in html or "Hapus" in html


def test_anonymous_visitor_is_sent_to_login(client, world):
    response = client.get(reverse("learning_needs:problem_list", args=[world["po"]]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_read_only_pages_hide_write_buttons_from_kepala_opd(client_for, everyone, world):
    response = client_for(everyone["kepala_a"]).get(reverse("learning_needs:problem_detail", args=[world["problem"]]))
    content = response.content.decode()
    assert reverse("learning_needs:cause_create", args=[world["problem"]]) not in content
    assert reverse("learning_needs:problem_update", args=[world["problem"]]) not in content
    response = client_for(everyone["widyaiswara_a"]).get(
        reverse("learning_needs:problem_detail", args=[world["problem"]])
    )
    assert reverse("learning_needs:cause_create", args=[world["problem"]]) in response.content.decode()
