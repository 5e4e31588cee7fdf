"""pilots/domain.py: NIP (PNS and PPPK), golongan and jabatan, as DOMAIN.md states them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pilots.domain import (
    PANGKAT,
    EmploymentType,
    Gender,
    JabatanKind,
    check_golongan,
    format_nip,
    infer_jabatan_kind,
    jabatan_kind_from_label,
    normalize_golongan,
    normalize_nip,
    parse_nip,
)
from tests.factories import valid_nip

TODAY = date(2025, 8, 21)


def codes_of(nip, employment_type=EmploymentType.PNS):
    with pytest.raises(ValidationError) as raised:
        parse_nip(nip, employment_type, today=TODAY)
    return raised.value.code, raised.value.messages[0]


def test_a_pns_nip_gives_birth_date_appointment_year_and_gender():
    facts = parse_nip("198609262015051001", today=TODAY)
    assert facts.birth_date == date(1986, 9, 26)
    assert facts.appointment_year == 2015
    assert facts.gender == Gender.MALE
    assert parse_nip("199003152018032002", today=TODAY).gender == Gender.FEMALE


@pytest.mark.parametrize(
    ("nip", "code", "message"),
    [
        ("19860926201505100", "nip_length", "NIP harus 18 digit; yang diisi 17 digit."),
        ("1986092620150510012", "nip_length", "NIP harus 18 digit; yang diisi 19 digit."),
        ("", "nip_digits", "NIP hanya boleh berisi angka."),
        ("19860926201505100A", "nip_digits", "NIP hanya boleh berisi angka."),
        (
            "198602302015051001",
            "nip_birth_date",
            "Tanggal lahir pada NIP (digit 1-8: 19860230) bukan tanggal yang ada.",
        ),
        ("198613262015051001", "nip_birth_date", "bukan tanggal yang ada"),
        ("193001012015051001", "nip_birth_year", "Tahun lahir pada NIP (1930) tidak masuk akal"),
        ("201501012015051001", "nip_birth_year", "tidak masuk akal"),
        ("198609261995051001", "nip_appointment_year", "Tahun pengangkatan pada NIP (digit 9-12: 1995)"),
        ("198609262035051001", "nip_appointment_year", "tidak masuk akal"),
        ("198609262015001001", "nip_tmt_month", "Bulan TMT CPNS pada NIP (digit 13-14: 00) harus 01 sampai 12."),
        ("198609262015131001", "nip_tmt_month", "Bulan TMT CPNS pada NIP (digit 13-14: 13) harus 01 sampai 12."),
        ("198609262015053001", "nip_gender", "harus 1 (laki-laki) atau 2 (perempuan), bukan 3."),
        ("198609262015050001", "nip_gender", "bukan 0."),
    ],
)
def test_invalid_pns_nips_are_refused_with_a_message_that_says_which_digits(nip, code, message):
    found_code, found_message = codes_of(nip)
    assert found_code == code
    assert message in found_message


def test_a_leap_day_birth_date_is_a_real_date():
    assert parse_nip("198802292012031001", today=TODAY).birth_date == date(1988, 2, 29)


def test_the_month_check_does_not_apply_to_an_ni_pppk():
    nip = "198807112022131003"
    assert codes_of(nip)[0] == "nip_tmt_month"
    facts = parse_nip(nip, EmploymentType.PPPK, today=TODAY)
    assert (facts.appointment_year, facts.gender) == (2022, Gender.MALE)


def test_an_ni_pppk_still_needs_a_real_birth_date_and_gender_digit():
    assert codes_of("198813112022131003", EmploymentType.PPPK)[0] == "nip_birth_date"
    assert codes_of("198807112022133003", EmploymentType.PPPK)[0] == "nip_gender"


def test_the_factory_nips_are_valid_for_their_type():
    for n in range(0, 400, 37):
        assert parse_nip(valid_nip(n), today=TODAY).gender == Gender.MALE
        assert parse_nip(valid_nip(n, gender="2"), today=TODAY).gender == Gender.FEMALE
        assert parse_nip(valid_nip(n, employment_type="pppk"), EmploymentType.PPPK, today=TODAY)


@pytest.mark.parametrize(
    "raw",
    [
        "19860926 201505 1 001",
        "19860926.201505.1.001",
        "19860926-201505-1-001",
        "'198609262015051001",
        "\u2019198609262015051001",
        "  198609262015051001\t",
        "19860926\u00a0201505\u00a01\u00a0001",
    ],
)
def test_normalize_nip_keeps_only_the_digits(raw):
    assert normalize_nip(raw) == "198609262015051001"


def test_normalize_nip_of_nothing_is_empty():
    assert normalize_nip(None) == ""


def test_format_nip_groups_the_digits_as_indonesians_read_them():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    assert format_nip("12345") == "12345"
    assert format_nip("") == ""
    assert format_nip(None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("III/a", "III/a"),
        ("iii / A", "III/a"),
        ("3a", "III/a"),
        ("III.b", "III/b"),
        ("III-c", "III/c"),
        ("IV/e", "IV/e"),
        ("Penata Muda (III/a)", "III/a"),
        ("Pembina Tk. I, IV/b", "IV/b"),
        ("ix", "IX"),
        ("XVII", "XVII"),
        ("V", "V"),
        ("", ""),
        (None, ""),
        ("IV/f", None),
        ("Z/9", None),
        ("XVIII", None),
        ("golongan tiga", None),
    ],
)
def test_normalize_golongan(raw, expected):
    assert normalize_golongan(raw) == expected


def test_pangkat_names_follow_the_golongan():
    assert PANGKAT["III/a"] == "Penata Muda"
    assert PANGKAT["IV/e"] == "Pembina Utama"
    assert len(PANGKAT) == 17


def test_check_golongan_matches_the_employment_type():
    check_golongan("III/a", EmploymentType.PNS)
    check_golongan("IX", EmploymentType.PPPK)
    check_golongan("", EmploymentType.PNS)
    with pytest.raises(ValidationError, match="golongan PPPK"):
        check_golongan("IX", EmploymentType.PNS)
    with pytest.raises(ValidationError, match="golongan PNS"):
        check_golongan("III/a", EmploymentType.PPPK)


@pytest.mark.parametrize(
    ("jabatan", "kind"),
    [
        ("Pustakawan Ahli Muda", JabatanKind.AHLI_MUDA),
        ("Arsiparis Ahli Pertama", JabatanKind.AHLI_PERTAMA),
        ("Perawat Terampil", JabatanKind.TERAMPIL),
        ("Pranata Komputer Penyelia", JabatanKind.PENYELIA),
        ("Kepala Dinas Kelautan dan Perikanan", JabatanKind.JPT_PRATAMA),
        ("Sekretaris", JabatanKind.ADMINISTRATOR),
        ("Kepala Bidang Layanan", JabatanKind.ADMINISTRATOR),
        ("Kepala Seksi Pengolahan", JabatanKind.PENGAWAS),
        ("Kepala Subbagian Umum", JabatanKind.PENGAWAS),
        ("Pengadministrasi Umum", JabatanKind.PELAKSANA),
        ("", JabatanKind.PELAKSANA),
    ],
)
def test_infer_jabatan_kind_from_the_name(jabatan, kind):
    assert infer_jabatan_kind(jabatan) == kind


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Fungsional Ahli Pertama", JabatanKind.AHLI_PERTAMA),
        ("ahli_muda", JabatanKind.AHLI_MUDA),
        ("Administrator", JabatanKind.ADMINISTRATOR),
        ("JPT Pratama", JabatanKind.JPT_PRATAMA),
        ("JFU", JabatanKind.PELAKSANA),
        ("Fungsional Umum", JabatanKind.PELAKSANA),
        ("Jabatan Fungsional Ahli Madya", JabatanKind.AHLI_MADYA),
        ("Fungsional", None),
        ("", None),
        (None, None),
    ],
)
def test_jabatan_kind_from_label(label, kind):
    assert jabatan_kind_from_label(label) == kind
