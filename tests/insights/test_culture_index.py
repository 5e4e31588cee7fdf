"""The learning-culture index on the dashboard: per OPD before and after with the number of
respondents, the overall index the mean of the dimension scores, hidden below the minimum n."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from insights.models import SurveyDimension
from insights.selectors.surveys import culture_index
from insights.services.surveys import culture_survey_save
from learning_plans.models import LearningSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The dashboard's figures are cached for a short while; each test starts from nothing.
    cache.clear()


def survey(programme_opd, user, phase, respondents, values):
    return culture_survey_save(
        programme_opd=programme_opd,
        phase=phase,
        held_on=date(2025, 7 if phase == "sebelum" else 10, 1),
        respondents=respondents,
        scores={d.value: Decimal(v) for d, v in zip(SurveyDimension, values, strict=True)},
        recorded_by=user,
    )


def culture_row(html, opd_name):
    table = re.search(r'<table[^>]*id="tabel-budaya".*?</table>', html, re.S).group(0)
    return re.search(rf'<tr data-opd="{re.escape(opd_name)}">(.*?)</tr>', table, re.S).group(1)


def test_index_is_the_mean_of_the_dimensions():
    assert culture_index([Decimal("3.0"), Decimal("3.5"), Decimal("4.0"), Decimal("2.5"), Decimal("3.1")]) == Decimal(
        "3.22"
    )


def test_dashboard_shows_before_and_after_with_n(client_for, admin_user, widyaiswara_a, programme_opd_a):
    survey(programme_opd_a, widyaiswara_a, "sebelum", 24, ["3.0", "3.5", "4.0", "2.5", "3.1"])
    survey(programme_opd_a, widyaiswara_a, "sesudah", 21, ["3.6", "3.8", "4.2", "3.0", "3.4"])
    html = client_for(admin_user).get(reverse("insights:dashboard")).content.decode()
    row = culture_row(html, programme_opd_a.opd.name)
    assert "3,22" in row and "(n = 24)" in row
    assert "3,60" in row and "(n = 21)" in row
    assert "+0,38" in row
    assert "rata-rata skor (1-5) kelima dimensi" in html


def test_a_phase_below_the_minimum_n_is_not_shown(client_for, admin_user, widyaiswara_a, programme_opd_a):
    settings = LearningSettings.load()
    settings.culture_min_respondents = 10
    settings.save()
    survey(programme_opd_a, widyaiswara_a, "sebelum", 24, ["3.0", "3.5", "4.0", "2.5", "3.1"])
    survey(programme_opd_a, widyaiswara_a, "sesudah", 6, ["4.6", "4.8", "4.2", "4.0", "4.4"])
    html = client_for(admin_user).get(reverse("insights:dashboard")).content.decode()
    row = culture_row(html, programme_opd_a.opd.name)
    assert "n = 6, di bawah batas minimum" in row and "hasil tidak ditampilkan" in row
    assert "4,40" not in row and "+" not in row
    assert "Batas minimal: 10 responden." in html


def test_the_kepala_opd_sees_only_their_own_opd(
    client_for, kepala_a, widyaiswara_a, widyaiswara_b, programme_opd_a, programme_opd_b
):
    survey(programme_opd_a, widyaiswara_a, "sebelum", 24, ["3"] * 5)
    survey(programme_opd_b, widyaiswara_b, "sebelum", 24, ["2"] * 5)
    html = client_for(kepala_a).get(reverse("insights:dashboard")).content.decode()
    table = re.search(r'<table[^>]*id="tabel-budaya".*?</table>', html, re.S).group(0)
    assert programme_opd_a.opd.name in table and programme_opd_b.opd.name not in table


@pytest.mark.parametrize("count", [1, 8])
def test_the_culture_table_costs_the_same_queries_whatever_the_number_of_opds(
    client_for, admin_user, widyaiswara_a, programme, django_assert_max_num_queries, count
):
    from tests.factories import ProgrammeOpdFactory

    for _ in range(count):
        programme_opd = ProgrammeOpdFactory(programme=programme)
        survey(programme_opd, widyaiswara_a, "sebelum", 24, ["3"] * 5)
        survey(programme_opd, widyaiswara_a, "sesudah", 24, ["4"] * 5)
    client = client_for(admin_user)
    with django_assert_max_num_queries(40):
        client.get(reverse("insights:dashboard"))


def test_the_data_pack_carries_the_index_and_hides_it_below_the_minimum(
    client_for, admin_user, widyaiswara_a, programme_opd_a
):
    from tests.insights.test_data_pack import download, table

    survey(programme_opd_a, widyaiswara_a, "sebelum", 24, ["3.0", "3.5", "4.0", "2.5", "3.1"])
    survey(programme_opd_a, widyaiswara_a, "sesudah", 3, ["4.6", "4.8", "4.2", "4.0", "4.4"])
    header, rows = table(download(client_for(admin_user)), "Survei")
    column = header.index("Indeks budaya belajar (rata-rata dimensi)")
    by_n = {row[header.index("Responden")]: row for row in rows}
    assert round(float(by_n[24][column]), 2) == 3.22
    hidden = by_n[3][column:]  # a spreadsheet drops the empty cells at the end of a row
    assert all(value is None for value in hidden)
