"""Pegawai accounts: the admin or Kepala OPD issues one-time activation codes (printable sheet,
XLSX, CSV), the person activates with NIP and code and sets a password, the account is switched
off when they leave the roster, and a Pegawai's account reaches only their own record."""

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from intan_wpl.models import ExportLog, Role, User
from pilots.models import AccountActivation, Pegawai
from pilots.services import accounts as account_service
from pilots.services import roster as roster_service
from tests.factories import PegawaiFactory, UnitKerjaFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Belajar-Terus-2026"
CODE = re.compile(r"data-kode>([A-Z0-9]{5}-[A-Z0-9]{5})<")


@pytest.fixture
def staff_a(opd_a):
    unit = UnitKerjaFactory(opd=opd_a, name="Bidang Layanan")
    return [PegawaiFactory(opd=opd_a, unit=unit, name=f"Pegawai A{i}") for i in range(3)]


def issue(client, opd, **data):
    return client.post(reverse("pilots:activation_issue", args=[opd.pk]), {"only_without_account": "on", **data})


def codes_on(response):
    return CODE.findall(response.content.decode())


def activate(client, nip, code, password=PASSWORD):
    return client.post(
        reverse("pilots:account_activate"), {"nip": nip, "code": code, "password1": password, "password2": password}
    )


def test_the_kepala_opd_prints_one_code_per_person_of_their_opd(client_for, kepala_a, opd_a, staff_a):
    response = issue(client_for(kepala_a), opd_a, output="sheet")
    assert response.status_code == 200
    codes = codes_on(response)
    assert len(codes) == 3 == len(set(codes))
    body = response.content.decode()
    assert "Bidang Layanan" in body and staff_a[0].nip_display in body
    # Only a keyed hash is stored: the code itself is nowhere in the database.
    stored = list(AccountActivation.objects.values_list("code_hash", flat=True))
    assert len(stored) == 3 and not any(code.replace("-", "") in value for value in stored for code in codes)
    for pegawai in staff_a:
        pegawai.refresh_from_db()
        assert pegawai.account.username == pegawai.nip
        assert pegawai.account.role == Role.PEGAWAI and not pegawai.account.is_active


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_file_for_sending_lists_nip_code_and_link_and_is_logged(client_for, admin_user, opd_a, staff_a, fmt):
    response = issue(client_for(admin_user), opd_a, output=fmt, nips=staff_a[1].nip)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "xlsx":
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    else:
        rows = [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()]
    assert len(rows) == 2
    nip, name, _unit, code, link, _until = rows[1]
    assert (nip, name) == (staff_a[1].nip, staff_a[1].name)
    assert f"nip={nip}" in link and "pegawai/aktivasi/" in link
    assert ExportLog.objects.get(kind="kode_aktivasi_pegawai").row_count == 1
    assert activate(Client(), nip, code).status_code == 302  # the code in the file works


def test_the_wrong_role_and_the_wrong_opd_are_refused(client_for, everyone, opd_a, opd_b, staff_a):
    assert issue(client_for(everyone["widyaiswara_a"]), opd_a, output="sheet").status_code == 403
    assert issue(client_for(everyone["kepala_b"]), opd_a, output="sheet").status_code == 404
    assert client_for(everyone["kepala_b"]).get(reverse("pilots:activation_issue", args=[opd_a.pk])).status_code == 404
    assert not AccountActivation.objects.exists()


def test_a_person_activates_with_nip_and_code_and_is_signed_in(client, client_for, kepala_a, opd_a, staff_a):
    code = codes_on(issue(client_for(kepala_a), opd_a, output="sheet", nips=staff_a[0].nip))[0]
    client.logout()
    page = client.get(reverse("pilots:account_activate"), {"nip": staff_a[0].nip, "kode": code})
    assert page.status_code == 200 and code in page.content.decode()
    response = activate(client, staff_a[0].nip, code.lower())
    assert response.status_code == 302
    user = User.objects.get(username=staff_a[0].nip)
    assert user.is_active and user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    # One time only.
    client.logout()
    again = activate(client, staff_a[0].nip, code, password="Lain-Sekali-2026")
    assert again.status_code == 200 and "tidak cocok" in again.content.decode()


