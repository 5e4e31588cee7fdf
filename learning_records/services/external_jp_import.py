"""External JP from a spreadsheet (XLSX or CSV), with the roster's row-error rules: the file is
judged by its content, every row is checked, each error names its row, column, value and the
reason, and nothing is written unless every row is right (all or nothing)."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learning_plans.models import DevelopmentForm
from learning_records.models import ExternalJp
from learning_records.services.external_jp import entry_errors
from learning_records.services.realisation import credit_external_jp
from pilots.domain import normalize_nip
from pilots.models import Pegawai
from pilots.services.roster_analysis import date_from_cell
from pilots.services.roster_reader import header_key
from pilots.services.spreadsheets import SheetRecord, find_header, sheet_cells

MAX_ROWS = 5_000
PROGRESS_ROWS = 200
# field -> (label in messages, header texts after header_key)
COLUMNS = {
    "nip": (_("NIP"), ("nip", "nip baru", "nip ni pppk", "ni pppk", "nip pegawai")),
    "title": (_("Nama kegiatan"), ("nama kegiatan", "nama kursus", "nama pelatihan", "nama diklat", "kegiatan")),
    "provider": (_("Penyelenggara"), ("penyelenggara", "instansi penyelenggara", "lembaga penyelenggara")),
    "form": (_("Bentuk"), ("bentuk", "bentuk pengembangan", "kode bentuk", "jenis diklat", "jenis diklat id")),
    "start_date": (_("Tanggal mulai"), ("tanggal mulai", "mulai", "tgl mulai")),
    "end_date": (_("Tanggal selesai"), ("tanggal selesai", "selesai", "tgl selesai")),
    "jp": (_("JP"), ("jp", "jumlah jp", "jumlah jam", "jam pelajaran")),
    "certificate_number": (_("Nomor sertifikat"), ("nomor sertifikat", "no sertifikat", "nomor sttpp")),
}
REQUIRED = ("nip", "title", "provider", "form", "end_date", "jp")
TEMPLATE_HEADER = [
    "NIP",
    "Nama kegiatan",
    "Penyelenggara",
    "Bentuk",
    "Tanggal mulai",
    "Tanggal selesai",
    "JP",
    "Nomor sertifikat",
]


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def _form_lookup():
    forms = {}
    for form in DevelopmentForm.objects.all():
        forms[form.lan_code.casefold()] = form
        forms[header_key(form.name)] = form
        forms.setdefault(str(form.siasn_jenis_diklat_id), form)
    return forms


def _jp_of(row):
    raw = row.get("jp")
    try:
        return Decimal(str(raw).replace(",", ".")) if raw not in (None, "") else None
    except InvalidOperation:
        row.error("jp", _("JP bukan angka."))
        return False


def _dates_of(row):
    dates = {}
    for name in ("start_date", "end_date"):
        try:
            dates[name] = date_from_cell(row.get(name))
        except ValueError:
            row.error(name, _("Tanggal tidak terbaca: tulis sebagai dd-mm-yyyy, misalnya 15-03-2025."))
            dates[name] = False
    if dates["end_date"] is None:
        row.error("end_date", _("Tanggal selesai kosong."))
    if dates["start_date"] is None and dates["end_date"]:
        dates["start_date"] = dates["end_date"]  # a one-day course
    return dates


def _entry_of(row, *, staff, forms, recorded_by):
    nip = normalize_nip(str(row.get("nip") or ""))
    pegawai = staff.get(nip)
    if not nip:
        row.error("nip", _("NIP kosong."))
    elif pegawai is None:
        row.error("nip", _("NIP tidak terdaftar pada daftar pegawai mana pun: impor daftar pegawainya dulu."))
    for name in ("title", "provider"):
        if not row.get(name):
            row.error(name, _("%(column)s kosong.") % {"column": COLUMNS[name][0]})
    raw_form = row.get("form")
    if isinstance(raw_form, float) and raw_form.is_integer():
        raw_form = int(raw_form)  # a SIASN id typed into a number cell
    form = forms.get(header_key(str(raw_form or "")))
    if form is None:
        row.error("form", _("Bentuk tidak dikenal: tulis kode LAN (misalnya KL03, NKL03) atau ID jenis diklat SIASN."))
    dates, jp = _dates_of(row), _jp_of(row)
    if row.errors:
        return None
    entry = ExternalJp(
        pegawai=pegawai,
        title=str(row.get("title"))[:300],
        provider=str(row.get("provider"))[:200],
        form=form,
        jp=jp,
        certificate_number=str(row.get("certificate_number") or "")[:100],
        recorded_by=recorded_by,
        **dates,
    )
    for name, messages in entry_errors(entry).items():
        row.error(name if name in COLUMNS else "title", messages[0])
    return None if row.errors else entry


def _check_rows(rows, columns, *, recorded_by):
    staff_nips = {
        normalize_nip(str(values[columns["nip"]] or "")) for _n, values in rows if len(values) > columns["nip"]
    }
    staff = Pegawai.objects.select_related("opd").in_bulk([nip for nip in staff_nips if nip], field_name="nip")
    forms = _form_lookup()
    result, seen = ImportResult(), {}
    for number, values in rows:
        if not any(value not in (None, "") for value in values):
            continue
        row = SheetRecord(number, values, columns, COLUMNS)
        entry = _entry_of(row, staff=staff, forms=forms, recorded_by=recorded_by)
        if entry is not None:
            key = (entry.pegawai_id, entry.title.casefold(), entry.end_date)
            if key in seen:
                row.error(
                    "title",
                    _("Baris ini sama dengan baris %(row)s (pegawai, kegiatan dan tanggal).") % {"row": seen[key]},
                )
            seen.setdefault(key, number)
        result.errors.extend(row.errors)
        if entry is not None and not row.errors:
            result.created.append(entry)
    return result


def _no_progress(percent, step=""):
    """The progress callback when nobody follows the import (tests, a shell)."""


def external_jp_import(*, stream, recorded_by, progress=None):
    """Check every row of the file and, when all are right, record and credit them in one
    transaction. Returns an ImportResult (errors: nothing was written). Raises ValidationError
    when the file itself cannot be read. `progress(percent, step)`: the job's progress bar
    (learning_records.jobs), every PROGRESS_ROWS rows while writing."""
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
    progress(20, _("Memeriksa %(count)s baris") % {"count": len(data)})
    result = _check_rows(data, columns, recorded_by=recorded_by)
    if not result.errors and not result.created:
        raise ValidationError(_("Berkas tidak berisi baris data di bawah baris judul kolom."))
    if result.errors:
        result.created = []
        return result
    total = len(result.created)
    with transaction.atomic():
        for done, entry in enumerate(result.created):
            if done % PROGRESS_ROWS == 0:
                progress(
                    40 + 55 * done // total,
                    _("Mencatat baris %(done)s dari %(total)s") % {"done": done, "total": total},
                )
            entry.save()
            credit_external_jp(entry)
    return result
