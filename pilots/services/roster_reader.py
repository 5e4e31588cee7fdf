"""Reading staff rosters the way government systems export them (SIMPEG/SIASN): XLSX or CSV,
title rows above the header, header names in many spellings, merged title cells, a column
numbering row under the header, empty trailing rows.

No database here. `read_roster_file` turns an upload into a RosterTable: which column holds
which field, and every non-empty data row with its row number as the spreadsheet shows it.
Problems with the file as a whole raise ValidationError with a message in Bahasa Indonesia;
checking the rows themselves is `pilots.services.roster_import`'s job.
"""

import codecs
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from intan_wpl.uploads import check_xlsx_limits

# A roster never needs more columns than this; a sheet formatted out to XFD is not read that far.
MAX_COLUMNS = 60
# The header row is looked for among the first rows, below any title rows.
HEADER_SEARCH_ROWS = 20
# The largest roster of a provincial OPD (an RSUD) is a few thousand people.
MAX_DATA_ROWS = 50_000
# A run this long of empty rows ends the table (sheets formatted down to row 1,048,576).
MAX_BLANK_RUN = 1_000

OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


class Field(StrEnum):
    NIP = "nip"
    NAME = "name"
    STATUS = "employment_type"
    JABATAN = "jabatan"
    JABATAN_KIND = "jabatan_kind"
    GOLONGAN = "golongan"
    PANGKAT = "pangkat"
    UNIT = "unit"
    CONTRACT_START = "contract_start"
    CONTRACT_END = "contract_end"
    SUPERVISOR = "supervisor"


# Header texts per field after `header_key` (lower case, punctuation to single spaces), most
# specific first: when two columns qualify (NIP and NIP BARU), the earlier alias wins.
HEADER_ALIASES = {
    Field.SUPERVISOR: ["nip atasan langsung", "nip atasan", "atasan langsung nip", "nip pejabat penilai"],
    Field.NIP: [
        "nip baru",
        "nip 18 digit",
        "nip",
        "nip ni pppk",
        "nip nipppk",
        "nip nip pppk",
        "nip pppk",
        "ni pppk",
        "nipppk",
        "nomor induk pegawai",
        "nip pegawai",
        "nip asn",
    ],
    Field.NAME: [
        "nama lengkap",
        "nama pegawai",
        "nama",
        "nama asn",
        "nama pns",
        "nama lengkap pegawai",
        "nama dan gelar",
        "nama lengkap dan gelar",
        "nama gelar",
    ],
    Field.JABATAN: [
        "nama jabatan",
        "jabatan",
        "jabatan terakhir",
        "jabatan sekarang",
        "nama jabatan terakhir",
        "jabatan nama",
    ],
    Field.JABATAN_KIND: [
        "jenis jabatan",
        "jenis jab",
        "kelompok jabatan",
        "jenis jabatan terakhir",
        "jenis jabatan nama",
    ],
    Field.GOLONGAN: [
        "gol ruang",
        "golongan ruang",
        "golongan",
        "gol",
        "gol ruang akhir",
        "golongan ruang akhir",
        "gol akhir",
        "pangkat golongan",
        "pangkat gol",
        "pangkat gol ruang",
        "pangkat golongan ruang",
        "gol akhir nama",
        "golongan akhir nama",
    ],
    Field.PANGKAT: ["pangkat", "pangkat terakhir", "nama pangkat"],
    Field.UNIT: [
        "sub unit",
        "sub unit kerja",
        "unit kerja",
        "unor",
        "nama unor",
        "unit organisasi",
        "bidang",
        "unit",
        "bagian",
        "satuan kerja",
        "unor nama",
    ],
    Field.STATUS: [
        "status pegawai",
        "status kepegawaian",
        "jenis pegawai",
        "status asn",
        "jenis asn",
        "status",
        "jenis kepegawaian",
        "jenis pegawai nama",
    ],
    # PPPK only: the perjanjian kerja (SIASN writes TMT PPPK / masa perjanjian kerja).
    Field.CONTRACT_START: [
        "mulai perjanjian kerja",
        "tanggal mulai perjanjian kerja",
        "awal perjanjian kerja",
        "tmt perjanjian kerja",
        "tmt pppk",
        "mulai kontrak",
        "awal kontrak",
        "tanggal mulai kontrak",
        "masa perjanjian kerja mulai",
    ],
    Field.CONTRACT_END: [
        "akhir perjanjian kerja",
        "tanggal akhir perjanjian kerja",
        "selesai perjanjian kerja",
        "tanggal selesai perjanjian kerja",
        "akhir kontrak",
        "selesai kontrak",
        "tanggal akhir kontrak",
        "masa perjanjian kerja selesai",
    ],
}
# SIASN's "Data Utama" export puts a code column next to each named one (JENIS_PEGAWAI_ID
# beside JENIS_PEGAWAI_NAMA, GOL_AKHIR_ID beside GOL_AKHIR_NAMA): the codes are never the value.
CODE_SUFFIXES = (" id", " kode")
# Fallback when no exact alias matched: headers that start with one of these
# ("Nama Lengkap (dengan gelar)", "NIP BARU 18 DIGIT"). Never a bare "nama" or "nip":
# "Nama Jabatan" and "NIP Lama" must not pass for them.
HEADER_PREFIXES = {
    Field.NIP: ["nip baru", "nip 18"],
    Field.NAME: ["nama lengkap", "nama pegawai", "nama asn"],
    Field.JABATAN: ["nama jabatan", "jabatan terakhir"],
    Field.JABATAN_KIND: ["jenis jabatan"],
    Field.GOLONGAN: ["gol ruang", "golongan ruang", "pangkat gol"],
    Field.UNIT: ["unit kerja", "sub unit", "unit organisasi"],
    Field.STATUS: ["status kepegawaian", "status pegawai", "jenis pegawai"],
}
FIELD_LABELS = {
    Field.NIP: gettext_lazy("NIP"),
    Field.NAME: gettext_lazy("Nama"),
    Field.STATUS: gettext_lazy("Status"),
    Field.JABATAN: gettext_lazy("Jabatan"),
    Field.JABATAN_KIND: gettext_lazy("Jenis Jabatan"),
    Field.GOLONGAN: gettext_lazy("Golongan/Ruang"),
    Field.PANGKAT: gettext_lazy("Pangkat"),
    Field.UNIT: gettext_lazy("Unit Kerja"),
    Field.CONTRACT_START: gettext_lazy("Mulai Perjanjian Kerja"),
    Field.CONTRACT_END: gettext_lazy("Akhir Perjanjian Kerja"),
    Field.SUPERVISOR: gettext_lazy("NIP Atasan Langsung"),
}


