"""JP exports keyed by NIP for SIASN's course history and E-Kinerja (issue 5, item 6).

One row per person and realised activity: the fields of SIASN's riwayat kursus/diklat, dates
as dd-mm-yyyy, jumlah_jam = the JP credited (after the PPPK cap). Every export is written to
ExportLog (UU 27/2022: access to personal data is logged)."""

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from intan_wpl.models import ExportLog
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
)
TEXT_COLUMNS = ("nip", "nama", "nama_kursus", "penyelenggara", "nomor_sertifikat", "tanggal_mulai", "tanggal_selesai")
DATE_FORMAT = "%d-%m-%Y"
FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    realisation = credit.realisation
    activity = realisation.activity
    return {
        "nip": credit.pegawai.nip,
        "nama": credit.pegawai.name,
        "jenis_diklat_id": activity.form.siasn_jenis_diklat_id,
        "nama_kursus": activity.title,
        # Workplace learning is organised by the OPD itself when the plan names no organiser.
        "penyelenggara": activity.organiser or activity.plan.programme_opd.opd.name,
        "nomor_sertifikat": realisation.certificate_number,
        "tanggal_mulai": realisation.start_date.strftime(DATE_FORMAT),
        "tanggal_selesai": realisation.end_date.strftime(DATE_FORMAT),
        "tahun": credit.year,
        "jumlah_jam": _hours(credit.jp),
    }


def _safe_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SIASN_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _safe_text(value) if key in TEXT_COLUMNS else value for key, value in row.items()})
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows, *, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(SIASN_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for column_number, key in enumerate(SIASN_COLUMNS, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            value = row[key]
            if key in TEXT_COLUMNS:
                # NIP (18 digits) and dd-mm-yyyy dates must stay text, never a number or a
                # date that Excel rewrites; a leading "=" must never become a formula.
                cell.value = "" if value is None else str(value)
                cell.data_type = "s"
                cell.number_format = "@"
            else:
                cell.value = value
    for column_number, width in enumerate((22, 32, 16, 40, 32, 22, 15, 15, 8, 12), start=1):
        sheet.column_dimensions[get_column_letter(column_number)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _json(rows):
    return json.dumps(list(rows), ensure_ascii=False, indent=2).encode("utf-8")


@transaction.atomic
def jp_export(*, user, year, fmt, opd=None):
    """Build the export of `year` for one OPD (or every OPD when opd is None: the admin's
    export) in `fmt` (csv, xlsx or json) and log it. The caller checks the user's scope."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    credits = export_credits(year, opd_ids=None if opd is None else [opd.pk])
    rows = [siasn_row(credit) for credit in credits]
    scope_name = opd.short_name if opd is not None else "semua-opd"
    if fmt == "csv":
        content = _csv(rows)
    elif fmt == "xlsx":
        content = _xlsx(rows, title=f"JP {year}")
    else:
        content = _json(rows)
    ExportLog.objects.create(
        user=user,
        kind=f"jp_siasn_{fmt}",
        description=(f"Riwayat kursus/JP SIASN {year}: {opd.name if opd is not None else 'semua OPD'}")[:300],
        row_count=len(rows),
        pseudonymised=False,
    )
    filename = f"jp-siasn-{slugify(scope_name) or 'opd'}-{year}.{fmt}"
    return ExportFile(content=content, content_type=CONTENT_TYPES[fmt], filename=filename, row_count=len(rows))
