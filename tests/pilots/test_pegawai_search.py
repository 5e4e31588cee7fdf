"""A search for a person by NIP or name (issue 16): the admin across every OPD, a Widyaiswara
or Kepala OPD only in the OPDs they reach; a fixed number of queries."""

import pytest
from django.urls import reverse

from tests.factories import OpdFactory, PegawaiFactory, valid_nip

pytestmark = pytest.mark.django_db

URL = reverse("pilots:pegawai_search")


def names(response):
    return [pegawai.name for pegawai in response.context["page"].object_list]


@pytest.fixture
def staff(opd_a, opd_b):
    return {
        "a": PegawaiFactory(opd=opd_a, name="Sitti Rahmawati Latief", nip="198609262015052001"),
        "b": PegawaiFactory(opd=opd_b, name="Sitti Aminah", nip="199001012015031002"),
    }


def test_the_admin_finds_people_of_every_opd_by_name_and_by_nip(client_for, admin_user, staff):
    client = client_for(admin_user)
    assert names(client.get(URL, {"q": "sitti"})) == ["Sitti Aminah", "Sitti Rahmawati Latief"]
    assert names(client.get(URL, {"q": "19860926 201505"})) == ["Sitti Rahmawati Latief"]
    assert names(client.get(URL, {"q": "sitti latief"})) == ["Sitti Rahmawati Latief"]
    body = client.get(URL, {"q": "198609"}).content.decode()
    assert "19860926 201505 2 001" in body


def test_others_find_only_the_people_of_their_own_opds(client_for, widyaiswara_a, kepala_b, staff):
    assert names(client_for(widyaiswara_a).get(URL, {"q": "sitti"})) == ["Sitti Rahmawati Latief"]
    assert names(client_for(kepala_b).get(URL, {"q": "sitti"})) == ["Sitti Aminah"]
    assert names(client_for(kepala_b).get(URL, {"q": "198609262015052001"})) == []


def test_too_few_digits_or_nothing_finds_nobody(client_for, admin_user, staff):
    client = client_for(admin_user)
    assert names(client.get(URL, {"q": "19"})) == []
    assert names(client.get(URL)) == []


@pytest.mark.parametrize("size", [3, 60])
def test_the_search_reads_in_a_fixed_number_of_queries(client_for, admin_user, size, django_assert_max_num_queries):
    for n in range(size):
        PegawaiFactory(opd=OpdFactory(), name=f"Pegawai Cari {n:03d}", nip=valid_nip(n + 1))
    client = client_for(admin_user)
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"q": "pegawai cari"})
    assert response.context["page"].paginator.count == size
