"""Learning needs derived from competency causes (levels, gap, priority, traceability) and
recommendations for non-competency causes, listed apart."""

import datetime

import pytest
from django.urls import reverse

from learning_needs.models import Cause, CauseNature, LearningNeed, Recommendation
from learning_needs.selectors.needs import NeedPriority, needs_with_priority
from tests.factories import (
    CauseFactory,
    LearningNeedFactory,
    PegawaiFactory,
    ProblemFactory,
    RecommendationFactory,
    TechnicalCompetencyFactory,
    make_field_session,
    standard_competency,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem(programme_opd_a, widyaiswara_a):
    return ProblemFactory(
        programme_opd=programme_opd_a,
        created_by=widyaiswara_a,
        title="Layanan arsip lambat",
        urgency=5,
        seriousness=4,
        growth=3,
    )


@pytest.fixture
def competency_cause(problem):
    return CauseFactory(
        problem=problem, text="Petugas belum menguasai klasifikasi arsip", nature=CauseNature.KOMPETENSI
    )


@pytest.fixture
def non_competency_cause(problem):
    return CauseFactory(problem=problem, text="Rak arsip penuh", category="sarana", nature=CauseNature.NON_KOMPETENSI)


def need_data(cause, /, **overrides):
    data = {
        "cause": cause.pk,
        "competency": standard_competency("M.05").pk,
        "required_level": "3",
        "current_level": "1",
        "target_positions": "Arsiparis Ahli Pertama",
        "notes": "",
        "lock_version": "0",  # the version an edit form was opened at (a create form has none)
    }
    data.update(overrides)
    return data


def create_url(programme_opd):
    return reverse("learning_needs:need_create", args=[programme_opd.pk])


# --- Creating -----------------------------------------------------------------------------


def test_need_is_derived_from_a_competency_cause(client_for, widyaiswara_a, programme_opd_a, competency_cause):
    person = PegawaiFactory(opd=programme_opd_a.opd, name="Andi Arsiparis")
    response = client_for(widyaiswara_a).post(
        create_url(programme_opd_a), need_data(competency_cause, target_staff=[person.pk])
    )
    need = LearningNeed.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning_needs:need_detail", args=[need.pk])
    assert (need.cause, need.programme_opd, need.created_by) == (competency_cause, programme_opd_a, widyaiswara_a)
    assert (need.required_level, need.current_level, need.gap) == (3, 1, 2)
    assert list(need.target_staff.all()) == [person]


def test_create_form_preselects_the_cause_from_the_query(client_for, widyaiswara_a, programme_opd_a, competency_cause):
    response = client_for(widyaiswara_a).get(f"{create_url(programme_opd_a)}?cause={competency_cause.pk}")
    assert response.context["form"].initial["cause"] == competency_cause.pk
    assert f'<option value="{competency_cause.pk}" selected>' in response.content.decode()


def test_create_form_offers_only_competency_causes(
    client_for, widyaiswara_a, programme_opd_a, competency_cause, non_competency_cause
):
    content = client_for(widyaiswara_a).get(create_url(programme_opd_a)).content.decode()
    assert "Petugas belum menguasai klasifikasi arsip" in content
    assert "Rak arsip penuh" not in content


def test_preselecting_a_non_competency_cause_explains_why_not(
    client_for, widyaiswara_a, programme_opd_a, non_competency_cause
):
    response = client_for(widyaiswara_a).get(f"{create_url(programme_opd_a)}?cause={non_competency_cause.pk}")
    assert "bukan penyebab kompetensi" in response.content.decode()
    assert "cause" not in response.context["form"].initial


@pytest.mark.parametrize("nature", [CauseNature.NON_KOMPETENSI, ""])
def test_a_non_competency_or_undecided_cause_is_rejected(client_for, widyaiswara_a, programme_opd_a, problem, nature):
    cause = CauseFactory(problem=problem, nature=nature)
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), need_data(cause))
    assert "hanya diturunkan dari penyebab kompetensi" in response.context["form"].errors["cause"][0]
    assert not LearningNeed.objects.exists()


def test_a_cause_of_another_opd_is_rejected(client_for, widyaiswara_a, programme_opd_a, programme_opd_b):
    foreign = CauseFactory(problem__programme_opd=programme_opd_b)
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), need_data(foreign))
    assert response.context["form"].errors["cause"] == ["Akar masalah ini tidak ada di OPD ini."]
    assert not LearningNeed.objects.exists()


