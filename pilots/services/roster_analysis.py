"""Checking a roster file row by row and planning what an import would change: which staff
are new, which change (and how, in words for the preview), which rows are wrong and why, each
error tied to the column it came from. Reads the database, never writes it: the import itself
is pilots.services.roster_import."""

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pilots.domain import (
    PPPK_GOLONGAN,
    EmploymentType,
    JabatanKind,
    format_nip,
    infer_jabatan_kind,
    jabatan_kind_from_label,
    normalize_golongan,
    parse_nip,
)
from pilots.models import Pegawai, UnitKerja
from pilots.services.roster_cells import (
    _blank,
    _shown,
    _text,
    date_from_cell,
    employment_type_from_label,
    golongan_from_pangkat,
    nip_from_cell,
    unit_key,
)
from pilots.services.roster_mapping import MappingLog, is_ambiguous_kind
from pilots.services.roster_reader import FIELD_LABELS, Field

# How many moved/updated staff the preview lists one by one (the counts are always complete).
PREVIEW_LIMIT = 100
# How often the check reports its progress (a job's progress bar), in rows.
PROGRESS_ROWS = 1000
NIP_LOOKUP_CHUNK = 900
VALUE_FIELDS = [
    "nip",
    "name",
    "employment_type",
    "jabatan",
    "jabatan_kind",
    "golongan",
    "gender",
    "is_active",
    "contract_start",
    "contract_end",
]
# Which spreadsheet column a model field's error belongs to.
MODEL_FIELD_COLUMNS = {
    "nip": Field.NIP,
    "gender": Field.NIP,
    "name": Field.NAME,
    "employment_type": Field.STATUS,
    "jabatan": Field.JABATAN,
    "jabatan_kind": Field.JABATAN_KIND,
    "golongan": Field.GOLONGAN,
    "contract_start": Field.CONTRACT_START,
    "contract_end": Field.CONTRACT_END,
}
UNIT_NAME_MAX = UnitKerja._meta.get_field("name").max_length


