import pytest
from django.test import RequestFactory

from intan_wpl.middleware import HostileInputMiddleware
from tests.factories import PegawaiFactory, WidyaiswaraProfileFactory

pytestmark = pytest.mark.django_db


def test_an_out_of_range_number_gives_a_styled_400_not_a_500(admin_user):
    request = RequestFactory().post("/apa-saja/")
    request.user = admin_user
    middleware = HostileInputMiddleware(lambda r: None)
    response = middleware.process_exception(request, OverflowError("Python int too large to convert to SQLite INTEGER"))
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()


def test_other_exceptions_are_left_alone(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    assert HostileInputMiddleware(lambda r: None).process_exception(request, ValueError("x")) is None


def test_a_nip_typed_with_spaces_passes_full_clean_and_is_stored_as_18_digits():
    pegawai = PegawaiFactory.build(nip="19860926 201505 1 001")
    pegawai.opd.save()
    pegawai.opd_id = pegawai.opd.pk
    pegawai.full_clean()
    assert pegawai.nip == "198609262015051001"
    assert pegawai.gender == "L"


def test_a_widyaiswara_nip_typed_with_dots_is_normalised():
    profile = WidyaiswaraProfileFactory(nip=None)
    profile.nip = "19860926.201505.2.001"
    profile.full_clean()
    assert profile.nip == "198609262015052001"


@pytest.mark.parametrize("query", ["q=abc%00def", "page=1%00", "%00=1"])
def test_a_nul_character_in_the_query_string_gets_a_400_on_every_page(client_for, admin_user, query):
    response = client_for(admin_user).get(f"/opd/?{query}")
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()


def test_an_ordinary_query_string_passes(client_for, admin_user, opd_a, opd_b):
    response = client_for(admin_user).get("/opd/?q=perpustakaan")
    assert response.status_code == 200
    html = response.content.decode()
    assert opd_a.name in html and opd_b.name not in html
