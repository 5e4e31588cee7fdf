"""Importing an OPD's staff roster from XLSX/CSV: every row is checked, the admin sees what
would change, then everything is written in one transaction, or nothing is.

Flow: `roster_import_upload` reads and checks the file and records a RosterImport, PREVIEW
when every row is sound (the file is kept until commit) or REJECTED with the row-by-row
errors (the file is dropped at once). `roster_import_plan` re-reads a kept file to show the
preview against the database as it is now. `roster_import_commit` re-checks and writes in
bulk: a constant number of queries per batch of rows, never one per row. Staff are matched
by NIP, so a re-import updates and never duplicates, and staff moving from another OPD are
moved. The stored upload is deleted after commit (UU 27/2022: keep no more than needed).
"""

import re
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from intan_wpl.uploads import max_upload_bytes
from pilots.domain import (
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    EmploymentType,
    JabatanKind,
    infer_jabatan_kind,
    jabatan_kind_from_label,
    normalize_golongan,
    normalize_nip,
    parse_nip,
)
from pilots.models import Pegawai, RosterImport, RosterImportStatus, UnitKerja
from pilots.services.roster_reader import (
    FIELD_LABELS,
    Field,
    header_key,
    read_roster_file,
    sniff_kind,
    table_from_json,
    table_to_json,
)
from pilots.signals import employment_changed

ROSTER_MAX_MB = 10
# A file with thousands of bad rows is not fixed by reading all of them; the first ones show the pattern.
MAX_STORED_ERRORS = 1000
# How many moved/updated staff the preview lists one by one (the counts are always complete).
PREVIEW_LIMIT = 100
BATCH_SIZE = 500
NIP_LOOKUP_CHUNK = 900
VALUE_FIELDS = ["nip", "name", "employment_type", "jabatan", "jabatan_kind", "golongan", "gender", "is_active"]
UPDATE_FIELDS = ["opd", "unit", *VALUE_FIELDS[1:], "updated_at"]
# Which spreadsheet column a model field's error belongs to.
MODEL_FIELD_COLUMNS = {
    "nip": Field.NIP,
    "gender": Field.NIP,
    "name": Field.NAME,
    "employment_type": Field.STATUS,
    "jabatan": Field.JABATAN,
    "jabatan_kind": Field.JABATAN_KIND,
    "golongan": Field.GOLONGAN,
}
UNIT_NAME_MAX = UnitKerja._meta.get_field("name").max_length

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


