"""The admin's development forms catalogue and the JP / 70:20:10 settings page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from learning_plans.models import DevelopmentForm, LearningSettings
from tests.factories import approved_activity, development_form

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "lan_code": "nkl14",
        "name": "Pembelajaran Berbasis Proyek",
        "jalur": "nonklasikal",
        "family": "pengalaman",
        "siasn_jenis_diklat_id": "25",
        "jp_rule": "per_activity",
        "default_jp": "12",
        "typical_cost": "0",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def settings_data(**overrides):
    data = {
        "pns_min_jp": "20",
        "pppk_max_jp": "24",
        "minutes_per_jp": "45",
        "target_pengalaman": "70",
        "target_sosial": "20",
        "target_formal": "10",
        "mix_tolerance": "10",
        "culture_min_respondents": "5",
    }
    data.update(overrides)
    return data


# --- Catalogue ---------------------------------------------------------------------------------


def test_admin_sees_the_seeded_catalogue_with_both_codes(client_for, admin_user):
    development_form("NKL01")
    response = client_for(admin_user).get(reverse("learning_plans:form_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "NKL01" in content and "Coaching" in content
    assert "KL01" in content and "Pelatihan Struktural Kepemimpinan" in content
    assert "Rp25.000.000" in content


def test_catalogue_filters_by_jalur(client_for, admin_user):
    development_form("KL01")
    response = client_for(admin_user).get(reverse("learning_plans:form_list") + "?jalur=nonklasikal")
    codes = {form.lan_code for form in response.context["page"].object_list}
    assert "NKL01" in codes and "KL01" not in codes


def test_admin_adds_a_form(client_for, admin_user):
    response = client_for(admin_user).post(reverse("learning_plans:form_create"), form_data())
    assert response.status_code == 302
    created = DevelopmentForm.objects.get(lan_code="NKL14")
    assert created.siasn_jenis_diklat_id == 25
    assert created.default_jp == Decimal("12")


def test_duplicate_lan_code_is_a_field_error_keeping_the_input(client_for, admin_user):
    development_form("KL03")
    response = client_for(admin_user).post(
        reverse("learning_plans:form_create"), form_data(lan_code=" kl03 ", name="Nama yang diketik")
    )
    assert response.status_code == 200
    assert "sudah dipakai" in response.context["form"].errors["lan_code"][0]
    assert "Nama yang diketik" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("default_jp", "-1"),
        ("default_jp", "99999999"),
        ("typical_cost", "-5"),
        ("siasn_jenis_diklat_id", "0"),
        ("siasn_jenis_diklat_id", "abc"),
        ("jalur", "terbang"),
        ("lan_code", "X" * 500),
        ("name", ""),
    ],
)
def test_bad_form_input_is_a_field_error(client_for, admin_user, field, value):
    response = client_for(admin_user).post(reverse("learning_plans:form_create"), form_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not DevelopmentForm.objects.filter(name="Pembelajaran Berbasis Proyek").exists()


def test_admin_edits_jp_rule_and_siasn_id(client_for, admin_user):
    coaching = development_form("NKL01")
    data = form_data(
        lan_code="NKL01", name="Coaching", family="sosial", jp_rule="per_activity", siasn_jenis_diklat_id="14"
    )
    response = client_for(admin_user).post(reverse("learning_plans:form_edit", args=[coaching.pk]), data)
    assert response.status_code == 302
    coaching.refresh_from_db()
    assert coaching.jp_rule == "per_activity"


def test_a_form_used_by_activities_cannot_be_deleted(client_for, admin_user, programme_opd_a):
    used = development_form("KL10")
    approved_activity(programme_opd_a, form_code="KL10")
    client = client_for(admin_user)
    url = reverse("learning_plans:form_delete", args=[used.pk])
    page = client.get(url).content.decode()
    assert "tidak dapat dihapus" in page and "kegiatan pembelajaran" in page
    response = client.post(url)
    assert response.status_code == 200
    assert DevelopmentForm.objects.filter(pk=used.pk).exists()


def test_an_unused_form_is_deleted_after_confirmation(client_for, admin_user):
    created = DevelopmentForm.objects.create(
        lan_code="NKL99", name="Uji", jalur="nonklasikal", siasn_jenis_diklat_id=25, family="sosial"
    )
    client = client_for(admin_user)
    url = reverse("learning_plans:form_delete", args=[created.pk])
    assert "Ya, hapus" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not DevelopmentForm.objects.filter(pk=created.pk).exists()


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_catalogue_and_settings_are_admin_only(client_for, everyone, who):
    existing = development_form("KL01")
    client = client_for(everyone[who])
    gets = [
        reverse("learning_plans:form_list"),
        reverse("learning_plans:form_create"),
        reverse("learning_plans:form_edit", args=[existing.pk]),
        reverse("learning_plans:form_delete", args=[existing.pk]),
        reverse("learning_plans:jp_settings"),
    ]
    for url in gets:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("learning_plans:form_create"), form_data()).status_code == 403
    assert client.post(reverse("learning_plans:form_delete", args=[existing.pk])).status_code == 403
    assert client.post(reverse("learning_plans:jp_settings"), settings_data(pns_min_jp="5")).status_code == 403
    assert LearningSettings.load().pns_min_jp == 20
    assert DevelopmentForm.objects.filter(pk=existing.pk).exists()


def test_missing_form_is_404_for_the_admin(client_for, admin_user):
    assert client_for(admin_user).get(reverse("learning_plans:form_edit", args=[999999])).status_code == 404


def test_menu_entries_for_admin_only(client_for, admin_user, widyaiswara_a):
    admin_page = client_for(admin_user).get(reverse("insights:home")).content.decode()
    assert "Bentuk Pengembangan" in admin_page and "Pengaturan JP" in admin_page
    other = client_for(widyaiswara_a).get(reverse("insights:home")).content.decode()
    assert "Bentuk Pengembangan" not in other and "Pengaturan JP" not in other


@pytest.mark.parametrize("size", [10, 1000])
def test_catalogue_list_queries_do_not_grow(client_for, admin_user, size, django_assert_max_num_queries):
    DevelopmentForm.objects.bulk_create(
        DevelopmentForm(
            lan_code=f"X{i:05d}", name=f"Bentuk {i}", jalur="nonklasikal", siasn_jenis_diklat_id=25, family="sosial"
        )
        for i in range(size)
    )
    client = client_for(admin_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("learning_plans:form_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Katalog bentuk pengembangan kompetensi" in html and "NKL01" in html


# --- Settings ----------------------------------------------------------------------------------


def test_settings_page_shows_the_defaults(client_for, admin_user):
    response = client_for(admin_user).get(reverse("learning_plans:jp_settings"))
    form = response.context["form"]
    assert form["pns_min_jp"].value() == 20
    assert form["pppk_max_jp"].value() == 24
    assert form["minutes_per_jp"].value() == 45


def test_admin_saves_settings_and_the_change_is_in_the_history(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(
        reverse("learning_plans:jp_settings"), settings_data(pppk_max_jp="30", target_sosial="25", target_formal="5")
    )
    assert response.status_code == 302
    saved = LearningSettings.load()
    assert (saved.pppk_max_jp, saved.target_sosial, saved.target_formal) == (30, 25, 5)
    page = client.get(reverse("learning_plans:jp_settings")).content.decode()
    assert "Riwayat perubahan" in page
    assert "JP maksimal PPPK per tahun kontrak" in page
    assert "Admin BPSDM" in page


def test_targets_not_summing_to_100_are_errors_next_to_the_targets(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("learning_plans:jp_settings"), settings_data(target_pengalaman="60", pns_min_jp="22")
    )
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert "berjumlah 90%" in errors["target_pengalaman"][0]
    assert "target_formal" in errors and "__all__" not in errors
    assert 'value="22"' in response.content.decode()
    assert LearningSettings.load().target_pengalaman == 70


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("minutes_per_jp", "0"),
        ("pppk_max_jp", "0"),
        ("pns_min_jp", "99999999"),
        ("mix_tolerance", "101"),
        ("culture_min_respondents", "0"),
        ("pns_min_jp", "dua puluh"),
    ],
)
def test_bad_settings_are_field_errors(client_for, admin_user, field, value):
    response = client_for(admin_user).post(reverse("learning_plans:jp_settings"), settings_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    saved = LearningSettings.load()
    assert (saved.minutes_per_jp, saved.pppk_max_jp, saved.pns_min_jp) == (45, 24, 20)
