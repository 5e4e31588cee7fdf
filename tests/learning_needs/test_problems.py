"""The problem map (Pemetaan Masalah): problems of an OPD ordered by USG, with their counts;
creating, editing, deleting and the history of a problem."""

import pytest
from django.urls import reverse

from learning_needs.models import Cause, CauseNature, Problem
from pilots.models import UnitKerja
from tests.factories import (
    CauseFactory,
    LearningNeedFactory,
    ProblemFactory,
    RecommendationFactory,
    UnitKerjaFactory,
    make_field_session,
)

pytestmark = pytest.mark.django_db


def problem_data(**overrides):
    data = {
        "title": "Berkas izin terlambat diproses",
        "description": "Rata-rata 9 hari, standar pelayanan 5 hari.",
        "unit": "",
        "duty_or_indicator": "IKI: persentase izin terbit tepat waktu",
        "indicator_baseline": "62% tepat waktu (Juni 2025)",
        "urgency": "5",
        "seriousness": "4",
        "growth": "3",
        "lock_version": "0",  # the version an edit form was opened at (a create form has none)
    }
    data.update(overrides)
    return data


# --- The map ------------------------------------------------------------------------------


def test_map_orders_problems_by_usg_total_highest_first(client_for, widyaiswara_a, programme_opd_a):
    ProblemFactory(programme_opd=programme_opd_a, title="Sedang", urgency=3, seriousness=3, growth=3)
    ProblemFactory(programme_opd=programme_opd_a, title="Tertinggi", urgency=5, seriousness=5, growth=4)
    ProblemFactory(programme_opd=programme_opd_a, title="Rendah", urgency=1, seriousness=2, growth=1)
    response = client_for(widyaiswara_a).get(reverse("learning_needs:problem_list", args=[programme_opd_a.pk]))
    titles = [problem.title for problem in response.context["page"].object_list]
    assert titles == ["Tertinggi", "Sedang", "Rendah"]
    assert [p.usg_total for p in response.context["page"].object_list] == [14, 9, 4]
    assert "USG 14" in response.content.decode()


def test_map_counts_causes_needs_and_recommendations(client_for, widyaiswara_a, programme_opd_a):
    problem = ProblemFactory(programme_opd=programme_opd_a)
    root = CauseFactory(problem=problem, nature=CauseNature.KOMPETENSI)
    CauseFactory(problem=problem, parent=root, nature="")
    LearningNeedFactory(cause=root)
    LearningNeedFactory(cause=root, current_level=2)
    RecommendationFactory(cause__problem=problem)
    problem.sessions.set(
        [make_field_session(programme_opd_a, widyaiswara_a), make_field_session(programme_opd_a, widyaiswara_a)]
    )
    response = client_for(widyaiswara_a).get(reverse("learning_needs:problem_list", args=[programme_opd_a.pk]))
    [row] = response.context["page"].object_list
    assert (row.cause_count, row.competency_cause_count, row.non_competency_cause_count) == (3, 1, 1)
    assert (row.need_count, row.recommendation_count, row.session_count) == (2, 1, 2)
    content = response.content.decode()
    assert "3 penyebab" in content and "dari 2 sesi" in content


def test_map_shows_only_this_opds_problems(client_for, widyaiswara_a, programme_opd_a, programme_opd_b):
    ProblemFactory(programme_opd=programme_opd_a, title="Masalah A")
    ProblemFactory(programme_opd=programme_opd_b, title="Masalah B")
    response = client_for(widyaiswara_a).get(reverse("learning_needs:problem_list", args=[programme_opd_a.pk]))
    assert "Masalah A" in response.content.decode()
    assert "Masalah B" not in response.content.decode()


@pytest.mark.parametrize("rows", [10, 500])
def test_map_query_count_does_not_grow(client_for, widyaiswara_a, programme_opd_a, django_assert_max_num_queries, rows):
    problems = Problem.objects.bulk_create(
        [
            Problem(
                programme_opd=programme_opd_a,
                created_by=widyaiswara_a,
                title=f"Masalah {i}",
                duty_or_indicator="IKI",
                urgency=1 + i % 5,
                seriousness=1 + (i // 5) % 5,
                growth=3,
            )
            for i in range(rows)
        ]
    )
    Cause.objects.bulk_create([Cause(problem=p, text="Penyebab", category="metode") for p in problems])
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("learning_needs:problem_list", args=[programme_opd_a.pk]))
    assert len(response.context["page"].object_list) == min(rows, 25)


