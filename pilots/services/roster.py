"""Writes for an OPD's staff roster (Pegawai) and its export to XLSX.

The import from spreadsheets lives in `pilots.services.roster_import`; the export writes the
columns that import reads, so an exported file goes back in unchanged.
"""

import logging
import re

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from intan_wpl.deletion import delete_if_unused
from pilots.models import Pegawai
from pilots.signals import employment_changed

audit_log = logging.getLogger("intan_wpl.audit")

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
]
EXPORT_WIDTHS = [22, 36, 8, 40, 26, 15, 26, 32, 14]
EDITABLE_FIELDS = ["nip", "name", "employment_type", "jabatan", "jabatan_kind", "golongan", "unit", "is_active"]


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
    employment_before = Pegawai.objects.filter(pk=pegawai.pk).values_list("employment_type", flat=True).first()
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(pegawai, name, value)
    pegawai.full_clean()
    pegawai.save()
    if employment_before != pegawai.employment_type:
        employment_changed.send(sender=Pegawai, pegawai_ids={pegawai.pk})
    return pegawai


def pegawai_delete(*, pegawai):
    """Delete unless sessions or attendance refer to this person; returns what blocks it ([] when deleted)."""
    return delete_if_unused(pegawai)


def _header_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def _nip_cell(sheet, value):
    # Text formatted as Text: a NIP must never become a number (Excel keeps only 15 digits),
    # also when someone edits the file and types a NIP into the column.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def _text_value(sheet, value):
    value = "" if value is None else str(value)
    if value.startswith("="):
        # openpyxl would write this as a formula; a name is never a formula.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def roster_rows(queryset):
    """The export's rows, one tuple of text per staff member, in EXPORT_HEADERS order."""
    for pegawai in queryset.select_related("unit").iterator(chunk_size=2000):
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
        )


def write_roster_workbook(rows, stream, *, sheet_title=None):
    """Write `rows` (tuples in EXPORT_HEADERS order) as an XLSX workbook to `stream`."""
    workbook = Workbook(write_only=True)
    title = re.sub(r"[\[\]:*?/\\]+", " ", sheet_title or "").strip()[:31] or _("Pegawai")
    sheet = workbook.create_sheet(title=title)
    for index, width in enumerate(EXPORT_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_header_cell(sheet, header) for header in EXPORT_HEADERS])
    count = 0
    for nip, *rest in rows:
        sheet.append([_nip_cell(sheet, str(nip)), *(_text_value(sheet, value) for value in rest)])
        count += 1
    workbook.save(stream)
    return count


def roster_export(*, opd, queryset, user, stream):
    """Write `queryset` (already scoped to what `user` may see) as XLSX; log who took personal data."""
    count = write_roster_workbook(roster_rows(queryset), stream, sheet_title=opd.abbreviation or opd.name)
    audit_log.info("roster export: user=%s opd=%s rows=%s", user.pk, opd.pk, count)
    return count
