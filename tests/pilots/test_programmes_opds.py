"""The OPDs a programme names: adding, removing, (de)activating, and the page of one OPD's team."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pilots.models import AssignmentRole, ProgrammeOpd
from pilots.services.programmes import programme_opd_remove, programme_opds_add
from tests.factories import AssignmentFactory, OpdFactory, ProgrammeFactory, ProgrammeOpdFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- Add ------------------------------------------------------------------------------------


def test_admin_adds_several_opds_at_once(client_for, admin_user, programme):
    first, second = OpdFactory(name="Dinas Satu"), OpdFactory(name="Dinas Dua")
    response = client_for(admin_user).post(
        reverse("pilots:programme_opd_add", args=[programme.pk]), {"opds": [first.pk, second.pk]}
    )
    assert response["Location"] == reverse("pilots:programme_detail", args=[programme.pk])
    assert set(programme.programme_opds.values_list("opd__name", flat=True)) == {"Dinas Satu", "Dinas Dua"}
    assert all(programme.programme_opds.values_list("is_active", flat=True))


def test_the_add_form_offers_only_opds_not_yet_in_the_programme(client_for, admin_user, programme_opd_a):
    OpdFactory(name="Dinas Belum Ikut")
    response = client_for(admin_user).get(reverse("pilots:programme_opd_add", args=[programme_opd_a.programme_id]))
    offered = set(response.context["form"].fields["opds"].queryset.values_list("name", flat=True))
    assert "Dinas Belum Ikut" in offered
    assert programme_opd_a.opd.name not in offered


def test_adding_an_opd_already_in_the_programme_is_refused_and_adds_nothing(client_for, admin_user, programme_opd_a):
    newcomer = OpdFactory(name="Dinas Baru")
    response = client_for(admin_user).post(
        reverse("pilots:programme_opd_add", args=[programme_opd_a.programme_id]),
        {"opds": [newcomer.pk, programme_opd_a.opd_id]},
    )
    assert response.status_code == 200
    assert "opds" in response.context["form"].errors
    assert not ProgrammeOpd.objects.filter(opd=newcomer).exists()


@pytest.mark.parametrize("data", [{}, {"opds": ["abc"]}, {"opds": ["999999"]}, {"opds": ["1" * 40]}])
def test_bad_opd_choices_get_a_field_error_not_a_500(client_for, admin_user, programme, data):
    response = client_for(admin_user).post(reverse("pilots:programme_opd_add", args=[programme.pk]), data)
    assert response.status_code == 200
    assert "opds" in response.context["form"].errors
    assert not programme.programme_opds.exists()


def test_service_refuses_an_opd_twice_with_a_readable_message(programme_opd_a):
    with pytest.raises(ValidationError) as caught:
        programme_opds_add(programme=programme_opd_a.programme, opds=[programme_opd_a.opd])
    assert "Sudah ada dalam program ini: Dinas Perpustakaan Uji" in str(caught.value.message_dict["opds"])


# --- Remove ---------------------------------------------------------------------------------


def test_an_opd_with_a_team_cannot_leave_the_programme(client_for, admin_user, programme_opd_a, widyaiswara_a):
    client = client_for(admin_user)
    page = client.get(reverse("pilots:programme_opd_remove", args=[programme_opd_a.pk])).content.decode()
    assert "1 penugasan Widyaiswara: Widyaiswara A" in page
    assert "Ya, hapus" not in page
    response = client.post(reverse("pilots:programme_opd_remove", args=[programme_opd_a.pk]))
    assert "tidak dapat dihapus" in response.content.decode()
    assert ProgrammeOpd.objects.filter(pk=programme_opd_a.pk).exists()
    assert programme_opd_a.assignments.count() == 1


def test_service_refuses_to_remove_an_opd_with_assignments(programme_opd_a):
    AssignmentFactory(programme_opd=programme_opd_a)
    with pytest.raises(ValidationError, match="penugasan Widyaiswara"):
        programme_opd_remove(programme_opd=programme_opd_a)
    assert ProgrammeOpd.objects.filter(pk=programme_opd_a.pk).exists()


def test_an_opd_without_a_team_is_removed_after_confirmation(client_for, admin_user, programme_opd_a):
    client = client_for(admin_user)
    page = client.get(reverse("pilots:programme_opd_remove", args=[programme_opd_a.pk])).content.decode()
    assert "Ya, hapus" in page
    response = client.post(reverse("pilots:programme_opd_remove", args=[programme_opd_a.pk]))
    assert response["Location"] == reverse("pilots:programme_detail", args=[programme_opd_a.programme_id])
    assert not ProgrammeOpd.objects.filter(pk=programme_opd_a.pk).exists()
    assert programme_opd_a.opd.__class__.objects.filter(pk=programme_opd_a.opd_id).exists()  # the OPD stays


# --- Active ---------------------------------------------------------------------------------


def test_admin_deactivates_and_reactivates_an_opd(client_for, admin_user, programme_opd_a):
    client = client_for(admin_user)
    url = reverse("pilots:programme_opd_set_active", args=[programme_opd_a.pk])
    response = client.post(url, {"is_active": "false"}, follow=True)
    programme_opd_a.refresh_from_db()
    assert programme_opd_a.is_active is False
    assert "dinonaktifkan" in response.content.decode()
    client.post(url, {"is_active": "true"})
    programme_opd_a.refresh_from_db()
    assert programme_opd_a.is_active is True


def test_set_active_only_accepts_post(client_for, admin_user, programme_opd_a):
    response = client_for(admin_user).get(reverse("pilots:programme_opd_set_active", args=[programme_opd_a.pk]))
    assert response.status_code == 405


def test_an_inactive_opd_is_not_flagged_for_a_missing_ketua(client_for, admin_user, programme_opd_a):
    programme_opd_a.is_active = False
    programme_opd_a.save()
    response = client_for(admin_user).get(reverse("pilots:programme_opd_detail", args=[programme_opd_a.pk]))
    assert response.context["needs_ketua"] is False
    assert "Belum ada ketua tim." not in response.content.decode()


# --- Team page ------------------------------------------------------------------------------


def test_admin_team_page_lists_the_team_ketua_first_with_actions(client_for, admin_user, programme_opd_a):
    ketua = AssignmentFactory(
        programme_opd=programme_opd_a,
        role=AssignmentRole.KETUA,
        widyaiswara=UserFactory(full_name="Zainal Ketua"),
        letter_number="800.1.11.1/2101/BPSDM",
    )
    AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=UserFactory(full_name="Andi Anggota"))
    response = client_for(admin_user).get(reverse("pilots:programme_opd_detail", args=[programme_opd_a.pk]))
    assert [member.widyaiswara.full_name for member in response.context["team"]] == ["Zainal Ketua", "Andi Anggota"]
    body = response.content.decode()
    assert "800.1.11.1/2101/BPSDM" in body
    assert "Jadikan ketua" in body
    assert reverse("pilots:assignment_edit", args=[ketua.pk]) in body
    assert reverse("pilots:assignment_create", args=[programme_opd_a.pk]) in body
    assert "Persiapan" in body


def test_team_page_warns_when_an_active_opd_has_no_ketua(client_for, admin_user, programme_opd_a):
    AssignmentFactory(programme_opd=programme_opd_a, role=AssignmentRole.ANGGOTA)
    body = client_for(admin_user).get(reverse("pilots:programme_opd_detail", args=[programme_opd_a.pk])).content
    assert "Belum ada ketua tim." in body.decode()


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_those_in_scope_read_the_team_page_without_any_action(client_for, everyone, programme_opd_a, who):
    response = client_for(everyone[who]).get(reverse("pilots:programme_opd_detail", args=[programme_opd_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Widyaiswara A" in body
    for action in ["Jadikan ketua", "Tugaskan Widyaiswara", "Keluarkan dari program", "Nonaktifkan"]:
        assert action not in body


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_team_page_of_another_opd_is_404(client_for, everyone, programme_opd_a, who):
    response = client_for(everyone[who]).get(reverse("pilots:programme_opd_detail", args=[programme_opd_a.pk]))
    assert response.status_code == 404
    assert "Widyaiswara A" not in response.content.decode()


@pytest.mark.parametrize(
    ("view", "method"),
    [
        ("pilots:programme_opd_remove", "get"),
        ("pilots:programme_opd_remove", "post"),
        ("pilots:programme_opd_set_active", "post"),
        ("pilots:assignment_create", "get"),
        ("pilots:assignment_create", "post"),
    ],
)
@pytest.mark.parametrize(("who", "status"), [("widyaiswara_a", 403), ("kepala_a", 403), ("widyaiswara_b", 404)])
def test_programme_opd_write_views_refuse_non_admins(client_for, everyone, programme_opd_a, view, method, who, status):
    response = getattr(client_for(everyone[who]), method)(reverse(view, args=[programme_opd_a.pk]))
    assert response.status_code == status
    programme_opd_a.refresh_from_db()
    assert programme_opd_a.is_active is True
    assert programme_opd_a.assignments.count() == 1


def test_team_page_of_a_programme_opd_of_another_programme_is_404_for_the_same_opds_kepala(client_for, everyone, opd_b):
    # Kepala A heads OPD A only; an OPD B row in a second programme stays hidden.
    other = ProgrammeOpdFactory(programme=ProgrammeFactory(name="Program Lain"), opd=opd_b)
    assert (
        client_for(everyone["kepala_a"]).get(reverse("pilots:programme_opd_detail", args=[other.pk])).status_code == 404
    )