# --- Create and edit ----------------------------------------------------------------------


def test_widyaiswara_records_a_problem_with_unit_and_sessions(client_for, widyaiswara_a, programme_opd_a):
    unit = UnitKerjaFactory(opd=programme_opd_a.opd, name="Bidang Pelayanan")
    session = make_field_session(programme_opd_a, widyaiswara_a, topic="FGD loket")
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:problem_create", args=[programme_opd_a.pk]),
        problem_data(unit=unit.pk, sessions=[session.pk]),
    )
    problem = Problem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning_needs:problem_detail", args=[problem.pk])
    assert (problem.urgency, problem.seriousness, problem.growth, problem.usg_score) == (5, 4, 3, 12)
    assert problem.unit == unit
    assert problem.created_by == widyaiswara_a
    assert list(problem.sessions.all()) == [session]
    detail = client_for(widyaiswara_a).get(response["Location"]).content.decode()
    assert "FGD loket" in detail
    assert "62% tepat waktu" in detail


@pytest.mark.parametrize("field", ["urgency", "seriousness", "growth"])
@pytest.mark.parametrize("value", ["0", "6", "abc", "", "-1", "2.5"])
def test_usg_score_outside_1_to_5_is_a_field_error(client_for, widyaiswara_a, programme_opd_a, field, value):
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:problem_create", args=[programme_opd_a.pk]), problem_data(**{field: value})
    )
    assert response.status_code == 200
    assert not Problem.objects.exists()
    errors = response.context["form"].errors[field]
    assert any("1 sampai 5" in error for error in errors)
    # What was typed stays in the form.
    assert "Berkas izin terlambat diproses" in response.content.decode()


def test_unit_of_another_opd_is_rejected(client_for, widyaiswara_a, programme_opd_a, programme_opd_b):
    foreign_unit = UnitKerjaFactory(opd=programme_opd_b.opd)
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:problem_create", args=[programme_opd_a.pk]), problem_data(unit=foreign_unit.pk)
    )
    assert response.context["form"].errors["unit"] == ["Unit kerja ini tidak ada di OPD ini."]
    assert not Problem.objects.exists()


def test_session_of_another_opd_is_rejected(client_for, widyaiswara_a, widyaiswara_b, programme_opd_a, programme_opd_b):
    own = make_field_session(programme_opd_a, widyaiswara_a)
    foreign = make_field_session(programme_opd_b, widyaiswara_b)
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:problem_create", args=[programme_opd_a.pk]),
        problem_data(sessions=[own.pk, foreign.pk]),
    )
    assert "tidak tercatat di OPD ini" in response.context["form"].errors["sessions"][0]
    assert not Problem.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "x" * 100_000),
        ("duty_or_indicator", "y" * 5_000),
        ("indicator_baseline", "z" * 1_000),
        ("description", "d" * 50_000),
        ("sessions", "abc"),
        ("unit", "999999999999999999999999"),
    ],
)
def test_hostile_input_gets_a_field_message_and_saves_nothing(client_for, widyaiswara_a, programme_opd_a, field, value):
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:problem_create", args=[programme_opd_a.pk]), problem_data(**{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Problem.objects.exists()


def test_missing_fields_are_reported_next_to_each_field(client_for, widyaiswara_a, programme_opd_a):
    response = client_for(widyaiswara_a).post(reverse("learning_needs:problem_create", args=[programme_opd_a.pk]), {})
    errors = response.context["form"].errors
    assert {"title", "duty_or_indicator", "urgency", "seriousness", "growth"} <= set(errors)
    assert errors["urgency"] == ["Pilih skor 1 sampai 5."]


