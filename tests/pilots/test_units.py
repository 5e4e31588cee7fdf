"""Unit kerja of an OPD: unique names per OPD (ignoring case), the shift flag, deletion only
while empty, the inline htmx add with its full-page fallback, and who may do any of it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pilots.forms.opds import UnitKerjaForm
from pilots.models import UnitKerja
from pilots.services.opds import unit_create, unit_delete, unit_update
from tests.factories import PegawaiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ward(opd_a):
    return UnitKerjaFactory(opd=opd_a, name="Ruang Rawat Inap Mawar", works_in_shifts=True)


# --- services and form -----------------------------------------------------------------------


def test_unit_create_saves_a_shift_unit(opd_a):
    unit = unit_create(opd=opd_a, name="  Instalasi Gawat Darurat ", works_in_shifts=True)
    unit.refresh_from_db()
    assert (unit.name, unit.works_in_shifts, unit.opd) == ("Instalasi Gawat Darurat", True, opd_a)


def test_a_unit_name_is_unique_within_its_opd_ignoring_case(ward):
    with pytest.raises(ValidationError) as caught:
        unit_create(opd=ward.opd, name="RUANG RAWAT INAP MAWAR")
    assert "sudah memiliki unit kerja bernama" in " ".join(caught.value.message_dict["name"])
    assert UnitKerja.objects.filter(opd=ward.opd).count() == 1


def test_the_same_unit_name_is_fine_in_another_opd(ward, opd_b):
    assert unit_create(opd=opd_b, name="Ruang Rawat Inap Mawar").opd == opd_b


def test_renaming_a_unit_to_its_own_name_in_other_case_is_fine(ward):
    unit_update(unit=ward, name="Ruang Rawat Inap MAWAR", works_in_shifts=False)
    ward.refresh_from_db()
    assert (ward.name, ward.works_in_shifts) == ("Ruang Rawat Inap MAWAR", False)


def test_renaming_a_unit_onto_a_sibling_is_refused(ward):
    office = UnitKerjaFactory(opd=ward.opd, name="Sekretariat")
    with pytest.raises(ValidationError):
        unit_update(unit=office, name="ruang rawat inap mawar")
    office.refresh_from_db()
    assert office.name == "Sekretariat"


def test_a_unit_with_staff_is_not_deleted(ward):
    PegawaiFactory.create_batch(2, opd=ward.opd, unit=ward)
    assert unit_delete(unit=ward) == ["2 pegawai di unit kerja ini (pindahkan dulu ke unit lain)"]
    assert UnitKerja.objects.filter(pk=ward.pk).exists()


def test_an_empty_unit_is_deleted(ward):
    assert unit_delete(unit=ward) == []
    assert not UnitKerja.objects.filter(pk=ward.pk).exists()


def test_the_form_explains_the_shift_flag_and_catches_a_duplicate(ward):
    form = UnitKerjaForm(data={"name": "ruang rawat inap mawar"}, opd=ward.opd)
    assert "RSUD" in str(form.fields["works_in_shifts"].help_text)
    assert not form.is_valid()
    assert form.errors["name"] == ["DPU sudah memiliki unit kerja bernama “ruang rawat inap mawar”."]


def test_the_form_rejects_a_2000_character_name(opd_a):
    form = UnitKerjaForm(data={"name": "U" * 2000}, opd=opd_a)
    assert not form.is_valid()
    assert "paling banyak 200 karakter" in form.errors["name"][0]


# --- scope -----------------------------------------------------------------------------------


def unit_urls(unit):
    return [
        reverse("pilots:unit_create", args=[unit.opd_id]),
        reverse("pilots:unit_edit", args=[unit.pk]),
        reverse("pilots:unit_delete", args=[unit.pk]),
    ]


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_read_only_roles_get_403_on_their_own_opds_units(client_for, everyone, ward, who):
    client = client_for(everyone[who])
    for url in unit_urls(ward):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Diubah"}).status_code == 403, url
        assert client.post(url, {"name": "Diubah"}, **HTMX).status_code == 403, url
    assert list(UnitKerja.objects.values_list("name", flat=True)) == ["Ruang Rawat Inap Mawar"]


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_units_of_another_opd_are_404(client_for, everyone, ward, who):
    client = client_for(everyone[who])
    for url in unit_urls(ward):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Diubah"}).status_code == 404, url
    assert UnitKerja.objects.get(pk=ward.pk).name == "Ruang Rawat Inap Mawar"


def test_an_unknown_unit_is_404_for_the_admin(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(reverse("pilots:unit_edit", args=[999999])).status_code == 404
    assert client.post(reverse("pilots:unit_delete", args=[999999])).status_code == 404


# --- pages -----------------------------------------------------------------------------------


def test_adding_a_unit_inline_returns_the_unit_list_fragment(client_for, admin_user, ward):
    response = client_for(admin_user).post(
        reverse("pilots:unit_create", args=[ward.opd_id]), {"name": "IGD", "works_in_shifts": "on"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<section id="unit-kerja"')
    assert "Unit kerja “IGD” ditambahkan." in body
    assert "Ruang Rawat Inap Mawar" in body
    assert body.count(">sif</span>") == 2
    assert UnitKerja.objects.get(opd=ward.opd, name="IGD").works_in_shifts


def test_an_inline_duplicate_comes_back_with_the_message_and_the_typed_name(client_for, admin_user, ward):
    response = client_for(admin_user).post(
        reverse("pilots:unit_create", args=[ward.opd_id]), {"name": "ruang rawat inap MAWAR"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "sudah memiliki unit kerja bernama" in body
    assert 'value="ruang rawat inap MAWAR"' in body
    assert UnitKerja.objects.filter(opd=ward.opd).count() == 1


def test_without_javascript_adding_a_unit_redirects_to_the_opd_page(client_for, admin_user, opd_a):
    client = client_for(admin_user)
    url = reverse("pilots:unit_create", args=[opd_a.pk])
    assert "Tambah unit kerja" in client.get(url).content.decode()
    response = client.post(url, {"name": "Bidang Layanan"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("pilots:opd_detail", args=[opd_a.pk]) + "#unit-kerja"
    assert "Unit kerja “Bidang Layanan” ditambahkan." in response.content.decode()
    assert opd_a.units.get().name == "Bidang Layanan"


def test_without_javascript_a_bad_unit_shows_the_full_form_again(client_for, admin_user, opd_a):
    response = client_for(admin_user).post(reverse("pilots:unit_create", args=[opd_a.pk]), {"name": "B" * 2000})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body
    assert "paling banyak 200 karakter" in body
    assert not opd_a.units.exists()


def test_the_admin_edits_a_unit(client_for, admin_user, ward):
    client = client_for(admin_user)
    url = reverse("pilots:unit_edit", args=[ward.pk])
    assert "Ubah unit kerja Ruang Rawat Inap Mawar" in client.get(url).content.decode()
    response = client.post(url, {"name": "Ruang Rawat Inap Melati"})
    assert response.status_code == 302
    ward.refresh_from_db()
    assert (ward.name, ward.works_in_shifts) == ("Ruang Rawat Inap Melati", False)


def test_editing_a_unit_onto_a_sibling_name_gets_a_field_error(client_for, admin_user, ward):
    office = UnitKerjaFactory(opd=ward.opd, name="Sekretariat")
    response = client_for(admin_user).post(
        reverse("pilots:unit_edit", args=[office.pk]), {"name": "RUANG rawat inap mawar"}
    )
    assert "sudah memiliki unit kerja bernama" in response.content.decode()
    office.refresh_from_db()
    assert office.name == "Sekretariat"


def test_deleting_a_unit_asks_first_then_deletes(client_for, admin_user, ward):
    client = client_for(admin_user)
    url = reverse("pilots:unit_delete", args=[ward.pk])
    assert "Ya, hapus" in client.get(url).content.decode()
    assert UnitKerja.objects.filter(pk=ward.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not UnitKerja.objects.filter(pk=ward.pk).exists()


def test_deleting_a_unit_with_staff_explains_why_not(client_for, admin_user, ward):
    PegawaiFactory(opd=ward.opd, unit=ward)
    client = client_for(admin_user)
    url = reverse("pilots:unit_delete", args=[ward.pk])
    body = client.get(url).content.decode()
    assert "Ya, hapus" not in body
    assert "1 pegawai di unit kerja ini" in body
    assert "tidak dihapus" in client.post(url).content.decode()
    assert UnitKerja.objects.filter(pk=ward.pk).exists()
