"""The admin's page of API clients (issue 14, item 5): a token is issued for one OPD or the
province and shown once, revoked after a confirmation, and each client's calls are listed.
Nobody but the BPSDM admin reaches these pages."""

import pytest
from django.test import Client
from django.urls import reverse

from learning_records.models import ApiCall, ApiClient
from learning_records.services.api_clients import api_call_record, api_client_issue

pytestmark = pytest.mark.django_db
LIST = reverse("learning_records:api_client_list")
CREATE = reverse("learning_records:api_client_create")


def test_the_admin_issues_a_token_that_is_shown_once_and_then_works(admin_user, opd_a, client_for):
    client = client_for(admin_user)
    response = client.post(CREATE, {"name": "E-Kinerja Dinas A", "opd": opd_a.pk}, follow=True)
    issued = ApiClient.objects.get(name="E-Kinerja Dinas A")
    token = response.context["token"]
    assert token and token in response.content.decode() and issued.opd == opd_a
    again = client.get(reverse("learning_records:api_client_detail", args=[issued.pk])).content.decode()
    assert token not in again and issued.token_prefix in again, "shown once"
    api = Client(headers={"Authorization": f"Token {token}"})
    assert api.get(reverse("learning_records:api_jp")).status_code == 200


def test_an_empty_scope_is_the_whole_province_and_a_missing_name_is_an_error_at_the_field(admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(CREATE, {"name": "", "opd": ""})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    client.post(CREATE, {"name": "SIASN", "opd": ""})
    assert ApiClient.objects.get(name="SIASN").opd is None


def test_revoking_asks_first_then_refuses_the_token(admin_user, opd_a, client_for):
    issued = api_client_issue(name="E-Kinerja", opd=opd_a, issued_by=admin_user)
    client = client_for(admin_user)
    url = reverse("learning_records:api_client_revoke", args=[issued.client.pk])
    assert "Ya, cabut" in client.get(url).content.decode()
    issued.client.refresh_from_db()
    assert issued.client.is_active, "GET only asks"
    client.post(url)
    issued.client.refresh_from_db()
    assert not issued.client.is_active
    api = Client(headers={"Authorization": f"Token {issued.token}"})
    assert api.get(reverse("learning_records:api_jp")).status_code == 401


@pytest.mark.parametrize("who", ["kepala_bpsdm", "widyaiswara_a", "kepala_a"])
def test_nobody_but_the_admin_reaches_the_client_pages(who, request, admin_user, opd_a, client_for):
    issued = api_client_issue(name="E-Kinerja", opd=opd_a, issued_by=admin_user)
    client = client_for(request.getfixturevalue(who))
    pk = issued.client.pk
    for url in (
        LIST,
        CREATE,
        reverse("learning_records:api_client_detail", args=[pk]),
        reverse("learning_records:api_client_revoke", args=[pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "x"}).status_code == 403, url
    issued.client.refresh_from_db()
    assert issued.client.is_active and ApiClient.objects.count() == 1


@pytest.mark.parametrize("size", [2, 30])
def test_the_list_and_the_call_log_cost_a_fixed_number_of_queries(
    size, admin_user, opd_a, client_for, django_assert_max_num_queries
):
    for n in range(size):
        issued = api_client_issue(name=f"Klien {n}", opd=opd_a if n % 2 else None, issued_by=admin_user)
        api_call_record(client=issued.client, path="/api/v1/jp/", status=200, row_count=n)
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        page = client.get(LIST)
    assert page.status_code == 200 and "Klien 1" in page.content.decode()
    first = ApiClient.objects.get(name="Klien 1")
    for n in range(size):
        api_call_record(client=first, path=f"/api/v1/jp/?tahun={2000 + n}", status=200, row_count=1)
    with django_assert_max_num_queries(12):
        detail = client.get(reverse("learning_records:api_client_detail", args=[first.pk]))
    assert detail.status_code == 200 and ApiCall.objects.filter(client=first).count() == size + 1
