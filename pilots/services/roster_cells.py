"""Reading one roster cell: NIP, employment type, dates, golongan from pangkat, unit names.
Split from roster_analysis.py, which checks whole rows with these."""

import re
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from pilots.domain import PNS_GOLONGAN, EmploymentType, normalize_golongan, normalize_nip
from pilots.services.roster_reader import header_key

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_NIP_PREFIX = re.compile(r"^\s*nip\s*[.:]?\s*", re.IGNORECASE)
_PANGKAT_TO_GOLONGAN = {}
for _code, _pangkat in PNS_GOLONGAN:
    _PANGKAT_TO_GOLONGAN[header_key(_pangkat)] = _code
    _PANGKAT_TO_GOLONGAN[header_key(_pangkat.replace("Tingkat", "Tk"))] = _code


def _nip_number_message():
    return _(
        "NIP tersimpan sebagai angka, sehingga Excel membulatkan digit terakhirnya (Excel hanya menyimpan 15 "
        "digit angka). Format kolom NIP sebagai Teks, ketik ulang atau tempel NIP yang benar, lalu unggah lagi."
    )


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value):
    """A cell as one line of text: numbers without a trailing .0, whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _shown(value):
    text = _text(value)
    return text if len(text) <= 120 else text[:117] + "..."


def nip_from_cell(value):
    """(digits, error message or None) for what a NIP cell holds.

    Text may carry spaces, dots, dashes, a leading apostrophe or a 'NIP.' prefix. A number
    cell with more than 15 digits has lost its last digits in Excel and cannot be trusted.
    """
    if _blank(value):
        return "", None
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return _text(value), None
        digits = str(abs(int(value)))
        if len(digits) > 15:
            return digits, _nip_number_message()
        return digits, None
    text = str(value).strip()
    if _SCIENTIFIC.match(text):
        return text, _nip_number_message()
    return normalize_nip(_NIP_PREFIX.sub("", text)), None


def employment_type_from_label(raw):
    """PNS for 'PNS'/'CPNS', PPPK for 'PPPK'/'P3K'/'PPPK Paruh Waktu'; None for anything else."""
    key = re.sub(r"[^a-z0-9]", "", str(raw or "").casefold())
    if key.startswith(("pns", "cpns", "pegawainegerisipil", "calonpegawainegerisipil", "calonpns")):
        return EmploymentType.PNS
    if key.startswith(("pppk", "p3k", "pegawaipemerintahdenganperjanjiankerja")):
        return EmploymentType.PPPK
    return None


_DATE_TEXT = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
# Also "2025-04-01 00:00:00": a spreadsheet date cell as text once the upload is stored.
_ISO_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def date_from_cell(raw):
    """A roster date: a spreadsheet date, an Excel serial number, dd-mm-yyyy (also with / or .)
    or yyyy-mm-dd. Returns the date, None when the cell is empty; raises ValueError otherwise."""
    if _blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and 10_000 < raw < 100_000:
        return _EXCEL_EPOCH + timedelta(days=int(raw))
    text = _text(raw)
    match = _DATE_TEXT.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)  # ValueError for 31-02-2025
    match = _ISO_DATE_TEXT.match(text)
    if match:
        return date(*(int(part) for part in match.groups()))
    raise ValueError(text)


def golongan_from_pangkat(raw):
    """'Penata Muda Tk. I' -> 'III/b'; '' when empty; None when not a pangkat."""
    if _blank(raw):
        return ""
    code = normalize_golongan(raw)
    if code:
        return code
    return _PANGKAT_TO_GOLONGAN.get(header_key(raw))


def unit_key(name):
    """Unit names match ignoring case and spacing: 'Bidang  Layanan' is 'bidang layanan'."""
    return " ".join(str(name or "").split()).casefold() or None