def test_form_offers_only_this_opds_units_and_sessions(
    client_for, widyaiswara_a, widyaiswara_b, programme_opd_a, programme_opd_b
):
    UnitKerjaFactory(opd=programme_opd_a.opd, name="Unit Sendiri")
    UnitKerjaFactory(opd=programme_opd_b.opd, name="Unit Tetangga")
    make_field_session(programme_opd_a, widyaiswara_a, topic="Sesi sendiri")
    make_field_session(programme_opd_b, widyaiswara_b, topic="Sesi tetangga")
    content = (
        client_for(widyaiswara_a)
        .get(reverse("learning_needs:problem_create", args=[programme_opd_a.pk]))
        .content.decode()
    )
    assert "Unit Sendiri" in content and "Sesi sendiri" in content
    assert "Unit Tetangga" not in content and "Sesi tetangga" not in content


def test_editing_a_problem_changes_its_scores_and_keeps_history(client_for, widyaiswara_a, programme_opd_a):
    problem = ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, urgency=2)
    client = client_for(widyaiswara_a)
    response = client.post(
        reverse("learning_needs:problem_update", args=[problem.pk]), problem_data(title="Judul baru", urgency="4")
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.title, problem.urgency) == ("Judul baru", 4)
    history = client.get(reverse("learning_needs:problem_history", args=[problem.pk]))
    content = history.content.decode()
    assert "Judul baru" in content
    assert "Widyaiswara A" in content  # who changed it
    changes = {change.label: (change.old, change.new) for entry in history.context["page"] for change in entry.changes}
    assert changes["Urgency (U)"] == ("2", "4")


def test_problem_history_includes_changes_to_its_causes(client_for, widyaiswara_a, programme_opd_a):
    problem = ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    client = client_for(widyaiswara_a)
    client.post(
        reverse("learning_needs:cause_create", args=[problem.pk]),
        {"text": "SOP verifikasi belum ada", "category": "metode", "nature": "non_kompetensi"},
    )
    content = client.get(reverse("learning_needs:problem_history", args=[problem.pk])).content.decode()
    assert "SOP verifikasi belum ada" in content
    assert "Akar masalah" in content


# --- Delete -------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_first(client_for, widyaiswara_a, programme_opd_a):
    problem = ProblemFactory(programme_opd=programme_opd_a)
    response = client_for(widyaiswara_a).get(reverse("learning_needs:problem_delete", args=[problem.pk]))
    assert response.status_code == 200
    assert "Ya, hapus" in response.content.decode()
    assert Problem.objects.filter(pk=problem.pk).exists()


def test_delete_removes_the_problem_with_its_cause_tree(client_for, widyaiswara_a, programme_opd_a):
    problem = ProblemFactory(programme_opd=programme_opd_a)
    root = CauseFactory(problem=problem, nature="")
    CauseFactory(problem=problem, parent=root, nature="")
    response = client_for(widyaiswara_a).post(reverse("learning_needs:problem_delete", args=[problem.pk]))
    assert response.status_code == 302
    assert not Problem.objects.exists()
    assert not Cause.objects.exists()


def test_delete_is_refused_while_needs_depend_on_its_causes(client_for, widyaiswara_a, programme_opd_a):
    need = LearningNeedFactory(cause__problem__programme_opd=programme_opd_a)
    problem = need.cause.problem
    client = client_for(widyaiswara_a)
    confirm = client.get(reverse("learning_needs:problem_delete", args=[problem.pk])).content.decode()
    assert "1 kebutuhan pembelajaran" in confirm
    assert "Ya, hapus" not in confirm
    response = client.post(reverse("learning_needs:problem_delete", args=[problem.pk]))
    assert response.status_code == 200
    assert "tidak dapat dihapus" in response.content.decode()
    assert Problem.objects.filter(pk=problem.pk).exists()
    assert UnitKerja.objects.count() == 0  # nothing else touched


def test_opd_page_links_each_programme_to_its_hub_which_links_problem_map_needs_and_recommendations(
    client_for, kepala_a, programme_opd_a
):
    client = client_for(kepala_a)
    content = client.get(reverse("pilots:opd_detail", args=[programme_opd_a.opd_id])).content.decode()
    hub = reverse("insights:programme_opd_hub", args=[programme_opd_a.pk])
    assert hub in content
    hub_content = client.get(hub).content.decode()
    for name in ["problem_list", "need_list", "recommendation_list"]:
        assert reverse(f"learning_needs:{name}", args=[programme_opd_a.pk]) in hub_content
