"""The learning-culture questionnaire the Pegawai answer themselves (issue 14 item 4): rounds
opened and closed by the admin or the assigned Widyaiswara, answered once per person, stored
without a link to the person, and read only as aggregates from the minimum n."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from insights.models import (
    CultureAnswer,
    CultureParticipation,
    CultureQuestion,
    CultureResponse,
    CultureRound,
    CultureSurvey,
    CultureSurveyScore,
    SurveyDimension,
)
from insights.selectors.surveys import culture_index, culture_index_by_programme_opd
from insights.services.culture_questionnaire import culture_response_submit, culture_round_open
from intan_wpl.models import Role
from learning_plans.models import LearningSettings
from tests.factories import PegawaiFactory, UserFactory

pytestmark = pytest.mark.django_db


def with_account(pegawai):
    pegawai.account = UserFactory(username=pegawai.nip, role=Role.PEGAWAI, full_name=pegawai.name)
    pegawai.save(update_fields=["account"])
    return pegawai


@pytest.fixture
def person(opd_a):
    return with_account(PegawaiFactory(opd=opd_a, name="Siti Aminah"))


@pytest.fixture
def round_a(programme_opd_a, widyaiswara_a):
    return culture_round_open(programme_opd=programme_opd_a, phase="sebelum", opened_by=widyaiswara_a)


def questions():
    return list(CultureQuestion.objects.filter(active=True))


def answers_of(value_for_dimension):
    """Form data giving every item of a dimension the same value."""
    return {f"item_{q.pk}": str(value_for_dimension[q.dimension]) for q in questions()}


def submit(round_, pegawai, value_for_dimension):
    return culture_response_submit(
        round=round_, pegawai=pegawai, values={q.pk: value_for_dimension[q.dimension] for q in questions()}
    )


def respondents(opd, count):
    return [with_account(PegawaiFactory(opd=opd)) for _ in range(count)]


def set_minimum(n):
    settings = LearningSettings.load()
    settings.culture_min_respondents = n
    settings.save()


ALL_THREE = dict.fromkeys(SurveyDimension.values, 3)


def test_the_seeded_item_set_has_two_items_per_dimension():
    for dimension in SurveyDimension.values:
        assert CultureQuestion.objects.filter(dimension=dimension, active=True).count() >= 2


def test_a_pegawai_sees_the_open_round_on_their_page_and_answers_it(client_for, person, round_a):
    client = client_for(person.account)
    page = client.get(reverse("learning_records:my_learning")).content.decode()
    url = reverse("insights:culture_questionnaire_answer", args=[round_a.pk])
    assert f'href="{url}"' in page
    form = client.get(url).content.decode()
    assert 'type="radio"' in form and "Sangat setuju" in form
    response = client.post(url, answers_of(dict.fromkeys(SurveyDimension.values, 4)))
    assert response.status_code == 302
    assert CultureResponse.objects.filter(round=round_a).count() == 1
    assert CultureAnswer.objects.filter(response__round=round_a, value=4).count() == len(questions())
    assert f'href="{url}"' not in client.get(reverse("learning_records:my_learning")).content.decode()


def test_a_missing_answer_is_reported_at_its_item_and_the_other_answers_are_kept(client_for, person, round_a):
    data = answers_of(dict.fromkeys(SurveyDimension.values, 5))
    first, *_rest = questions()
    del data[f"item_{first.pk}"]
    second = questions()[1]
    response = client_for(person.account).post(
        reverse("insights:culture_questionnaire_answer", args=[round_a.pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {f"item_{first.pk}": ["Pilih salah satu jawaban 1–5."]}
    html = response.content.decode()
    assert f'name="item_{second.pk}" value="5"' in html.replace(" checked", "") and "checked" in html
    assert not CultureResponse.objects.exists() and not CultureParticipation.objects.exists()


def test_a_person_cannot_answer_twice(client_for, person, round_a):
    submit(round_a, person, ALL_THREE)
    with pytest.raises(ValidationError, match="sudah mengisi"):
        submit(round_a, person, ALL_THREE)
    url = reverse("insights:culture_questionnaire_answer", args=[round_a.pk])
    client = client_for(person.account)
    assert "sudah mengisi" in client.get(url).content.decode()
    client.post(url, answers_of(ALL_THREE))
    assert CultureResponse.objects.count() == 1 and CultureParticipation.objects.count() == 1


def test_answers_carry_no_link_to_the_person_and_no_time():
    for model in (CultureResponse, CultureAnswer):
        fields = {field.name: field for field in model._meta.get_fields()}
        assert not any(
            getattr(field, "related_model", None) in {Role, PegawaiFactory._meta.model}
            or field.get_internal_type() in {"DateTimeField", "DateField", "TimeField"}
            for field in fields.values()
            if hasattr(field, "get_internal_type")
        ), model
        assert set(fields) <= {"id", "round", "answers", "response", "question", "value"}, model
        assert fields["id"].get_internal_type() == "UUIDField", "a sequential key would follow the order of answering"
        assert not hasattr(model, "history")
    participation = {field.name for field in CultureParticipation._meta.get_fields()}
    assert participation == {"id", "round", "pegawai", "answered_on"}
    assert CultureParticipation._meta.get_field("answered_on").get_internal_type() == "DateField"


def test_the_stored_rows_name_nobody(person, round_a):
    submit(round_a, person, ALL_THREE)
    response_row = CultureResponse.objects.values().get()
    assert set(response_row) == {"id", "round_id"}
    for row in CultureAnswer.objects.values():
        assert set(row) == {"id", "response_id", "question_id", "value"}


def test_a_closed_round_or_another_opds_round_is_refused(client_for, person, programme_opd_b, widyaiswara_b):
    other = culture_round_open(programme_opd=programme_opd_b, phase="sebelum", opened_by=widyaiswara_b)
    client = client_for(person.account)
    assert client.get(reverse("insights:culture_questionnaire_answer", args=[other.pk])).status_code == 404
    client.post(reverse("insights:culture_questionnaire_answer", args=[other.pk]), answers_of(ALL_THREE))
    assert not CultureResponse.objects.exists()
    other.is_open = False
    other.save()
    colleague_b = with_account(PegawaiFactory(opd=programme_opd_b.opd))
    assert (
        client_for(colleague_b.account)
        .get(reverse("insights:culture_questionnaire_answer", args=[other.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize("who", ["admin_user", "widyaiswara_a", "kepala_a", "kepala_bpsdm"])
def test_the_answer_page_is_for_pegawai_only(request, client_for, round_a, who):
    user = request.getfixturevalue(who)
    url = reverse("insights:culture_questionnaire_answer", args=[round_a.pk])
    assert client_for(user).get(url).status_code == 403


def test_only_the_admin_or_the_assigned_widyaiswara_open_and_close_rounds(
    client_for, admin_user, widyaiswara_a, widyaiswara_b, kepala_a, kepala_bpsdm, programme_opd_a, person
):
    open_url = reverse("insights:culture_round_open", args=[programme_opd_a.pk, "sebelum"])
    assert client_for(kepala_a).post(open_url).status_code == 403
    assert client_for(kepala_bpsdm).post(open_url).status_code == 403
    assert client_for(person.account).post(open_url).status_code == 403
    assert client_for(widyaiswara_b).post(open_url).status_code == 404
    assert not CultureRound.objects.exists()
    client_for(widyaiswara_a).post(open_url)
    round_ = CultureRound.objects.get()
    assert round_.is_open
    close_url = reverse("insights:culture_round_close", args=[round_.pk])
    assert client_for(widyaiswara_b).post(close_url).status_code == 404
    assert client_for(kepala_a).post(close_url).status_code == 403
    round_.refresh_from_db()
    assert round_.is_open
    client_for(admin_user).post(close_url)
    round_.refresh_from_db()
    assert not round_.is_open and round_.closed_on is not None
    assert round_.history.count() == 2


def test_the_index_from_responses_equals_a_hand_computation(programme_opd_a, round_a):
    set_minimum(3)
    people = respondents(programme_opd_a.opd, 3)
    answers = [
        {"dukungan_pimpinan": 4, "berbagi_pengetahuan": 3, "waktu_belajar": 2, "penerapan": 5, "inisiatif": 4},
        {"dukungan_pimpinan": 5, "berbagi_pengetahuan": 3, "waktu_belajar": 3, "penerapan": 4, "inisiatif": 4},
        {"dukungan_pimpinan": 3, "berbagi_pengetahuan": 4, "waktu_belajar": 2, "penerapan": 4, "inisiatif": 5},
    ]
    for pegawai, values in zip(people, answers, strict=True):
        submit(round_a, pegawai, values)
    # By hand: dimension means 4.00, 3.33, 2.33, 4.33, 4.33 -> index (18.32 / 5) = 3.664 -> 3.66.
    figure = culture_index_by_programme_opd([programme_opd_a.pk], 3)[programme_opd_a.pk]["before"]
    assert figure["n"] == 3 and figure["source"] == "kuesioner"
    assert figure["scores"] == {
        "dukungan_pimpinan": Decimal("4.00"),
        "berbagi_pengetahuan": Decimal("3.33"),
        "waktu_belajar": Decimal("2.33"),
        "penerapan": Decimal("4.33"),
        "inisiatif": Decimal("4.33"),
    }
    assert figure["index"] == Decimal("3.66") == culture_index(figure["scores"].values())


def test_responses_take_the_place_of_the_typed_survey_of_their_phase(programme_opd_a, widyaiswara_a, round_a):
    set_minimum(2)
    survey = CultureSurvey.objects.create(
        programme_opd=programme_opd_a, phase="sebelum", held_on="2025-01-10", respondents=40, recorded_by=widyaiswara_a
    )
    for dimension in SurveyDimension.values:
        CultureSurveyScore.objects.create(survey=survey, dimension=dimension, score=Decimal("2.00"))
    assert culture_index_by_programme_opd([programme_opd_a.pk], 2)[programme_opd_a.pk]["before"]["index"] == 2
    for pegawai in respondents(programme_opd_a.opd, 2):
        submit(round_a, pegawai, dict.fromkeys(SurveyDimension.values, 4))
    before = culture_index_by_programme_opd([programme_opd_a.pk], 2)[programme_opd_a.pk]["before"]
    assert (before["index"], before["n"], before["source"]) == (Decimal("4.00"), 2, "kuesioner")


def test_below_the_minimum_n_no_mean_reaches_the_survey_page_or_the_dashboard(
    client_for, admin_user, widyaiswara_a, programme_opd_a, round_a
):
    set_minimum(5)
    for pegawai in respondents(programme_opd_a.opd, 3):
        submit(round_a, pegawai, {**ALL_THREE, "inisiatif": 5})
    for user in (admin_user, widyaiswara_a):
        html = client_for(user).get(reverse("insights:survey_results", args=[programme_opd_a.pk])).content.decode()
        assert "n = 3, di bawah batas minimum 5: hasil tidak ditampilkan" in html
        assert "3,40" not in html and "5,00" not in html and 'data-culture="index"' not in html
    dashboard = client_for(admin_user).get(reverse("insights:dashboard")).content.decode()
    assert "n = 3, di bawah batas minimum 5" in dashboard and "3,40" not in dashboard
    for pegawai in respondents(programme_opd_a.opd, 2):
        submit(round_a, pegawai, {**ALL_THREE, "inisiatif": 5})
    html = client_for(widyaiswara_a).get(reverse("insights:survey_results", args=[programme_opd_a.pk])).content.decode()
    assert "di bawah batas minimum" not in html
    assert "3,40" in html and "kuesioner yang diisi Pegawai (n = 5)" in html


@pytest.mark.parametrize("size", [3, 12])
def test_the_survey_page_reads_a_bounded_number_of_queries(
    client_for, widyaiswara_a, programme_opd_a, round_a, django_assert_max_num_queries, size
):
    set_minimum(2)
    for pegawai in respondents(programme_opd_a.opd, size):
        submit(round_a, pegawai, ALL_THREE)
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("insights:survey_results", args=[programme_opd_a.pk]))
    assert f"(n = {size})" in response.content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_pembelajaran_saya_lists_open_rounds_in_a_bounded_number_of_queries(
    client_for, person, programme, widyaiswara_a, django_assert_max_num_queries, size
):
    from tests.factories import ProgrammeFactory, ProgrammeOpdFactory

    for _ in range(size):
        programme_opd = ProgrammeOpdFactory(programme=ProgrammeFactory(), opd=person.opd)
        CultureRound.objects.create(
            programme_opd=programme_opd, phase="sebelum", opened_on="2025-01-01", opened_by=widyaiswara_a
        )
    client = client_for(person.account)
    with django_assert_max_num_queries(25):
        html = client.get(reverse("learning_records:my_learning")).content.decode()
    assert html.count("Kuesioner budaya belajar (") == size


def questionnaire_sheet_rows():
    from insights.services.data_pack import data_pack_sheets

    sheet = next(sheet for sheet in data_pack_sheets() if sheet.title == "Kuesioner Pegawai")
    return sheet.headers(), list(sheet.rows())


def test_the_data_pack_gives_one_aggregate_row_per_round_and_no_mean_below_the_minimum(programme_opd_a, round_a):
    set_minimum(4)
    for pegawai in respondents(programme_opd_a.opd, 3):
        submit(round_a, pegawai, {**ALL_THREE, "penerapan": 5})
    headers, rows = questionnaire_sheet_rows()
    assert len(rows) == 1
    row = dict(zip(headers, rows[0], strict=True))
    assert row["Responden"] == 3
    assert row["Indeks budaya belajar (rata-rata dimensi)"] is None
    assert all(row[d.label] is None for d in SurveyDimension)
    submit(round_a, respondents(programme_opd_a.opd, 1)[0], {**ALL_THREE, "penerapan": 5})
    headers, rows = questionnaire_sheet_rows()
    row = dict(zip(headers, rows[0], strict=True))
    assert len(rows) == 1 and row["Responden"] == 4
    assert row[SurveyDimension.PENERAPAN.label] == Decimal("5.00")
    assert row["Indeks budaya belajar (rata-rata dimensi)"] == Decimal("3.40")
    assert not any("Pegawai" in header or "NIP" in header for header in headers)
