"""Hostile input against every pilots form and list: huge strings, markup, impossible dates,
out-of-range and non-numeric ids. Never a 500, never markup echoed unescaped."""

import pytest
from django.urls import reverse

from tests.factories import PegawaiFactory, UnitKerjaFactory
from tests.pilots.test_registry_scope_sweep import SCOPED_URLS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCRIPT = "<script>alert(1)</script>"
HOSTILE = [
    "",
    " ",
    "x" * 10000,
    SCRIPT,
    "-1",
    "99999999999999999999999999",
    "2025-02-30",
    "abc",
    "1e400",
    "\x00",
    "１２３",
    "' OR 1=1 --",
]
FIELDS = [
    "name", "abbreviation", "kind", "parent", "address", "head", "works_in_shifts", "username", "full_name",
    "email", "role", "password1", "password2", "new_password1", "new_password2", "is_active", "start_date",
    "end_date", "status", "decree_number", "decree_date", "opds", "widyaiswara", "letter_number", "letter_date",
    "nip", "jenjang", "expertise", "phone", "password", "password_confirm", "employment_type", "jabatan",
    "jabatan_kind", "golongan", "unit",
]  # fmt: skip


@pytest.fixture
def forms(opd_a, programme_opd_a, widyaiswara_a, kepala_a):
    unit = UnitKerjaFactory(opd=opd_a)
    pegawai = PegawaiFactory(opd=opd_a, unit=unit)
    assignment = programme_opd_a.assignments.get()
    programme = programme_opd_a.programme
    return [
        reverse("pilots:opd_create"),
        reverse("pilots:opd_edit", args=[opd_a.pk]),
        reverse("pilots:unit_create", args=[opd_a.pk]),
        reverse("pilots:unit_edit", args=[unit.pk]),
        reverse("pilots:user_create"),
        reverse("pilots:user_edit", args=[kepala_a.pk]),
        reverse("pilots:user_set_password", args=[kepala_a.pk]),
        reverse("pilots:programme_create"),
        reverse("pilots:programme_edit", args=[programme.pk]),
        reverse("pilots:programme_opd_add", args=[programme.pk]),
        reverse("pilots:programme_opd_set_active", args=[programme_opd_a.pk]),
        reverse("pilots:assignment_create", args=[programme_opd_a.pk]),
        reverse("pilots:assignment_edit", args=[assignment.pk]),
        reverse("pilots:widyaiswara_create"),
        reverse("pilots:widyaiswara_edit", args=[widyaiswara_a.pk]),
        reverse("pilots:pegawai_create", args=[opd_a.pk]),
        reverse("pilots:pegawai_edit", args=[pegawai.pk]),
    ]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_every_pilots_form_survives_hostile_values(client_for, admin_user, forms, value):
    client = client_for(admin_user)
    failures = []
    for url in forms:
        response = client.post(url, dict.fromkeys(FIELDS, value))
        if response.status_code >= 500 or SCRIPT in response.content.decode(errors="replace"):
            failures.append((url, response.status_code))
    assert not failures


LIST_PARAMS = [
    {"page": "-1"},
    {"page": "99999999999999999999"},
    {"page": "abc"},
    {"q": SCRIPT},
    {"q": "x" * 10000},
    {"status": "bogus"},
    {"kind": "bogus"},
    {"unit": "999999999999999999999999"},
    {"unit": "abc"},
    {"programme": "-5"},
    {"opd": "1e9"},
    {"role": "zzz"},
    {"employment_type": "x"},
    {"golongan": "<b>"},
]


def test_lists_and_detail_pages_survive_hostile_query_strings(client_for, admin_user, opd_a, programme_opd_a):
    client = client_for(admin_user)
    pages = [
        reverse("insights:home"),
        reverse("pilots:opd_list"),
        reverse("pilots:programme_list"),
        reverse("pilots:user_list"),
        reverse("pilots:widyaiswara_list"),
        reverse("pilots:widyaiswara_load"),
        reverse("pilots:roster_list", args=[opd_a.pk]),
        reverse("pilots:roster_export", args=[opd_a.pk]),
        reverse("pilots:opd_detail", args=[opd_a.pk]),
        reverse("pilots:programme_detail", args=[programme_opd_a.programme.pk]),
        reverse("pilots:programme_opd_detail", args=[programme_opd_a.pk]),
    ]
    failures = []
    for url in pages:
        for params in LIST_PARAMS:
            response = client.get(url, params)
            if response.status_code != 200 or SCRIPT.encode() in response.content:
                failures.append((url, list(params), response.status_code))
    assert not failures


@pytest.mark.parametrize("pk", [0, 2**63, 10**23])
def test_ids_out_of_range_in_the_path_are_404(client_for, admin_user, pk):
    client = client_for(admin_user)
    names = [name for name, _key in SCOPED_URLS] + ["pilots:user_edit", "pilots:widyaiswara_edit"]
    failures = []
    for name in names:
        url = reverse(name, args=[pk])
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status not in (404, 405):
                failures.append((url, method, status))
    assert not failures
