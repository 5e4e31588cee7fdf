"""The learning-culture survey per programme OPD: before and after, a 1-5 score per dimension,
and the comparison page (table and a Chart.js chart fed through json_script)."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from insights.models import CultureSurvey, SurveyDimension
from insights.services.surveys import culture_survey_save

pytestmark = pytest.mark.django_db


def survey_data(held_on="2025-07-10", respondents="30", **scores):
    data = {"held_on": held_on, "respondents": respondents}
    for dimension in SurveyDimension:
        data[f"score_{dimension.value}"] = scores.get(dimension.value, "3")
    return data


def edit_url(programme_opd, phase):
    return reverse("insights:survey_edit", args=[programme_opd.pk, phase])


def results_url(programme_opd):
    return reverse("insights:survey_results", args=[programme_opd.pk])


def save(programme_opd, user, phase, held_on, value):
    return culture_survey_save(
        programme_opd=programme_opd,
        phase=phase,
        held_on=held_on,
        respondents=25,
        scores={d.value: Decimal(value) for d in SurveyDimension},
        recorded_by=user,
    )


def test_widyaiswara_records_the_before_survey(client_for, widyaiswara_a, programme_opd_a):
    response = client_for(widyaiswara_a).post(
        edit_url(programme_opd_a, "sebelum"), survey_data(inisiatif="2.5", penerapan="3.75")
    )
    assert response.status_code == 302
    survey = CultureSurvey.objects.get()
    scores = {s.dimension: s.score for s in survey.scores.all()}
    assert survey.phase == "sebelum" and survey.respondents == 30
    assert scores["inisiatif"] == Decimal("2.50") and scores["penerapan"] == Decimal("3.75")
    assert len(scores) == len(SurveyDimension)


def test_saving_again_corrects_the_same_survey(client_for, widyaiswara_a, programme_opd_a):
    client = client_for(widyaiswara_a)
    client.post(edit_url(programme_opd_a, "sebelum"), survey_data())
    form = client.get(edit_url(programme_opd_a, "sebelum")).context["form"]
    assert form["respondents"].value() == 30
    client.post(edit_url(programme_opd_a, "sebelum"), survey_data(respondents="31", inisiatif="4"))
    survey = CultureSurvey.objects.get()
    assert survey.respondents == 31
    assert survey.scores.get(dimension="inisiatif").score == Decimal("4")
    assert survey.scores.count() == len(SurveyDimension)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("score_inisiatif", "6"),
        ("score_inisiatif", "0.5"),
        ("score_inisiatif", ""),
        ("score_inisiatif", "lima"),
        ("respondents", "0"),
        ("held_on", "31/31/2025"),
    ],
)
def test_bad_survey_input_is_a_field_error(client_for, widyaiswara_a, programme_opd_a, field, value):
    data = survey_data()
    data[field] = value
    response = client_for(widyaiswara_a).post(edit_url(programme_opd_a, "sebelum"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CultureSurvey.objects.exists()


def test_after_survey_cannot_precede_the_before_survey(client_for, widyaiswara_a, programme_opd_a):
    save(programme_opd_a, widyaiswara_a, "sebelum", date(2025, 7, 10), "3")
    response = client_for(widyaiswara_a).post(edit_url(programme_opd_a, "sesudah"), survey_data(held_on="2025-07-01"))
    assert "Survei sesudah tidak boleh sebelum" in response.content.decode()
    assert CultureSurvey.objects.count() == 1


def test_a_survey_in_the_future_is_refused(client_for, widyaiswara_a, programme_opd_a):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(widyaiswara_a).post(edit_url(programme_opd_a, "sebelum"), survey_data(held_on=tomorrow))
    assert "held_on" in response.context["form"].errors


def test_results_compare_before_and_after_per_dimension(client_for, kepala_a, widyaiswara_a, programme_opd_a):
    save(programme_opd_a, widyaiswara_a, "sebelum", date(2025, 7, 10), "2.5")
    save(programme_opd_a, widyaiswara_a, "sesudah", date(2025, 9, 25), "3.75")
    response = client_for(kepala_a).get(results_url(programme_opd_a))
    content = response.content.decode()
    rows = {row["dimension"]: row for row in response.context["rows"]}
    assert rows[SurveyDimension.INISIATIF]["change"] == Decimal("1.25")
    assert "Inisiatif belajar mandiri" in content and "+1,25" in content
    chart = json.loads(re.search(r'id="data-grafik-survei"[^>]*>(.*?)</script>', content, re.S).group(1))
    assert chart["labels"][0] == str(SurveyDimension.DUKUNGAN_PIMPINAN.label)
    assert chart["datasets"][0]["data"] == [2.5] * len(SurveyDimension)
    assert chart["datasets"][1]["data"] == [3.75] * len(SurveyDimension)
    assert "vendor/chartjs/chart.umd.min.js" in content and "js/culture-survey.js" in content
    # No inline script (CSP): every <script> either loads a file or carries JSON data.
    for tag in re.findall(r"<script[^>]*>", content):
        assert "src=" in tag or 'type="application/json"' in tag


def test_results_with_only_the_before_survey(client_for, widyaiswara_a, programme_opd_a):
    save(programme_opd_a, widyaiswara_a, "sebelum", date(2025, 7, 10), "3")
    response = client_for(widyaiswara_a).get(results_url(programme_opd_a))
    assert response.context["rows"][0]["change"] is None
    assert "Catat survei sesudah" in response.content.decode()


def test_results_without_surveys_say_so(client_for, admin_user, programme_opd_a):
    response = client_for(admin_user).get(results_url(programme_opd_a))
    content = response.content.decode()
    assert "Belum ada survei budaya belajar" in content
    assert "chart.umd.min.js" not in content
    assert "Catat survei" not in content  # the admin reads, does not record


def test_unknown_phase_is_404(client_for, widyaiswara_a, programme_opd_a):
    assert client_for(widyaiswara_a).get(edit_url(programme_opd_a, "kapan-kapan")).status_code == 404


@pytest.mark.parametrize("who", ["admin", "kepala_a"])
def test_readers_may_not_record_a_survey(client_for, everyone, programme_opd_a, who):
    client = client_for(everyone[who])
    assert client.get(edit_url(programme_opd_a, "sebelum")).status_code == 403
    assert client.post(edit_url(programme_opd_a, "sebelum"), survey_data()).status_code == 403
    assert not CultureSurvey.objects.exists()


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_other_opd_gets_404(client_for, everyone, programme_opd_a, who):
    client = client_for(everyone[who])
    assert client.get(results_url(programme_opd_a)).status_code == 404
    assert client.get(edit_url(programme_opd_a, "sebelum")).status_code == 404
    assert client.post(edit_url(programme_opd_a, "sebelum"), survey_data()).status_code == 404


def test_results_page_query_count_is_fixed(client_for, widyaiswara_a, programme_opd_a, django_assert_max_num_queries):
    save(programme_opd_a, widyaiswara_a, "sebelum", date(2025, 7, 10), "3")
    save(programme_opd_a, widyaiswara_a, "sesudah", date(2025, 9, 10), "4")
    client = client_for(widyaiswara_a)
    # 12: the questionnaire rounds of the Pegawai and the minimum n joined the page (issue 14).
    with django_assert_max_num_queries(12):
        response = client.get(results_url(programme_opd_a))
    assert response.status_code == 200
    assert "Survei budaya belajar" in response.content.decode()