def test_a_technical_competency_of_another_opd_is_rejected(
    client_for, widyaiswara_a, programme_opd_a, programme_opd_b, competency_cause
):
    foreign = TechnicalCompetencyFactory(opd=programme_opd_b.opd, name="Budidaya rumput laut")
    response = client_for(widyaiswara_a).post(
        create_url(programme_opd_a), need_data(competency_cause, competency=foreign.pk)
    )
    assert response.context["form"].errors["competency"] == ["Kompetensi ini tidak ada dalam kamus OPD ini."]
    assert "Budidaya rumput laut" not in response.content.decode()
    assert not LearningNeed.objects.exists()


def test_own_technical_competency_is_offered_and_accepted(client_for, widyaiswara_a, programme_opd_a, competency_cause):
    own = TechnicalCompetencyFactory(opd=programme_opd_a.opd, code="T.DPU.01", name="Klasifikasi arsip")
    client = client_for(widyaiswara_a)
    content = client.get(create_url(programme_opd_a)).content.decode()
    assert '<optgroup label="Kompetensi Teknis">' in content
    assert "T.DPU.01 Klasifikasi arsip" in content
    client.post(create_url(programme_opd_a), need_data(competency_cause, competency=own.pk))
    assert LearningNeed.objects.get().competency == own


@pytest.mark.parametrize("field", ["required_level", "current_level"])
@pytest.mark.parametrize("value", ["0", "6", "abc", ""])
def test_a_level_outside_1_to_5_is_a_field_error(
    client_for, widyaiswara_a, programme_opd_a, competency_cause, field, value
):
    response = client_for(widyaiswara_a).post(
        create_url(programme_opd_a), need_data(competency_cause, **{field: value})
    )
    assert "1 sampai 5" in response.context["form"].errors[field][0]
    assert not LearningNeed.objects.exists()
    assert "Arsiparis Ahli Pertama" in response.content.decode()  # typed text kept


@pytest.mark.parametrize(("required", "current"), [("3", "3"), ("2", "4")])
def test_no_gap_is_a_field_error(client_for, widyaiswara_a, programme_opd_a, competency_cause, required, current):
    response = client_for(widyaiswara_a).post(
        create_url(programme_opd_a), need_data(competency_cause, required_level=required, current_level=current)
    )
    assert response.context["form"].errors["current_level"] == [
        "Level saat ini sudah sama atau di atas level dipersyaratkan: tidak ada kesenjangan kompetensi."
    ]
    assert not LearningNeed.objects.exists()


