"""Hostile input in every field-work form and query string: never a 500, nothing of another OPD
saved. Each form is posted with one field at a time replaced by a hostile value."""

import pytest
from django.urls import reverse

from learning_needs.models import Cause, CauseNature, FieldSession, LearningNeed, Problem, Recommendation
from tests.factories import (
    CauseFactory,
    FieldSessionFactory,
    FollowUpFactory,
    LearningNeedFactory,
    PegawaiFactory,
    ProblemFactory,
    RecommendationFactory,
    SessionParticipantFactory,
    SessionSeriesFactory,
    TechnicalCompetencyFactory,
    UnitKerjaFactory,
)
from tests.learning_needs.test_sessions_form import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HOSTILE = [
    "",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "-1",
    "6",
    "9223372036854775808",
    "2025-02-30",
    "25:61",
    "nul\x00byte",
]
# Endpoints that answer htmx differently (fragments): posted both ways.
HTMX_FORMS = {"follow_up_add", "session_attendance", "follow_up_toggle", "series_attendance", "cause_create"}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(everyone, programme_opd_a, programme_opd_b, opd_a, opd_b, widyaiswara_a, widyaiswara_b):
    unit = UnitKerjaFactory(opd=opd_a, name="Sif A", works_in_shifts=True)
    unit_b = UnitKerjaFactory(opd=opd_b, name="Sif B", works_in_shifts=True)
    pegawai = PegawaiFactory(opd=opd_a, unit=unit, name="Andi Baso")
    pegawai_b = PegawaiFactory(opd=opd_b, unit=unit_b, name="Orang B")
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    session_b = FieldSessionFactory(programme_opd=programme_opd_b, created_by=widyaiswara_b)
    participant = SessionParticipantFactory(session=session, pegawai=pegawai)
    follow_up = FollowUpFactory(session=session)
    series = SessionSeriesFactory(programme_opd=programme_opd_a, unit=unit, created_by=widyaiswara_a)
    series.target_participants.add(pegawai)
    repeat = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, series=series)
    problem = ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    problem_b = ProblemFactory(programme_opd=programme_opd_b, created_by=widyaiswara_b)
    cause = CauseFactory(problem=problem, nature=CauseNature.KOMPETENSI)
    cause_nk = CauseFactory(problem=problem, nature=CauseNature.NON_KOMPETENSI)
    cause_b = CauseFactory(problem=problem_b, nature=CauseNature.KOMPETENSI)
    cause_b_nk = CauseFactory(problem=problem_b, nature=CauseNature.NON_KOMPETENSI)
    competency = TechnicalCompetencyFactory(opd=opd_a)
    competency_b = TechnicalCompetencyFactory(opd=opd_b)
    need = LearningNeedFactory(cause=cause, competency=competency)
    recommendation = RecommendationFactory(cause=cause_nk)
    return locals()


def _session_base(w):
    return form_data(w["widyaiswara_a"], participants=[w["pegawai"]])


def _series_base(w):
    return {
        "topic": "Rangkaian",
        "unit": w["unit"].pk,
        "kind": "coaching",
        "place": "Ruang",
        "participants_chosen": [w["pegawai"].pk],
        "ulangan-TOTAL_FORMS": "2",
        "ulangan-INITIAL_FORMS": "0",
        "ulangan-MIN_NUM_FORMS": "2",
        "ulangan-MAX_NUM_FORMS": "12",
        "ulangan-0-date": "2025-08-01",
        "ulangan-0-start_time": "07:00",
        "ulangan-0-end_time": "08:00",
        "ulangan-0-shift_label": "pagi",
        "ulangan-1-date": "2025-08-01",
        "ulangan-1-start_time": "15:00",
        "ulangan-1-end_time": "16:00",
        "ulangan-1-shift_label": "siang",
    }


def _problem_base(w):
    return {
        "title": "Masalah",
        "description": "Uraian",
        "unit": w["unit"].pk,
        "duty_or_indicator": "Indikator",
        "indicator_baseline": "50%",
        "urgency": "3",
        "seriousness": "3",
        "growth": "3",
        "sessions": [w["session"].pk],
    }


