"""A person reclassified PNS <-> PPPK gets the JP rules of their new status at once, whichever
way the registry records it (an edit of one person or a roster import): pilots announces it
(pilots.signals.employment_changed), the ledger re-applies the cap (learning_records.receivers)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from learning_records.models import JpCredit
from pilots.domain import EmploymentType
from pilots.models import RosterImportStatus
from pilots.services import roster_import
from tests.factories import PegawaiFactory, approved_activity, realise
from tests.pilots.roster_files import HEADER, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(opd_a):
    # A PNS NIP is also a valid NI PPPK (the PPPK rule only drops the month check).
    return PegawaiFactory(opd=opd_a, name="Dewi Beralih", nip="198609262015052001", golongan="")


@pytest.fixture
def thirty_jp(programme_opd_a, widyaiswara_a, person):
    """Two activities in 2025: 18 + 12 = 30 JP, all credited while the person is PNS."""
    first = approved_activity(programme_opd_a, jp=18, title="Pelatihan teknis arsip")
    second = approved_activity(programme_opd_a, jp=12, title="Bimtek layanan")
    realise(first, [person], recorded_by=widyaiswara_a, start_date=date(2025, 8, 4))
    realise(second, [person], recorded_by=widyaiswara_a, start_date=date(2025, 9, 1))
    return first, second


def credited(person):
    return sum(JpCredit.objects.filter(pegawai=person).values_list("jp", flat=True), Decimal(0))


def held(person):
    return sum(JpCredit.objects.filter(pegawai=person).values_list("jp_before_cap", flat=True), Decimal(0))


def test_reclassified_to_pppk_by_an_edit_is_capped_at_once(client_for, admin_user, person, thirty_jp):
    assert credited(person) == 30
    response = client_for(admin_user).post(
        reverse("pilots:pegawai_edit", args=[person.pk]),
        {
            "nip": person.nip,
            "name": person.name,
            "employment_type": EmploymentType.PPPK,
            "jabatan": "Arsiparis",
            "jabatan_kind": person.jabatan_kind,
            "golongan": "IX",
            "unit": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.employment_type == EmploymentType.PPPK
    assert credited(person) == 24  # the PPPK cap
    assert held(person) == 30  # the hours attended stay on record


def test_back_to_pns_by_an_edit_lifts_the_cap(client_for, admin_user, person, thirty_jp):
    person.employment_type = EmploymentType.PPPK
    person.save()
    from learning_records.services.realisation import recompute_people

    recompute_people(pegawai_ids={person.pk})
    assert credited(person) == 24
    client_for(admin_user).post(
        reverse("pilots:pegawai_edit", args=[person.pk]),
        {
            "nip": person.nip,
            "name": person.name,
            "employment_type": EmploymentType.PNS,
            "jabatan": "Arsiparis",
            "jabatan_kind": person.jabatan_kind,
            "golongan": "",
            "unit": "",
            "is_active": "on",
        },
    )
    assert credited(person) == 30


def test_reclassified_to_pppk_by_a_roster_import_is_capped_at_once(admin_user, opd_a, person, thirty_jp):
    row = [person.nip, person.name, "PPPK", "Arsiparis", "", "IX", ""]
    record = roster_import.roster_import_upload(
        opd=opd_a, upload=upload(xlsx_bytes([row], header=HEADER)), uploaded_by=admin_user
    )
    assert record.status == RosterImportStatus.PREVIEW, record.errors
    assert credited(person) == 30  # nothing changes before the import is committed
    committed = roster_import.roster_import_commit(roster_import=record)
    assert committed.status == RosterImportStatus.COMMITTED
    person.refresh_from_db()
    assert person.employment_type == EmploymentType.PPPK
    assert credited(person) == 24
    assert held(person) == 30


def test_an_edit_that_keeps_the_status_leaves_the_credits_alone(client_for, admin_user, person, thirty_jp):
    before = list(JpCredit.objects.filter(pegawai=person).values_list("pk", "jp"))
    client_for(admin_user).post(
        reverse("pilots:pegawai_edit", args=[person.pk]),
        {
            "nip": person.nip,
            "name": "Dewi Beralih Nama",
            "employment_type": EmploymentType.PNS,
            "jabatan": "Arsiparis",
            "jabatan_kind": person.jabatan_kind,
            "golongan": "",
            "unit": "",
            "is_active": "on",
        },
    )
    assert list(JpCredit.objects.filter(pegawai=person).values_list("pk", "jp")) == before