def test_a_wrong_code_is_refused_and_five_void_the_code(client, client_for, kepala_a, opd_a, staff_a):
    code = codes_on(issue(client_for(kepala_a), opd_a, output="sheet", nips=staff_a[0].nip))[0]
    client.logout()
    for _attempt in range(AccountActivation.MAX_FAILED_ATTEMPTS):
        response = activate(client, staff_a[0].nip, "AAAAA-AAAAA")
        assert response.status_code == 200
        assert "tidak cocok" in response.content.decode()
        assert response.context["form"]["nip"].value() == staff_a[0].nip  # nothing typed is lost
    assert activate(client, staff_a[0].nip, code).status_code == 200
    assert not User.objects.get(username=staff_a[0].nip).is_active


def test_an_expired_or_replaced_code_is_refused(client, client_for, kepala_a, opd_a, staff_a):
    kepala = client_for(kepala_a)
    first = codes_on(issue(kepala, opd_a, output="sheet", nips=staff_a[0].nip))[0]
    second = codes_on(issue(kepala, opd_a, output="sheet", nips=staff_a[0].nip))[0]
    client.logout()
    assert activate(client, staff_a[0].nip, first).status_code == 200
    AccountActivation.objects.filter(voided_at=None).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert activate(client, staff_a[0].nip, second).status_code == 200
    assert not User.objects.get(username=staff_a[0].nip).is_active


def test_a_weak_password_is_refused_at_its_field(client, client_for, kepala_a, opd_a, staff_a):
    code = codes_on(issue(client_for(kepala_a), opd_a, output="sheet", nips=staff_a[0].nip))[0]
    client.logout()
    response = activate(client, staff_a[0].nip, code, password="123")
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert AccountActivation.objects.get().used_at is None  # the code still works after a weak try


def test_a_nip_already_used_as_another_login_is_skipped(client_for, kepala_a, opd_a, staff_a):
    UserFactory(username=staff_a[0].nip, role=Role.WIDYAISWARA)
    response = issue(client_for(kepala_a), opd_a, output="sheet")
    assert len(codes_on(response)) == 2
    assert "sudah dipakai sebagai nama pengguna akun lain" in response.content.decode()


def test_active_accounts_are_skipped_unless_asked(client_for, kepala_a, opd_a, staff_a):
    account_service.activations_issue(actor=kepala_a, opd=opd_a, staff=Pegawai.objects.filter(pk=staff_a[0].pk))
    User.objects.filter(username=staff_a[0].nip).update(is_active=True)
    client = client_for(kepala_a)
    assert len(codes_on(issue(client, opd_a, output="sheet"))) == 2
    all_again = client.post(reverse("pilots:activation_issue", args=[opd_a.pk]), {"output": "sheet"})
    assert len(codes_on(all_again)) == 3


def test_leaving_the_roster_switches_the_account_off(admin_user, opd_a, staff_a):
    account_service.activations_issue(actor=admin_user, opd=opd_a, staff=Pegawai.objects.filter(opd=opd_a))
    User.objects.filter(role=Role.PEGAWAI).update(is_active=True)
    roster_service.pegawai_update(pegawai=staff_a[0], is_active=False)
    assert not User.objects.get(username=staff_a[0].nip).is_active
    assert User.objects.get(username=staff_a[1].nip).is_active
    assert roster_service.pegawai_delete(pegawai=staff_a[1]) == []
    assert not User.objects.get(username=staff_a[1].nip).is_active
    assert User.objects.get(username=staff_a[2].nip).is_active


def test_a_pegawai_sees_only_their_own_roster_row(opd_a, staff_a):
    user = UserFactory(username=staff_a[0].nip, role=Role.PEGAWAI)
    staff_a[0].account = user
    staff_a[0].save(update_fields=["account"])
    assert list(Pegawai.objects.visible_to(user)) == [staff_a[0]]


def test_the_admin_cannot_make_a_pegawai_account_by_hand(client_for, admin_user):
    form = client_for(admin_user).get(reverse("pilots:user_create")).context["form"]
    assert Role.PEGAWAI not in [value for value, _label in form.fields["role"].choices]