def _cause_base(w):
    return {"parent": w["cause"].pk, "text": "Mengapa", "category": "manusia", "nature": "kompetensi", "sessions": []}


def _need_base(w):
    return {
        "cause": w["cause"].pk,
        "competency": w["competency"].pk,
        "required_level": "4",
        "current_level": "2",
        "target_positions": "Arsiparis",
        "target_staff": [w["pegawai"].pk],
        "notes": "",
    }


def _recommendation_base(w):
    return {
        "cause": w["cause_nk"].pk,
        "action": "Susun SOP",
        "person_in_charge": "Sekdis",
        "due_date": "2025-09-01",
        "status": "usulan",
    }


# (url name, object key for the url, base data builder)
FORMS = [
    ("session_create", "programme_opd_a", _session_base),
    ("session_edit", "session", _session_base),
    ("follow_up_add", "session", lambda w: {"tl-action": "A", "tl-person_in_charge": "B", "tl-due_date": ""}),
    ("session_attendance", "participant", lambda w: {"attended": "1"}),
    ("follow_up_toggle", "follow_up", lambda w: {"done": "1"}),
    ("series_create", "programme_opd_a", _series_base),
    (
        "series_attendance",
        "series",
        lambda w: {"session": w["repeat"].pk, "pegawai": w["pegawai"].pk, "attended": "1"},
    ),
    (
        "series_add_repeat",
        "series",
        lambda w: {
            "baru-date": "2025-08-02",
            "baru-start_time": "22:00",
            "baru-end_time": "23:00",
            "baru-shift_label": "malam",
        },
    ),
    ("problem_create", "programme_opd_a", _problem_base),
    ("problem_update", "problem", _problem_base),
    ("cause_create", "problem", _cause_base),
    ("cause_update", "cause_nk", lambda w: {**_cause_base(w), "nature": "non_kompetensi"}),
    ("need_create", "programme_opd_a", _need_base),
    ("need_update", "need", _need_base),
    ("recommendation_create", "programme_opd_a", _recommendation_base),
    ("recommendation_update", "recommendation", _recommendation_base),
    ("recommendation_status", "recommendation", lambda w: {"status": "selesai"}),
    ("competency_create", "programme_opd_a", lambda w: {"code": "T.X.01", "name": "Nama", "description": ""}),
]


def _url(name, w, key):
    if name in ("competency_update", "competency_delete"):
        return reverse(f"learning_needs:{name}", args=[w["programme_opd_a"].pk, w[key].pk])
    return reverse(f"learning_needs:{name}", args=[w[key].pk])


FORM_CASES = [(*form, False) for form in FORMS] + [(*form, True) for form in FORMS if form[0] in HTMX_FORMS]


@pytest.mark.parametrize(
    ("name", "key", "base", "htmx"), FORM_CASES, ids=[f"{c[0]}-{'htmx' if c[3] else 'page'}" for c in FORM_CASES]
)
def test_every_field_survives_hostile_values(client_for, world, name, key, base, htmx):
    client = client_for(world["widyaiswara_a"])
    url = _url(name, world, key)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    fields = list(base(world).keys())
    for field in fields:
        for value in HOSTILE:
            data = {**base(world), field: value}
            response = client.post(url, data, **headers)
            assert response.status_code < 500, (name, field, value[:30])
        # Several values where one is expected, and a list with a foreign id.
        data = {**base(world), field: ["1", "abc", str(2**70)]}
        assert client.post(url, data, **headers).status_code < 500, (name, field, "list")


GET_PAGES = [
    ("session_list", "programme_opd_a", ["unit", "kind", "widyaiswara", "date_from", "date_to", "q", "page"]),
    ("participant_search", "programme_opd_a", ["q", "unit"]),
    ("problem_list", "programme_opd_a", ["page"]),
    ("need_list", "programme_opd_a", ["kelompok", "prioritas", "page"]),
    ("recommendation_list", "programme_opd_a", ["status", "page"]),
    ("competency_list", "programme_opd_a", ["page"]),
    ("cause_create", "problem", ["parent"]),
    ("need_create", "programme_opd_a", ["cause"]),
    ("recommendation_create", "programme_opd_a", ["cause"]),
    ("session_history", "session", ["page"]),
    ("problem_history", "problem", ["page"]),
]


