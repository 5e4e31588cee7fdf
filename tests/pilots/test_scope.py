"""The authorization chokepoint: who reaches which OPD, and what they see at home."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from intan_wpl.models import Role
from pilots.models import Opd, Programme, ProgrammeOpd
from pilots.selectors import get_opd_for_user, get_programme_opd_for_user
from tests.factories import AssignmentFactory, OpdFactory, ProgrammeOpdFactory, UserFactory

pytestmark = pytest.mark.django_db


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_admin_sees_every_opd(everyone, opd_a, opd_b):
    assert names(Opd.objects.visible_to(everyone["admin"])) == {opd_a.name, opd_b.name}


def test_widyaiswara_sees_only_assigned_opds(everyone, opd_a, opd_b):
    assert names(Opd.objects.visible_to(everyone["widyaiswara_a"])) == {opd_a.name}
    assert names(Opd.objects.visible_to(everyone["widyaiswara_b"])) == {opd_b.name}


def test_widyaiswara_on_two_opds_sees_both_once(everyone, programme_opd_a, programme_opd_b):
    AssignmentFactory(programme_opd=programme_opd_b, widyaiswara=everyone["widyaiswara_a"])
    visible = Opd.objects.visible_to(everyone["widyaiswara_a"])
    assert visible.count() == 2


def test_kepala_opd_sees_only_their_own_opd(everyone, opd_a, opd_b):
    assert names(Opd.objects.visible_to(everyone["kepala_a"])) == {opd_a.name}
    assert names(Opd.objects.visible_to(everyone["kepala_b"])) == {opd_b.name}


def test_programmes_and_programme_opds_follow_the_same_scope(everyone, programme, programme_opd_a):
    other = ProgrammeOpdFactory()
    assert set(Programme.objects.visible_to(everyone["widyaiswara_a"])) == {programme}
    assert set(ProgrammeOpd.objects.visible_to(everyone["kepala_a"])) == {programme_opd_a}
    assert other not in ProgrammeOpd.objects.visible_to(everyone["widyaiswara_a"])
    assert ProgrammeOpd.objects.visible_to(everyone["admin"]).count() == 3


def test_a_user_without_a_role_sees_nothing(opd_a):
    stranger = UserFactory(username="tanpa.peran", role="")
    assert not Opd.objects.visible_to(stranger).exists()
    assert not ProgrammeOpd.objects.visible_to(stranger).exists()


def test_get_opd_for_user_gives_404_out_of_scope(everyone, opd_a, opd_b):
    assert get_opd_for_user(everyone["widyaiswara_a"], opd_a.pk) == opd_a
    with pytest.raises(Http404):
        get_opd_for_user(everyone["widyaiswara_a"], opd_b.pk)
    with pytest.raises(Http404):
        get_opd_for_user(everyone["kepala_b"], opd_a.pk)


def test_get_for_user_with_write_gives_403_to_read_only_roles(everyone, opd_a, programme_opd_a):
    assert get_opd_for_user(everyone["admin"], opd_a.pk, write=True) == opd_a
    with pytest.raises(PermissionDenied):
        get_opd_for_user(everyone["kepala_a"], opd_a.pk, write=True)
    with pytest.raises(PermissionDenied):
        get_programme_opd_for_user(everyone["widyaiswara_a"], programme_opd_a.pk, write=True)


@pytest.mark.parametrize(
    ("who", "heading", "sees", "hidden"),
    [
        ("admin", "Semua Perangkat Daerah", ["Dinas Perpustakaan Uji", "Dinas Kelautan Uji"], []),
        ("widyaiswara_a", "OPD Dampingan Saya", ["Dinas Perpustakaan Uji"], ["Dinas Kelautan Uji"]),
        ("kepala_b", "Perangkat Daerah Saya", ["Dinas Kelautan Uji"], ["Dinas Perpustakaan Uji"]),
    ],
)
def test_each_role_lands_on_its_own_home_page(client_for, everyone, who, heading, sees, hidden):
    body = client_for(everyone[who]).get(reverse("insights:home")).content.decode()
    assert heading in body
    for name in sees:
        assert name in body
    for name in hidden:
        assert name not in body


@pytest.mark.parametrize(("who", "status"), [("admin", 200), ("widyaiswara_a", 200), ("kepala_a", 200)])
def test_opd_page_opens_for_those_in_scope(client_for, everyone, opd_a, who, status):
    response = client_for(everyone[who]).get(reverse("pilots:opd_detail", args=[opd_a.pk]))
    assert response.status_code == status
    assert "Widyaiswara A" in response.content.decode()


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_opd_page_of_another_opd_gives_404(client_for, everyone, opd_a, who):
    response = client_for(everyone[who]).get(reverse("pilots:opd_detail", args=[opd_a.pk]))
    assert response.status_code == 404
    assert "Dinas Perpustakaan Uji" not in response.content.decode()


def test_pages_refuse_a_signed_in_user_without_a_portal_role(client_for, opd_a):
    stranger = UserFactory(username="tanpa.peran", role="")
    client = client_for(stranger)
    assert client.get(reverse("insights:home")).status_code == 403
    assert client.get(reverse("pilots:opd_detail", args=[opd_a.pk])).status_code == 403


@pytest.mark.parametrize("size", [10, 1000])
def test_home_query_count_does_not_grow_with_opds(client_for, admin_user, django_assert_max_num_queries, size):
    heads = UserFactory.create_batch(3, role=Role.KEPALA_OPD)
    Opd.objects.bulk_create([Opd(name=f"OPD Massal {i:04d}", kind="dinas", head=heads[i % 3]) for i in range(size)])
    client = client_for(admin_user)
    # The to-do list and the agenda (issue 16) add a fixed number of queries.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("insights:home"))
    assert response.status_code == 200
    assert "OPD Massal 0000" in response.content.decode()


@pytest.mark.parametrize("size", [10, 200])
def test_widyaiswara_home_query_count_does_not_grow_with_assignments(client_for, django_assert_max_num_queries, size):
    user = UserFactory(username="wi.banyak", role=Role.WIDYAISWARA)
    for _ in range(size):
        AssignmentFactory(widyaiswara=user, programme_opd=ProgrammeOpdFactory(opd=OpdFactory()))
    client = client_for(user)
    # The to-do list and the agenda (issue 16) add a fixed number of queries.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("insights:home"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size


@pytest.mark.parametrize("size", [2, 50])
def test_opd_page_query_count_does_not_grow_with_team_size(
    client_for, admin_user, programme_opd_a, django_assert_max_num_queries, size
):
    for _ in range(size):
        AssignmentFactory(programme_opd=programme_opd_a)
    client = client_for(admin_user)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("pilots:opd_detail", args=[programme_opd_a.opd_id]))
    assert response.status_code == 200
    assert programme_opd_a.opd.name in response.content.decode()
