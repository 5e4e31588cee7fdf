"""The admin's account pages: list, create, edit, set a password; the rules that keep the
registry consistent; and that nobody else reaches them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intan_wpl.models import Role, User
from pilots.forms.users import UserCreateForm
from pilots.models import Assignment
from pilots.services.users import user_create, user_set_password, user_update
from tests.factories import AssignmentFactory, OpdFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Sulawesi-Selatan-2025"


@pytest.fixture
def staff_account(db):
    return UserFactory(username="operator.satu", full_name="Operator Satu", email="op1@bpsdm.go.id", role=Role.ADMIN)


def create_data(**overrides):
    data = {
        "username": "kepala.dinkes",
        "full_name": "dr. Andi Makkasau",
        "email": "kepala.dinkes@sulselprov.go.id",
        "role": Role.KEPALA_OPD,
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


def edit_data(account, **overrides):
    data = {"full_name": account.full_name, "email": account.email, "role": account.role, "is_active": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- services --------------------------------------------------------------------------------


def test_user_create_stores_a_hashed_password_that_works():
    account = user_create(
        username="wi.baru", full_name="Wi Baru", email="", role=Role.WIDYAISWARA, password=GOOD_PASSWORD
    )
    account.refresh_from_db()
    assert account.password != GOOD_PASSWORD
    assert account.check_password(GOOD_PASSWORD)
    assert account.role == Role.WIDYAISWARA


def test_user_create_refuses_a_weak_password_and_a_taken_username(staff_account):
    with pytest.raises(ValidationError) as caught:
        user_create(username="OPERATOR.SATU", role=Role.ADMIN, password="12345")
    assert set(caught.value.message_dict) == {"username", "password"}
    assert User.objects.filter(username__iexact="operator.satu").count() == 1


def test_an_admin_cannot_deactivate_or_demote_themselves(admin_user):
    with pytest.raises(ValidationError) as caught:
        user_update(actor=admin_user, user=admin_user, full_name="Admin", role=Role.WIDYAISWARA, is_active=False)
    assert set(caught.value.message_dict) == {"role", "is_active"}
    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.is_active) == (Role.ADMIN, True)


def test_an_admin_may_deactivate_another_admin(admin_user, staff_account):
    user_update(actor=admin_user, user=staff_account, full_name="Operator Satu", role=Role.ADMIN, is_active=False)
    staff_account.refresh_from_db()
    assert not staff_account.is_active


def test_the_role_of_a_kepala_opd_who_heads_an_opd_stays(admin_user, kepala_a):
    with pytest.raises(ValidationError) as caught:
        user_update(actor=admin_user, user=kepala_a, full_name="Kepala A", role=Role.WIDYAISWARA, is_active=True)
    assert "Kepala OPD di Dinas Perpustakaan Uji" in caught.value.message_dict["role"][0]
    kepala_a.refresh_from_db()
    assert kepala_a.role == Role.KEPALA_OPD


def test_the_role_of_a_widyaiswara_with_assignments_stays(admin_user, widyaiswara_a):
    with pytest.raises(ValidationError) as caught:
        user_update(actor=admin_user, user=widyaiswara_a, full_name="Widyaiswara A", role=Role.ADMIN, is_active=True)
    assert "1 penugasan" in caught.value.message_dict["role"][0]
    widyaiswara_a.refresh_from_db()
    assert widyaiswara_a.role == Role.WIDYAISWARA


def test_a_kepala_opd_without_an_opd_may_change_role(admin_user):
    account = UserFactory(role=Role.KEPALA_OPD)
    user_update(actor=admin_user, user=account, full_name="Baru", role=Role.WIDYAISWARA, is_active=True)
    account.refresh_from_db()
    assert (account.role, account.full_name) == (Role.WIDYAISWARA, "Baru")


def test_a_heading_kepala_opd_may_still_be_renamed(admin_user, kepala_a):
    user_update(actor=admin_user, user=kepala_a, full_name="Kepala A, S.Sos.", role=Role.KEPALA_OPD, is_active=True)
    kepala_a.refresh_from_db()
    assert kepala_a.full_name == "Kepala A, S.Sos."


def test_user_set_password_applies_the_validators(staff_account):
    with pytest.raises(ValidationError):
        user_set_password(user=staff_account, password="operator.satu")
    user_set_password(user=staff_account, password=GOOD_PASSWORD)
    staff_account.refresh_from_db()
    assert staff_account.check_password(GOOD_PASSWORD)


def test_the_create_form_rejects_mismatched_passwords():
    form = UserCreateForm(data=create_data(password2="Sulawesi-Selatan-2026"))
    assert not form.is_valid()
    assert form.errors["password2"] == ["Kedua kata sandi tidak sama."]


# --- scope -----------------------------------------------------------------------------------


def account_urls(account):
    return [
        reverse("pilots:user_list"),
        reverse("pilots:user_create"),
        reverse("pilots:user_edit", args=[account.pk]),
        reverse("pilots:user_set_password", args=[account.pk]),
    ]


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_only_the_admin_reaches_the_account_pages(client_for, everyone, who):
    me = everyone[who]
    client = client_for(me)
    for url in account_urls(me) + account_urls(everyone["admin"]):
        assert client.get(url).status_code == 403, url
        assert client.post(url, create_data(role=Role.ADMIN)).status_code == 403, url
    me.refresh_from_db()
    assert me.role != Role.ADMIN
    assert not User.objects.filter(username="kepala.dinkes").exists()


def test_a_user_without_a_role_gets_403(client_for, admin_user):
    client = client_for(UserFactory(username="tanpa.peran", role=""))
    for url in account_urls(admin_user):
        assert client.get(url).status_code == 403, url


def test_an_unknown_account_is_404_for_the_admin(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(reverse("pilots:user_edit", args=[987654])).status_code == 404
    assert client.post(reverse("pilots:user_set_password", args=[987654])).status_code == 404


# --- list ------------------------------------------------------------------------------------


def test_the_list_searches_and_filters_by_role(client_for, everyone):
    client = client_for(everyone["admin"])
    page = client.get(reverse("pilots:user_list"), {"role": Role.KEPALA_OPD}).context["page"]
    assert {account.username for account in page.object_list} == {"kepala.a", "kepala.b"}
    page = client.get(reverse("pilots:user_list"), {"q": "WIDYAISWARA b"}).context["page"]
    assert [account.username for account in page.object_list] == ["wi.b"]


def test_the_list_shows_what_each_account_is_tied_to_and_never_a_hash(client_for, everyone):
    body = client_for(everyone["admin"]).get(reverse("pilots:user_list")).content.decode()
    assert "Kepala Dinas Perpustakaan Uji" in body
    assert "1 penugasan" in body
    for account in everyone.values():
        assert account.password not in body
    assert "md5$" not in body


def test_the_list_survives_hostile_filters(client_for, admin_user):
    response = client_for(admin_user).get(
        reverse("pilots:user_list"), {"role": "superuser", "is_active": "ya", "q": "%" * 3000}
    )
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()


@pytest.mark.parametrize("size", [10, 1000])
def test_the_user_list_query_count_does_not_grow_with_accounts(
    client_for, admin_user, programme_opd_a, django_assert_max_num_queries, size
):
    roles = [Role.WIDYAISWARA, Role.KEPALA_OPD, Role.ADMIN]
    accounts = User.objects.bulk_create(
        [User(username=f"massal{i:04d}", full_name=f"Pengguna Massal {i:04d}", role=roles[i % 3]) for i in range(size)]
    )
    for account in accounts[:30]:
        if account.role == Role.WIDYAISWARA:
            Assignment.objects.create(programme_opd=programme_opd_a, widyaiswara=account, role="anggota")
        elif account.role == Role.KEPALA_OPD:
            OpdFactory(head=account)
    client = client_for(admin_user)
    # Session, user, notification count, session save (6); count, page, headed OPDs (3).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("pilots:user_list"))
    assert response.status_code == 200
    assert "Pengguna Massal 0000" in response.content.decode()


# --- create, edit, password ------------------------------------------------------------------


def test_the_admin_creates_a_kepala_opd_account(client_for, admin_user):
    response = client_for(admin_user).post(reverse("pilots:user_create"), create_data())
    assert response.status_code == 302
    account = User.objects.get(username="kepala.dinkes")
    assert (account.full_name, account.role, account.is_active) == ("dr. Andi Makkasau", Role.KEPALA_OPD, True)
    assert account.check_password(GOOD_PASSWORD)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "u" * 2000}, "username", "paling banyak 150 karakter"),
        ({"username": "ADMIN"}, "username", "sudah ada"),
        ({"full_name": "n" * 2000}, "full_name", "paling banyak 150 karakter"),
        ({"email": "bukan-email"}, "email", "alamat email yang valid"),
        ({"role": "superuser"}, "role", "Masukkan pilihan yang valid"),
        ({"role": ""}, "role", "tidak boleh kosong"),
        ({"password1": "12345678", "password2": "12345678"}, "password2", "terlalu"),
        ({"password2": "lain-sama-sekali-99"}, "password2", "Kedua kata sandi tidak sama"),
    ],
)
def test_bad_account_input_gets_a_field_error_and_creates_nothing(client_for, admin_user, overrides, field, message):
    response = client_for(admin_user).post(reverse("pilots:user_create"), create_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field]), form.errors
    assert User.objects.count() == 1


def test_a_failed_create_keeps_what_was_typed_but_not_the_password(client_for, admin_user):
    body = (
        client_for(admin_user)
        .post(reverse("pilots:user_create"), create_data(password2="beda-sekali-123"))
        .content.decode()
    )
    assert 'value="dr. Andi Makkasau"' in body
    assert 'value="kepala.dinkes@sulselprov.go.id"' in body
    assert GOOD_PASSWORD not in body


def test_the_admin_edits_an_account(client_for, admin_user, staff_account):
    client = client_for(admin_user)
    url = reverse("pilots:user_edit", args=[staff_account.pk])
    body = client.get(url).content.decode()
    assert "Ubah akun Operator Satu" in body
    assert staff_account.password not in body
    response = client.post(
        url, edit_data(staff_account, full_name="Operator Dua", role=Role.WIDYAISWARA, is_active=None)
    )
    assert response.status_code == 302
    staff_account.refresh_from_db()
    assert (staff_account.full_name, staff_account.role, staff_account.is_active) == (
        "Operator Dua",
        Role.WIDYAISWARA,
        False,
    )


def test_the_edit_page_refuses_to_lock_the_admin_out(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("pilots:user_edit", args=[admin_user.pk]), edit_data(admin_user, role=Role.KEPALA_OPD, is_active=None)
    )
    body = response.content.decode()
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in body
    assert "Anda tidak dapat mengubah peran akun Anda sendiri." in body
    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.is_active) == (Role.ADMIN, True)


def test_the_edit_page_explains_why_a_heading_kepala_keeps_the_role(client_for, admin_user, kepala_a):
    response = client_for(admin_user).post(
        reverse("pilots:user_edit", args=[kepala_a.pk]), edit_data(kepala_a, role=Role.ADMIN)
    )
    assert "masih tercatat sebagai Kepala OPD di Dinas Perpustakaan Uji" in response.content.decode()
    kepala_a.refresh_from_db()
    assert kepala_a.role == Role.KEPALA_OPD


def test_the_edit_page_explains_why_an_assigned_widyaiswara_keeps_the_role(client_for, admin_user, widyaiswara_a):
    AssignmentFactory(widyaiswara=widyaiswara_a)
    response = client_for(admin_user).post(
        reverse("pilots:user_edit", args=[widyaiswara_a.pk]), edit_data(widyaiswara_a, role=Role.KEPALA_OPD)
    )
    assert "masih memiliki 2 penugasan" in response.content.decode()
    widyaiswara_a.refresh_from_db()
    assert widyaiswara_a.role == Role.WIDYAISWARA


def test_the_admin_sets_a_new_password(client_for, admin_user, staff_account):
    client = client_for(admin_user)
    url = reverse("pilots:user_set_password", args=[staff_account.pk])
    response = client.post(url, {"new_password1": "pendek", "new_password2": "pendek"})
    assert "terlalu pendek" in response.content.decode()
    response = client.post(url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 302
    staff_account.refresh_from_db()
    assert staff_account.check_password(GOOD_PASSWORD)


def test_setting_ones_own_password_keeps_one_signed_in(client_for, admin_user):
    client = client_for(admin_user)
    client.post(
        reverse("pilots:user_set_password", args=[admin_user.pk]),
        {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert client.get(reverse("pilots:user_list")).status_code == 200
    admin_user.refresh_from_db()
    assert admin_user.check_password(GOOD_PASSWORD)
