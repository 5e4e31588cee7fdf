"""Writes for an OPD's staff roster (Pegawai) and its export to XLSX.

The import from spreadsheets lives in `pilots.services.roster_import`; the export writes the
columns that import reads, so an exported file goes back in unchanged.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from intan_wpl.deletion import delete_if_unused
from intan_wpl.exports import Column, XlsxWriter, record_export
from pilots.domain import PNS_GOLONGAN, PPPK_GOLONGAN, JabatanKind
from pilots.models import Pegawai
from pilots.services.accounts import accounts_off_roster_deactivate
from pilots.services.roster_mapping import AMBIGUOUS_KINDS
from pilots.signals import employment_changed

EXPORT_HEADERS = [
    "NIP",
    "Nama",
    "Status",
    "Jabatan",
    "Jenis Jabatan",
    "Golongan/Ruang",
    "Pangkat",
    "Unit Kerja",
    "Jenis Kelamin",
    "Mulai Perjanjian Kerja",
    "Akhir Perjanjian Kerja",
    "NIP Atasan Langsung",
]
EXPORT_WIDTHS = [22, 36, 8, 40, 26, 15, 26, 32, 14, 14, 14, 22]
# 18-digit NIPs are text: Excel would round them as numbers.
TEXT_HEADERS = {"NIP", "NIP Atasan Langsung"}
EDITABLE_FIELDS = [
    "nip",
    "name",
    "employment_type",
    "contract_start",
    "contract_end",
    "jabatan",
    "jabatan_kind",
    "golongan",
    "unit",
    "supervisor",
    "is_active",
]
# What the JP ledger's rules depend on: a change to any of these is announced (pilots.signals).
EMPLOYMENT_FIELDS = ("employment_type", "contract_start")
CONTRACT_DATE_FORMAT = "%d-%m-%Y"


@transaction.atomic
def pegawai_create(*, opd, **fields):
    """Add one staff member to `opd`'s roster (the NIP decides the gender)."""
    pegawai = Pegawai(opd=opd, **{name: value for name, value in fields.items() if name in EDITABLE_FIELDS})
    pegawai.full_clean()
    pegawai.save()
    return pegawai


@transaction.atomic
def pegawai_update(*, pegawai, **fields):
    """Change one staff member; a change PNS <-> PPPK is announced (pilots.signals) so that the JP
    ledger re-applies its rules to this person at once."""
    employment_before = Pegawai.objects.filter(pk=pegawai.pk).values_list(*EMPLOYMENT_FIELDS).first()
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(pegawai, name, value)
    pegawai.full_clean()
    pegawai.save()
    if employment_before != tuple(getattr(pegawai, name) for name in EMPLOYMENT_FIELDS):
        employment_changed.send(sender=Pegawai, pegawai_ids={pegawai.pk})
    accounts_off_roster_deactivate()
    return pegawai


def pegawai_delete(*, pegawai):
    """Delete unless sessions or attendance refer to this person; returns what blocks it ([] when deleted)."""
    blockers = delete_if_unused(pegawai)
    accounts_off_roster_deactivate()
    return blockers


def roster_rows(queryset):
    """The export's rows, one tuple of text per staff member, in EXPORT_HEADERS order."""
    for pegawai in queryset.select_related("unit", "supervisor").iterator(chunk_size=2000):
        yield (
            pegawai.nip,
            pegawai.name,
            pegawai.get_employment_type_display(),
            pegawai.jabatan,
            pegawai.get_jabatan_kind_display(),
            pegawai.golongan,
            pegawai.pangkat,
            pegawai.unit.name if pegawai.unit_id else "",
            pegawai.get_gender_display(),
            _contract_date(pegawai.contract_start),
            _contract_date(pegawai.contract_end),
            pegawai.supervisor.nip if pegawai.supervisor_id else "",
        )


def _contract_date(value):
    return value.strftime(CONTRACT_DATE_FORMAT) if value else ""


