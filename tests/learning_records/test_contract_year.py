"""PNS count JP per calendar year against the 20 JP minimum; PPPK per year of their perjanjian
kerja against the 24 JP cap (PP 49/2018), from the contract's start date. The person's page
explains every figure."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from learning_records.models import JpCredit
from learning_records.services.realisation import counting_period
from pilots.domain import EmploymentType
from pilots.models import Pegawai
from tests.factories import PegawaiFactory, approved_activity, realise

pytestmark = pytest.mark.django_db

NIP_PPPK = "198807112022131003"


def pppk(opd, **fields):
    return PegawaiFactory(
        opd=opd,
        nip=NIP_PPPK,
        name="Nur Kontrak",
        employment_type=EmploymentType.PPPK,
        golongan="IX",
        contract_start=fields.pop("contract_start", date(2025, 4, 1)),
        contract_end=fields.pop("contract_end", date(2030, 3, 31)),
        **fields,
    )


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 4, 1), (date(2025, 4, 1), date(2026, 3, 31))),
        (date(2025, 12, 31), (date(2025, 4, 1), date(2026, 3, 31))),
        (date(2026, 3, 31), (date(2025, 4, 1), date(2026, 3, 31))),
        (date(2026, 4, 1), (date(2026, 4, 1), date(2027, 3, 31))),
        (date(2025, 1, 15), (date(2024, 4, 1), date(2025, 3, 31))),
    ],
)
def test_a_pppk_counts_per_contract_year_from_the_start_date(on, expected):
    person = Pegawai(employment_type=EmploymentType.PPPK, contract_start=date(2025, 4, 1))
    assert counting_period(person, on) == expected


def test_a_pns_counts_per_calendar_year():
    person = Pegawai(employment_type=EmploymentType.PNS)
    assert counting_period(person, date(2025, 6, 3)) == (date(2025, 1, 1), date(2025, 12, 31))


def test_a_pppk_without_contract_dates_counts_per_calendar_year_until_they_are_entered():
    person = Pegawai(employment_type=EmploymentType.PPPK)
    assert counting_period(person, date(2026, 2, 1)) == (date(2026, 1, 1), date(2026, 12, 31))


def test_a_contract_from_29_february_renews_on_28_february():
    person = Pegawai(employment_type=EmploymentType.PPPK, contract_start=date(2024, 2, 29))
    assert counting_period(person, date(2025, 3, 1)) == (date(2025, 2, 28), date(2026, 2, 27))
    assert counting_period(person, date(2028, 2, 29)) == (date(2028, 2, 29), date(2029, 2, 27))


@pytest.fixture
def contract_year_credits(programme_opd_a, widyaiswara_a, opd_a):
    """A PPPK from 1 April 2025: 16 JP in June 2025 and 12 JP in February 2026 (one contract year:
    28 attended, 24 counted), then 10 JP in May 2026 (the next contract year)."""
    person = pppk(opd_a)
    for title, jp, day in (
        ("Bimtek layanan arsip", 16, date(2025, 6, 10)),
        ("Pelatihan tata naskah", 12, date(2026, 2, 2)),
        ("Coaching digitalisasi", 10, date(2026, 5, 5)),
    ):
        realise(
            approved_activity(programme_opd_a, jp=jp, title=title), [person], recorded_by=widyaiswara_a, start_date=day
        )
    return person


def by_activity(person):
    return {
        c.realisation.activity.title: (c.period_start, c.jp_before_cap, c.jp)
        for c in JpCredit.objects.filter(pegawai=person).select_related("realisation__activity")
    }


def test_the_cap_counts_april_to_march_for_an_april_contract(contract_year_credits):
    assert by_activity(contract_year_credits) == {
        "Bimtek layanan arsip": (date(2025, 4, 1), Decimal(16), Decimal(16)),
        "Pelatihan tata naskah": (date(2025, 4, 1), Decimal(12), Decimal(8)),
        "Coaching digitalisasi": (date(2026, 4, 1), Decimal(10), Decimal(10)),
    }


def test_changing_the_contract_start_moves_the_credits_to_their_new_contract_years(
    client_for, admin_user, contract_year_credits
):
    person = contract_year_credits
    response = client_for(admin_user).post(
        reverse("pilots:pegawai_edit", args=[person.pk]),
        {
            "nip": person.nip,
            "name": person.name,
            "employment_type": EmploymentType.PPPK,
            "contract_start": "2025-01-01",
            "contract_end": "2029-12-31",
            "jabatan": person.jabatan,
            "jabatan_kind": person.jabatan_kind,
            "golongan": "IX",
            "unit": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    # Calendar-aligned contract: June 2025 alone in 2025; February and May 2026 share 2026 (22 JP).
    assert by_activity(person) == {
        "Bimtek layanan arsip": (date(2025, 1, 1), Decimal(16), Decimal(16)),
        "Pelatihan tata naskah": (date(2026, 1, 1), Decimal(12), Decimal(12)),
        "Coaching digitalisasi": (date(2026, 1, 1), Decimal(10), Decimal(10)),
    }
    assert person.history.first().contract_start == date(2025, 1, 1)


def test_the_person_page_explains_each_figure(client_for, widyaiswara_a, programme_opd_a, contract_year_credits):
    url = reverse("learning_records:jp_person", args=[programme_opd_a.pk, contract_year_credits.pk])
    content = client_for(widyaiswara_a).get(url).content.decode()
    assert "JP dihitung per tahun perjanjian kerja, mulai 01-04-2025" in content
    assert "Tahun perjanjian kerja 01-04-2025 s.d. 31-03-2026" in content
    assert "Tahun perjanjian kerja 01-04-2026 s.d. 31-03-2027" in content
    assert "4 JP di atas batas tidak diakui" in content
    # The cut credit says what was already counted before it.
    assert "Sebelum kegiatan ini sudah 16 JP diakui pada periode ini; batas PPPK 24 JP." in content


def test_a_pns_page_shows_the_calendar_year_and_the_minimum(
    client_for, admin_user, programme_opd_a, opd_a, widyaiswara_a
):
    person = PegawaiFactory(opd=opd_a, name="Andi PNS")
    realise(approved_activity(programme_opd_a, jp=12), [person], recorded_by=widyaiswara_a, start_date=date(2025, 9, 1))
    url = reverse("learning_records:jp_person", args=[programme_opd_a.pk, person.pk])
    content = client_for(admin_user).get(url).content.decode()
    assert "PNS: JP dihitung per tahun kalender; minimal 20 JP setahun" in content
    assert "Kurang 8 JP dari minimal 20 JP" in content


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"employment_type": EmploymentType.PNS, "contract_start": "2025-04-01"}, "contract_start", "Hanya PPPK"),
        ({"contract_start": "2025-04-01", "contract_end": "2025-03-01"}, "contract_end", "tidak boleh sebelum"),
        ({"contract_start": "", "contract_end": "2026-03-31"}, "contract_start", "Isi juga tanggal mulai"),
    ],
)
def test_contract_dates_are_checked_at_the_field(client_for, admin_user, opd_a, fields, field, message):
    data = {
        "nip": NIP_PPPK,
        "name": "Nur Kontrak",
        "employment_type": EmploymentType.PPPK,
        "jabatan": "Penata Layanan Operasional",
        "jabatan_kind": "pelaksana",
        "golongan": "",
        "unit": "",
        "is_active": "on",
        **fields,
    }
    response = client_for(admin_user).post(reverse("pilots:pegawai_create", args=[opd_a.pk]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Pegawai.objects.filter(nip=NIP_PPPK).exists()


def test_the_siasn_export_carries_every_attended_hour_in_the_calendar_year_held(
    client_for, admin_user, programme_opd_a, contract_year_credits
):
    url = reverse("learning_records:jp_export", args=[programme_opd_a.pk]) + "?tahun=2026&format=xlsx"
    sheet = load_workbook(io.BytesIO(client_for(admin_user).get(url).content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    # Held in 2026: February (contract year 2025, cut to 8 JP in the ledger) and May.
    assert sorted((row["nama_kursus"], row["tahun"], row["jumlah_jam"]) for row in rows) == [
        ("Coaching digitalisasi", 2026, 10),
        ("Pelatihan tata naskah", 2026, 12),
    ]
    assert len({row["nomor_sertifikat"] for row in rows}) == 2
