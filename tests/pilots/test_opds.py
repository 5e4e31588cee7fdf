"""OPD registry: the rules for an OPD (kind, parent Dinas, head), its pages, and who may use them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intan_wpl.models import Role
from pilots.forms.opds import OpdForm
from pilots.models import Opd, OpdKind, Pegawai, UnitKerja
from pilots.services.opds import opd_create, opd_delete, opd_delete_blockers, opd_update
from tests.factories import (
    AssignmentFactory,
    OpdFactory,
    PegawaiFactory,
    ProgrammeOpdFactory,
    UnitKerjaFactory,
    UserFactory,
    valid_nip,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinas(db):
    return OpdFactory(name="Dinas Kesehatan Uji", abbreviation="Dinkes", kind=OpdKind.DINAS)


@pytest.fixture
def badan(db):
    return OpdFactory(name="Badan Pendapatan Uji", abbreviation="Bapenda", kind=OpdKind.BADAN)


@pytest.fixture
def kepala_baru(db):
    return UserFactory(username="kepala.baru", full_name="Kepala Baru", role=Role.KEPALA_OPD)


def field_errors(error):
    return {field: " ".join(messages) for field, messages in error.message_dict.items()}


def form_data(**overrides):
    data = {"name": "Dinas Baru Uji", "abbreviation": "DBU", "kind": OpdKind.DINAS, "address": "Jl. Urip 1"}
    data.update(overrides)
    return data


# --- services --------------------------------------------------------------------------------


def test_opd_create_saves_a_dinas_with_its_head(kepala_baru):
    opd = opd_create(name="  Dinas Pendidikan Uji ", abbreviation="Disdik", kind=OpdKind.DINAS, head=kepala_baru)
    opd.refresh_from_db()
    assert opd.name == "Dinas Pendidikan Uji"
    assert opd.head == kepala_baru


def test_a_upt_needs_a_parent_dinas():
    with pytest.raises(ValidationError) as caught:
        opd_create(name="UPT Tanpa Induk", kind=OpdKind.UPT)
    assert "dinas induk" in field_errors(caught.value)["parent"]
    assert not Opd.objects.filter(name="UPT Tanpa Induk").exists()


def test_a_upt_under_a_dinas_is_saved(dinas):
    upt = opd_create(name="UPT RSUD Uji", kind=OpdKind.UPT, parent=dinas)
    assert list(dinas.upts.all()) == [upt]


def test_the_parent_must_be_a_dinas(badan):
    with pytest.raises(ValidationError) as caught:
        opd_create(name="UPT Salah Induk", kind=OpdKind.UPT, parent=badan)
    assert "berjenis Dinas" in field_errors(caught.value)["parent"]


def test_only_a_upt_has_a_parent(dinas):
    with pytest.raises(ValidationError) as caught:
        opd_create(name="Badan Berinduk", kind=OpdKind.BADAN, parent=dinas)
    assert "Hanya UPT" in field_errors(caught.value)["parent"]


def test_an_opd_cannot_be_its_own_parent(dinas):
    with pytest.raises(ValidationError) as caught:
        opd_update(opd=dinas, name=dinas.name, kind=OpdKind.UPT, parent=dinas)
    assert "dirinya sendiri" in field_errors(caught.value)["parent"]


def test_the_head_must_be_a_kepala_opd():
    widyaiswara = UserFactory(role=Role.WIDYAISWARA)
    with pytest.raises(ValidationError) as caught:
        opd_create(name="Dinas Salah Kepala", kind=OpdKind.DINAS, head=widyaiswara)
    assert "peran Kepala OPD" in field_errors(caught.value)["head"]


def test_a_new_head_must_be_an_active_account():
    inactive = UserFactory(role=Role.KEPALA_OPD, is_active=False)
    with pytest.raises(ValidationError) as caught:
        opd_create(name="Dinas Kepala Nonaktif", kind=OpdKind.DINAS, head=inactive)
    assert "tidak aktif" in field_errors(caught.value)["head"]


def test_a_head_deactivated_later_stays_when_other_fields_change(dinas, kepala_baru):
    dinas.head = kepala_baru
    dinas.save()
    kepala_baru.is_active = False
    kepala_baru.save()
    opd_update(opd=dinas, name=dinas.name, kind=OpdKind.DINAS, address="Alamat baru", head=kepala_baru)
    dinas.refresh_from_db()
    assert dinas.address == "Alamat baru"
    assert dinas.head == kepala_baru


def test_a_duplicate_name_is_refused_whatever_its_case(dinas):
    with pytest.raises(ValidationError) as caught:
        opd_create(name="DINAS KESEHATAN UJI", kind=OpdKind.DINAS)
    assert "Sudah ada OPD bernama" in field_errors(caught.value)["name"]
    assert Opd.objects.filter(name__iexact="dinas kesehatan uji").count() == 1


def test_a_dinas_with_upts_keeps_its_kind(dinas):
    OpdFactory(name="UPT Anak", kind=OpdKind.UPT, parent=dinas)
    with pytest.raises(ValidationError) as caught:
        opd_update(opd=dinas, name=dinas.name, kind=OpdKind.BADAN)
    assert "membawahi 1 UPT" in field_errors(caught.value)["kind"]
    dinas.refresh_from_db()
    assert dinas.kind == OpdKind.DINAS


def test_delete_removes_an_unused_opd_with_its_empty_units(dinas):
    UnitKerjaFactory(opd=dinas, name="Sekretariat")
    assert opd_delete(opd=dinas) == []
    assert not Opd.objects.filter(pk=dinas.pk).exists()
    assert not UnitKerja.objects.filter(name="Sekretariat").exists()


def test_delete_is_blocked_while_the_opd_is_in_a_programme(dinas):
    ProgrammeOpdFactory(opd=dinas, programme__name="Pilot INTAN-WPL 2025")
    blockers = opd_delete(opd=dinas)
    assert blockers == ["1 program: Pilot INTAN-WPL 2025"]
    assert Opd.objects.filter(pk=dinas.pk).exists()


def test_delete_is_blocked_while_the_opd_has_staff_in_units(dinas):
    unit = UnitKerjaFactory(opd=dinas)
    PegawaiFactory(opd=dinas, unit=unit)
    PegawaiFactory(opd=dinas)
    assert opd_delete(opd=dinas) == ["2 pegawai dalam daftar pegawainya (di 1 unit kerja)"]
    assert UnitKerja.objects.filter(pk=unit.pk).exists()
    assert Pegawai.objects.filter(opd=dinas).count() == 2


def test_delete_is_blocked_while_upts_sit_under_the_dinas(dinas):
    for number in range(5):
        OpdFactory(name=f"UPT Anak {number}", kind=OpdKind.UPT, parent=dinas)
    assert opd_delete_blockers(opd=dinas) == ["5 UPT di bawahnya: UPT Anak 0, UPT Anak 1, UPT Anak 2 dan 2 lainnya"]
    assert opd_delete(opd=dinas)
    assert Opd.objects.filter(pk=dinas.pk).exists()


# --- form ------------------------------------------------------------------------------------


def test_the_form_offers_only_dinas_as_parents_and_never_the_opd_itself(dinas, badan):
    other_dinas = OpdFactory(kind=OpdKind.DINAS)
    form = OpdForm(instance=dinas)
    assert set(form.fields["parent"].queryset) == {other_dinas}


def test_the_form_offers_only_active_kepala_opd_as_head(kepala_baru):
    UserFactory(role=Role.WIDYAISWARA)
    UserFactory(role=Role.KEPALA_OPD, is_active=False)
    assert set(OpdForm().fields["head"].queryset) == {kepala_baru}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "x" * 2000}, "name", "paling banyak 200 karakter"),
        ({"name": ""}, "name", "tidak boleh kosong"),
        ({"abbreviation": "y" * 2000}, "abbreviation", "paling banyak 40 karakter"),
        ({"kind": "kerajaan"}, "kind", "Masukkan pilihan yang valid"),
        ({"kind": OpdKind.UPT}, "parent", "dinas induk"),
        ({"kind": OpdKind.UPT, "parent": "999999"}, "parent", "hanya OPD berjenis Dinas"),
        ({"kind": OpdKind.UPT, "parent": "bukan-angka"}, "parent", "hanya OPD berjenis Dinas"),
        ({"head": "999999"}, "head", "hanya pengguna aktif dengan peran Kepala OPD"),
    ],
)
def test_the_form_rejects_bad_input_with_a_message_on_the_field(overrides, field, message):
    form = OpdForm(data=form_data(**overrides))
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_the_form_rejects_a_non_dinas_parent(badan):
    form = OpdForm(data=form_data(kind=OpdKind.UPT, parent=str(badan.pk)))
    assert not form.is_valid()
    assert "hanya OPD berjenis Dinas" in " ".join(form.errors["parent"])


def test_the_form_rejects_a_widyaiswara_as_head():
    widyaiswara = UserFactory(role=Role.WIDYAISWARA)
    form = OpdForm(data=form_data(head=str(widyaiswara.pk)))
    assert not form.is_valid()
    assert "head" in form.errors


def test_the_form_says_clearly_that_the_name_is_taken(dinas):
    form = OpdForm(data=form_data(name="dinas kesehatan uji"))
    assert not form.is_valid()
    assert form.errors["name"] == ["Sudah ada OPD bernama “dinas kesehatan uji”."]


# --- pages: scope ----------------------------------------------------------------------------


def write_urls(opd):
    return [
        reverse("pilots:opd_edit", args=[opd.pk]),
        reverse("pilots:opd_delete", args=[opd.pk]),
        reverse("pilots:unit_create", args=[opd.pk]),
    ]


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_read_only_roles_get_403_on_every_write_page_of_their_own_opd(client_for, everyone, opd_a, who):
    client = client_for(everyone[who])
    for url in write_urls(opd_a):
        assert client.get(url).status_code == 403, url
        assert client.post(url, form_data(name="Diubah")).status_code == 403, url
    assert client.get(reverse("pilots:opd_create")).status_code == 403
    assert client.post(reverse("pilots:opd_create"), form_data()).status_code == 403
    opd_a.refresh_from_db()
    assert opd_a.name == "Dinas Perpustakaan Uji"
    assert not Opd.objects.filter(name="Dinas Baru Uji").exists()
    assert not opd_a.units.exists()


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_every_page_of_another_opd_is_404(client_for, everyone, opd_a, who):
    client = client_for(everyone[who])
    for url in [reverse("pilots:opd_detail", args=[opd_a.pk]), *write_urls(opd_a)]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, form_data(name="Diubah")).status_code == 404, url
    assert Opd.objects.filter(pk=opd_a.pk, name="Dinas Perpustakaan Uji").exists()


def test_an_unknown_opd_is_404_for_the_admin(client_for, admin_user):
    client = client_for(admin_user)
    for url in write_urls(Opd(pk=987654)):
        assert client.get(url).status_code == 404


def test_a_user_without_a_role_gets_403_everywhere(client_for, opd_a):
    client = client_for(UserFactory(username="tanpa.peran", role=""))
    for url in [reverse("pilots:opd_list"), reverse("pilots:opd_create"), *write_urls(opd_a)]:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(
    ("who", "sees", "hidden"),
    [
        ("admin", ["Dinas Perpustakaan Uji", "Dinas Kelautan Uji"], []),
        ("widyaiswara_a", ["Dinas Perpustakaan Uji"], ["Dinas Kelautan Uji"]),
        ("kepala_b", ["Dinas Kelautan Uji"], ["Dinas Perpustakaan Uji"]),
    ],
)
def test_the_opd_list_shows_each_role_only_its_opds(client_for, everyone, who, sees, hidden):
    body = client_for(everyone[who]).get(reverse("pilots:opd_list")).content.decode()
    for name in sees:
        assert name in body
    for name in hidden:
        assert name not in body
    assert ("Tambah OPD" in body) == (who == "admin")


def test_the_menu_offers_opds_to_everyone_and_users_to_the_admin_only(client_for, everyone):
    admin_body = client_for(everyone["admin"]).get(reverse("insights:home")).content.decode()
    assert reverse("pilots:opd_list") in admin_body
    assert reverse("pilots:user_list") in admin_body
    kepala_body = client_for(everyone["kepala_a"]).get(reverse("insights:home")).content.decode()
    assert reverse("pilots:opd_list") in kepala_body
    assert reverse("pilots:user_list") not in kepala_body


# --- pages: list -----------------------------------------------------------------------------


def test_the_list_shows_kind_parent_head_and_counts(client_for, admin_user, dinas, kepala_baru):
    upt = OpdFactory(name="UPT RSUD Uji", kind=OpdKind.UPT, parent=dinas, head=kepala_baru)
    ward = UnitKerjaFactory(opd=upt, name="Ruang Mawar", works_in_shifts=True)
    UnitKerjaFactory(opd=upt, name="IGD")
    PegawaiFactory(opd=upt, unit=ward)
    PegawaiFactory(opd=upt, unit=ward)
    PegawaiFactory(opd=upt, is_active=False)
    response = client_for(admin_user).get(reverse("pilots:opd_list"), {"q": "rsud"})
    page = response.context["page"]
    assert [opd.name for opd in page.object_list] == ["UPT RSUD Uji"]
    row = page.object_list[0]
    assert (row.unit_count, row.staff_count) == (2, 2)
    body = response.content.decode()
    assert "di bawah Dinkes" in body
    assert "Kepala Baru" in body


def test_the_list_searches_the_abbreviation_and_filters_by_kind(client_for, admin_user, dinas, badan):
    client = client_for(admin_user)
    found = client.get(reverse("pilots:opd_list"), {"q": "bapenda"}).context["page"].object_list
    assert [opd.name for opd in found] == ["Badan Pendapatan Uji"]
    found = client.get(reverse("pilots:opd_list"), {"kind": OpdKind.DINAS}).context["page"].object_list
    assert [opd.name for opd in found] == ["Dinas Kesehatan Uji"]


def test_the_list_survives_hostile_query_parameters(client_for, admin_user, dinas):
    response = client_for(admin_user).get(
        reverse("pilots:opd_list"), {"q": "x" * 5000, "kind": "<script>", "page": "-1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in body
    assert "Masukkan pilihan yang valid" in body


def test_an_htmx_search_returns_only_the_results_fragment(client_for, admin_user, dinas):
    response = client_for(admin_user).get(reverse("pilots:opd_list"), {"q": "kesehatan"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="hasil-opd"' in body
    assert "Dinas Kesehatan Uji" in body


@pytest.mark.parametrize("size", [10, 1000])
def test_the_opd_list_query_count_does_not_grow_with_opds(client_for, admin_user, django_assert_max_num_queries, size):
    heads = UserFactory.create_batch(3, role=Role.KEPALA_OPD)
    parent = OpdFactory(name="Dinas Induk Massal", kind=OpdKind.DINAS)
    opds = Opd.objects.bulk_create(
        [
            Opd(
                name=f"OPD Massal {i:04d}",
                kind=OpdKind.UPT if i % 2 else OpdKind.BADAN,
                parent=parent if i % 2 else None,
                head=heads[i % 3],
            )
            for i in range(size)
        ]
    )
    units = UnitKerja.objects.bulk_create([UnitKerja(opd=opd, name="Sekretariat") for opd in opds])
    Pegawai.objects.bulk_create(
        [Pegawai(opd=unit.opd, unit=unit, nip=valid_nip(i), name=f"Pegawai {i}") for i, unit in enumerate(units)]
    )
    client = client_for(admin_user)
    # Session and user (2), the navbar's notification count (1), count and page (2), session save (3).
    with django_assert_max_num_queries(8):
        response = client.get(reverse("pilots:opd_list"))
    assert response.status_code == 200
    first = response.context["page"].object_list[1]
    assert first.name == "OPD Massal 0000"
    assert (first.unit_count, first.staff_count) == (1, 1)


# --- pages: detail ---------------------------------------------------------------------------


def test_the_detail_page_shows_units_with_shift_badge_and_staff_counts(client_for, admin_user, dinas):
    ward = UnitKerjaFactory(opd=dinas, name="Ruang Rawat Inap Mawar", works_in_shifts=True)
    office = UnitKerjaFactory(opd=dinas, name="Sekretariat")
    PegawaiFactory.create_batch(3, opd=dinas, unit=ward)
    PegawaiFactory(opd=dinas, unit=office)
    PegawaiFactory(opd=dinas)
    OpdFactory(name="UPT Labkes Uji", kind=OpdKind.UPT, parent=dinas)
    response = client_for(admin_user).get(reverse("pilots:opd_detail", args=[dinas.pk]))
    counts = {unit.name: unit.staff_count for unit in response.context["units"]}
    assert counts == {"Ruang Rawat Inap Mawar": 3, "Sekretariat": 1}
    body = response.content.decode()
    assert ">sif</span>" in body
    assert body.count(">sif</span>") == 1
    assert "5 pegawai" in body
    assert "1 belum tercatat di unit kerja" in body
    assert "UPT Labkes Uji" in body


def test_the_detail_page_of_a_upt_names_its_parent_dinas(client_for, kepala_baru, dinas):
    upt = OpdFactory(name="UPT RSUD Uji", kind=OpdKind.UPT, parent=dinas, head=kepala_baru)
    body = client_for(kepala_baru).get(reverse("pilots:opd_detail", args=[upt.pk])).content.decode()
    assert "di bawah" in body
    assert "Dinas Kesehatan Uji" in body
    # The Kepala of the UPT may not open the Dinas: no link to it.
    assert reverse("pilots:opd_detail", args=[dinas.pk]) not in body


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_the_detail_page_offers_no_admin_actions_to_read_only_roles(client_for, everyone, opd_a, who):
    UnitKerjaFactory(opd=opd_a)
    body = client_for(everyone[who]).get(reverse("pilots:opd_detail", args=[opd_a.pk])).content.decode()
    assert reverse("pilots:opd_edit", args=[opd_a.pk]) not in body
    assert reverse("pilots:opd_delete", args=[opd_a.pk]) not in body
    assert reverse("pilots:unit_create", args=[opd_a.pk]) not in body


def test_the_detail_page_offers_admin_actions_to_the_admin(client_for, admin_user, opd_a):
    body = client_for(admin_user).get(reverse("pilots:opd_detail", args=[opd_a.pk])).content.decode()
    assert reverse("pilots:opd_edit", args=[opd_a.pk]) in body
    assert reverse("pilots:opd_delete", args=[opd_a.pk]) in body
    assert reverse("pilots:unit_create", args=[opd_a.pk]) in body


@pytest.mark.parametrize(("units", "staff_per_unit", "upts", "team"), [(2, 2, 1, 2), (150, 15, 40, 30)])
def test_the_detail_page_query_count_does_not_grow(
    client_for, admin_user, programme_opd_a, django_assert_max_num_queries, units, staff_per_unit, upts, team
):
    opd = programme_opd_a.opd
    created = UnitKerja.objects.bulk_create(
        [UnitKerja(opd=opd, name=f"Unit {i:03d}", works_in_shifts=i % 2 == 0) for i in range(units)]
    )
    Pegawai.objects.bulk_create(
        [
            Pegawai(opd=opd, unit=unit, nip=valid_nip(i * staff_per_unit + j), name=f"Pegawai {i}-{j}")
            for i, unit in enumerate(created)
            for j in range(staff_per_unit)
        ]
    )
    Opd.objects.bulk_create([Opd(name=f"UPT Massal {i:03d}", kind=OpdKind.UPT, parent=opd) for i in range(upts)])
    for _ in range(team):
        AssignmentFactory(programme_opd=programme_opd_a)
    client = client_for(admin_user)
    # Session, user, notification count, session save (6); the OPD with its counts, units, UPTs,
    # programmes and their teams (5).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("pilots:opd_detail", args=[opd.pk]))
    assert response.status_code == 200
    assert len(response.context["units"]) == units
    assert response.context["opd"].staff_count == units * staff_per_unit


# --- pages: create, edit, delete -------------------------------------------------------------


def test_the_admin_creates_a_upt_under_a_dinas(client_for, admin_user, dinas, kepala_baru):
    response = client_for(admin_user).post(
        reverse("pilots:opd_create"),
        form_data(name="UPT RSUD Labuang Baji Uji", kind=OpdKind.UPT, parent=str(dinas.pk), head=str(kepala_baru.pk)),
    )
    upt = Opd.objects.get(name="UPT RSUD Labuang Baji Uji")
    assert response.status_code == 302
    assert response.url == reverse("pilots:opd_detail", args=[upt.pk])
    assert (upt.parent, upt.head) == (dinas, kepala_baru)


def test_the_create_page_loads_its_script_from_a_file(client_for, admin_user):
    body = client_for(admin_user).get(reverse("pilots:opd_create")).content.decode()
    assert 'src="/static/js/opd_form.js"' in body
    assert "data-opd-form" in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "N" * 2000}, "paling banyak 200 karakter"),
        ({"kind": OpdKind.UPT, "parent": "424242"}, "hanya OPD berjenis Dinas"),
        ({"kind": OpdKind.UPT}, "UPT harus berada di bawah sebuah dinas induk"),
        ({"head": "x"}, "hanya pengguna aktif dengan peran Kepala OPD"),
    ],
)
def test_hostile_create_input_gets_field_errors_and_keeps_what_was_typed(client_for, admin_user, overrides, message):
    data = form_data(address="Jl. Masjid Raya No. 7", **overrides)
    response = client_for(admin_user).post(reverse("pilots:opd_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "Jl. Masjid Raya No. 7" in body
    assert Opd.objects.count() == 0


def test_a_widyaiswara_or_a_badan_as_parent_or_head_gets_field_errors(client_for, admin_user, badan):
    widyaiswara = UserFactory(role=Role.WIDYAISWARA, full_name="Widyaiswara Nyasar")
    response = client_for(admin_user).post(
        reverse("pilots:opd_create"),
        form_data(kind=OpdKind.UPT, parent=str(badan.pk), head=str(widyaiswara.pk)),
    )
    form = response.context["form"]
    assert set(form.errors) == {"parent", "head"}
    assert Opd.objects.count() == 1


def test_the_admin_edits_an_opd_and_a_duplicate_name_is_refused(client_for, admin_user, dinas, badan):
    client = client_for(admin_user)
    url = reverse("pilots:opd_edit", args=[dinas.pk])
    response = client.post(url, form_data(name="badan pendapatan uji"))
    assert "Sudah ada OPD bernama" in response.content.decode()
    # The heading still shows the saved name, not what was typed.
    assert "Ubah Dinas Kesehatan Uji" in response.content.decode()
    response = client.post(url, form_data(name="Dinas Kesehatan Provinsi", abbreviation="Dinkes Prov"))
    assert response.status_code == 302
    dinas.refresh_from_db()
    assert (dinas.name, dinas.abbreviation) == ("Dinas Kesehatan Provinsi", "Dinkes Prov")


def test_the_delete_page_asks_first_and_then_deletes(client_for, admin_user, dinas):
    UnitKerjaFactory(opd=dinas)
    client = client_for(admin_user)
    url = reverse("pilots:opd_delete", args=[dinas.pk])
    body = client.get(url).content.decode()
    assert "Ya, hapus" in body
    assert "1 unit kerja tanpa pegawai ikut terhapus" in body
    assert Opd.objects.filter(pk=dinas.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("pilots:opd_list")
    assert not Opd.objects.filter(pk=dinas.pk).exists()


def test_the_delete_page_explains_why_an_opd_in_use_stays(client_for, admin_user, programme_opd_a):
    PegawaiFactory(opd=programme_opd_a.opd)
    client = client_for(admin_user)
    url = reverse("pilots:opd_delete", args=[programme_opd_a.opd_id])
    body = client.get(url).content.decode()
    assert "Ya, hapus" not in body
    assert "1 program: Pilot INTAN-WPL Uji" in body
    assert "1 pegawai dalam daftar pegawainya" in body
    body = client.post(url).content.decode()
    assert "tidak dihapus" in body
    assert Opd.objects.filter(pk=programme_opd_a.opd_id).exists()
