"""Roster spreadsheets for tests, shaped like real SIMPEG/SIASN exports when asked to be."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.factories import valid_nip

HEADER = ["NIP", "Nama", "Status", "Jabatan", "Jenis Jabatan", "Golongan/Ruang", "Unit Kerja"]


def staff_rows(count, *, start=0, unit="Bidang Layanan", jabatan="Pranata Komputer Ahli Pertama"):
    """`count` valid rows in HEADER order, NIPs from valid_nip(start...)."""
    return [
        [valid_nip(start + i), f"Pegawai Uji {start + i:05d}", "PNS", jabatan, "", "III/a", unit] for i in range(count)
    ]


def xlsx_bytes(rows, *, header=HEADER, title_rows=(), merge_title=False, text_columns=(0,)):
    """An XLSX workbook: optional title rows, the header, then `rows`. Strings stay strings,
    numbers stay numbers (so a NIP passed as int is a number cell, as Excel would store it)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data Pegawai"
    for title in title_rows:
        sheet.append([title])
    if merge_title and title_rows:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, header=HEADER, delimiter=";", encoding="utf-8-sig", title_rows=()):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    for title in title_rows:
        writer.writerow([title])
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(content, name="pegawai.xlsx"):
    content_type = "text/csv" if name.endswith(".csv") else "application/octet-stream"
    return SimpleUploadedFile(name, content, content_type=content_type)