@dataclass
class RowError:
    row: int | None
    letter: str
    column: str
    value: str
    message: str

    def as_dict(self):
        return {
            "row": self.row,
            "letter": self.letter,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class PlannedCreate:
    row: int
    pegawai: Pegawai
    unit_key: str | None


@dataclass
class PlannedUpdate:
    row: int
    pegawai: Pegawai
    candidate: Pegawai
    unit_key: str | None
    unit_name: str | None
    changes: list

    @property
    def moved_from(self):
        return self.pegawai.opd if "opd" in self.changes else None


@dataclass
class RosterPlan:
    opd: object
    table: object
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0
    errors: list = field(default_factory=list)
    new_units: dict = field(default_factory=dict)

    @property
    def total_rows(self):
        return len(self.table.rows)

    @property
    def moves(self):
        return [update for update in self.updates if update.moved_from]

    @property
    def error_rows(self):
        return len({error.row for error in self.errors})


# --- reading cells -------------------------------------------------------------------------


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


# --- checking and planning -----------------------------------------------------------------


def _existing_staff(nips):
    found = {}
    nips = sorted(nips)
    for start in range(0, len(nips), NIP_LOOKUP_CHUNK):
        chunk = nips[start : start + NIP_LOOKUP_CHUNK]
        for pegawai in Pegawai.objects.filter(nip__in=chunk).select_related("opd", "unit"):
            found[pegawai.nip] = pegawai
    return found


def _units_by_key(opd):
    units = {}
    for unit in UnitKerja.objects.filter(opd=opd).order_by("pk"):
        units.setdefault(unit_key(unit.name), unit)
    return units


class _RowCheck:
    """Collects one row's errors, each tied to the column it came from."""

    def __init__(self, table, row):
        self.table = table
        self.row = row
        self.errors = []
        self.fields_in_error = set()

    def add(self, name, message, value=None):
        column = self.table.columns.get(name)
        if value is None:
            value = self.row.get(name)
        self.errors.append(
            RowError(
                row=self.row.number,
                letter=column.letter if column else "",
                column=column.header if column else str(FIELD_LABELS.get(name, name)),
                value=_shown(value),
                message=str(message),
            )
        )
        self.fields_in_error.add(name)


def _changes(current, candidate, *, opd, new_unit_key):
    changed = [name for name in VALUE_FIELDS[1:] if getattr(current, name) != getattr(candidate, name)]
    if current.opd_id != opd.pk:
        changed.append("opd")
        changed.append("unit")
    else:
        current_key = unit_key(current.unit.name) if current.unit_id else None
        if current_key != new_unit_key:
            changed.append("unit")
    return changed


def _memoized(function):
    cache = {}

    def lookup(value):
        key = value if isinstance(value, str | int | float | type(None)) else str(value)
        if key not in cache:
            cache[key] = function(value)
        return cache[key]

    return lookup


def analyse_roster(table, *, opd):
    """Check every row of `table` for `opd` and plan the changes. Reads, never writes."""
    plan = RosterPlan(opd=opd, table=table)
    provided = set(table.columns)
    nips = [nip_from_cell(row.get(Field.NIP)) for row in table.rows]
    existing = _existing_staff({nip for nip, error in nips if nip and not error})
    units = _units_by_key(opd)
    seen = {}
    # Rosters repeat the same few jabatan, labels and golongan thousands of times.
    kind_from_label = _memoized(jabatan_kind_from_label)
    kind_from_name = _memoized(infer_jabatan_kind)
    golongan_of = _memoized(normalize_golongan)
    golongan_of_pangkat = _memoized(golongan_from_pangkat)
    status_of = _memoized(employment_type_from_label)

    for row, (nip, nip_error) in zip(table.rows, nips, strict=True):
        check = _RowCheck(table, row)
        current = existing.get(nip) if nip and not nip_error else None

        name = _text(row.get(Field.NAME))
        if not name:
            check.add(Field.NAME, _("Nama pegawai kosong."))

        employment_type = None
        status_unknown = False
        if Field.STATUS in provided and not _blank(row.get(Field.STATUS)):
            employment_type = status_of(row.get(Field.STATUS))
            if employment_type is None:
                status_unknown = True
                check.add(
                    Field.STATUS,
                    _("Status kepegawaian «%(value)s» tidak dikenal: isi PNS, CPNS atau PPPK.")
                    % {"value": _text(row.get(Field.STATUS))},
                )

        golongan = current.golongan if current else ""
        golongan_field = Field.GOLONGAN
        if Field.GOLONGAN in provided or Field.PANGKAT in provided:
            golongan = ""
            if Field.GOLONGAN in provided and not _blank(row.get(Field.GOLONGAN)):
                golongan = golongan_of(row.get(Field.GOLONGAN))
            elif Field.PANGKAT in provided and not _blank(row.get(Field.PANGKAT)):
                golongan_field = Field.PANGKAT
                golongan = golongan_of_pangkat(row.get(Field.PANGKAT))
            if golongan is None:
                check.add(
                    golongan_field,
                    _("Golongan/ruang «%(value)s» tidak dikenal: tulis seperti III/a (PNS) atau IX (PPPK).")
                    % {"value": _text(row.get(golongan_field))},
                )
                golongan = ""
        if employment_type is None:
            if current and not status_unknown:
                employment_type = current.employment_type
            else:
                employment_type = EmploymentType.PPPK if golongan in PPPK_GOLONGAN else EmploymentType.PNS

        jabatan = _text(row.get(Field.JABATAN)) if Field.JABATAN in provided else (current.jabatan if current else "")
        jabatan_kind = None
        kind_field = Field.JABATAN
        if Field.JABATAN_KIND in provided and not _blank(row.get(Field.JABATAN_KIND)):
            jabatan_kind = kind_from_label(row.get(Field.JABATAN_KIND))
            kind_field = Field.JABATAN_KIND
        if jabatan_kind is None:
            if Field.JABATAN in provided:
                jabatan_kind = kind_from_name(jabatan)
            else:
                jabatan_kind = current.jabatan_kind if current else JabatanKind.PELAKSANA

        if Field.UNIT in provided:
            unit_name = _text(row.get(Field.UNIT)) or None
        elif current and current.opd_id == opd.pk and current.unit_id:
            unit_name = current.unit.name
        else:
            unit_name = None
        if unit_name and len(unit_name) > UNIT_NAME_MAX:
            check.add(
                Field.UNIT,
                _("Nama unit kerja terlalu panjang (%(length)s karakter; paling banyak %(max)s).")
                % {"length": len(unit_name), "max": UNIT_NAME_MAX},
            )

        if nip_error:
            check.add(Field.NIP, nip_error)
        elif not nip:
            check.add(Field.NIP, _("NIP kosong."))
        elif nip in seen:
            check.add(
                Field.NIP,
                _("NIP ini sudah tercantum di baris %(row)s berkas ini; setiap pegawai hanya boleh satu baris.")
                % {"row": seen[nip]},
            )
        else:
            seen[nip] = row.number
            try:
                # The weaker PPPK rule when the status is unreadable: report what is wrong regardless.
                parse_nip(nip, EmploymentType.PPPK if status_unknown else employment_type)
            except ValidationError as error:
                message = error.messages[0]
                if error.code == "nip_tmt_month" and Field.STATUS not in provided:
                    # Without a status column a PPPK reads as PNS; say how to tell them apart.
                    message += " " + _(
                        "Bila pegawai ini PPPK, tambahkan kolom «Status Pegawai» berisi PPPK (NI PPPK "
                        "tidak memakai bulan pada digit 13-14)."
                    )
                check.add(Field.NIP, message)

        candidate = Pegawai(
            opd=opd,
            nip=nip,
            name=name,
            employment_type=employment_type,
            jabatan=jabatan,
            jabatan_kind=jabatan_kind,
            golongan=golongan,
            gender=current.gender if current else "",
            is_active=True,
        )
        if not status_unknown:
            try:
                candidate.full_clean(
                    exclude=["opd", "unit", "created_at", "updated_at"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                for model_field, messages in error.message_dict.items():
                    column = MODEL_FIELD_COLUMNS.get(model_field, Field.NIP)
                    if column == Field.GOLONGAN:
                        column = golongan_field
                    if column == Field.JABATAN_KIND:
                        column = kind_field
                    if column in check.fields_in_error:
                        continue
                    check.add(column, messages[0])

        if check.errors:
            plan.errors.extend(check.errors)
            continue
        key = unit_key(unit_name)
        if key and key not in units and key not in plan.new_units:
            plan.new_units[key] = unit_name
        if current is None:
            plan.creates.append(PlannedCreate(row=row.number, pegawai=candidate, unit_key=key))
            continue
        changes = _changes(current, candidate, opd=opd, new_unit_key=key)
        if changes:
            plan.updates.append(
                PlannedUpdate(
                    row=row.number,
                    pegawai=current,
                    candidate=candidate,
                    unit_key=key,
                    unit_name=unit_name,
                    changes=changes,
                )
            )
        else:
            plan.unchanged += 1
    return plan


def describe_changes(update):
    """[(label, old, new)] for the preview: what an update will change, in words."""
    current, candidate = update.pegawai, update.candidate
    labels = {
        "name": _("Nama"),
        "employment_type": _("Status"),
        "jabatan": _("Jabatan"),
        "jabatan_kind": _("Jenis jabatan"),
        "golongan": _("Golongan/ruang"),
        "gender": _("Jenis kelamin"),
        "is_active": _("Aktif"),
    }
    described = []
    for name in update.changes:
        if name == "opd":
            described.append((_("OPD"), str(current.opd), str(candidate.opd)))
        elif name == "unit":
            old = current.unit.name if current.unit_id else "—"
            described.append((_("Unit kerja"), old, update.unit_name or "—"))
        elif name == "is_active":
            described.append((labels[name], _("tidak"), _("ya")))
        else:
            display = f"get_{name}_display"
            old = getattr(current, display)() if hasattr(current, display) else getattr(current, name)
            new = getattr(candidate, display)() if hasattr(candidate, display) else getattr(candidate, name)
            described.append((labels[name], old or "—", new or "—"))
    return described


# --- uploads -------------------------------------------------------------------------------


def check_roster_upload(upload):
    """Size and content of an uploaded roster; raise ValidationError in Bahasa Indonesia."""
    limit = max_upload_bytes(ROSTER_MAX_MB)
    if not upload.size:
        raise ValidationError(_("Berkas kosong (0 byte). Pilih berkas yang berisi data."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batas ukuran daftar pegawai %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    return sniff_kind(head)


def _stored_errors(errors):
    stored = [error.as_dict() for error in errors[:MAX_STORED_ERRORS]]
    if len(errors) > MAX_STORED_ERRORS:
        hidden = len(errors) - MAX_STORED_ERRORS
        stored.append(
            RowError(
                row=None,
                letter="",
                column="",
                value="",
                message=_(
                    "Dan %(count)s kesalahan lain yang tidak ditampilkan. Perbaiki kesalahan di atas (polanya "
                    "biasanya sama), lalu unggah lagi."
                )
                % {"count": hidden},
            ).as_dict()
            | {"hidden": hidden}
        )
    return stored


def _delete_stored_file(roster_import):
    name = roster_import.file.name
    if name:
        storage = roster_import.file.storage
        transaction.on_commit(lambda: storage.delete(name))


def roster_import_upload(*, opd, uploaded_by, upload):
    """Read and check an uploaded roster for `opd`; record it as a RosterImport.

    Raises ValidationError when the file itself is unusable (nothing is recorded then).
    The import is PREVIEW (file kept for the commit) or REJECTED (errors kept, file dropped).
    An upload replaces any earlier preview of the same OPD that was never committed.
    """
    check_roster_upload(upload)
    table = read_roster_file(upload)
    plan = analyse_roster(table, opd=opd)
    roster_import = RosterImport(
        opd=opd,
        uploaded_by=uploaded_by,
        original_name=(getattr(upload, "name", "") or "berkas")[-255:],
        total_rows=plan.total_rows,
    )
    if plan.errors:
        roster_import.status = RosterImportStatus.REJECTED
        roster_import.errors = _stored_errors(plan.errors)
    else:
        roster_import.status = RosterImportStatus.PREVIEW
        roster_import.created_count = len(plan.creates)
        roster_import.updated_count = len(plan.updates)
        roster_import.unchanged_count = plan.unchanged
        # Kept until commit: the columns the import reads, not the whole upload (a SIMPEG
        # export carries addresses, birth places...), under a name nobody can guess.
        roster_import.file.save(f"{uuid.uuid4().hex}.json", ContentFile(table_to_json(table)), save=False)
    try:
        with transaction.atomic():
            for stale in RosterImport.objects.select_for_update().filter(opd=opd, status=RosterImportStatus.PREVIEW):
                _delete_stored_file(stale)
                stale.delete()
            roster_import.full_clean(exclude=["file", "opd", "uploaded_by"])
            roster_import.save()
    except Exception:
        if roster_import.file.name:
            roster_import.file.storage.delete(roster_import.file.name)
        raise
    return roster_import


def _read_stored(roster_import):
    if not roster_import.file.name or not roster_import.file.storage.exists(roster_import.file.name):
        raise ValidationError(
            _("Berkas unggahan ini sudah tidak tersimpan. Unggah berkasnya lagi."), code="file_missing"
        )
    with roster_import.file.open("rb") as stream:
        try:
            return table_from_json(stream.read())
        except (ValueError, KeyError, TypeError) as error:
            raise ValidationError(
                _("Salinan berkas yang disimpan rusak. Unggah berkasnya lagi."), code="file_damaged"
            ) from error


def roster_import_plan(*, roster_import):
    """The preview of a PREVIEW import against today's database (re-reads the kept file)."""
    return analyse_roster(_read_stored(roster_import), opd=roster_import.opd)


def _apply(plan):
    """Write the plan: new units, then every new and changed staff member in one bulk upsert
    keyed by NIP (INSERT ... ON CONFLICT (nip) DO UPDATE): a constant number of queries per
    batch of rows, and a changed person keeps their row, so sessions that refer to them stay."""
    opd = plan.opd
    now = timezone.now()
    if plan.new_units:
        new_units = [UnitKerja(opd=opd, name=name) for name in plan.new_units.values()]
        for unit in new_units:
            unit.full_clean(exclude=["opd"], validate_unique=False, validate_constraints=False)
        UnitKerja.objects.bulk_create(new_units, batch_size=BATCH_SIZE)
    if not (plan.creates or plan.updates):
        return
    units = _units_by_key(opd)
    staff = []
    for planned in [*plan.creates, *plan.updates]:
        row = planned.pegawai if isinstance(planned, PlannedCreate) else planned.candidate
        row.pk = None
        row.opd = opd
        row.unit = units.get(planned.unit_key) if planned.unit_key else None
        row.created_at = row.updated_at = now
        staff.append(row)
    Pegawai.objects.bulk_create(
        staff,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["nip"],
        update_fields=UPDATE_FIELDS,
    )
    reclassified = {
        planned.pegawai.pk
        for planned in plan.updates
        if planned.pegawai.employment_type != planned.candidate.employment_type
    }
    if reclassified:
        employment_changed.send(sender=Pegawai, pegawai_ids=reclassified)


def roster_import_commit(*, roster_import):
    """Write a PREVIEW import: all rows in one transaction, or none. Returns the RosterImport,
    COMMITTED, or REJECTED when a re-check found errors (the database changed since the preview).
    Raises ValidationError when the import cannot be committed at all."""
    try:
        with transaction.atomic():
            locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
            locked.opd = roster_import.opd
            if locked.status != RosterImportStatus.PREVIEW:
                raise ValidationError(
                    _("Berkas ini sudah diproses (%(status)s); tidak ada yang diimpor lagi.")
                    % {"status": locked.get_status_display()},
                    code="not_preview",
                )
            plan = analyse_roster(_read_stored(locked), opd=locked.opd)
            locked.total_rows = plan.total_rows
            if plan.errors:
                locked.status = RosterImportStatus.REJECTED
                locked.errors = _stored_errors(plan.errors)
            else:
                _apply(plan)
                locked.status = RosterImportStatus.COMMITTED
                locked.created_count = len(plan.creates)
                locked.updated_count = len(plan.updates)
                locked.unchanged_count = plan.unchanged
                locked.errors = []
                locked.committed_at = timezone.now()
            _delete_stored_file(locked)
            locked.file = ""
            locked.full_clean(exclude=["file", "opd", "uploaded_by"])
            locked.save()
    except IntegrityError as error:
        raise ValidationError(
            _(
                "Data pegawai berubah ketika impor berjalan (mungkin ada impor lain pada saat yang sama). "
                "Tidak ada yang diubah; buka pratinjau lagi lalu ulangi."
            ),
            code="conflict",
        ) from error
    return locked


@transaction.atomic
def roster_import_discard(*, roster_import):
    """Drop a PREVIEW import that will not be committed, with its stored file."""
    if roster_import.status != RosterImportStatus.PREVIEW:
        raise ValidationError(_("Hanya pratinjau yang belum diimpor yang dapat dibatalkan."), code="not_preview")
    _delete_stored_file(roster_import)
    roster_import.delete()
