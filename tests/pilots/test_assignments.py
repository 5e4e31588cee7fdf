"""Assignments (penugasan): one ketua per OPD, nobody twice, the atomic ketua swap, and a team
never left with members but no ketua."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intan_wpl.models import Role
from pilots.models import Assignment, AssignmentRole
from pilots.services import assignments as services
from tests.factories import AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

KETUA, ANGGOTA = AssignmentRole.KETUA, AssignmentRole.ANGGOTA


@pytest.fixture
def wi():
    """Three spare Widyaiswara accounts."""
    return [UserFactory(username=f"wi.spare{i}", full_name=f"Widyaiswara Cadangan {i}") for i in range(3)]


def roles(programme_opd):
    return dict(programme_opd.assignments.values_list("widyaiswara__username", "role"))


# --- Services -------------------------------------------------------------------------------


def test_create_assigns_a_ketua_and_members(programme_opd_a, wi):
    services.assignment_create(
        programme_opd=programme_opd_a,
        widyaiswara=wi[0],
        role=KETUA,
        letter_number="800.1.11.1/2101/BPSDM",
        letter_date=date(2025, 6, 30),
        start_date=date(2025, 7, 1),
        end_date=date(2025, 9, 30),
    )
    services.assignment_create(programme_opd=programme_opd_a, widyaiswara=wi[1], role=ANGGOTA)
    assert roles(programme_opd_a) == {"wi.spare0": KETUA, "wi.spare1": ANGGOTA}
    assert Assignment.objects.get(widyaiswara=wi[0]).letter_number == "800.1.11.1/2101/BPSDM"


def test_a_second_ketua_is_refused_at_the_role_field(programme_opd_a, widyaiswara_a, wi):
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(programme_opd=programme_opd_a, widyaiswara=wi[0], role=KETUA)
    message = str(caught.value.message_dict["role"])
    assert "sudah memiliki ketua tim (Widyaiswara A)" in message
    assert "Jadikan ketua" in message
    assert programme_opd_a.assignments.count() == 1


def test_nobody_is_assigned_twice_to_the_same_opd(programme_opd_a, widyaiswara_a):
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(programme_opd=programme_opd_a, widyaiswara=widyaiswara_a, role=ANGGOTA)
    assert "sudah ditugaskan" in str(caught.value.message_dict["widyaiswara"])
    assert programme_opd_a.assignments.count() == 1


def test_the_same_widyaiswara_may_serve_two_opds(programme_opd_b, widyaiswara_a):
    services.assignment_create(programme_opd=programme_opd_b, widyaiswara=widyaiswara_a, role=ANGGOTA)
    assert widyaiswara_a.assignments.count() == 2


@pytest.mark.parametrize("role", [Role.KEPALA_OPD, Role.ADMIN])
def test_only_widyaiswara_can_be_assigned(programme_opd_a, role):
    other = UserFactory(username="bukan.wi", role=role)
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(programme_opd=programme_opd_a, widyaiswara=other, role=KETUA)
    assert "widyaiswara" in caught.value.message_dict
    assert not programme_opd_a.assignments.exists()


def test_an_end_before_the_start_is_refused(programme_opd_a, wi):
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(
            programme_opd=programme_opd_a,
            widyaiswara=wi[0],
            role=KETUA,
            start_date=date(2025, 9, 1),
            end_date=date(2025, 7, 1),
        )
    assert "end_date" in caught.value.message_dict


def test_make_ketua_swaps_atomically(programme_opd_a, widyaiswara_a, wi):
    member = services.assignment_create(programme_opd=programme_opd_a, widyaiswara=wi[0], role=ANGGOTA)
    previous = services.assignment_make_ketua(assignment=member)
    assert previous.widyaiswara == widyaiswara_a
    assert roles(programme_opd_a) == {"wi.a": ANGGOTA, "wi.spare0": KETUA}


def test_make_ketua_without_a_current_ketua_just_promotes(programme_opd_b, wi):
    member = services.assignment_create(programme_opd=programme_opd_b, widyaiswara=wi[0], role=ANGGOTA)
    assert services.assignment_make_ketua(assignment=member) is None
    assert roles(programme_opd_b) == {"wi.spare0": KETUA}


def test_a_ketua_is_never_demoted_directly(programme_opd_a, widyaiswara_a, wi):
    services.assignment_create(programme_opd=programme_opd_a, widyaiswara=wi[0], role=ANGGOTA)
    ketua = Assignment.objects.get(widyaiswara=widyaiswara_a)
    with pytest.raises(ValidationError) as caught:
        services.assignment_update(assignment=ketua, role=ANGGOTA)
    assert "Tunjuk ketua baru terlebih dahulu" in str(caught.value.message_dict["role"])
    assert roles(programme_opd_a)["wi.a"] == KETUA


def test_an_anggota_is_promoted_by_edit_only_when_the_seat_is_free(programme_opd_a, widyaiswara_a, wi):
    member = services.assignment_create(programme_opd=programme_opd_a, widyaiswara=wi[0], role=ANGGOTA)
    with pytest.raises(ValidationError) as caught:
        services.assignment_update(assignment=member, role=KETUA)
    assert "role" in caught.value.message_dict
    Assignment.objects.filter(widyaiswara=widyaiswara_a).delete()
    member.refresh_from_db()
    services.assignment_update(assignment=member, role=KETUA, letter_number="SPT/9")
    assert roles(programme_opd_a) == {"wi.spare0": KETUA}


def test_removing_the_ketua_while_members_remain_is_refused(programme_opd_a, widyaiswara_a, wi):
    services.assignment_create(programme_opd=programme_opd_a, widyaiswara=wi[0], role=ANGGOTA)
    ketua = Assignment.objects.get(widyaiswara=widyaiswara_a)
    with pytest.raises(ValidationError, match="Tunjuk ketua baru terlebih dahulu"):
        services.assignment_delete(assignment=ketua)
    assert programme_opd_a.assignments.count() == 2


def test_a_lone_ketua_and_any_anggota_can_be_removed(programme_opd_a, widyaiswara_a, wi):
    member = services.assignment_create(programme_opd=programme_opd_a, widyaiswara=wi[0], role=ANGGOTA)
    services.assignment_delete(assignment=member)
    services.assignment_delete(assignment=Assignment.objects.get(widyaiswara=widyaiswara_a))
    assert not programme_opd_a.assignments.exists()


def test_a_constraint_the_database_catches_becomes_a_field_error(programme_opd_a, widyaiswara_a, wi, monkeypatch):
    # As if another admin appointed a ketua between our check and our save.
    monkeypatch.setattr(services, "_check_ketua_free", lambda *args, **kwargs: None)
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(programme_opd=programme_opd_a, widyaiswara=wi[0], role=KETUA)
    assert "sudah memiliki ketua tim" in str(caught.value.message_dict["role"])
    assert roles(programme_opd_a) == {"wi.a": KETUA}


def test_a_duplicate_the_database_catches_becomes_a_field_error(programme_opd_a, widyaiswara_a, monkeypatch):
    monkeypatch.setattr(services, "_check_not_in_team", lambda *args, **kwargs: None)
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(programme_opd=programme_opd_a, widyaiswara=widyaiswara_a, role=ANGGOTA)
    assert "sudah ditugaskan" in str(caught.value.message_dict["widyaiswara"])
    assert programme_opd_a.assignments.count() == 1


# --- Views ----------------------------------------------------------------------------------


def assignment_post(person=None, **overrides):
    data = {
        "role": ANGGOTA,
        "letter_number": "800.1.11.1/2200/BPSDM",
        "letter_date": "2025-06-30",
        "start_date": "2025-07-01",
        "end_date": "2025-09-30",
    }
    if person is not None:
        data["widyaiswara"] = person.pk
    data.update(overrides)
    return data


def test_admin_assigns_an_anggota_from_the_team_page(client_for, admin_user, programme_opd_a, widyaiswara_a, wi):
    response = client_for(admin_user).post(
        reverse("pilots:assignment_create", args=[programme_opd_a.pk]), assignment_post(wi[0]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("pilots:programme_opd_detail", args=[programme_opd_a.pk])
    assert roles(programme_opd_a) == {"wi.a": KETUA, "wi.spare0": ANGGOTA}
    created = Assignment.objects.get(widyaiswara=wi[0])
    assert created.letter_date == date(2025, 6, 30)
    assert "Widyaiswara Cadangan 0" in response.content.decode()


def test_the_create_form_proposes_ketua_when_the_seat_is_free_and_the_programme_period(
    client_for, admin_user, programme_opd_b
):
    form = client_for(admin_user).get(reverse("pilots:assignment_create", args=[programme_opd_b.pk])).context["form"]
    assert form.initial["role"] == KETUA
    assert form.initial["start_date"] == date(2025, 7, 1)


def test_the_widyaiswara_choices_offer_only_active_widyaiswara(
    client_for, admin_user, programme_opd_a, widyaiswara_a, kepala_a, wi
):
    inactive = UserFactory(username="wi.pensiun", is_active=False)
    form = client_for(admin_user).get(reverse("pilots:assignment_create", args=[programme_opd_a.pk])).context["form"]
    offered = set(form.fields["widyaiswara"].queryset.values_list("username", flat=True))
    assert {"wi.spare0", "wi.a"} <= offered
    assert kepala_a.username not in offered and "admin" not in offered and inactive.username not in offered


@pytest.mark.parametrize("intruder", ["kepala_a", "admin"])
def test_a_non_widyaiswara_id_in_post_data_is_refused_at_the_field(client_for, everyone, programme_opd_b, intruder):
    response = client_for(everyone["admin"]).post(
        reverse("pilots:assignment_create", args=[programme_opd_b.pk]), assignment_post(everyone[intruder])
    )
    assert response.status_code == 200
    assert "widyaiswara" in response.context["form"].errors
    assert roles(programme_opd_b) == {"wi.b": KETUA}


def test_a_second_ketua_via_the_form_shows_a_field_message(client_for, admin_user, programme_opd_a, widyaiswara_a, wi):
    response = client_for(admin_user).post(
        reverse("pilots:assignment_create", args=[programme_opd_a.pk]), assignment_post(wi[0], role=KETUA)
    )
    assert response.status_code == 200
    assert "sudah memiliki ketua tim" in str(response.context["form"].errors["role"])
    body = response.content.decode()
    assert 'value="800.1.11.1/2200/BPSDM"' in body  # nothing typed is lost
    assert roles(programme_opd_a) == {"wi.a": KETUA}


def test_a_race_for_the_ketua_seat_is_a_form_error_not_a_500(
    client_for, admin_user, programme_opd_a, widyaiswara_a, wi, monkeypatch
):
    monkeypatch.setattr(services, "_check_ketua_free", lambda *args, **kwargs: None)
    response = client_for(admin_user).post(
        reverse("pilots:assignment_create", args=[programme_opd_a.pk]), assignment_post(wi[0], role=KETUA)
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert roles(programme_opd_a) == {"wi.a": KETUA}


@pytest.mark.parametrize(
    "overrides",
    [
        {"widyaiswara": "abc"},
        {"widyaiswara": "9" * 30},
        {"role": "bos"},
        {"start_date": "2025-09-30", "end_date": "2025-07-01"},
        {"letter_date": "30/02/2025"},
        {"letter_number": "x" * 5000},
    ],
)
def test_bad_assignment_input_gets_a_field_error_not_a_500(client_for, admin_user, programme_opd_b, wi, overrides):
    response = client_for(admin_user).post(
        reverse("pilots:assignment_create", args=[programme_opd_b.pk]), assignment_post(wi[0], **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not programme_opd_b.assignments.exists()


def test_admin_edits_the_letter_and_period(client_for, admin_user, widyaiswara_a, programme_opd_a):
    assignment = Assignment.objects.get(widyaiswara=widyaiswara_a)
    response = client_for(admin_user).post(
        reverse("pilots:assignment_edit", args=[assignment.pk]),
        assignment_post(role=KETUA, letter_number="SPT/BARU/2025"),
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.letter_number == "SPT/BARU/2025"
    assert assignment.role == KETUA


def test_demoting_the_ketua_in_the_edit_form_is_refused_at_the_field(
    client_for, admin_user, widyaiswara_a, programme_opd_a, wi
):
    AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=wi[0])
    assignment = Assignment.objects.get(widyaiswara=widyaiswara_a)
    response = client_for(admin_user).post(
        reverse("pilots:assignment_edit", args=[assignment.pk]), assignment_post(role=ANGGOTA)
    )
    assert "Tunjuk ketua baru terlebih dahulu" in str(response.context["form"].errors["role"])
    assert roles(programme_opd_a)["wi.a"] == KETUA


def test_make_ketua_button_swaps_the_roles(client_for, admin_user, widyaiswara_a, programme_opd_a, wi):
    member = AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=wi[0])
    response = client_for(admin_user).post(reverse("pilots:assignment_make_ketua", args=[member.pk]), follow=True)
    assert roles(programme_opd_a) == {"wi.a": ANGGOTA, "wi.spare0": KETUA}
    assert "Widyaiswara A menjadi anggota" in response.content.decode()


def test_make_ketua_only_accepts_post(client_for, admin_user, widyaiswara_a, programme_opd_a, wi):
    member = AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=wi[0])
    assert client_for(admin_user).get(reverse("pilots:assignment_make_ketua", args=[member.pk])).status_code == 405
    assert roles(programme_opd_a)["wi.spare0"] == ANGGOTA


def test_delete_asks_first_then_removes_an_anggota(client_for, admin_user, widyaiswara_a, programme_opd_a, wi):
    member = AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=wi[0])
    client = client_for(admin_user)
    page = client.get(reverse("pilots:assignment_delete", args=[member.pk])).content.decode()
    assert "Ya, hapus" in page
    assert Assignment.objects.filter(pk=member.pk).exists()
    client.post(reverse("pilots:assignment_delete", args=[member.pk]))
    assert not Assignment.objects.filter(pk=member.pk).exists()


def test_deleting_the_ketua_with_members_left_is_refused_with_a_message(
    client_for, admin_user, widyaiswara_a, programme_opd_a, wi
):
    AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=wi[0])
    ketua = Assignment.objects.get(widyaiswara=widyaiswara_a)
    client = client_for(admin_user)
    page = client.get(reverse("pilots:assignment_delete", args=[ketua.pk])).content.decode()
    assert "Tunjuk ketua baru terlebih dahulu" in page
    assert "Ya, hapus" not in page
    response = client.post(reverse("pilots:assignment_delete", args=[ketua.pk]), follow=True)
    assert "Tunjuk ketua baru terlebih dahulu" in response.content.decode()
    assert Assignment.objects.filter(pk=ketua.pk).exists()


@pytest.mark.parametrize(
    ("view", "method"),
    [
        ("pilots:assignment_edit", "get"),
        ("pilots:assignment_edit", "post"),
        ("pilots:assignment_delete", "get"),
        ("pilots:assignment_delete", "post"),
        ("pilots:assignment_make_ketua", "post"),
    ],
)
@pytest.mark.parametrize(
    ("who", "status"), [("widyaiswara_a", 403), ("kepala_a", 403), ("widyaiswara_b", 404), ("kepala_b", 404)]
)
def test_assignment_write_views_refuse_non_admins(client_for, everyone, programme_opd_a, wi, view, method, who, status):
    member = AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=wi[0], letter_number="ASLI")
    response = getattr(client_for(everyone[who]), method)(
        reverse(view, args=[member.pk]), assignment_post(role=KETUA, letter_number="DIUBAH")
    )
    assert response.status_code == status
    member.refresh_from_db()
    assert (member.role, member.letter_number) == (ANGGOTA, "ASLI")


def test_an_assignment_outside_the_programme_period_is_a_warning_to_confirm(
    client_for, admin_user, programme_opd_a, wi
):
    programme = programme_opd_a.programme
    url = reverse("pilots:assignment_create", args=[programme_opd_a.pk])
    early = programme.start_date - timedelta(days=10)
    data = assignment_post(wi[0], start_date=early.isoformat(), end_date=programme.end_date.isoformat())
    response = client_for(admin_user).post(url, data)
    assert response.status_code == 200
    assert "Mulai sebelum program dimulai" in str(response.context["form"].errors["start_date"])
    assert 'name="confirm_unusual"' in response.content.decode()
    assert not Assignment.objects.filter(widyaiswara=wi[0]).exists()
    response = client_for(admin_user).post(url, {**data, "confirm_unusual": "on"})
    assert response.status_code == 302
    assert Assignment.objects.get(widyaiswara=wi[0]).start_date == early


def test_an_assignment_inside_the_period_saves_without_a_question(client_for, admin_user, programme_opd_a, wi):
    programme = programme_opd_a.programme
    data = assignment_post(wi[0], start_date=programme.start_date.isoformat(), end_date=programme.end_date.isoformat())
    response = client_for(admin_user).post(reverse("pilots:assignment_create", args=[programme_opd_a.pk]), data)
    assert response.status_code == 302
