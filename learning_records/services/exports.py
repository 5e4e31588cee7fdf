"""JP exports keyed by NIP for SIASN's course history and E-Kinerja (issue 5, item 6).

One row per person and realised activity held (ended) in the year: the fields of SIASN's riwayat
kursus/diklat, dates as dd-mm-yyyy, jumlah_jam = the JP actually attended (before the PPPK cap:
the cap shapes the portal's ledger, not the person's training history), and the person's own
certificate number (JpCredit.certificate_number, pattern in docs/jp-rules.md). CSV starts with a
byte-order mark (Excel then reads UTF-8) and may use ";" (Excel in an Indonesian locale). Every
export is written to ExportLog (UU 27/2022: access to personal data is logged); files are
written by intan_wpl.exports."""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intan_wpl.exports import CONTENT_TYPES, Column, XlsxWriter, csv_write, json_write, record_export
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


PROGRESS_EVERY = 1000  # rows between two progress reports of the province-wide job


def _export_rows(credits, *, total, progress):
    for done, credit in enumerate(credits.iterator(chunk_size=2000), start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(100 * done / max(total, 1), _("%(done)s dari %(total)s baris") % {"done": done, "total": total})
        yield siasn_row(credit)


def jp_export_filename(*, year, fmt, opd=None):
    scope_name = opd.short_name if opd is not None else "semua-opd"
    return f"jp-siasn-{slugify(scope_name) or 'opd'}-{year}.{fmt}"


def jp_export_write(*, user, year, fmt, stream, opd=None, delimiter=",", progress=None):
    """Write the export of `year` for one OPD (or every OPD when opd is None: the admin's
    province-wide export, a background job) in `fmt` (csv, xlsx or json) to the binary `stream`,
    row by row, and log it. `progress(percent, step)` hears every PROGRESS_EVERY rows. The
    caller checks the user's scope. Returns the number of rows.

    Only the export log entry is written in a transaction: the rows are read outside one, so
    the job's progress (its own row, updated as rows stream) is seen by the job page while the
    export runs, not only at its end as inside one long transaction on PostgreSQL."""
    if delimiter not in DELIMITERS:
        raise ValueError(delimiter)
    if fmt not in FORMATS:
        raise ValueError(fmt)
    credits = export_credits(year, opd_ids=None if opd is None else [opd.pk])
    total = credits.count() if progress is not None else 0
    rows = _export_rows(credits, total=total, progress=progress)
    if fmt == "json":
        row_count = json_write(stream, rows)
    else:
        values = ([row[name] for name in SIASN_COLUMNS] for row in rows)
        if fmt == "csv":
            row_count = csv_write(stream, COLUMNS, values, delimiter=delimiter, bom=True)
        else:
            writer = XlsxWriter()
            row_count = writer.sheet(f"JP {year}", COLUMNS).extend(values)
            writer.save(stream)
    with transaction.atomic():
        record_export(
            user=user,
            kind=f"jp_siasn_{fmt}",
            description=f"Riwayat kursus/JP SIASN {year}: {opd.name if opd is not None else 'semua OPD'}",
            row_count=row_count,
        )
    return row_count


def jp_export(*, user, year, fmt, opd, delimiter=","):
    """The export of one OPD, built in the request (bounded: one OPD's credits of one year, a
    few thousand rows at most); the whole province is a job (learning_records.jobs)."""
    buffer = io.BytesIO()
    row_count = jp_export_write(user=user, year=year, fmt=fmt, stream=buffer, opd=opd, delimiter=delimiter)
    return ExportFile(
        content=buffer.getvalue(),
        content_type=CONTENT_TYPES[fmt],
        filename=jp_export_filename(year=year, fmt=fmt, opd=opd),
        row_count=row_count,
    )
