"""Indonesian civil-service identifiers and ranks (DOMAIN.md): NIP, golongan, jabatan.

Pure functions, no database: the model validators, the roster import and the demo data
all go through these, so a NIP is judged the same way everywhere.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from intan_wpl.formatting import format_nip  # noqa: F401  (one definition, used through pilots.domain too)


class EmploymentType(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


PNS_GOLONGAN = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK_GOLONGAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]
GOLONGAN_CHOICES = [(code, f"{code} – {pangkat}") for code, pangkat in PNS_GOLONGAN] + [
    (code, f"{code} (PPPK)") for code in PPPK_GOLONGAN
]
PNS_GOLONGAN_CODES = {code for code, _pangkat in PNS_GOLONGAN}
PANGKAT = dict(PNS_GOLONGAN)


class JabatanKind(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    AHLI_PERTAMA = "ahli_pertama", _("Fungsional Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Fungsional Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Fungsional Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Fungsional Ahli Utama")
    PEMULA = "pemula", _("Fungsional Pemula")
    TERAMPIL = "terampil", _("Fungsional Terampil")
    MAHIR = "mahir", _("Fungsional Mahir")
    PENYELIA = "penyelia", _("Fungsional Penyelia")
    PELAKSANA = "pelaksana", _("Pelaksana")


@dataclass(frozen=True)
class NipFacts:
    birth_date: date
    appointment_year: int
    gender: str


_NIP_SEPARATORS = re.compile(r"[\s.\-'’`]")


def normalize_nip(raw):
    """Digits only: '19860926 201505 1 001' and '19860926.201505.1.001' both give 18 digits."""
    return _NIP_SEPARATORS.sub("", str(raw or "")).strip()


def parse_nip(nip, employment_type=EmploymentType.PNS, *, today=None):
    """Check a NIP (PNS) or NI PPPK and return what it encodes; raise ValidationError otherwise.

    Both are 18 digits: birth date YYYYMMDD, then the appointment year (and for a PNS the
    TMT CPNS month), a gender digit 1 (male) or 2 (female), and a serial. Digits 13-14 of an
    NI PPPK are not a month, so the month check applies to PNS only.
    """
    today = today or date.today()  # noqa: DTZ011 - a calendar date, not an instant
    if not nip.isdigit():
        raise ValidationError(_("NIP hanya boleh berisi angka."), code="nip_digits")
    if len(nip) != 18:
        raise ValidationError(
            _("NIP harus 18 digit; yang diisi %(count)s digit.") % {"count": len(nip)}, code="nip_length"
        )
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NIP (digit 1-8: %(part)s) bukan tanggal yang ada.") % {"part": nip[:8]},
            code="nip_birth_date",
        ) from None
    if not (1940 <= birth.year <= today.year - 15):
        raise ValidationError(
            _("Tahun lahir pada NIP (%(year)s) tidak masuk akal untuk seorang ASN.") % {"year": birth.year},
            code="nip_birth_year",
        )
    appointment_year = int(nip[8:12])
    if not (birth.year + 15 <= appointment_year <= today.year + 1):
        raise ValidationError(
            _("Tahun pengangkatan pada NIP (digit 9-12: %(year)s) tidak masuk akal.") % {"year": appointment_year},
            code="nip_appointment_year",
        )
    if employment_type == EmploymentType.PNS and not (1 <= int(nip[12:14]) <= 12):
        raise ValidationError(
            _("Bulan TMT CPNS pada NIP (digit 13-14: %(month)s) harus 01 sampai 12.") % {"month": nip[12:14]},
            code="nip_tmt_month",
        )
    if nip[14] not in "12":
        raise ValidationError(
            _("Digit jenis kelamin pada NIP (digit 15) harus 1 (laki-laki) atau 2 (perempuan), bukan %(digit)s.")
            % {"digit": nip[14]},
            code="nip_gender",
        )
    return NipFacts(
        birth_date=birth,
        appointment_year=appointment_year,
        gender=Gender.MALE if nip[14] == "1" else Gender.FEMALE,
    )


_GOLONGAN_PATTERN = re.compile(r"\b(IV|III|II|I|[1-4])\s*[/.\-\s]?\s*([a-eA-E])\b")
_ARABIC_TO_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
# A PPPK golongan alone, or as rosters write it: "Gol. IX", "Golongan IX", "IX (sembilan)".
_PPPK_PATTERN = re.compile(
    r"^\s*(?:gol(?:ongan)?\.?\s*)?(X{0,1}(?:IX|IV|V?I{0,3}))\s*(?:\([^)]*\))?\s*$", re.IGNORECASE
)


def normalize_golongan(raw):
    """'III/a', 'iii / A', '3a', 'III.a', 'Penata Muda (III/a)' -> 'III/a'; 'ix' -> 'IX'; '' -> ''.

    Returns None when the text is not a golongan at all.
    """
    text = str(raw or "").strip()
    if not text:
        return ""
    match = _GOLONGAN_PATTERN.search(text.upper().replace("IIII", "IV"))
    if match:
        roman = _ARABIC_TO_ROMAN.get(match.group(1), match.group(1))
        code = f"{roman}/{match.group(2).lower()}"
        return code if code in PNS_GOLONGAN_CODES else None
    pppk = _PPPK_PATTERN.match(text)
    if pppk and pppk.group(1).upper() in PPPK_GOLONGAN:
        return pppk.group(1).upper()
    return None


def check_golongan(golongan, employment_type):
    if not golongan:
        return
    if employment_type == EmploymentType.PNS and golongan not in PNS_GOLONGAN_CODES:
        raise ValidationError(
            _("Golongan %(gol)s adalah golongan PPPK; PNS memakai I/a sampai IV/e.") % {"gol": golongan},
            code="golongan_type",
        )
    if employment_type == EmploymentType.PPPK and golongan not in PPPK_GOLONGAN:
        raise ValidationError(
            _("Golongan %(gol)s adalah golongan PNS; PPPK memakai golongan I sampai XVII.") % {"gol": golongan},
            code="golongan_type",
        )


_JABATAN_RULES = [
    (re.compile(r"\bahli utama\b"), JabatanKind.AHLI_UTAMA),
    (re.compile(r"\bahli madya\b"), JabatanKind.AHLI_MADYA),
    (re.compile(r"\bahli muda\b"), JabatanKind.AHLI_MUDA),
    (re.compile(r"\bahli pertama\b"), JabatanKind.AHLI_PERTAMA),
    (re.compile(r"\bpenyelia\b"), JabatanKind.PENYELIA),
    (re.compile(r"\bmahir\b"), JabatanKind.MAHIR),
    (re.compile(r"\bterampil\b"), JabatanKind.TERAMPIL),
    (re.compile(r"\bpemula\b"), JabatanKind.PEMULA),
    (
        re.compile(r"^(kepala|direktur)\s+(dinas|badan|rsud|rumah sakit)|^sekretaris daerah|^inspektur$"),
        JabatanKind.JPT_PRATAMA,
    ),
    (
        re.compile(r"^(sekretaris|kepala bidang|kepala bagian|inspektur pembantu|wakil direktur|kepala upt)"),
        JabatanKind.ADMINISTRATOR,
    ),
    (re.compile(r"^kepala (seksi|sub ?bagian|subbagian|sub ?bidang|instalasi|ruang)"), JabatanKind.PENGAWAS),
]


def infer_jabatan_kind(jabatan):
    """A best guess of the jabatan kind from its name, for rosters without that column."""
    name = re.sub(r"\s+", " ", str(jabatan or "").strip().lower())
    for pattern, kind in _JABATAN_RULES:
        if pattern.search(name):
            return kind
    return JabatanKind.PELAKSANA


def jabatan_kind_from_label(raw):
    """Map what a spreadsheet writes in a 'jenis jabatan' column to a JabatanKind, or None."""
    text = re.sub(r"[\s_]+", " ", str(raw or "").strip().lower())
    if not text:
        return None
    for kind in JabatanKind:
        if text in {kind.value.replace("_", " "), str(kind.label).lower()}:
            return kind
    aliases = {
        "jpt": JabatanKind.JPT_PRATAMA,
        "struktural": JabatanKind.ADMINISTRATOR,
        "fungsional umum": JabatanKind.PELAKSANA,
        "jfu": JabatanKind.PELAKSANA,
        "pelaksana": JabatanKind.PELAKSANA,
        "jpt pratama": JabatanKind.JPT_PRATAMA,
        "jpt madya": JabatanKind.JPT_MADYA,
        "jpt utama": JabatanKind.JPT_UTAMA,
    }
    if text in aliases:
        return aliases[text]
    for kind in JabatanKind:
        if text.endswith(kind.value.replace("_", " ")):
            return kind
    return None
