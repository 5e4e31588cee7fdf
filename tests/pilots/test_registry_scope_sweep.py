"""Every pilots URL, opened by people who must not reach it: another OPD's Kepala OPD or
Widyaiswara gets 404 and never that OPD's data; a read-only role gets 403 on write pages;
admin-only pages give 403 to everyone else. Both GET and POST, so no write slips through."""

import pytest
from django.urls import reverse

from intan_wpl.models import Role
from pilots.models import Pegawai, RosterImport, RosterImportStatus, UnitKerja
from tests.factories import (
    AssignmentFactory,
    OpdFactory,
    PegawaiFactory,
    ProgrammeFactory,
    ProgrammeOpdFactory,
    UnitKerjaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SECRET_NAME = "Rahasia Pegawai Zulkarnain"
SECRET_NIP = "198609262015051001"


@pytest.fixture
def other_opd_world(admin_user):
    """An OPD with its own programme, team, unit, staff and a pending import; nobody in the
    tests below except the admin is in its scope."""
    opd = OpdFactory(name="Badan Tertutup Uji", abbreviation="BTU")
    programme = ProgrammeFactory(name="Program Tertutup Uji")
    programme_opd = ProgrammeOpdFactory(programme=programme, opd=opd)
    outsider_wi = UserFactory(username="wi.luar", full_name="Widyaiswara Luar", role=Role.WIDYAISWARA)
    assignment = AssignmentFactory(programme_opd=programme_opd, widyaiswara=outsider_wi)
    unit = UnitKerjaFactory(opd=opd, name="Bidang Tertutup")
    pegawai = PegawaiFactory(opd=opd, unit=unit, name=SECRET_NAME, nip=SECRET_NIP)
    roster_import = RosterImport.objects.create(
        opd=opd, uploaded_by=admin_user, original_name="rahasia.xlsx", status=RosterImportStatus.REJECTED
    )
    return {
        "opd": opd,
        "programme": programme,
        "programme_opd": programme_opd,
        "assignment": assignment,
        "unit": unit,
        "pegawai": pegawai,
        "roster_import": roster_import,
    }


# (url name, key of the object in other_opd_world) for every URL scoped to an OPD's data.
SCOPED_URLS = [
    ("pilots:opd_detail", "opd"),
    ("pilots:opd_edit", "opd"),
    ("pilots:opd_delete", "opd"),
    ("pilots:unit_create", "opd"),
    ("pilots:unit_edit", "unit"),
    ("pilots:unit_delete", "unit"),
    ("pilots:programme_detail", "programme"),
    ("pilots:programme_edit", "programme"),
    ("pilots:programme_delete", "programme"),
    ("pilots:programme_decree", "programme"),
    ("pilots:programme_opd_add", "programme"),
    ("pilots:programme_opd_detail", "programme_opd"),
    ("pilots:programme_opd_remove", "programme_opd"),
    ("pilots:programme_opd_set_active", "programme_opd"),
    ("pilots:assignment_create", "programme_opd"),
    ("pilots:assignment_edit", "assignment"),
    ("pilots:assignment_delete", "assignment"),
    ("pilots:assignment_make_ketua", "assignment"),
    ("pilots:roster_list", "opd"),
    ("pilots:pegawai_create", "opd"),
    ("pilots:roster_export", "opd"),
    ("pilots:roster_import", "opd"),
    ("pilots:pegawai_edit", "pegawai"),
    ("pilots:pegawai_delete", "pegawai"),
    ("pilots:roster_import_preview", "roster_import"),
    ("pilots:roster_import_commit", "roster_import"),
    ("pilots:roster_import_cancel", "roster_import"),
]
ADMIN_ONLY_URLS = [
    ("pilots:opd_create", None),
    ("pilots:user_list", None),
    ("pilots:user_create", None),
    ("pilots:programme_create", None),
    ("pilots:widyaiswara_list", None),
    ("pilots:widyaiswara_create", None),
    ("pilots:widyaiswara_load", None),
]


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
@pytest.mark.parametrize(("name", "key"), SCOPED_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_opds_objects_are_404_and_never_shown(client_for, everyone, other_opd_world, who, name, key, method):
    world = other_opd_world
    client = client_for(everyone[who])
    url = reverse(name, args=[world[key].pk])
    response = getattr(client, method)(url, {"name": "Diubah", "nip": SECRET_NIP})

    assert response.status_code in (404, 405), (url, response.status_code)
    body = response.content.decode(errors="replace")
    for secret in (SECRET_NAME, SECRET_NIP, "Badan Tertutup Uji", "Program Tertutup Uji", "Bidang Tertutup"):
        assert secret not in body
    # Nothing of the other OPD changed.
    assert Pegawai.objects.filter(nip=SECRET_NIP, name=SECRET_NAME, opd=world["opd"]).exists()
    assert UnitKerja.objects.filter(pk=world["unit"].pk, name="Bidang Tertutup").exists()
    assert RosterImport.objects.filter(pk=world["roster_import"].pk).exists()


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
@pytest.mark.parametrize(("name", "key"), ADMIN_ONLY_URLS)
def test_admin_pages_refuse_other_roles_with_403(client_for, everyone, other_opd_world, who, name, key):
    client = client_for(everyone[who])
    url = reverse(name)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "X"}).status_code == 403


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_account_pages_refuse_other_roles_with_403(client_for, everyone, who):
    client = client_for(everyone[who])
    target = everyone["kepala_b"]
    for name in ("pilots:user_edit", "pilots:user_set_password", "pilots:widyaiswara_edit"):
        url = reverse(name, args=[target.pk])
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"password1": "x", "password2": "x"}).status_code == 403, url
    target.refresh_from_db()
    assert target.check_password("Rahasia-123")


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_lists_of_a_read_only_user_never_show_another_opds_staff_or_programme(
    client_for, everyone, other_opd_world, who
):
    client = client_for(everyone[who])
    for url in (reverse("insights:home"), reverse("pilots:opd_list"), reverse("pilots:programme_list")):
        response = client.get(url, {"q": "Tertutup"})
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Badan Tertutup Uji" not in body
        assert "Program Tertutup Uji" not in body