def test_target_staff_from_another_opd_is_rejected(
    client_for, widyaiswara_a, programme_opd_a, programme_opd_b, competency_cause
):
    foreign = PegawaiFactory(opd=programme_opd_b.opd, name="Pegawai Tetangga")
    response = client_for(widyaiswara_a).post(
        create_url(programme_opd_a), need_data(competency_cause, target_staff=[foreign.pk])
    )
    assert "tidak ada dalam daftar pegawai OPD ini" in response.context["form"].errors["target_staff"][0]
    assert "Pegawai Tetangga" not in response.content.decode()
    assert not LearningNeed.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("target_positions", "j" * 10_000), ("notes", "n" * 100_000), ("cause", "abc"), ("competency", "-1")],
)
def test_hostile_need_input_saves_nothing(client_for, widyaiswara_a, programme_opd_a, competency_cause, field, value):
    response = client_for(widyaiswara_a).post(
        create_url(programme_opd_a), need_data(competency_cause, **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not LearningNeed.objects.exists()


def test_editing_a_need_is_recorded_in_its_history(client_for, widyaiswara_a, programme_opd_a, competency_cause):
    need = LearningNeedFactory(cause=competency_cause, required_level=3, current_level=1)
    client = client_for(widyaiswara_a)
    response = client.post(
        reverse("learning_needs:need_update", args=[need.pk]),
        need_data(competency_cause, competency=need.competency_id, required_level="4", current_level="2"),
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.required_level, need.current_level) == (4, 2)
    history = client.get(reverse("learning_needs:need_history", args=[need.pk]))
    changes = {c.label: (c.old, c.new) for entry in history.context["page"] for c in entry.changes}
    assert changes["Level dipersyaratkan"] == ("3", "4")
    assert "Widyaiswara A" in history.content.decode()


def test_deleting_a_need_confirms_first(client_for, widyaiswara_a, competency_cause):
    need = LearningNeedFactory(cause=competency_cause)
    client = client_for(widyaiswara_a)
    assert "Ya, hapus" in client.get(reverse("learning_needs:need_delete", args=[need.pk])).content.decode()
    assert LearningNeed.objects.exists()
    client.post(reverse("learning_needs:need_delete", args=[need.pk]))
    assert not LearningNeed.objects.exists()
    assert Cause.objects.filter(pk=competency_cause.pk).exists()


# --- Priority -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("usg", "required", "current", "score", "priority"),
    [
        ((5, 5, 5), 5, 1, 60, NeedPriority.TINGGI),
        ((4, 4, 4), 3, 1, 24, NeedPriority.TINGGI),
        ((4, 4, 3), 3, 1, 22, NeedPriority.SEDANG),
        ((4, 4, 4), 2, 1, 12, NeedPriority.SEDANG),
        ((4, 4, 3), 2, 1, 11, NeedPriority.RENDAH),
        ((1, 1, 1), 2, 1, 3, NeedPriority.RENDAH),
    ],
)
def test_priority_is_usg_total_times_gap(programme_opd_a, usg, required, current, score, priority):
    urgency, seriousness, growth = usg
    need = LearningNeedFactory(
        cause__problem__programme_opd=programme_opd_a,
        cause__problem__urgency=urgency,
        cause__problem__seriousness=seriousness,
        cause__problem__growth=growth,
        required_level=required,
        current_level=current,
    )
    annotated = needs_with_priority(LearningNeed.objects.filter(pk=need.pk)).get()
    assert (annotated.usg_total, annotated.gap_size, annotated.priority_score) == (sum(usg), required - current, score)
    assert annotated.priority == priority


def test_need_list_puts_highest_priority_first_and_explains_the_formula(client_for, kepala_a, programme_opd_a):
    low = LearningNeedFactory(
        cause__problem__programme_opd=programme_opd_a, cause__problem__urgency=1, required_level=2, current_level=1
    )
    high = LearningNeedFactory(
        cause__problem__programme_opd=programme_opd_a, cause__problem__urgency=5, required_level=5, current_level=1
    )
    response = client_for(kepala_a).get(reverse("learning_needs:need_list", args=[programme_opd_a.pk]))
    assert list(response.context["page"].object_list) == [high, low]
    content = response.content.decode()
    assert "Prioritas Tinggi" in content and "Prioritas Rendah" in content
    assert "skor USG masalah (U+S+G, 3–15) × kesenjangan kompetensi" in content


def test_need_list_filters_by_group_and_priority(client_for, widyaiswara_a, programme_opd_a):
    technical = TechnicalCompetencyFactory(opd=programme_opd_a.opd)
    tech_need = LearningNeedFactory(
        cause__problem__programme_opd=programme_opd_a, competency=technical, required_level=5, current_level=1
    )
    managerial = LearningNeedFactory(cause__problem__programme_opd=programme_opd_a, required_level=2, current_level=1)
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:need_list", args=[programme_opd_a.pk])
    assert list(client.get(url, {"kelompok": "teknis"}).context["page"].object_list) == [tech_need]
    assert list(client.get(url, {"prioritas": "rendah"}).context["page"].object_list) == [managerial]
    assert len(client.get(url, {"kelompok": "'; DROP TABLE", "prioritas": "x"}).context["page"].object_list) == 2


def test_need_list_shows_only_this_opds_needs(client_for, widyaiswara_a, programme_opd_a, programme_opd_b):
    LearningNeedFactory(cause__problem__programme_opd=programme_opd_a, cause__text="Penyebab di A")
    LearningNeedFactory(cause__problem__programme_opd=programme_opd_b, cause__text="Penyebab di B")
    content = (
        client_for(widyaiswara_a).get(reverse("learning_needs:need_list", args=[programme_opd_a.pk])).content.decode()
    )
    assert "Penyebab di A" in content
    assert "Penyebab di B" not in content


@pytest.mark.parametrize("rows", [10, 500])
def test_need_list_query_count_does_not_grow(
    client_for, widyaiswara_a, programme_opd_a, problem, django_assert_max_num_queries, rows
):
    causes = Cause.objects.bulk_create(
        [Cause(problem=problem, text=f"Penyebab {i}", category="manusia", nature="kompetensi") for i in range(rows)]
    )
    competency = standard_competency("M.01")
    needs = LearningNeed.objects.bulk_create(
        [
            LearningNeed(
                programme_opd=programme_opd_a,
                cause=cause,
                competency=competency,
                required_level=1 + i % 4 + 1,
                current_level=1,
                created_by=widyaiswara_a,
            )
            for i, cause in enumerate(causes)
        ]
    )
    person = PegawaiFactory(opd=programme_opd_a.opd)
    LearningNeed.target_staff.through.objects.bulk_create(
        [LearningNeed.target_staff.through(learningneed_id=need.pk, pegawai_id=person.pk) for need in needs]
    )
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("learning_needs:need_list", args=[programme_opd_a.pk]))
    assert len(response.context["page"].object_list) == min(rows, 25)
    assert "1 pegawai sasaran" in response.content.decode()