def write_roster_workbook(rows, stream, *, sheet_title=None):
    """Write `rows` (tuples in EXPORT_HEADERS order) as an XLSX workbook to `stream`; returns the
    number of staff written. The NIP column is text: Excel would round an 18-digit number."""
    writer = XlsxWriter()
    columns = [
        Column(header, text=header in TEXT_HEADERS, width=width)
        for header, width in zip(EXPORT_HEADERS, EXPORT_WIDTHS, strict=True)
    ]
    count = writer.sheet(sheet_title or _("Pegawai"), columns).extend(rows)
    writer.save(stream)
    return count


def roster_export(*, opd, queryset, user, stream):
    """Write `queryset` (already scoped to what `user` may see) as XLSX and record the export."""
    count = write_roster_workbook(roster_rows(queryset), stream, sheet_title=opd.abbreviation or opd.name)
    record_export(
        user=user,
        kind="daftar_pegawai",
        description=_("Daftar pegawai %(opd)s") % {"opd": opd.name},
        row_count=count,
    )
    return count


ERROR_COLUMNS = [
    Column(_("Baris di berkas"), width=10),
    Column("NIP", text=True, width=22),
    Column("Nama", width=36),
    Column(_("Kolom"), width=20),
    Column(_("Isi sel"), text=True, width=24),
    Column(_("Alasan"), width=80),
]


def roster_errors_export(*, roster_import, user, stream):
    """The rows an import did not take, one line per reason (row number, NIP, name, column,
    value, reason), for the OPD to fix and send back; the export is logged (NIPs and names)."""
    writer = XlsxWriter()
    sheet = writer.sheet(_("Baris tidak diimpor"), ERROR_COLUMNS)
    for error in roster_import.errors:
        sheet.append(
            [error.get("row"), error.get("nip", ""), error.get("name", ""), error.get("column", ""),
             error.get("value", ""), error.get("message", "")]
        )  # fmt: skip
    writer.save(stream)
    record_export(
        user=user,
        kind="kesalahan_impor_pegawai",
        description=_("Baris tidak diimpor: %(file)s (%(opd)s)")
        % {"file": roster_import.original_name, "opd": roster_import.opd.name},
        row_count=sheet.row_count,
    )
    return sheet.row_count


def accepted_values():
    """[(column, value, meaning)] the import accepts, for the template's second sheet."""
    rows = [("Status", "PNS", _("Pegawai Negeri Sipil (juga CPNS)")), ("Status", "PPPK", _("PPPK (juga P3K)"))]
    rows += [("Jenis Jabatan", str(kind.label), "") for kind in JabatanKind]
    rows += [
        ("Jenis Jabatan", label.title(), _("ditanyakan saat pratinjau: bisa berarti beberapa jenis jabatan"))
        for label in sorted(AMBIGUOUS_KINDS)
    ]
    rows += [("Golongan/Ruang", code, f"PNS · {pangkat}") for code, pangkat in PNS_GOLONGAN]
    rows += [("Golongan/Ruang", code, "PPPK") for code in PPPK_GOLONGAN]
    return rows


def roster_template(stream):
    """An empty roster in the columns the import reads (NIP as text), and a sheet of the values
    each column accepts."""
    writer = XlsxWriter()
    columns = [
        Column(header, text=header in TEXT_HEADERS, width=width)
        for header, width in zip(EXPORT_HEADERS, EXPORT_WIDTHS, strict=True)
        if header not in ("Pangkat", "Jenis Kelamin")
    ]
    writer.sheet(_("Pegawai"), columns)
    values = writer.sheet(
        _("Nilai yang diterima"), [Column(_("Kolom"), width=20), Column(_("Nilai"), text=True, width=32),
                                    Column(_("Keterangan"), width=60)]
    )  # fmt: skip
    values.extend(accepted_values())
    writer.save(stream)
