"""JP exports keyed by NIP for SIASN's course history and E-Kinerja (issue 5, item 6).

One row per person and realised activity held (ended) in the year: the fields of SIASN's riwayat
kursus/diklat, dates as dd-mm-yyyy, jumlah_jam = the JP actually attended (before the PPPK cap:
the cap shapes the portal's ledger, not the person's training history), and the person's own
certificate number (JpCredit.certificate_number, pattern in docs/jp-rules.md). CSV starts with a
byte-order mark (Excel then reads UTF-8) and may use ";" (Excel in an Indonesian locale). Every
export is written to ExportLog (UU 27/2022: access to personal data is logged); files are
written by intan_wpl.exports."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from intan_wpl.exports import CONTENT_TYPES, Column, csv_bytes, json_bytes, record_export, xlsx_bytes
from learning_records.selectors.ledger import export_credits

SIASN_COLUMNS = (
    "nip",
    "nama",
    "jenis_diklat_id",
    "nama_kursus",
    "penyelenggara",
    "nomor_sertifikat",
    "tanggal_mulai",
    "tanggal_selesai",
    "tahun",
    "jumlah_jam",
    "sumber",
)
TEXT_COLUMNS = (
    "nip",
    "nama",
    "nama_kursus",
    "penyelenggara",
    "nomor_sertifikat",
    "tanggal_mulai",
    "tanggal_selesai",
    "sumber",
)
WIDTHS = dict(zip(SIASN_COLUMNS, (22, 32, 16, 40, 32, 22, 15, 15, 8, 12, 10), strict=True))
SOURCE_PORTAL = "portal"
SOURCE_EXTERNAL = "eksternal"
SOURCE_JOURNAL = "jurnal"  # validated on-the-job or social learning (learning journal)
COLUMNS = [Column(name, text=name in TEXT_COLUMNS, width=WIDTHS[name]) for name in SIASN_COLUMNS]
DATE_FORMAT = "%d-%m-%Y"
FORMATS = ("csv", "xlsx", "json")
DELIMITERS = (",", ";")


@dataclass
class ExportFile:
    content: bytes
    content_type: str
    filename: str
    row_count: int


def _hours(jp):
    jp = Decimal(jp)
    return int(jp) if jp == jp.to_integral_value() else float(jp)


def siasn_row(credit):
    """One row of SIASN's course history; `sumber` says whether the JP was earned through the
    portal or recorded as earned elsewhere (external JP)."""
    if credit.is_external:
        entry = credit.external
        form, title, organiser, start, end = entry.form, entry.title, entry.provider, entry.start_date, entry.end_date
    elif credit.is_journal:
        # Validated on-the-job learning: organised at the person's own OPD, on the day it happened.
        entry = credit.journal
        form, title, organiser, start, end = entry.form, entry.title, credit.pegawai.opd.name, entry.date, entry.date
    else:
        realisation = credit.realisation
        activity = realisation.activity
        form, title, start, end = activity.form, activity.title, realisation.start_date, realisation.end_date
        # Workplace learning is organised by the OPD itself when the plan names no organiser.
        organiser = activity.organiser or activity.plan.programme_opd.opd.name
    return {
        "nip": credit.pegawai.nip,
        "nama": credit.pegawai.name,
        "jenis_diklat_id": form.siasn_jenis_diklat_id,
        "nama_kursus": title,
        "penyelenggara": organiser,
        "nomor_sertifikat": credit.certificate_number,
        "tanggal_mulai": start.strftime(DATE_FORMAT),
        "tanggal_selesai": end.strftime(DATE_FORMAT),
        "tahun": end.year,
        "jumlah_jam": _hours(credit.jp_before_cap),
        "sumber": SOURCE_EXTERNAL if credit.is_external else SOURCE_JOURNAL if credit.is_journal else SOURCE_PORTAL,
    }


@transaction.atomic
def jp_export(*, user, year, fmt, opd=None, delimiter=","):
    """Build the export of `year` for one OPD (or every OPD when opd is None: the admin's
    export) in `fmt` (csv, xlsx or json) and log it. The caller checks the user's scope."""
    if delimiter not in DELIMITERS:
        raise ValueError(delimiter)
    if fmt not in FORMATS:
        raise ValueError(fmt)
    credits = export_credits(year, opd_ids=None if opd is None else [opd.pk])
    rows = [siasn_row(credit) for credit in credits]
    scope_name = opd.short_name if opd is not None else "semua-opd"
    values = [[row[name] for name in SIASN_COLUMNS] for row in rows]
    if fmt == "csv":
        content = csv_bytes(COLUMNS, values, delimiter=delimiter, bom=True)
    elif fmt == "xlsx":
        content = xlsx_bytes(f"JP {year}", COLUMNS, values)
    else:
        content = json_bytes(rows)
    record_export(
        user=user,
        kind=f"jp_siasn_{fmt}",
        description=f"Riwayat kursus/JP SIASN {year}: {opd.name if opd is not None else 'semua OPD'}",
        row_count=len(rows),
    )
    filename = f"jp-siasn-{slugify(scope_name) or 'opd'}-{year}.{fmt}"
    return ExportFile(content=content, content_type=CONTENT_TYPES[fmt], filename=filename, row_count=len(rows))
