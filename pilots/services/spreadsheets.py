"""Reading a simple table from an upload (XLSX or CSV, judged by content) and reporting its row
errors the roster's way: every row checked, each error naming its row, column letter, column,
value and reason. Used by the importers whose files have one header row and one record per row
(external JP, SKP from e-Kinerja); the staff roster has its own reader (roster_reader)."""

import csv
import io
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from intan_wpl.uploads import check_xlsx_limits, max_upload_bytes
from pilots.services.roster_analysis import RowError
from pilots.services.roster_reader import header_key, sniff_kind

HEADER_SEARCH_ROWS = 20
SHEET_MAX_MB = 10


def check_sheet_upload(upload, *, max_mb=SHEET_MAX_MB):
    """The checks that cost little, done in the request before an import job is started: not
    empty, within the size limit, XLSX or CSV by content, and an XLSX within its unpacked size
    and cells (intan_wpl.uploads) before any parser opens it. Raises ValidationError."""
    limit = max_upload_bytes(max_mb)
    if not upload.size:
        raise ValidationError(_("Berkas kosong (0 byte). Pilih berkas yang berisi data."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batas ukuran %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if sniff_kind(head) == "xlsx":
        check_xlsx_limits(upload)


def sheet_cells(stream, *, max_rows):
    """(row number, values) of the first sheet of an XLSX, or of a CSV (judged by content)."""
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)
    if sniff_kind(head) == "xlsx":
        check_xlsx_limits(stream)
        try:
            workbook = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as error:
            raise ValidationError(_("Berkas tidak dapat dibuka sebagai buku kerja Excel (.xlsx).")) from error
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()
            return list(
                enumerate(sheet.iter_rows(max_col=30, max_row=max_rows + HEADER_SEARCH_ROWS, values_only=True), 1)
            )
        finally:
            workbook.close()
    raw = stream.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1))


def find_header(rows, columns):
    """(row number, {field: column index}) of the header row: the first that names a NIP column.
    `columns`: field -> (label, header texts after header_key)."""
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        keys = [header_key(value) if isinstance(value, str) else "" for value in values]
        found = {}
        for name, (_label, aliases) in columns.items():
            for index, key in enumerate(keys):
                if key in aliases and name not in found:
                    found[name] = index
        if "nip" in found:
            return number, found
    raise ValidationError(_("Baris judul kolom tidak ditemukan: tidak ada kolom NIP dalam 20 baris pertama."))


class SheetRecord:
    """One data row: its values by field, and the errors found in it (RowError)."""

    def __init__(self, number, values, columns, labels):
        self.number, self.values, self.columns, self.labels = number, values, columns, labels
        self.errors = []

    def get(self, name):
        index = self.columns.get(name)
        if index is None or index >= len(self.values):
            return None
        value = self.values[index]
        return value.strip() if isinstance(value, str) else value

    def error(self, name, message):
        index = self.columns.get(name)
        value = self.get(name)
        self.errors.append(
            RowError(
                row=self.number,
                letter=get_column_letter(index + 1) if index is not None else "",
                column=str(self.labels[name][0]),
                value="" if value is None else str(value)[:60],
                message=str(message),
            )
        )