def header_key(value):
    return re.sub(r"[^0-9a-z]+", " ", str(value or "").casefold()).strip()


def _match_field(key):
    """(field, rank) for a header key; rank orders aliases (exact before prefix, earlier first)."""
    for name, aliases in HEADER_ALIASES.items():
        if key in aliases:
            return name, aliases.index(key)
    if key.endswith(CODE_SUFFIXES):
        return None, None
    for name, prefixes in HEADER_PREFIXES.items():
        if any(key.startswith(prefix) for prefix in prefixes):
            return name, 100
    return None, None


@dataclass(frozen=True)
class Column:
    index: int
    header: str

    @property
    def letter(self):
        return get_column_letter(self.index + 1)

    def __str__(self):
        return f"{self.letter} ({self.header})"


@dataclass
class SheetRow:
    number: int
    values: dict

    def get(self, name):
        return self.values.get(name)


@dataclass
class RosterTable:
    columns: dict
    header_row: int
    rows: list = field(default_factory=list)
    ignored_headers: list = field(default_factory=list)
    sheet_name: str = ""
    # First row of the block under the table (signature, "Jumlah", notes) that is not read.
    footer_row: int | None = None

    def has(self, name):
        return name in self.columns


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _is_header_row(values):
    return any(_match_field(header_key(value))[0] == Field.NIP for value in values if isinstance(value, str))


def _is_numbering_row(values):
    """The '1 2 3 4 ...' row many official tables put under their header."""
    filled = [value for value in values if not _is_blank(value)]
    if len(filled) < 3:
        return False
    numbers = []
    for value in filled:
        text = str(value).strip().rstrip(".")
        if isinstance(value, bool) or not re.fullmatch(r"\d{1,2}(\.0)?", text):
            return False
        numbers.append(int(float(text)))
    return numbers == sorted(numbers) and numbers[0] in (0, 1)


# What starts the block under an official list ("Daftar Nominatif"): a total, a note, or the
# signature ("<kota>, 2 Januari 2025", "Mengetahui,", "a.n. Kepala Dinas", "Plt. ...").
_FOOTER_MARKER = re.compile(
    r"^(?:(?:jumlah|total|keterangan|catatan|mengetahui|menyetujui|disahkan|ditetapkan|dicetak)\b"
    r"|(?:a\s*\.\s*n|an|plt|plh|pj)\s*\.\s"
    r"|[a-z][a-z .'-]*,\s*(?:\d{1,2}\s+)?[a-z]+\s+\d{4}$)"
)
_NIP_DIGITS = re.compile(r"\d{15}")


def _is_footer_marker(values, cells):
    """A row that starts the block under the table: it names no NIP, and one of its cells is
    a total, a note or the start of a signature."""
    nip = cells.get(Field.NIP)
    if not _is_blank(nip) and _NIP_DIGITS.search(re.sub(r"\D", "", str(nip))):
        return False
    return any(isinstance(value, str) and _FOOTER_MARKER.match(" ".join(value.split()).casefold()) for value in values)


