"""The SKP of an OPD from e-Kinerja (issue 14, item 5): one row per person, period, rencana hasil
kerja (RHK) and indicator, with its target and realisation. The roster's row-error rules: every
row is checked, each error names its row, column, value and reason, and nothing is written
unless every row is right. A row already imported (same person, period, RHK and indicator)
takes the file's target and realisation: importing the same file twice changes nothing."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pilots.domain import normalize_nip
from pilots.models import Pegawai, SkpIndicator
from pilots.services.spreadsheets import SheetRecord, find_header, sheet_cells

MAX_ROWS = 20_000
COLUMNS = {
    "nip": (gettext_lazy("NIP"), ("nip", "nip baru", "nip pegawai", "nip ni pppk")),
    "period": (gettext_lazy("Periode"), ("periode", "periode skp", "periode penilaian", "tahun")),
    "rhk": (gettext_lazy("Rencana hasil kerja"), ("rencana hasil kerja", "rhk", "rencana hasil kerja rhk")),
    "indicator": (gettext_lazy("Indikator"), ("indikator", "indikator kinerja", "indikator kinerja individu")),
    "target": (gettext_lazy("Target"), ("target",)),
    "realisation": (gettext_lazy("Realisasi"), ("realisasi", "realisasi kinerja")),
}
REQUIRED = ("nip", "period", "rhk", "indicator", "target")
TEMPLATE_HEADER = ["NIP", "Periode", "Rencana hasil kerja", "Indikator", "Target", "Realisasi"]
YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
LIMITS = {"period": 30, "rhk": 500, "indicator": 500, "target": 100, "realisation": 100}


@dataclass
class SkpImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def _text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a year or a target typed into a number cell
    return "" if value is None else " ".join(str(value).split())


def _check(row, staff):
    values = {name: _text(row.get(name)) for name in COLUMNS}
    nip = normalize_nip(values["nip"])
    pegawai = staff.get(nip)
    if not nip:
        row.error("nip", _("NIP kosong."))
    elif pegawai is None:
        row.error("nip", _("NIP tidak ada pada daftar pegawai OPD ini: impor daftar pegawainya dulu."))
    for name in REQUIRED[1:]:
        if not values[name]:
            row.error(name, _("%(column)s kosong.") % {"column": COLUMNS[name][0]})
        elif len(values[name]) > LIMITS[name]:
            row.error(name, _("Lebih dari %(max)s karakter.") % {"max": LIMITS[name]})
    if values["realisation"] and len(values["realisation"]) > LIMITS["realisation"]:
        row.error("realisation", _("Lebih dari %(max)s karakter.") % {"max": LIMITS["realisation"]})
    year = YEAR.search(values["period"])
    if values["period"] and year is None:
        row.error("period", _("Periode tanpa tahun: tulis misalnya 2025 atau Triwulan I 2025."))
    if row.errors:
        return None
    return {"pegawai": pegawai, "year": int(year.group(1)), **{k: values[k] for k in LIMITS}}


def _check_rows(rows, columns, staff):
    result, seen, records = SkpImportResult(), {}, []
    for number, values in rows:
        if not any(value not in (None, "") for value in values):
            continue
        row = SheetRecord(number, values, columns, COLUMNS)
        record = _check(row, staff)
        if record is not None:
            key = (
                record["pegawai"].pk,
                record["period"].casefold(),
                record["rhk"].casefold(),
                record["indicator"].casefold(),
            )
            if key in seen:
                row.error(
                    "indicator",
                    _("Baris ini sama dengan baris %(row)s (NIP, periode, RHK, indikator).") % {"row": seen[key]},
                )
            seen.setdefault(key, number)
        result.errors.extend(row.errors)
        if record is not None and not row.errors:
            records.append(record)
    return result, records


def _save(records):
    existing = {
        (item.pegawai_id, item.period, item.rhk, item.indicator): item
        for item in SkpIndicator.objects.filter(pegawai__in={record["pegawai"] for record in records})
    }
    created, updated = [], []
    for record in records:
        item = existing.get((record["pegawai"].pk, record["period"], record["rhk"], record["indicator"]))
        if item is None:
            item = SkpIndicator(**record)
            item.full_clean()
            item.save()
            created.append(item)
        elif (item.target, item.realisation, item.year) != (record["target"], record["realisation"], record["year"]):
            item.target, item.realisation, item.year = record["target"], record["realisation"], record["year"]
            item.save(update_fields=["target", "realisation", "year", "imported_at"])
            updated.append(item)
    return created, updated


def _no_progress(percent, step=""):
    """The progress callback when nobody follows the import (tests, a shell)."""


def skp_import(*, opd, stream, progress=None):
    """Check every row of the file against `opd`'s roster and, when all are right, write them in
    one transaction. Returns an SkpImportResult (errors: nothing was written). Raises
    ValidationError when the file itself cannot be read. `progress(percent, step)`: the job's
    progress bar (pilots.jobs, "skp_import")."""
    progress = progress or _no_progress
    progress(5, _("Membaca berkas"))
    rows = sheet_cells(stream, max_rows=MAX_ROWS)
    header_row, columns = find_header(rows, COLUMNS)
    missing = [str(COLUMNS[name][0]) for name in REQUIRED if name not in columns]
    if missing:
        raise ValidationError(
            _("Kolom berikut tidak ada pada baris judul: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    data = [(number, tuple(values)) for number, values in rows if number > header_row]
    if len(data) > MAX_ROWS:
        raise ValidationError(_("Berkas lebih dari %(max)s baris: bagi menjadi beberapa berkas.") % {"max": MAX_ROWS})
    progress(30, _("Memeriksa %(count)s baris") % {"count": len(data)})
    staff = Pegawai.objects.filter(opd=opd).in_bulk(field_name="nip")
    result, records = _check_rows(data, columns, staff)
    if not result.errors and not records:
        raise ValidationError(_("Berkas tidak berisi baris data di bawah baris judul kolom."))
    if not result.errors:
        progress(70, _("Menyimpan %(count)s indikator") % {"count": len(records)})
        with transaction.atomic():
            result.created, result.updated = _save(records)
    return result