# --- Traceability -------------------------------------------------------------------------


def test_need_detail_traces_back_to_the_problem_and_the_sessions(
    client_for, kepala_a, widyaiswara_a, programme_opd_a, problem
):
    found_problem = make_field_session(programme_opd_a, widyaiswara_a, topic="Observasi layanan arsip")
    found_cause = make_field_session(programme_opd_a, widyaiswara_a, topic="Wawancara arsiparis")
    problem.sessions.add(found_problem)
    top = CauseFactory(problem=problem, text="Arsip salah klasifikasi", nature="")
    middle = CauseFactory(problem=problem, parent=top, text="Petugas belum paham pola klasifikasi")
    middle.sessions.add(found_cause)
    need = LearningNeedFactory(cause=middle, required_level=4, current_level=2)
    response = client_for(kepala_a).get(reverse("learning_needs:need_detail", args=[need.pk]))
    content = response.content.decode()
    assert [cause.text for cause in response.context["chain"]] == [
        "Arsip salah klasifikasi",
        "Petugas belum paham pola klasifikasi",
    ]
    positions = [
        content.index("Layanan arsip lambat"),
        content.index("Arsip salah klasifikasi"),
        content.index("Petugas belum paham pola klasifikasi"),
    ]
    assert positions == sorted(positions)
    assert "Observasi layanan arsip" in content and "Wawancara arsiparis" in content
    assert "USG 12 × kesenjangan 2 = 24" in content
    assert response.context["priority_label"] == "Tinggi"


def test_problem_detail_links_each_need_back(client_for, widyaiswara_a, competency_cause):
    need = LearningNeedFactory(cause=competency_cause)
    content = (
        client_for(widyaiswara_a)
        .get(reverse("learning_needs:problem_detail", args=[competency_cause.problem_id]))
        .content.decode()
    )
    assert reverse("learning_needs:need_detail", args=[need.pk]) in content


def test_need_detail_query_count_is_bounded_for_a_deep_chain(
    client_for, widyaiswara_a, problem, django_assert_max_num_queries
):
    parent = None
    for depth in range(60):
        parent = Cause.objects.create(
            problem=problem, parent=parent, text=f"Tingkat {depth}", category="manusia", nature="kompetensi"
        )
    need = LearningNeedFactory(cause=parent)
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("learning_needs:need_detail", args=[need.pk]))
    assert len(response.context["chain"]) == 60


# --- Recommendations ----------------------------------------------------------------------


def rec_data(cause, /, **overrides):
    data = {
        "cause": cause.pk,
        "action": "Pengadaan rak arsip bergerak",
        "person_in_charge": "Sekretaris Dinas",
        "due_date": "2025-09-15",
        "status": "belum",
    }
    data.update(overrides)
    return data


def test_recommendation_for_a_non_competency_cause(client_for, widyaiswara_a, programme_opd_a, non_competency_cause):
    client = client_for(widyaiswara_a)
    response = client.post(
        reverse("learning_needs:recommendation_create", args=[programme_opd_a.pk]), rec_data(non_competency_cause)
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert recommendation.cause == non_competency_cause
    assert recommendation.due_date == datetime.date(2025, 9, 15)
    listing = client.get(reverse("learning_needs:recommendation_list", args=[programme_opd_a.pk])).content.decode()
    assert "Pengadaan rak arsip bergerak" in listing
    assert "Sekretaris Dinas" in listing


@pytest.mark.parametrize("nature", [CauseNature.KOMPETENSI, ""])
def test_a_competency_cause_cannot_get_a_recommendation(client_for, widyaiswara_a, programme_opd_a, problem, nature):
    cause = CauseFactory(problem=problem, nature=nature)
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:recommendation_create", args=[programme_opd_a.pk]), rec_data(cause)
    )
    assert "hanya untuk penyebab non-kompetensi" in response.context["form"].errors["cause"][0]
    assert not Recommendation.objects.exists()