def _is_staff_row(cells):
    return not _is_blank(cells.get(Field.NIP)) and not _is_blank(cells.get(Field.NAME))


def _map_columns(headers):
    """{field: Column} for the best column per field, and the headers nothing used."""
    best = {}
    ignored = []
    for index, header in enumerate(headers):
        if _is_blank(header):
            continue
        name, rank = _match_field(header_key(header))
        label = " ".join(str(header).split())
        if name is None:
            ignored.append(label)
            continue
        if name not in best or rank < best[name][0]:
            if name in best:
                ignored.append(best[name][1].header)
            best[name] = (rank, Column(index, label))
        else:
            ignored.append(label)
    return {name: column for name, (_rank, column) in best.items()}, ignored


def _table_from_rows(rows, *, sheet_name=""):
    """Find the header among the first rows and collect the data rows below it.

    `rows` yields (row_number, tuple_of_values). Returns None when no header is found.
    """
    header = None
    for number, values in rows:
        if number > HEADER_SEARCH_ROWS:
            return None
        if _is_header_row(values):
            header = (number, list(values))
            break
    if header is None:
        return None
    header_number, headers = header
    columns, ignored = _map_columns(headers)
    table = RosterTable(columns=columns, header_row=header_number, ignored_headers=ignored, sheet_name=sheet_name)

    blank_run = 0
    after_header = 0
    footer_start = None  # index in table.rows of a footer marker not followed by any staff row
    for number, values in rows:
        after_header += 1
        if after_header <= 2:
            # A second header row under merged group headings ("Pangkat/Gol" over "Gol" and
            # "TMT"), or a column numbering row: neither is data.
            if _is_numbering_row(values):
                continue
            key_cells = [
                values[table.columns[name].index] if table.columns[name].index < len(values) else None
                for name in (Field.NIP, Field.NAME)
                if name in table.columns
            ]
            if all(_is_blank(value) for value in key_cells) and any(
                _match_field(header_key(value))[0] for value in values if isinstance(value, str)
            ):
                merged = [
                    sub if not _is_blank(sub) else (headers[i] if i < len(headers) else None)
                    for i, sub in enumerate(values)
                ]
                table.columns, table.ignored_headers = _map_columns(merged)
                continue
        cells = {name: values[column.index] for name, column in table.columns.items() if column.index < len(values)}
        if all(_is_blank(value) for value in cells.values()):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if len(table.rows) >= MAX_DATA_ROWS:
            raise ValidationError(
                _("Berkas berisi lebih dari %(max)s baris data. Pecah menjadi beberapa berkas.")
                % {"max": number_format(MAX_DATA_ROWS, force_grouping=True)},
                code="too_many_rows",
            )
        if _is_staff_row(cells):
            footer_start = None
        elif footer_start is None and _is_footer_marker(values, cells):
            footer_start = len(table.rows)
        table.rows.append(SheetRow(number=number, values=cells))
    if footer_start is not None and footer_start > 0:
        # The signature block and totals under the list are not staff: they are not read.
        table.footer_row = table.rows[footer_start].number
        del table.rows[footer_start:]
    return table


def _xlsx_rows(sheet):
    sheet.reset_dimensions()  # some exporters write a wrong <dimension>; read what is there
    yield from enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1)


def _read_xlsx(stream):
    check_xlsx_limits(stream)  # before openpyxl unpacks anything
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as error:
        raise ValidationError(
            _(
                "Berkas tidak dapat dibuka sebagai buku kerja Excel (.xlsx): berkasnya rusak atau bukan "
                "berkas Excel. Buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx."
            ),
            code="bad_xlsx",
        ) from error
    except Exception as error:  # openpyxl raises its own exceptions for odd parts of a package
        raise ValidationError(
            _("Berkas Excel tidak dapat dibaca (%(reason)s). Simpan ulang sebagai .xlsx lalu unggah lagi.")
            % {"reason": type(error).__name__},
            code="bad_xlsx",
        ) from error
    try:
        sheets = sorted(workbook.worksheets, key=lambda s: getattr(s, "sheet_state", "visible") != "visible")
        for sheet in sheets:
            rows = _xlsx_rows(sheet)
            try:
                table = _table_from_rows(rows, sheet_name=sheet.title)
            except ValidationError:
                raise
            except Exception as error:  # a damaged sheet XML part
                raise ValidationError(
                    _("Lembar %(sheet)s tidak dapat dibaca: berkas rusak. Simpan ulang sebagai .xlsx.")
                    % {"sheet": sheet.title},
                    code="bad_xlsx",
                ) from error
            finally:
                rows.close()
            if table is not None:
                return table
        return None
    finally:
        workbook.close()


