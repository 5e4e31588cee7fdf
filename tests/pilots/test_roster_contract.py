"""The roster carries a PPPK's perjanjian kerja (start and end): read from its own columns,
named by column and reason when unreadable, kept when a later roster has no such columns, and
announced to the JP ledger when the start moves."""

import io
from datetime import date, datetime

import pytest

from pilots.domain import EmploymentType
from pilots.models import Pegawai, RosterImportStatus
from pilots.services import roster_import as service
from pilots.services.roster import roster_rows, write_roster_workbook
from tests.pilots.roster_files import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

NIP_PPPK = "198807112022131003"
NIP = "198609262015051001"
HEADER = ["NIP", "Nama", "Status", "Golongan/Ruang", "Mulai Perjanjian Kerja", "Akhir Perjanjian Kerja"]


def run(opd, user, content, name="pegawai.xlsx"):
    return service.roster_import_upload(opd=opd, uploaded_by=user, upload=upload(content, name))


def test_contract_dates_are_read_from_dates_and_from_text(opd_a, admin_user):
    cell = datetime(2025, 4, 1)  # noqa: DTZ001 (a spreadsheet date cell is naive)
    rows = [[NIP_PPPK, "Nur Kontrak", "PPPK", "IX", cell, "31-03-2030"]]
    result = run(opd_a, admin_user, xlsx_bytes(rows, header=HEADER))
    assert result.status == RosterImportStatus.PREVIEW, result.errors
    service.roster_import_commit(roster_import=result)
    person = Pegawai.objects.get(nip=NIP_PPPK)
    assert (person.contract_start, person.contract_end) == (date(2025, 4, 1), date(2030, 3, 31))


def test_an_unreadable_date_is_named_by_row_column_and_reason(opd_a, admin_user):
    rows = [[NIP_PPPK, "Nur Kontrak", "PPPK", "IX", "April 2025", "31-03-2030"]]
    result = run(opd_a, admin_user, csv_bytes(rows, header=HEADER), name="pegawai.csv")
    assert result.status == RosterImportStatus.REJECTED
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "Mulai Perjanjian Kerja")]
    assert "Tanggal tidak terbaca" in result.errors[0]["message"]
    assert not Pegawai.objects.exists()


def test_a_pns_row_with_contract_dates_is_refused(opd_a, admin_user):
    rows = [[NIP, "Andi Baso", "PNS", "III/a", "01-04-2025", ""]]
    result = run(opd_a, admin_user, xlsx_bytes(rows, header=HEADER))
    assert result.status == RosterImportStatus.REJECTED
    assert [(e["column"], e["message"][:12]) for e in result.errors] == [("Mulai Perjanjian Kerja", "Hanya PPPK y")]


def test_a_roster_without_contract_columns_keeps_the_stored_dates(opd_a, admin_user):
    first = run(
        opd_a, admin_user, xlsx_bytes([[NIP_PPPK, "Nur Kontrak", "PPPK", "IX", "01-04-2025", ""]], header=HEADER)
    )
    service.roster_import_commit(roster_import=first)
    later = run(opd_a, admin_user, xlsx_bytes([[NIP_PPPK, "Nur Kontrak", "PPPK", "X"]], header=HEADER[:4]))
    service.roster_import_commit(roster_import=later)
    person = Pegawai.objects.get(nip=NIP_PPPK)
    assert (person.golongan, person.contract_start) == ("X", date(2025, 4, 1))


def test_the_export_writes_the_contract_dates_and_goes_back_in_unchanged(opd_a, admin_user):
    rows = [[NIP_PPPK, "Nur Kontrak", "PPPK", "IX", "01-04-2025", "31-03-2030"]]
    service.roster_import_commit(roster_import=run(opd_a, admin_user, xlsx_bytes(rows, header=HEADER)))
    stream = io.BytesIO()
    write_roster_workbook(roster_rows(Pegawai.objects.all()), stream)
    exported = list(roster_rows(Pegawai.objects.all()))
    assert exported[0][-3:] == ("01-04-2025", "31-03-2030", "")
    again = run(opd_a, admin_user, stream.getvalue())
    assert again.status == RosterImportStatus.PREVIEW, again.errors
    assert (again.created_count, again.updated_count) == (0, 0)
    assert Pegawai.objects.get().employment_type == EmploymentType.PPPK
