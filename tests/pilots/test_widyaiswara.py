"""Widyaiswara profiles (account and profile in one form) and the load page."""

from datetime import date

import pytest
from django.urls import reverse

from intan_wpl.models import Role, User
from pilots.models import (
    Assignment,
    AssignmentRole,
    Opd,
    Programme,
    ProgrammeOpd,
    ProgrammeStatus,
    WidyaiswaraJenjang,
    WidyaiswaraProfile,
)
from tests.factories import (
    AssignmentFactory,
    OpdFactory,
    ProgrammeFactory,
    ProgrammeOpdFactory,
    UserFactory,
    WidyaiswaraProfileFactory,
    valid_nip,
)

pytestmark = pytest.mark.django_db

NIP = "198609262015051001"


def create_data(**overrides):
    data = {
        "username": "wi.baru",
        "full_name": "Dr. Hasnah Baharuddin, M.Pd.",
        "email": "hasnah@example.go.id",
        "password": "Pendamping#Sulsel25",
        "password_confirm": "Pendamping#Sulsel25",
        "nip": "19860926 201505 1 001",
        "jenjang": WidyaiswaraJenjang.AHLI_MUDA,
        "expertise": "Manajemen kinerja, coaching",
        "phone": "0812-4000-1234",
    }
    data.update(overrides)
    return data


# --- List -----------------------------------------------------------------------------------


def test_list_shows_nip_jenjang_expertise_contact_and_opd_count(client_for, admin_user, widyaiswara_a, programme_opd_b):
    WidyaiswaraProfileFactory(
        user=widyaiswara_a, nip=NIP, jenjang=WidyaiswaraJenjang.AHLI_MADYA, expertise="Analisis kebutuhan", phone="0811"
    )
    widyaiswara_a.email = "wia@example.go.id"
    widyaiswara_a.save()
    AssignmentFactory(programme_opd=programme_opd_b, widyaiswara=widyaiswara_a)
    response = client_for(admin_user).get(reverse("pilots:widyaiswara_list"))
    body = response.content.decode()
    for text in ["19860926 201505 1 001", "Widyaiswara Ahli Madya", "Analisis kebutuhan", "0811", "wia@example.go.id"]:
        assert text in body
    person = next(p for p in response.context["page"].object_list if p.pk == widyaiswara_a.pk)
    assert (person.opd_count, person.ketua_count) == (2, 1)


def test_a_widyaiswara_without_a_profile_is_listed_and_marked(client_for, admin_user, widyaiswara_a):
    body = client_for(admin_user).get(reverse("pilots:widyaiswara_list")).content.decode()
    assert "Widyaiswara A" in body
    assert "Profil belum diisi" in body


def test_list_searches_by_name_and_by_nip_typed_with_spaces(client_for, admin_user):
    WidyaiswaraProfileFactory(user=UserFactory(full_name="Andi Makkasau"), nip=NIP)
    WidyaiswaraProfileFactory(user=UserFactory(full_name="Sitti Rahmah"), nip=valid_nip(7))
    client = client_for(admin_user)
    body = client.get(reverse("pilots:widyaiswara_list"), {"q": "makkasau"}).content.decode()
    assert "Andi Makkasau" in body and "Sitti Rahmah" not in body
    body = client.get(reverse("pilots:widyaiswara_list"), {"q": "19860926 201505"}).content.decode()
    assert "Andi Makkasau" in body and "Sitti Rahmah" not in body


def test_list_filters_by_jenjang(client_for, admin_user):
    WidyaiswaraProfileFactory(user=UserFactory(full_name="Ahli Utama Satu"), jenjang=WidyaiswaraJenjang.AHLI_UTAMA)
    WidyaiswaraProfileFactory(user=UserFactory(full_name="Ahli Muda Dua"), jenjang=WidyaiswaraJenjang.AHLI_MUDA)
    body = client_for(admin_user).get(reverse("pilots:widyaiswara_list"), {"jenjang": "ahli_utama"}).content.decode()
    assert "Ahli Utama Satu" in body and "Ahli Muda Dua" not in body


@pytest.mark.parametrize("params", [{"jenjang": "profesor"}, {"q": "x" * 3000}, {"page": "-1"}])
def test_hostile_list_parameters_never_break_the_page(client_for, admin_user, params):
    response = client_for(admin_user).get(reverse("pilots:widyaiswara_list"), params)
    assert response.status_code == 200
    assert "<h1" in response.content.decode() and response.context["page"] is not None


def test_the_list_excludes_other_roles(client_for, everyone):
    body = client_for(everyone["admin"]).get(reverse("pilots:widyaiswara_list")).content.decode()
    assert "Widyaiswara A" in body and "Widyaiswara B" in body
    assert "Kepala A" not in body