@dataclass
class RowError:
    row: int | None
    letter: str
    column: str
    value: str
    message: str
    # Who the row is about, so that the rows sent back to the OPD can be found in its own file.
    nip: str = ""
    name: str = ""

    def as_dict(self):
        return {
            "row": self.row,
            "letter": self.letter,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "nip": self.nip,
            "name": self.name,
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
    supervisor_nip: str | None = None

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
    # NIP -> NIP of the atasan langsung, for rows whose "NIP Atasan Langsung" cell is filled.
    supervisors: dict = field(default_factory=dict)
    log: MappingLog = field(default_factory=MappingLog)

    @property
    def mappings(self):
        """Every distinct value read from Status, Jenis Jabatan, Golongan/Pangkat (and jabatan
        names a kind was guessed from), with what it becomes and on how many rows."""
        return self.log.rows()

    @property
    def questions(self):
        """Ambiguous values (e.g. "Fungsional") the admin must answer before the import."""
        return self.log.unanswered

    @property
    def valid_rows(self):
        return len(self.creates) + len(self.updates) + self.unchanged

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


# --- checking and planning -----------------------------------------------------------------


def _existing_staff(nips):
    found = {}
    nips = sorted(nips)
    for start in range(0, len(nips), NIP_LOOKUP_CHUNK):
        chunk = nips[start : start + NIP_LOOKUP_CHUNK]
        for pegawai in Pegawai.objects.filter(nip__in=chunk).select_related("opd", "unit", "supervisor"):
            found[pegawai.nip] = pegawai
    return found


def units_by_key(opd):
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
                nip=_text(self.row.get(Field.NIP)),
                name=_text(self.row.get(Field.NAME)),
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


class _RowReader:
    """Reads the rows of one file for one OPD: what the file provides, the staff it names that
    already exist, the OPD's units and memoized lookups (rosters repeat the same few jabatan,
    labels and golongan thousands of times). Each method reads one column group of a row."""

    def __init__(self, table, opd, existing, log):
        self.log = log
        self.table = table
        self.opd = opd
        self.provided = set(table.columns)
        self.existing = existing
        self.kind_from_label = _memoized(jabatan_kind_from_label)
        self.kind_from_name = _memoized(infer_jabatan_kind)
        self.golongan_of = _memoized(normalize_golongan)
        self.golongan_of_pangkat = _memoized(golongan_from_pangkat)
        self.status_of = _memoized(employment_type_from_label)

    def has(self, row, name):
        return name in self.provided and not _blank(row.get(name))

    def status(self, row, check):
        """(employment type or None when the column is empty or absent, whether it was unreadable)."""
        if not self.has(row, Field.STATUS):
            return None, False
        employment_type = self.status_of(row.get(Field.STATUS))
        if employment_type is None:
            check.add(
                Field.STATUS,
                _("Status kepegawaian «%(value)s» tidak dikenal: isi PNS, CPNS atau PPPK.")
                % {"value": _text(row.get(Field.STATUS))},
            )
            return None, True
        self.log.seen(Field.STATUS, row.get(Field.STATUS), employment_type.label)
        return employment_type, False

    def golongan(self, row, check, current):
        """(golongan code, the column it came from): from Golongan, else Pangkat, else as stored."""
        if Field.GOLONGAN not in self.provided and Field.PANGKAT not in self.provided:
            return (current.golongan if current else ""), Field.GOLONGAN
        golongan, column = "", Field.GOLONGAN
        if self.has(row, Field.GOLONGAN):
            golongan = self.golongan_of(row.get(Field.GOLONGAN))
        elif self.has(row, Field.PANGKAT):
            column = Field.PANGKAT
            golongan = self.golongan_of_pangkat(row.get(Field.PANGKAT))
        if golongan is None:
            check.add(
                column,
                _("Golongan/ruang «%(value)s» tidak dikenal: tulis seperti III/a (PNS) atau IX (PPPK).")
                % {"value": _text(row.get(column))},
            )
            golongan = ""
        elif golongan:
            self.log.seen(column, row.get(column), golongan)
        return golongan, column

    def jabatan(self, row, current):
        """(jabatan, jabatan kind, the column the kind came from)."""
        jabatan = (
            _text(row.get(Field.JABATAN)) if Field.JABATAN in self.provided else (current.jabatan if current else "")
        )
        note = _("ditebak dari nama jabatan")
        if self.has(row, Field.JABATAN_KIND):
            raw = row.get(Field.JABATAN_KIND)
            if is_ambiguous_kind(raw):
                return (
                    jabatan,
                    self.log.kind_for_ambiguous(raw, lambda: self.kind_from_name(jabatan)),
                    Field.JABATAN_KIND,
                )
            kind = self.kind_from_label(raw)
            if kind is not None:
                self.log.seen(Field.JABATAN_KIND, raw, kind.label)
                return jabatan, kind, Field.JABATAN_KIND
            note = _("jenis jabatan «%(value)s» tidak dikenal; ditebak dari nama jabatan") % {"value": _text(raw)}
        if Field.JABATAN in self.provided:
            kind = self.kind_from_name(jabatan)
            self.log.seen(Field.JABATAN, jabatan, kind.label, note)
            return jabatan, kind, Field.JABATAN
        return jabatan, (current.jabatan_kind if current else JabatanKind.PELAKSANA), Field.JABATAN

    def contract_dates(self, row, check, current):
        """(start, end) of the perjanjian kerja; a roster without the columns keeps what is stored."""
        dates = []
        for name in (Field.CONTRACT_START, Field.CONTRACT_END):
            if name not in self.provided:
                dates.append(getattr(current, name.value) if current else None)
                continue
            try:
                dates.append(date_from_cell(row.get(name)))
            except ValueError:
                check.add(name, _("Tanggal tidak terbaca: tulis sebagai dd-mm-yyyy, misalnya 01-04-2025."))
                dates.append(None)
        return tuple(dates)

    def unit_name(self, row, check, current):
        if Field.UNIT in self.provided:
            name = _text(row.get(Field.UNIT)) or None
        elif current and current.opd_id == self.opd.pk and current.unit_id:
            name = current.unit.name
        else:
            name = None
        if name and len(name) > UNIT_NAME_MAX:
            check.add(
                Field.UNIT,
                _("Nama unit kerja terlalu panjang (%(length)s karakter; paling banyak %(max)s).")
                % {"length": len(name), "max": UNIT_NAME_MAX},
            )
        return name

    def check_nip(self, row, check, nip, nip_error, seen, *, employment_type, status_unknown):
        if nip_error:
            check.add(Field.NIP, nip_error)
            return
        if not nip:
            check.add(Field.NIP, _("NIP kosong."))
            return
        if nip in seen:
            check.add(
                Field.NIP,
                _("NIP ini sudah tercantum di baris %(row)s berkas ini; setiap pegawai hanya boleh satu baris.")
                % {"row": seen[nip]},
            )
            return
        seen[nip] = row.number
        try:
            # The weaker PPPK rule when the status is unreadable: report what is wrong regardless.
            parse_nip(nip, EmploymentType.PPPK if status_unknown else employment_type)
        except ValidationError as error:
            message = error.messages[0]
            if error.code == "nip_tmt_month" and Field.STATUS not in self.provided:
                # Without a status column a PPPK reads as PNS; say how to tell them apart.
                message += " " + _(
                    "Bila pegawai ini PPPK, tambahkan kolom «Status Pegawai» berisi PPPK (NI PPPK "
                    "tidak memakai bulan pada digit 13-14)."
                )
            check.add(Field.NIP, message)

    def candidate(self, row, nip, nip_error, seen):
        """(the Pegawai this row describes, its unit name, its errors)."""
        check = _RowCheck(self.table, row)
        current = self.existing.get(nip) if nip and not nip_error else None
        name = _text(row.get(Field.NAME))
        if not name:
            check.add(Field.NAME, _("Nama pegawai kosong."))
        employment_type, status_unknown = self.status(row, check)
        golongan, golongan_column = self.golongan(row, check, current)
        if employment_type is None:
            if current and not status_unknown:
                employment_type = current.employment_type
            else:
                employment_type = EmploymentType.PPPK if golongan in PPPK_GOLONGAN else EmploymentType.PNS
        jabatan, jabatan_kind, kind_column = self.jabatan(row, current)
        unit_name = self.unit_name(row, check, current)
        contract_start, contract_end = self.contract_dates(row, check, current)
        if employment_type != EmploymentType.PPPK and Field.CONTRACT_START not in self.provided:
            # A person reclassified to PNS by a roster that has no contract columns.
            contract_start = contract_end = None
        self.check_nip(row, check, nip, nip_error, seen, employment_type=employment_type, status_unknown=status_unknown)
        candidate = Pegawai(
            opd=self.opd,
            nip=nip,
            name=name,
            employment_type=employment_type,
            jabatan=jabatan,
            jabatan_kind=jabatan_kind,
            golongan=golongan,
            gender=current.gender if current else "",
            is_active=True,
            contract_start=contract_start,
            contract_end=contract_end,
        )
        if not status_unknown:
            columns = {Field.GOLONGAN: golongan_column, Field.JABATAN_KIND: kind_column}
            _check_model_rules(candidate, check, columns)
        return current, candidate, unit_name, check.errors


def _check_model_rules(candidate, check, columns):
    """The model's own rules (NIP facts, golongan for the status), each reported at the column it
    came from, unless that column already has an error."""
    try:
        candidate.full_clean(
            exclude=["opd", "unit", "created_at", "updated_at"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for model_field, messages in error.message_dict.items():
            column = MODEL_FIELD_COLUMNS.get(model_field, Field.NIP)
            column = columns.get(column, column)
            if column not in check.fields_in_error:
                check.add(column, messages[0])


def _staff_nips_of(opd, table, nips):
    """NIPs named as atasan langsung that are already on `opd`'s roster (one query)."""
    named = {nip_from_cell(row.get(Field.SUPERVISOR))[0] for row in table.rows if not _blank(row.get(Field.SUPERVISOR))}
    return set(Pegawai.objects.filter(opd=opd, nip__in=[nip for nip in named if nip]).values_list("nip", flat=True))


def _supervisor_of(plan, table, row, nip, *, known, opd):
    """Read the row's "NIP Atasan Langsung": someone in this file or already on the OPD's roster,
    never the person themselves. A blank cell changes nothing."""
    raw = row.get(Field.SUPERVISOR)
    if Field.SUPERVISOR not in table.columns or _blank(raw):
        return []
    check = _RowCheck(table, row)
    supervisor_nip, error = nip_from_cell(raw)
    if error:
        check.add(Field.SUPERVISOR, error)
    elif supervisor_nip == nip:
        check.add(Field.SUPERVISOR, _("Atasan langsung tidak boleh pegawai itu sendiri."))
    elif supervisor_nip not in known:
        check.add(
            Field.SUPERVISOR,
            _("NIP atasan ini tidak ada di berkas ini maupun di daftar pegawai %(opd)s.") % {"opd": opd.name},
        )
    else:
        plan.supervisors[nip] = supervisor_nip
    return check.errors


def analyse_roster(table, *, opd, answers=None, progress=None):
    """Check every row of `table` for `opd` and plan the changes. Reads, never writes.
    `answers` maps an ambiguous Jenis Jabatan label (roster_mapping.ambiguity_key) to the kind
    the admin chose. `progress(done, total)`, when given, is called every PROGRESS_ROWS rows."""
    plan = RosterPlan(opd=opd, table=table, log=MappingLog(answers))
    nips = [nip_from_cell(row.get(Field.NIP)) for row in table.rows]
    reader = _RowReader(table, opd, _existing_staff({nip for nip, error in nips if nip and not error}), plan.log)
    units = units_by_key(opd)
    nips_in_file = {nip for nip, error in nips if nip and not error}
    if Field.SUPERVISOR in table.columns:
        nips_in_file |= _staff_nips_of(opd, table, nips)
    seen = {}
    for done, (row, (nip, nip_error)) in enumerate(zip(table.rows, nips, strict=True)):
        if progress is not None and done % PROGRESS_ROWS == 0:
            progress(done, len(table.rows))
        current, candidate, unit_name, errors = reader.candidate(row, nip, nip_error, seen)
        errors += _supervisor_of(plan, table, row, nip, known=nips_in_file, opd=opd) if not errors else []
        if errors:
            plan.errors.extend(errors)
            continue
        key = unit_key(unit_name)
        if key and key not in units and key not in plan.new_units:
            plan.new_units[key] = unit_name
        if current is None:
            plan.creates.append(PlannedCreate(row=row.number, pegawai=candidate, unit_key=key))
            continue
        changes = _changes(current, candidate, opd=opd, new_unit_key=key)
        if (
            nip in plan.supervisors
            and (current.supervisor.nip if current.supervisor_id else None) != plan.supervisors[nip]
        ):
            changes.append("supervisor")
        if changes:
            plan.updates.append(
                PlannedUpdate(
                    row=row.number,
                    pegawai=current,
                    candidate=candidate,
                    unit_key=key,
                    unit_name=unit_name,
                    changes=changes,
                    supervisor_nip=plan.supervisors.get(nip),
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
        "contract_start": _("Mulai perjanjian kerja"),
        "contract_end": _("Akhir perjanjian kerja"),
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
        elif name == "supervisor":
            old = current.supervisor.nip_display if current.supervisor_id else "—"
            described.append((_("Atasan langsung (NIP)"), old, format_nip(update.supervisor_nip)))
        else:
            display = f"get_{name}_display"
            old = getattr(current, display)() if hasattr(current, display) else getattr(current, name)
            new = getattr(candidate, display)() if hasattr(candidate, display) else getattr(candidate, name)
            described.append((labels[name], old or "—", new or "—"))
    return described


def plan_summary(plan):
    """What the preview shows of a plan, as JSON (stored on the RosterImport by the check job):
    the counts, the columns read, the value mappings and questions, and the first PREVIEW_LIMIT
    moves and changes, in words."""
    moves = plan.moves
    return {
        "created": len(plan.creates),
        "updated": len(plan.updates),
        "unchanged": plan.unchanged,
        "valid_rows": plan.valid_rows,
        "total_rows": plan.total_rows,
        "header_row": plan.table.header_row,
        "footer_row": plan.table.footer_row,
        "ignored_headers": [str(header) for header in plan.table.ignored_headers],
        "columns": [
            {"label": str(FIELD_LABELS[name]), "letter": column.letter, "header": str(column.header)}
            for name, column in plan.table.columns.items()
        ],
        "new_units": sorted(plan.new_units.values()),
        "move_count": len(moves),
        "moves": [
            {
                "row": move.row,
                "nip": move.pegawai.nip_display,
                "name": move.candidate.name,
                "opd": move.pegawai.opd.name,
            }
            for move in moves[:PREVIEW_LIMIT]
        ],
        "changes": [
            {
                "row": update.row,
                "name": update.candidate.name,
                "nip": update.pegawai.nip_display,
                "described": [[str(label), str(old), str(new)] for label, old, new in describe_changes(update)],
            }
            for update in plan.updates[:PREVIEW_LIMIT]
        ],
        "mappings": [asdict(mapping) for mapping in plan.mappings],
        "questions": [
            {
                "field_name": question.field_name,
                "value": question.value,
                "count": question.count,
                "choices": [[str(value), str(label)] for value, label in question.choices],
            }
            for question in plan.questions
        ],
    }