@pytest.fixture
def own_opd_world(admin_user, opd_a, programme_opd_a, widyaiswara_a, kepala_a):
    unit = UnitKerjaFactory(opd=opd_a, name="Bidang Sendiri")
    return {
        "opd": opd_a,
        "programme": programme_opd_a.programme,
        "programme_opd": programme_opd_a,
        "assignment": programme_opd_a.assignments.get(),
        "unit": unit,
        "pegawai": PegawaiFactory(opd=opd_a, unit=unit, nip=SECRET_NIP),
        "roster_import": RosterImport.objects.create(
            opd=opd_a, uploaded_by=admin_user, original_name="a.xlsx", status=RosterImportStatus.REJECTED
        ),
    }


READ_URLS = {
    "pilots:opd_detail",
    "pilots:programme_detail",
    "pilots:programme_decree",
    "pilots:programme_opd_detail",
    "pilots:roster_list",
    "pilots:roster_export",
}


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
@pytest.mark.parametrize(("name", "key"), [item for item in SCOPED_URLS if item[0] not in READ_URLS])
def test_write_pages_of_ones_own_opd_are_403_for_read_only_roles(client_for, everyone, own_opd_world, who, name, key):
    client = client_for(everyone[who])
    url = reverse(name, args=[own_opd_world[key].pk])
    assert client.post(url, {"name": "Diubah"}).status_code == 403, url
    assert client.get(url).status_code in (403, 405), url
    assert UnitKerja.objects.filter(name="Bidang Sendiri").exists()
    assert Pegawai.objects.filter(nip=SECRET_NIP).exists()
    assert RosterImport.objects.filter(pk=own_opd_world["roster_import"].pk).exists()
