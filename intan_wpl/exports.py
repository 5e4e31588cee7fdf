"""The one way the portal writes its data into a file someone downloads (CSV, XLSX, JSON).

Every export goes through here, so that:
- nothing a person typed becomes a formula when the file is opened in a spreadsheet program:
  text cells of an XLSX are always written as text (openpyxl would turn "=..." into a live
  formula), and text starting with = + - @ TAB or CR gets a leading apostrophe in a CSV;
- identifiers (NIP, codes, dd-mm-yyyy dates) are text cells formatted as Text, never numbers
  that Excel rounds to 15 digits or dates it rewrites;
- XLSX is written in openpyxl's write-only mode, one row at a time: memory stays flat whatever
  the size;
- who took which personal data, when and how many rows, is in the ExportLog (UU 27/2022).
"""

import csv
import hashlib
import hmac
import io
import json
import re
import textwrap
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from intan_wpl.models import ExportLog

# A cell starting with one of these is read as a formula by spreadsheet programs (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]+")
_BOLD = Font(bold=True)


@dataclass(frozen=True)
class Column:
    """A column of an export: its header, whether its values are identifiers kept as text cells
    (NIP, codes, dd-mm-yyyy dates) and its width in an XLSX."""

    header: str
    text: bool = False
    width: int | None = None


def neutralise(value):
    """A text value as a CSV cell that no spreadsheet program evaluates; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _excel_value(value):
    """Excel has no time zones: an aware datetime becomes wall-clock time in the portal's zone."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


class SheetWriter:
    def __init__(self, sheet, columns):
        self.sheet = sheet
        self.columns = list(columns)
        self.row_count = 0

    def _cell(self, value, column):
        value = _excel_value(value)
        if value is None:
            return None
        if column.text or isinstance(value, str):
            cell = WriteOnlyCell(self.sheet, value=str(value))
            # Text, always: openpyxl would make "=..." a formula and a NIP typed later a number.
            cell.data_type = "s"
            if column.text:
                cell.number_format = "@"
            return cell
        return value

    def append(self, values):
        self.sheet.append([self._cell(value, column) for value, column in zip(values, self.columns, strict=True)])
        self.row_count += 1

    def extend(self, rows):
        for values in rows:
            self.append(values)
        return self.row_count


class XlsxWriter:
    """An XLSX of one or more sheets, streamed row by row (openpyxl write-only mode)."""

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self.sheets = []

    def sheet(self, title, columns, *, header=True):
        title = _SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "Data"
        sheet = self.workbook.create_sheet(title=title)
        for index, column in enumerate(columns, start=1):
            if column.width:
                sheet.column_dimensions[get_column_letter(index)].width = column.width
        writer = SheetWriter(sheet, columns)
        if header:
            sheet.freeze_panes = "A2"
            heading = []
            for column in columns:
                cell = WriteOnlyCell(sheet, value=str(column.header))
                cell.data_type = "s"
                cell.font = _BOLD
                heading.append(cell)
            sheet.append(heading)
        self.sheets.append(writer)
        return writer

    @property
    def row_count(self):
        """Data rows written, over every sheet (headers not counted)."""
        return sum(writer.row_count for writer in self.sheets)

    def save(self, stream):
        self.workbook.save(stream)


def csv_write(stream, columns, rows, *, delimiter=",", bom=False):
    """Write a CSV of `rows` to the binary `stream` row by row (memory stays flat), every text
    cell neutralised. `bom` starts it with the UTF-8 byte-order mark and `delimiter` may be ";"
    so that Excel in an Indonesian locale opens it in columns. Returns the number of data rows."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    if bom:
        text.write("\ufeff")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    count = 0
    for values in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in values])
        count += 1
    text.flush()
    text.detach()  # the caller keeps the binary stream open
    return count


def csv_bytes(columns, rows, *, delimiter=",", bom=False):
    """A CSV of `rows` as bytes (small exports; large ones stream through csv_write)."""
    buffer = io.BytesIO()
    csv_write(buffer, columns, rows, delimiter=delimiter, bom=bom)
    return buffer.getvalue()


def xlsx_bytes(title, columns, rows):
    """One sheet of `rows` as XLSX bytes (small exports; large ones stream through XlsxWriter)."""
    writer = XlsxWriter()
    writer.sheet(title, columns).extend(rows)
    buffer = io.BytesIO()
    writer.save(buffer)
    return buffer.getvalue()


def _json_default(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def json_write(stream, records):
    """Write a list of dicts as a JSON array to the binary `stream`, one record at a time
    (machine-to-machine: no spreadsheet evaluates it). Returns the number of records."""
    count = 0
    stream.write(b"[")
    for record in records:
        text = json.dumps(record, ensure_ascii=False, indent=2, default=_json_default)
        stream.write((",\n" if count else "\n").encode("utf-8"))
        stream.write(textwrap.indent(text, "  ").encode("utf-8"))
        count += 1
    stream.write(b"\n]" if count else b"]")
    return count


def json_bytes(records):
    """A list of dicts as JSON bytes (small exports; large ones stream through json_write)."""
    buffer = io.BytesIO()
    json_write(buffer, records)
    return buffer.getvalue()


class PseudonymKeyMissing(Exception):
    """PSEUDONYM_KEY is not set: no pseudonymised export may be written (never a fallback key,
    which would change every code in packs already released)."""


def pseudonym(value):
    """A stable pseudonym for an identifier (a NIP): HMAC-SHA256 keyed by PSEUDONYM_KEY, a setting
    of its own, first 12 hex digits. The same NIP always gives the same code, in every pack and
    across SECRET_KEY rotations; without the key it cannot be turned back into the NIP."""
    return hmac.new(pseudonym_key().encode(), (value or "").encode(), hashlib.sha256).hexdigest()[:12]


def pseudonym_key():
    """PSEUDONYM_KEY; PseudonymKeyMissing when it is not set (asked before a pack is queued too)."""
    key = settings.PSEUDONYM_KEY
    if not key:
        raise PseudonymKeyMissing
    return key


def record_export(*, user, kind, description, row_count, pseudonymised=False):
    """Write the ExportLog entry of one export (who, what, how many rows, NIPs pseudonymised)."""
    log = ExportLog(
        user=user,
        kind=kind[:60],
        description=str(description)[:300],
        row_count=row_count,
        pseudonymised=pseudonymised,
    )
    log.full_clean()
    log.save()
    return log
