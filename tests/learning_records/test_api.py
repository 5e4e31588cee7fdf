"""The read-only JSON API (issue 14, item 5): a token per client system, scoped to one OPD or
the province; JP per NIP and counting period as the ledger counts it; completed development
with hours and certificate numbers; pagination; every call logged; the OpenAPI schema served and
every endpoint in it called."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from learning_records.forms.api import DevelopmentSerializer
from learning_records.models import ApiCall, ApiClient
from learning_records.services.api_clients import api_client_issue, api_client_revoke
from learning_records.services.exports import SIASN_COLUMNS
from pilots.domain import EmploymentType
from tests.factories import PegawaiFactory, approved_activity, realise, valid_nip

pytestmark = pytest.mark.django_db
JP_URL = reverse("learning_records:api_jp")
DEVELOPMENT_URL = reverse("learning_records:api_development")
SCHEMA_URL = reverse("learning_records:api_schema")


@pytest.fixture
def world(programme_opd_a, programme_opd_b, admin_user):
    opd_a, opd_b = programme_opd_a.opd, programme_opd_b.opd
    pns = PegawaiFactory(opd=opd_a, name="Andi PNS")
    pppk = PegawaiFactory(
        opd=opd_a,
        name="Beta PPPK",
        nip=valid_nip(900, employment_type="pppk"),
        employment_type=EmploymentType.PPPK,
        contract_start=date(2025, 4, 1),
        contract_end=date(2030, 3, 31),
    )
    other = PegawaiFactory(opd=opd_b, name="Citra OPD B")
    held = approved_activity(programme_opd_a, jp=6, participants=[pns, pppk], title="Coaching analisis")
    realise(held, [pns, pppk], recorded_by=admin_user, start_date=date(2026, 2, 10), certificate_number="SRT-9")
    held_b = approved_activity(programme_opd_b, jp=4, participants=[other], title="Bimtek B")
    realise(held_b, [other], recorded_by=admin_user, start_date=date(2025, 8, 4))
    return {"pns": pns, "pppk": pppk, "other": other, "opd_a": opd_a, "opd_b": opd_b, "admin": admin_user}


def token_client(token):
    return Client(headers={"Authorization": f"Token {token}"})


def issue(world, opd_key="opd_a", name="E-Kinerja A"):
    opd = world[opd_key] if opd_key else None
    return api_client_issue(name=name, opd=opd, issued_by=world["admin"])


def test_jp_per_nip_counts_the_pns_calendar_year_and_the_pppk_contract_year(world):
    token = issue(world).token
    rows = token_client(token).get(JP_URL).json()["results"]
    by_nip = {row["nip"]: row for row in rows}
    assert set(by_nip) == {world["pns"].nip, world["pppk"].nip}, "OPD A only"
    pns, pppk = by_nip[world["pns"].nip], by_nip[world["pppk"].nip]
    assert (pns["tahun"], pns["awal_periode"], pns["akhir_periode"]) == (2026, "2026-01-01", "2026-12-31")
    # Held in February 2026: the PPPK's contract year that began on 1 April 2025.
    assert (pppk["tahun"], pppk["awal_periode"], pppk["akhir_periode"]) == (2025, "2025-04-01", "2026-03-31")
    assert pns["jp"] == 6 and pns["jumlah_kegiatan"] == 1 and pppk["jenis_kepegawaian"] == "pppk"


def test_completed_development_has_hours_and_the_persons_certificate_number(world):
    token = issue(world).token
    body = token_client(token).get(DEVELOPMENT_URL, {"nip": world["pns"].nip, "tahun": 2026}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["nama_kursus"] == "Coaching analisis" and row["jumlah_jam"] == 6
    assert row["nomor_sertifikat"].startswith("SRT-9-") and row["sumber"] == "portal"
    assert tuple(DevelopmentSerializer().fields) == SIASN_COLUMNS, "the API row is the SIASN export row"


def test_without_a_token_or_with_a_wrong_or_revoked_one_the_api_refuses(world):
    issued = issue(world)
    assert Client().get(JP_URL).status_code == 401
    assert token_client("salah").get(JP_URL).status_code == 401
    assert Client(headers={"Authorization": "Basic abc"}).get(JP_URL).status_code == 401
    api_client_revoke(client=issued.client)
    response = token_client(issued.token).get(JP_URL)
    assert response.status_code == 401 and "results" not in response.json()


def test_another_opds_token_is_refused_the_nip_of_opd_b(world):
    token = issue(world).token
    for url in (JP_URL, DEVELOPMENT_URL):
        response = token_client(token).get(url, {"nip": world["other"].nip})
        assert response.status_code == 404, url
        assert "Citra" not in response.content.decode()
    rows = token_client(token).get(DEVELOPMENT_URL).json()["results"]
    assert world["other"].nip not in {row["nip"] for row in rows}


def test_a_province_token_reads_every_opd(world):
    token = issue(world, opd_key=None, name="SIASN provinsi").token
    rows = token_client(token).get(JP_URL).json()["results"]
    assert {row["nip"] for row in rows} == {world["pns"].nip, world["pppk"].nip, world["other"].nip}


def test_every_call_is_logged_with_client_path_status_and_rows(world):
    issued = issue(world)
    token_client(issued.token).get(JP_URL, {"tahun": 2026})
    token_client(issued.token).get(JP_URL, {"nip": world["other"].nip})
    Client().get(DEVELOPMENT_URL)
    calls = list(ApiCall.objects.order_by("pk"))
    assert [(c.client_id, c.status, c.row_count) for c in calls] == [
        (issued.client.pk, 200, 1),
        (issued.client.pk, 404, 0),
        (None, 401, 0),
    ]
    assert calls[0].path == f"{JP_URL}?tahun=2026"
    issued.client.refresh_from_db()
    assert issued.client.last_used_at is not None


def test_a_malformed_year_is_a_400_with_the_field(world):
    response = token_client(issue(world).token).get(JP_URL, {"tahun": "dua ribu"})
    assert response.status_code == 400 and "tahun" in response.json()


def test_results_are_paginated(world, programme_opd_a, admin_user):
    staff = [PegawaiFactory(opd=world["opd_a"]) for _ in range(4)]
    held = approved_activity(programme_opd_a, jp=2, participants=staff)
    realise(held, staff, recorded_by=admin_user, start_date=date(2026, 3, 2))
    client = token_client(issue(world).token)
    first = client.get(DEVELOPMENT_URL, {"ukuran": 3}).json()
    assert first["count"] == 6 and len(first["results"]) == 3 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 3 and second["next"] is None


@pytest.mark.parametrize("extra_people", [2, 40])
def test_the_api_costs_a_fixed_number_of_queries(
    world, programme_opd_a, admin_user, extra_people, django_assert_max_num_queries
):
    staff = [PegawaiFactory(opd=world["opd_a"]) for _ in range(extra_people)]
    held = approved_activity(programme_opd_a, jp=2, participants=staff)
    realise(held, staff, recorded_by=admin_user, start_date=date(2026, 3, 2))
    client = token_client(issue(world).token)
    for url in (JP_URL, DEVELOPMENT_URL):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_the_schema_is_served_and_every_endpoint_in_it_answers_with_its_documented_fields(world):
    schema = Client().get(SCHEMA_URL, {"format": "json"})
    assert schema.status_code == 200
    document = schema.json()
    assert document["components"]["securitySchemes"]["tokenKlien"]["name"] == "Authorization"
    paths = document["paths"]
    assert set(paths) == {JP_URL, DEVELOPMENT_URL}
    client = token_client(issue(world, opd_key=None, name="Semua").token)
    for path, operations in paths.items():
        assert set(operations) == {"get"}, "read-only"
        response = client.get(path)
        assert response.status_code == 200, path
        results_schema = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        item_ref = document["components"]["schemas"][results_schema.rsplit("/", 1)[-1]]["properties"]["results"]
        item = document["components"]["schemas"][item_ref["items"]["$ref"].rsplit("/", 1)[-1]]
        rows = response.json()["results"]
        assert rows, path
        assert set(rows[0]) == set(item["properties"]), path
        assert Client().get(path).status_code == 401, f"{path} without a token"


def test_the_token_is_stored_only_as_its_hash(world):
    issued = issue(world)
    stored = ApiClient.objects.get(pk=issued.client.pk)
    assert issued.token not in (stored.token_hash, stored.token_prefix) and len(stored.token_hash) == 64