@pytest.mark.parametrize(("name", "key", "params"), GET_PAGES, ids=[g[0] for g in GET_PAGES])
def test_query_strings_survive_hostile_values(client_for, world, name, key, params):
    client = client_for(world["widyaiswara_a"])
    url = _url(name, world, key)
    for param in params:
        for value in HOSTILE:
            response = client.get(url, {param: value})
            assert response.status_code < 500, (name, param, value[:30])
            response = client.get(url, {param: value}, HTTP_HX_REQUEST="true")
            assert response.status_code < 500, (name, param, value[:30], "htmx")


def test_my_sessions_filters_survive_hostile_values(client_for, world):
    client = client_for(world["widyaiswara_a"])
    url = reverse("learning_needs:my_sessions")
    for param in ["programme_opd", "kind", "date_from", "date_to", "q", "page", "opd"]:
        for value in HOSTILE:
            assert client.get(url, {param: value}).status_code < 500, (param, value[:30])


def test_foreign_ids_saved_nowhere(client_for, world):
    """Ids of OPD B's staff, units, sessions, causes and competencies in OPD A's forms."""
    w = world
    client = client_for(w["widyaiswara_a"])
    counts = (FieldSession.objects.count(), Problem.objects.count(), Cause.objects.count())
    counts += (LearningNeed.objects.count(), Recommendation.objects.count())
    posts = [
        ("session_create", "programme_opd_a", {**_session_base(w), "participants_chosen": [w["pegawai_b"].pk]}),
        ("session_create", "programme_opd_a", {**_session_base(w), "unit": w["unit_b"].pk}),
        ("session_create", "programme_opd_a", {**_session_base(w), "widyaiswara": [w["widyaiswara_b"].pk]}),
        ("series_create", "programme_opd_a", {**_series_base(w), "unit": w["unit_b"].pk}),
        ("series_create", "programme_opd_a", {**_series_base(w), "participants_chosen": [w["pegawai_b"].pk]}),
        ("problem_create", "programme_opd_a", {**_problem_base(w), "unit": w["unit_b"].pk}),
        ("problem_create", "programme_opd_a", {**_problem_base(w), "sessions": [w["session_b"].pk]}),
        ("cause_create", "problem", {**_cause_base(w), "parent": w["cause_b"].pk}),
        ("cause_create", "problem", {**_cause_base(w), "sessions": [w["session_b"].pk]}),
        ("need_create", "programme_opd_a", {**_need_base(w), "cause": w["cause_b"].pk}),
        ("need_create", "programme_opd_a", {**_need_base(w), "competency": w["competency_b"].pk}),
        ("need_create", "programme_opd_a", {**_need_base(w), "target_staff": [w["pegawai_b"].pk]}),
        ("recommendation_create", "programme_opd_a", {**_recommendation_base(w), "cause": w["cause_b_nk"].pk}),
    ]
    for name, key, data in posts:
        response = client.post(_url(name, w, key), data)
        assert response.status_code in (200, 400), (name, response.status_code)
        assert response.context["form"].errors, name
    after = (FieldSession.objects.count(), Problem.objects.count(), Cause.objects.count())
    after += (LearningNeed.objects.count(), Recommendation.objects.count())
    assert after == counts
    # The htmx series attendance with another OPD's staff id.
    response = client.post(
        reverse("learning_needs:series_attendance", args=[w["series"].pk]),
        {"session": w["repeat"].pk, "pegawai": w["pegawai_b"].pk, "attended": "1"},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("learning_needs:series_attendance", args=[w["series"].pk]),
        {"session": w["session_b"].pk, "pegawai": w["pegawai"].pk, "attended": "1"},
    )
    assert response.status_code == 404