@pytest.mark.parametrize("size", [10, 500])
def test_list_query_count_does_not_grow(client_for, admin_user, django_assert_max_num_queries, size):
    users = User.objects.bulk_create(
        [
            User(username=f"wi.m{i:04d}", full_name=f"Widyaiswara Massal {i:04d}", role=Role.WIDYAISWARA)
            for i in range(size)
        ]
    )
    WidyaiswaraProfile.objects.bulk_create(
        [WidyaiswaraProfile(user=u, nip=valid_nip(i), jenjang="ahli_muda") for i, u in enumerate(users) if i % 2]
    )
    programme = ProgrammeFactory()
    opds = Opd.objects.bulk_create([Opd(name=f"OPD W {i:04d}", kind="dinas") for i in range(size)])
    pos = ProgrammeOpd.objects.bulk_create([ProgrammeOpd(programme=programme, opd=o) for o in opds])
    Assignment.objects.bulk_create(
        [Assignment(programme_opd=po, widyaiswara=users[i], role="ketua") for i, po in enumerate(pos)]
    )
    client = client_for(admin_user)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("pilots:widyaiswara_list"))
    assert "Widyaiswara Massal 0000" in response.content.decode()


# --- Create / edit --------------------------------------------------------------------------


def test_admin_creates_the_account_and_the_profile_together(client_for, admin_user):
    response = client_for(admin_user).post(reverse("pilots:widyaiswara_create"), create_data())
    assert response["Location"] == reverse("pilots:widyaiswara_list")
    user = User.objects.get(username="wi.baru")
    assert user.role == Role.WIDYAISWARA and user.is_active
    assert user.check_password("Pendamping#Sulsel25")
    assert user.full_name == "Dr. Hasnah Baharuddin, M.Pd."
    profile = user.widyaiswara_profile
    assert profile.nip == NIP
    assert profile.jenjang == WidyaiswaraJenjang.AHLI_MUDA
    assert profile.phone == "0812-4000-1234"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password": "12345678901", "password_confirm": "12345678901"}, "password"),
        ({"password": "pendek", "password_confirm": "pendek"}, "password"),
        ({"password": "wi.baru12345", "password_confirm": "wi.baru12345"}, "password"),
        ({"password_confirm": "LainSekali#2025"}, "password_confirm"),
        ({"nip": "1986092620150510"}, "nip"),
        ({"nip": "198602302015053001"}, "nip"),
        ({"username": "nama dengan spasi"}, "username"),
        ({"username": "x" * 500}, "username"),
        ({"jenjang": "profesor"}, "jenjang"),
        ({"email": "bukan-surel"}, "email"),
        ({"full_name": ""}, "full_name"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_creates_nothing(client_for, admin_user, overrides, field):
    response = client_for(admin_user).post(reverse("pilots:widyaiswara_create"), create_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(role=Role.WIDYAISWARA).exists()
    assert not WidyaiswaraProfile.objects.exists()
    assert 'value="0812-4000-1234"' in response.content.decode()  # nothing typed is lost


def test_a_taken_username_or_nip_is_refused(client_for, admin_user):
    WidyaiswaraProfileFactory(user=UserFactory(username="wi.lama"), nip=NIP)
    client = client_for(admin_user)
    response = client.post(reverse("pilots:widyaiswara_create"), create_data(username="wi.lama"))
    assert "username" in response.context["form"].errors
    response = client.post(reverse("pilots:widyaiswara_create"), create_data())
    assert "nip" in response.context["form"].errors
    assert not User.objects.filter(username="wi.baru").exists()


def test_admin_edits_the_profile_and_creates_it_when_missing(client_for, admin_user, widyaiswara_a):
    data = create_data(full_name="Widyaiswara A, M.Si.", nip="", jenjang="ahli_utama")
    response = client_for(admin_user).post(reverse("pilots:widyaiswara_edit", args=[widyaiswara_a.pk]), data)
    assert response.status_code == 302
    widyaiswara_a.refresh_from_db()
    assert widyaiswara_a.full_name == "Widyaiswara A, M.Si."
    assert widyaiswara_a.email == "hasnah@example.go.id"
    assert widyaiswara_a.widyaiswara_profile.jenjang == "ahli_utama"
    assert widyaiswara_a.widyaiswara_profile.nip is None
    assert widyaiswara_a.check_password("Rahasia-123")  # the edit form never touches the password


def test_edit_form_shows_the_current_profile(client_for, admin_user, widyaiswara_a):
    WidyaiswaraProfileFactory(user=widyaiswara_a, nip=NIP)
    body = client_for(admin_user).get(reverse("pilots:widyaiswara_edit", args=[widyaiswara_a.pk])).content.decode()
    assert 'value="19860926 201505 1 001"' in body
    assert "wi.a" in body


def test_a_bad_nip_on_edit_changes_nothing(client_for, admin_user, widyaiswara_a):
    response = client_for(admin_user).post(
        reverse("pilots:widyaiswara_edit", args=[widyaiswara_a.pk]), create_data(nip="123", full_name="Nama Baru")
    )
    assert "nip" in response.context["form"].errors
    widyaiswara_a.refresh_from_db()
    assert widyaiswara_a.full_name == "Widyaiswara A"
    assert not WidyaiswaraProfile.objects.filter(user=widyaiswara_a).exists()


def test_editing_a_user_who_is_not_a_widyaiswara_is_404(client_for, admin_user, kepala_a):
    response = client_for(admin_user).post(reverse("pilots:widyaiswara_edit", args=[kepala_a.pk]), create_data())
    assert response.status_code == 404
    kepala_a.refresh_from_db()
    assert kepala_a.role == Role.KEPALA_OPD


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_widyaiswara_pages_are_403_for_non_admins(client_for, everyone, who):
    client = client_for(everyone[who])
    own = everyone["widyaiswara_a"]
    assert client.get(reverse("pilots:widyaiswara_list")).status_code == 403
    assert client.get(reverse("pilots:widyaiswara_load")).status_code == 403
    assert client.get(reverse("pilots:widyaiswara_create")).status_code == 403
    assert client.post(reverse("pilots:widyaiswara_create"), create_data()).status_code == 403
    assert client.get(reverse("pilots:widyaiswara_edit", args=[own.pk])).status_code == 403
    assert client.post(reverse("pilots:widyaiswara_edit", args=[own.pk]), create_data()).status_code == 403
    assert not User.objects.filter(username="wi.baru").exists()
    own.refresh_from_db()
    assert own.full_name == "Widyaiswara A"


# --- Load -----------------------------------------------------------------------------------


def test_load_lists_each_widyaiswaras_opds_and_role_in_active_programmes(
    client_for, admin_user, widyaiswara_a, programme_opd_b, opd_a
):
    AssignmentFactory(programme_opd=programme_opd_b, widyaiswara=widyaiswara_a, role=AssignmentRole.ANGGOTA)
    finished = ProgrammeFactory(name="Pilot Lama", status=ProgrammeStatus.SELESAI)
    AssignmentFactory(
        programme_opd=ProgrammeOpdFactory(programme=finished, opd=OpdFactory(name="Dinas Lama")),
        widyaiswara=widyaiswara_a,
    )
    response = client_for(admin_user).get(reverse("pilots:widyaiswara_load"))
    person = next(p for p in response.context["page"].object_list if p.pk == widyaiswara_a.pk)
    assert (person.opd_count, person.ketua_count, person.anggota_count) == (2, 1, 1)
    assert {(a.programme_opd.opd.name, a.role) for a in person.current_assignments} == {
        (opd_a.name, AssignmentRole.KETUA),
        (programme_opd_b.opd.name, AssignmentRole.ANGGOTA),
    }
    body = response.content.decode()
    assert "Dinas Lama" not in body
    assert "Ketua tim" in body and "Anggota" in body


def test_load_flags_active_opds_without_ketua(client_for, admin_user, programme, widyaiswara_a):
    lonely = ProgrammeOpdFactory(programme=programme, opd=OpdFactory(name="Dinas Tanpa Ketua"))
    AssignmentFactory(programme_opd=lonely, role=AssignmentRole.ANGGOTA)
    ProgrammeOpdFactory(programme=programme, opd=OpdFactory(name="Dinas Nonaktif"), is_active=False)
    response = client_for(admin_user).get(reverse("pilots:widyaiswara_load"))
    assert [po.opd.name for po in response.context["without_ketua"]] == ["Dinas Tanpa Ketua"]
    assert "1 OPD aktif belum memiliki ketua tim" in response.content.decode()


def test_load_puts_the_heaviest_load_first(client_for, admin_user, widyaiswara_a, programme_opd_b):
    busy = UserFactory(full_name="Zulkifli Sibuk")
    for _ in range(3):
        AssignmentFactory(widyaiswara=busy, programme_opd=ProgrammeOpdFactory(programme=programme_opd_b.programme))
    response = client_for(admin_user).get(reverse("pilots:widyaiswara_load"))
    assert response.context["page"].object_list[0].full_name == "Zulkifli Sibuk"


@pytest.mark.parametrize("size", [10, 500])
def test_load_query_count_does_not_grow(client_for, admin_user, django_assert_max_num_queries, size):
    users = User.objects.bulk_create(
        [
            User(username=f"wi.l{i:04d}", full_name=f"Widyaiswara Beban {i:04d}", role=Role.WIDYAISWARA)
            for i in range(size)
        ]
    )
    programme = Programme.objects.create(name="Pilot Beban", start_date=date(2025, 7, 1), end_date=date(2025, 9, 30))
    opds = Opd.objects.bulk_create([Opd(name=f"OPD Beban {i:04d}", kind="dinas") for i in range(size)])
    pos = ProgrammeOpd.objects.bulk_create([ProgrammeOpd(programme=programme, opd=o) for o in opds])
    Assignment.objects.bulk_create(
        [Assignment(programme_opd=po, widyaiswara=users[i], role="ketua") for i, po in enumerate(pos) if i % 3]
        + [Assignment(programme_opd=po, widyaiswara=users[(i + 1) % size], role="anggota") for i, po in enumerate(pos)]
    )
    client = client_for(admin_user)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("pilots:widyaiswara_load"))
    assert response.status_code == 200
    assert "OPD Beban" in response.content.decode()