def test_recommendation_rejects_another_opds_cause_and_bad_dates(
    client_for, widyaiswara_a, programme_opd_a, programme_opd_b, non_competency_cause
):
    foreign = CauseFactory(problem__programme_opd=programme_opd_b, nature=CauseNature.NON_KOMPETENSI)
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:recommendation_create", args=[programme_opd_a.pk])
    response = client.post(url, rec_data(foreign))
    assert response.context["form"].errors["cause"] == ["Akar masalah ini tidak ada di OPD ini."]
    response = client.post(
        url, rec_data(non_competency_cause, due_date="15/09/2025", status="beres", action="a" * 5000)
    )
    assert {"due_date", "status", "action"} <= set(response.context["form"].errors)
    assert not Recommendation.objects.exists()


def test_recommendation_status_changes_from_the_list_and_is_in_history(
    client_for, widyaiswara_a, programme_opd_a, non_competency_cause
):
    recommendation = RecommendationFactory(cause=non_competency_cause)
    client = client_for(widyaiswara_a)
    response = client.post(
        reverse("learning_needs:recommendation_status", args=[recommendation.pk]), {"status": "proses"}
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "proses"
    client.post(reverse("learning_needs:recommendation_status", args=[recommendation.pk]), {"status": "hancur"})
    recommendation.refresh_from_db()
    assert recommendation.status == "proses"
    history = client.get(reverse("learning_needs:recommendation_history", args=[recommendation.pk]))
    changes = [(c.old, c.new) for entry in history.context["page"] for c in entry.changes]
    assert ("Belum dikerjakan", "Sedang dikerjakan") in changes


def test_recommendations_are_listed_apart_from_needs(
    client_for, widyaiswara_a, programme_opd_a, competency_cause, non_competency_cause
):
    LearningNeedFactory(cause=competency_cause)
    RecommendationFactory(cause=non_competency_cause, action="Susun SOP peminjaman arsip")
    client = client_for(widyaiswara_a)
    recs = client.get(reverse("learning_needs:recommendation_list", args=[programme_opd_a.pk])).content.decode()
    needs = client.get(reverse("learning_needs:need_list", args=[programme_opd_a.pk])).content.decode()
    assert "Susun SOP peminjaman arsip" in recs and "Susun SOP peminjaman arsip" not in needs
    assert "M.03 Komunikasi" in needs and "M.03 Komunikasi" not in recs


def test_recommendation_list_filters_by_status(client_for, widyaiswara_a, programme_opd_a, non_competency_cause):
    RecommendationFactory(cause=non_competency_cause, action="Sudah beres", status="selesai")
    RecommendationFactory(cause=non_competency_cause, action="Belum mulai", status="belum")
    response = client_for(widyaiswara_a).get(
        reverse("learning_needs:recommendation_list", args=[programme_opd_a.pk]), {"status": "selesai"}
    )
    assert [r.action for r in response.context["page"].object_list] == ["Sudah beres"]


@pytest.mark.parametrize("rows", [10, 500])
def test_recommendation_list_query_count_does_not_grow(
    client_for, widyaiswara_a, programme_opd_a, non_competency_cause, django_assert_max_num_queries, rows
):
    Recommendation.objects.bulk_create(
        [Recommendation(cause=non_competency_cause, action=f"Rekomendasi {i}") for i in range(rows)]
    )
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("learning_needs:recommendation_list", args=[programme_opd_a.pk]))
    assert len(response.context["page"].object_list) == min(rows, 25)


def test_recommendation_delete_confirms_first(client_for, widyaiswara_a, non_competency_cause):
    recommendation = RecommendationFactory(cause=non_competency_cause)
    client = client_for(widyaiswara_a)
    assert (
        "Ya, hapus"
        in client.get(reverse("learning_needs:recommendation_delete", args=[recommendation.pk])).content.decode()
    )
    client.post(reverse("learning_needs:recommendation_delete", args=[recommendation.pk]))
    assert not Recommendation.objects.exists()