def _decode_csv(data):
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ValidationError(_("Isi berkas bukan XLSX atau CSV."), code="wrong_type")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("Huruf dalam berkas CSV tidak dapat dibaca. Simpan sebagai «CSV UTF-8» lalu unggah lagi."),
        code="csv_encoding",
    )


def _csv_delimiter(text):
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    candidates = ";,\t|"
    for line in lines:
        if "nip" in line.casefold():
            counts = {delimiter: line.count(delimiter) for delimiter in candidates}
            best = max(counts, key=counts.get)
            if counts[best]:
                return best
    counts = {delimiter: sum(line.count(delimiter) for line in lines) for delimiter in candidates}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(data):
    text = _decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_csv_delimiter(text))
    rows = (
        (number, tuple(cell if cell.strip() else None for cell in values[:MAX_COLUMNS]))
        for number, values in enumerate(reader, start=1)
    )
    try:
        return _table_from_rows(rows)
    except csv.Error as error:
        raise ValidationError(
            _("Berkas CSV tidak dapat dibaca: %(reason)s.") % {"reason": error}, code="bad_csv"
        ) from error


def sniff_kind(head):
    """'xlsx', 'csv', or raise ValidationError saying what the file is instead."""
    if head.startswith(OLE2_SIGNATURE):
        raise ValidationError(
            _(
                "Berkas ini berformat Excel lama (.xls) atau dilindungi kata sandi. Buka di Excel, hapus kata "
                "sandinya bila ada, lalu simpan sebagai «Excel Workbook (.xlsx)» dan unggah lagi."
            ),
            code="xls",
        )
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        raise ValidationError(
            _(
                "Berkas ini halaman web/XML yang diberi nama seperti berkas Excel (sering terjadi pada unduhan "
                "aplikasi kepegawaian). Buka di Excel lalu simpan sebagai «Excel Workbook (.xlsx)»."
            ),
            code="html",
        )
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"\x1f\x8b", b"7z\xbc\xaf")):
        raise ValidationError(_("Isi berkas bukan XLSX atau CSV."), code="wrong_type")
    return "csv"


def read_roster_file(stream):
    """Read an XLSX or CSV roster from a binary file object (judged by content, not name)."""
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)
    kind = sniff_kind(head)
    table = _read_xlsx(stream) if kind == "xlsx" else _read_csv(stream.read())
    if table is None:
        raise ValidationError(
            _(
                "Baris judul kolom tidak ditemukan: dalam %(rows)s baris pertama tidak ada kolom NIP "
                "(misalnya «NIP» atau «NIP BARU»). Pastikan berkas berisi daftar pegawai dengan kolom NIP."
            )
            % {"rows": HEADER_SEARCH_ROWS},
            code="no_header",
        )
    if Field.NAME not in table.columns:
        raise ValidationError(
            _(
                "Kolom nama pegawai tidak ditemukan pada baris judul (baris %(row)s). Beri judul kolom "
                "«Nama» atau «Nama Lengkap». Kolom yang ada: %(headers)s."
            )
            % {
                "row": table.header_row,
                "headers": ", ".join([str(c.header) for c in table.columns.values()] + table.ignored_headers),
            },
            code="no_name_column",
        )
    if not table.rows:
        raise ValidationError(
            _(
                "Berkas tidak berisi data pegawai: di bawah baris judul kolom (baris %(row)s) tidak ada "
                "baris yang terisi. Tidak ada yang diubah."
            )
            % {"row": table.header_row},
            code="no_rows",
        )
    return table


def table_to_json(table):
    """The table as compact JSON (UTF-8 bytes): only the columns the import reads, so what is
    kept until commit holds no more personal data than the roster needs (UU 27/2022)."""
    names = list(table.columns)
    data = {
        "version": 1,
        "sheet": table.sheet_name,
        "header_row": table.header_row,
        "ignored": table.ignored_headers,
        "footer_row": table.footer_row,
        "columns": [[str(name), column.index, column.header] for name, column in table.columns.items()],
        "rows": [[row.number, [row.values.get(name) for name in names]] for row in table.rows],
    }
    # Dates and other odd cell types become text; numbers stay numbers, so a NIP typed as a
    # number is judged the same way after the round trip.
    return json.dumps(data, default=str, ensure_ascii=False, separators=(",", ":")).encode()


def table_from_json(raw):
    data = json.loads(raw)
    names = [Field(name) for name, _index, _header in data["columns"]]
    return RosterTable(
        columns={Field(name): Column(index, header) for name, index, header in data["columns"]},
        header_row=data["header_row"],
        rows=[SheetRow(number=number, values=dict(zip(names, values, strict=True))) for number, values in data["rows"]],
        ignored_headers=data["ignored"],
        sheet_name=data["sheet"],
        footer_row=data.get("footer_row"),
    )
