"""Pages with personal data are never kept by the browser, and input that is not UTF-8 answers
400 (issue 13, item 7), also with DEBUG off."""

import pytest
from django.test import Client
from django.urls import reverse

from learning_needs.models import Problem

pytestmark = pytest.mark.django_db

PROBLEM = "duty_or_indicator=x&urgency=3&seriousness=3&growth=3"


@pytest.fixture
def production(settings):
    settings.DEBUG = False


@pytest.fixture
def writer(widyaiswara_a):
    client = Client(raise_request_exception=False)
    client.force_login(widyaiswara_a)
    return client


def test_pages_of_a_signed_in_person_are_not_stored_by_the_browser(client_for, admin_user, opd_a, production):
    client = client_for(admin_user)
    for url in (
        reverse("insights:home"),
        reverse("pilots:roster_list", args=[opd_a.pk]),
        reverse("pilots:roster_export", args=[opd_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = response["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


def test_a_form_body_that_is_not_utf8_answers_400_and_saves_nothing(writer, programme_opd_a, production):
    url = reverse("learning_needs:problem_create", args=[programme_opd_a.pk])
    for body, content_type in [
        (b"title=%FF%FE&" + PROBLEM.encode(), "application/x-www-form-urlencoded"),
        (b"title=%ED%A0%80&" + PROBLEM.encode(), "application/x-www-form-urlencoded"),
        (b"title=caf\xe9&" + PROBLEM.encode(), "application/x-www-form-urlencoded"),
        (b"title=abc&" + PROBLEM.encode(), "application/x-www-form-urlencoded; charset=latin-1"),
    ]:
        response = writer.generic("POST", url, data=body, content_type=content_type)
        assert response.status_code == 400, body
        assert "Permintaan tidak valid" in response.content.decode()
    assert not Problem.objects.exists()


def test_a_multipart_field_that_is_not_utf8_answers_400(writer, programme_opd_a, production):
    url = reverse("learning_needs:problem_create", args=[programme_opd_a.pk])
    body = (
        b'--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nMasalah \xff\xfe\r\n'
        b'--b\r\nContent-Disposition: form-data; name="duty_or_indicator"\r\n\r\nx\r\n--b--\r\n'
    )
    response = writer.generic("POST", url, data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code == 400
    assert not Problem.objects.exists()


def test_a_query_string_that_is_not_utf8_answers_400(writer, production):
    assert writer.get(reverse("learning_plans:plan_list") + "?q=%FF").status_code == 400


def test_utf8_text_of_every_script_is_accepted(writer, programme_opd_a, production):
    url = reverse("learning_needs:problem_create", args=[programme_opd_a.pk])
    response = writer.post(
        url,
        {
            "title": "Antrean “panjang” – pelayanan ≥ 3 hari 😊 ᨅᨔ ᨕᨘᨁᨗ",
            "duty_or_indicator": "IKU 1",
            "urgency": "3",
            "seriousness": "3",
            "growth": "3",
        },
    )
    assert response.status_code == 302
    assert Problem.objects.get().title.startswith("Antrean “panjang”")
    assert writer.get(reverse("learning_plans:plan_list") + "?q=%C3%A9").status_code == 200
