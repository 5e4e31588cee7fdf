"""The one export helper (intan_wpl.exports): files that are safe to open in a spreadsheet
program, identifiers that stay text, and every export on record."""

import io

import pytest
from openpyxl import load_workbook

from intan_wpl.exports import Column, XlsxWriter, csv_bytes, neutralise, record_export, xlsx_bytes
from intan_wpl.models import ExportLog

FORMULAS = ["=1+1", "+62812", "-2+3", "@SUM(A1)", "\t=cmd", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_text_that_would_be_a_formula_gets_an_apostrophe(value):
    content = csv_bytes([Column("teks")], [[value]]).decode()
    assert content.splitlines()[1].strip('"').startswith("'")
    assert neutralise(value) == "'" + value


def test_csv_numbers_stay_numbers_and_ordinary_text_is_untouched():
    content = csv_bytes([Column("a"), Column("b")], [[-5, "Dinas Kelautan"]]).decode()
    assert content.splitlines()[1] == "-5,Dinas Kelautan"


def test_csv_for_excel_in_an_indonesian_locale_has_a_bom_and_semicolons():
    content = csv_bytes([Column("nip"), Column("nama")], [["198609262015051001", "Andi"]], delimiter=";", bom=True)
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines() == ["nip;nama", "198609262015051001;Andi"]


@pytest.mark.parametrize("value", FORMULAS)
def test_xlsx_text_is_never_a_live_formula(value):
    sheet = load_workbook(io.BytesIO(xlsx_bytes("Uji", [Column("teks")], [[value]]))).active
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == value


def test_xlsx_identifiers_are_text_cells_formatted_as_text():
    content = xlsx_bytes("Uji", [Column("NIP", text=True), Column("JP")], [["198609262015051001", 16]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "198609262015051001" and sheet["A2"].number_format == "@"
    assert sheet["B2"].value == 16


def test_a_workbook_counts_the_rows_of_every_sheet():
    writer = XlsxWriter()
    writer.sheet("Satu", [Column("a")]).extend([[1], [2]])
    writer.sheet("Dua / tiga?", [Column("b")]).extend([[3]])
    buffer = io.BytesIO()
    writer.save(buffer)
    assert writer.row_count == 3
    # Characters a sheet title may not hold ([]:*?/\) are replaced, not refused.
    assert load_workbook(buffer).sheetnames == ["Satu", "Dua   tiga"]


@pytest.mark.django_db
def test_every_export_is_recorded(admin_user):
    log = record_export(user=admin_user, kind="uji", description="Ekspor uji", row_count=7, pseudonymised=True)
    assert ExportLog.objects.get() == log
    assert (log.user, log.kind, log.row_count, log.pseudonymised) == (admin_user, "uji", 7, True)
