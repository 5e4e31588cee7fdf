"""The roster import service: reading real-world spreadsheets, checking every row, and
committing all or nothing, matched by NIP."""

import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from openpyxl import Workbook

from pilots.domain import EmploymentType, Gender, JabatanKind
from pilots.models import Pegawai, RosterImport, RosterImportStatus, UnitKerja
from pilots.services import roster_analysis
from pilots.services import roster_import as service
from pilots.services.roster import roster_rows, write_roster_workbook
from tests.factories import OpdFactory, PegawaiFactory, UnitKerjaFactory, valid_nip
from tests.pilots.roster_files import HEADER, csv_bytes, staff_rows, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

NIP = "198609262015051001"  # born 26 Sep 1986, TMT CPNS May 2015, male, serial 001
NIP_WOMAN = "199003152018032002"
NIP_PPPK = "198807112022131003"  # digits 13-14 "13": no month, fine for a PPPK, wrong for a PNS


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run_upload(opd, user, content, name="pegawai.xlsx"):
    return service.roster_import_upload(opd=opd, uploaded_by=user, upload=upload(content, name))


def import_file(opd, user, content, name="pegawai.xlsx"):
    """Upload and commit; fail the test if the file is rejected."""
    roster_import = run_upload(opd, user, content, name)
    assert roster_import.status == RosterImportStatus.PREVIEW, roster_import.errors
    return service.roster_import_commit(roster_import=roster_import)


def error_messages(roster_import):
    return [(error["row"], error["column"], error["message"]) for error in roster_import.errors]


# --- reading real spreadsheets -------------------------------------------------------------


def test_a_plain_xlsx_creates_staff_units_and_reads_gender_from_the_nip(opd_a, admin_user):
    rows = [
        [NIP, "Andi Baso, S.Kom.", "PNS", "Pranata Komputer Ahli Pertama", "", "III/a", "Bidang Layanan"],
        [NIP_WOMAN, "Sitti Rahma", "PNS", "Kepala Seksi Pengolahan", "", "iii / c", "Bidang Layanan"],
        [NIP_PPPK, "Muh. Arif", "PPPK", "Penata Layanan Operasional", "", "IX", "Subbagian Umum"],
    ]
    result = import_file(opd_a, admin_user, xlsx_bytes(rows))

    assert result.status == RosterImportStatus.COMMITTED
    assert (result.created_count, result.updated_count, result.unchanged_count) == (3, 0, 0)
    andi = Pegawai.objects.get(nip=NIP)
    assert andi.opd == opd_a
    assert andi.gender == Gender.MALE
    assert andi.golongan == "III/a"
    assert andi.jabatan_kind == JabatanKind.AHLI_PERTAMA
    assert andi.unit.name == "Bidang Layanan"
    sitti = Pegawai.objects.get(nip=NIP_WOMAN)
    assert (sitti.gender, sitti.golongan, sitti.jabatan_kind) == (Gender.FEMALE, "III/c", JabatanKind.PENGAWAS)
    arif = Pegawai.objects.get(nip=NIP_PPPK)
    assert (arif.employment_type, arif.golongan) == (EmploymentType.PPPK, "IX")
    assert sorted(UnitKerja.objects.filter(opd=opd_a).values_list("name", flat=True)) == [
        "Bidang Layanan",
        "Subbagian Umum",
    ]


def test_a_simpeg_export_with_title_rows_merged_title_and_numbering_row_is_read(opd_a, admin_user):
    header = ["NO", "NIP BARU", "NAMA LENGKAP", "GOL. RUANG", "NAMA JABATAN", "UNOR", "STATUS KEPEGAWAIAN"]
    rows = [
        [1, 2, 3, 4, 5, 6, 7],  # the column numbering row under the header
        [1, "19860926 201505 1 001", "ANDI BASO", "III/b", "Analis Kebijakan Ahli Muda", "Bidang Program", "PNS"],
        [2, "'199003152018032002", "SITTI RAHMA", "II/c", "Pengelola Arsip", "Bidang Program", "CPNS"],
        [None, None, None, None, None, None, None],
        [None, None, None, None, None, None, None],
    ]
    titles = ["DAFTAR NOMINATIF PEGAWAI", "DINAS PERPUSTAKAAN UJI", "KEADAAN 30 JUNI 2025", None]
    result = import_file(opd_a, admin_user, xlsx_bytes(rows, header=header, title_rows=titles, merge_title=True))

    assert result.created_count == 2
    andi = Pegawai.objects.get(nip=NIP)
    assert (andi.name, andi.golongan, andi.jabatan_kind) == ("ANDI BASO", "III/b", JabatanKind.AHLI_MUDA)
    assert Pegawai.objects.get(nip=NIP_WOMAN).employment_type == EmploymentType.PNS  # CPNS is a PNS


def test_a_two_row_header_under_merged_group_headings_is_understood(opd_a, admin_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR URUT KEPANGKATAN"])
    sheet.append(["NO", "NIP", "NAMA", "PANGKAT/GOL", None, "JABATAN"])
    sheet.append([None, None, None, "Pangkat", "Gol. Ruang", None])
    sheet.merge_cells("D2:E2")
    sheet.append([1, NIP, "Andi", "Penata", "III/c", "Analis Kebijakan Ahli Muda"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_file(opd_a, admin_user, buffer.getvalue())
    andi = Pegawai.objects.get()
    assert (andi.name, andi.golongan, andi.jabatan) == ("Andi", "III/c", "Analis Kebijakan Ahli Muda")


def test_the_roster_sheet_is_found_behind_a_cover_sheet(opd_a, admin_user):
    workbook = Workbook()
    workbook.active.title = "Sampul"
    workbook.active.append(["Rekapitulasi pegawai per bidang"])
    data = workbook.create_sheet("Data")
    data.append(["NIP", "Nama"])
    data.append([NIP, "Andi"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert import_file(opd_a, admin_user, buffer.getvalue()).created_count == 1


@pytest.mark.parametrize(
    ("header", "row"),
    [
        (["NIP", "Nama Pegawai", "Gol/Ruang", "Sub Unit"], [NIP, "Andi", "3b", "Bidang A"]),
        (["nip baru", "NAMA", "Golongan", "Unit Kerja"], [NIP, "Andi", "III.b", "Bidang A"]),
        (
            ["NIP 18 digit", "Nama Lengkap (dengan gelar)", "Pangkat/Golongan", "UNOR"],
            [NIP, "Andi", "Penata Muda Tk. I (III/b)", "Bidang A"],
        ),
        (
            ["NIP Lama", "NIP", "Nama", "Pangkat", "Unit Kerja"],
            ["010203040", NIP, "Andi", "Penata Muda Tk. I", "Bidang A"],
        ),
    ],
)
def test_header_variants_map_to_the_right_columns(opd_a, admin_user, header, row):
    import_file(opd_a, admin_user, xlsx_bytes([row], header=header))
    andi = Pegawai.objects.get(nip=NIP)
    assert (andi.name, andi.golongan, andi.unit.name) == ("Andi", "III/b", "Bidang A")


@pytest.mark.parametrize(
    "nip_cell",
    [
        "19860926 201505 1 001",
        "19860926.201505.1.001",
        "'198609262015051001",
        " NIP. 198609262015051001 ",
        "19860926\u00a0201505\u00a01\u00a0001",
    ],
)
def test_nip_text_with_spaces_dots_or_apostrophe_is_accepted(opd_a, admin_user, nip_cell):
    import_file(opd_a, admin_user, xlsx_bytes([[nip_cell, "Andi"]], header=["NIP", "Nama"]))
    assert Pegawai.objects.get().nip == NIP


@pytest.mark.parametrize("nip_cell", [198609262015051001, 1.98609262015051e17])
def test_a_nip_stored_as_an_excel_number_gets_the_format_as_text_message(opd_a, admin_user, nip_cell):
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes([[nip_cell, "Andi"]], header=["NIP", "Nama"]))
    assert roster_import.status == RosterImportStatus.REJECTED
    [(row, column, message)] = error_messages(roster_import)
    assert (row, column) == (2, "NIP")
    assert "Format kolom NIP sebagai Teks" in message
    assert not Pegawai.objects.exists()


def test_a_short_nip_number_is_read_as_digits_and_reported_by_length(opd_a, admin_user):
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes([[123456789, "Andi"]], header=["NIP", "Nama"]))
    assert error_messages(roster_import) == [(2, "NIP", "NIP harus 18 digit; yang diisi 9 digit.")]


def test_csv_with_semicolons_and_utf8_bom(opd_a, admin_user):
    content = csv_bytes(staff_rows(3), delimiter=";", encoding="utf-8-sig")
    assert content.startswith(b"\xef\xbb\xbf")
    result = import_file(opd_a, admin_user, content, name="pegawai.csv")
    assert result.created_count == 3
    assert Pegawai.objects.filter(opd=opd_a, unit__name="Bidang Layanan").count() == 3


def test_csv_with_commas_in_windows_1252_keeps_the_names_intact(opd_a, admin_user):
    rows = [[NIP, "Andi Nur\u2019aini Daéng", "PNS", "Pengelola Keuangan", "", "II/a", "Subbagian Keuangan"]]
    content = csv_bytes(rows, delimiter=",", encoding="cp1252", title_rows=["Daftar Pegawai, Juli 2025"])
    import_file(opd_a, admin_user, content, name="pegawai.csv")
    assert Pegawai.objects.get().name == "Andi Nur\u2019aini Daéng"


def test_csv_with_a_nip_in_scientific_notation_is_refused_with_the_text_advice(opd_a, admin_user):
    content = csv_bytes([["1,98609E+17", "Andi"]], header=["NIP", "Nama"], delimiter=";")
    roster_import = run_upload(opd_a, admin_user, content, name="pegawai.csv")
    [(_row, _column, message)] = error_messages(roster_import)
    assert "Format kolom NIP sebagai Teks" in message


def test_formulas_are_read_as_their_computed_values(opd_a, admin_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Nama"])
    sheet.append([NIP, '="Andi"&" Baso"'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Give the formula the cached value Excel stores beside it when it saves.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="B2"><f>', b'<c r="B2" t="str"><f>').replace(b"<v></v>", b"<v>Andi Baso</v>")
            target.writestr(item, data)
    import_file(opd_a, admin_user, patched.getvalue())
    assert Pegawai.objects.get().name == "Andi Baso"


@pytest.mark.parametrize(
    ("status", "golongan", "expected"),
    [
        ("PNS", "III/a", "pns"),
        ("CPNS", "II/a", "pns"),
        ("PPPK", "IX", "pppk"),
        ("P3K", "V", "pppk"),
        ("PPPK Paruh Waktu", "", "pppk"),
    ],
)
def test_status_variants(opd_a, admin_user, status, golongan, expected):
    nip = NIP if expected == "pns" else NIP_PPPK
    import_file(
        opd_a, admin_user, xlsx_bytes([[nip, "Andi", status, golongan]], header=["NIP", "Nama", "Jenis Pegawai", "Gol"])
    )
    assert Pegawai.objects.get().employment_type == expected


def test_a_pppk_nip_without_a_month_is_refused_for_a_pns_row(opd_a, admin_user):
    rows = [[NIP_PPPK, "Andi", "PNS"], [valid_nip(7, employment_type="pppk"), "Baso", "PPPK"]]
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(rows, header=["NIP", "Nama", "Status Pegawai"]))
    assert error_messages(roster_import) == [
        (2, "NIP", "Bulan TMT CPNS pada NIP (digit 13-14: 13) harus 01 sampai 12."),
    ]


def test_without_a_status_column_a_pppk_nip_error_says_how_to_mark_pppk(opd_a, admin_user):
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes([[NIP_PPPK, "Andi"]], header=["NIP", "Nama"]))
    [(row, column, message)] = error_messages(roster_import)
    assert (row, column) == (2, "NIP")
    assert message.startswith("Bulan TMT CPNS pada NIP (digit 13-14: 13) harus 01 sampai 12.")
    assert "tambahkan kolom «Status Pegawai» berisi PPPK" in message


def test_golongan_that_contradicts_the_status_is_an_error_in_the_golongan_column(opd_a, admin_user):
    rows = [[NIP, "Andi", "PNS", "IX"], [NIP_PPPK, "Baso", "PPPK", "III/a"], [NIP_WOMAN, "Sitti", "PNS", "Z/9"]]
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(rows, header=["NIP", "Nama", "Status", "Gol/Ruang"]))
    errors = error_messages(roster_import)
    assert errors[0] == (2, "Gol/Ruang", "Golongan IX adalah golongan PPPK; PNS memakai I/a sampai IV/e.")
    assert errors[1] == (3, "Gol/Ruang", "Golongan III/a adalah golongan PNS; PPPK memakai golongan I sampai XVII.")
    assert errors[2][:2] == (4, "Gol/Ruang") and "tidak dikenal" in errors[2][2]


def test_an_unknown_status_is_reported_and_the_nip_is_still_checked(opd_a, admin_user):
    rows = [[NIP, "Andi", "Honorer"], ["19861326" + "201505" + "1001", "Baso", "Kontrak"]]
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(rows, header=["NIP", "Nama", "Status Kepegawaian"]))
    errors = error_messages(roster_import)
    assert errors[0] == (
        2,
        "Status Kepegawaian",
        "Status kepegawaian «Honorer» tidak dikenal: isi PNS, CPNS atau PPPK.",
    )
    assert errors[2][:2] == (3, "NIP") and "bukan tanggal yang ada" in errors[2][2]


def test_every_bad_row_is_reported_with_row_column_value_and_message(opd_a, admin_user):
    rows = [
        [NIP, "Andi", "PNS", "Analis", "", "III/a", "Bidang A"],
        ["1986092620150510", "Pendek", "PNS", "", "", "", ""],  # 16 digits
        ["198613262015051001", "Tanggal Salah", "PNS", "", "", "", ""],  # month 13 of birth
        ["198609262015053001", "Gender Tiga", "PNS", "", "", "", ""],  # gender digit 3
        ["198609262015131001", "Bulan TMT", "PNS", "", "", "", ""],  # TMT month 13 for a PNS
        [NIP, "Andi Lagi", "PNS", "", "", "", ""],  # duplicate of row 2
        [NIP_WOMAN, "", "PNS", "", "", "", ""],  # no name
        ["", "Tanpa NIP", "PNS", "", "", "", ""],
    ]
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(rows))
    assert roster_import.status == RosterImportStatus.REJECTED
    assert roster_import.total_rows == 8
    errors = {error["row"]: error for error in roster_import.errors}
    assert errors[3]["message"] == "NIP harus 18 digit; yang diisi 16 digit."
    assert errors[3]["value"] == "1986092620150510"
    assert errors[3]["letter"] == "A"
    assert "bukan tanggal yang ada" in errors[4]["message"]
    assert "harus 1 (laki-laki) atau 2 (perempuan), bukan 3" in errors[5]["message"]
    assert errors[6]["message"] == "Bulan TMT CPNS pada NIP (digit 13-14: 13) harus 01 sampai 12."
    assert (
        errors[7]["message"] == "NIP ini sudah tercantum di baris 2 berkas ini; setiap pegawai hanya boleh satu baris."
    )
    assert (errors[8]["column"], errors[8]["message"]) == ("Nama", "Nama pegawai kosong.")
    assert (errors[9]["column"], errors[9]["message"]) == ("NIP", "NIP kosong.")
    assert 2 not in errors


def test_overlong_text_is_an_error_not_a_crash(opd_a, admin_user):
    rows = [[NIP, "A" * 500, "PNS", "J" * 300, "", "", "U" * 300]]
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(rows))
    columns = {error["column"] for error in roster_import.errors}
    assert columns == {"Nama", "Jabatan", "Unit Kerja"}
    assert all(len(error["value"]) <= 120 for error in roster_import.errors)


def test_jenis_jabatan_column_wins_over_the_guess_from_the_jabatan_name(opd_a, admin_user):
    header = ["NIP", "Nama", "Jabatan", "Jenis Jabatan"]
    rows = [
        [NIP, "Andi", "Kepala Bidang Layanan", "Administrator"],
        [NIP_WOMAN, "Sitti", "Pustakawan Ahli Muda", "Fungsional"],  # not precise: asked, then by the name
        [valid_nip(3), "Baso", "Staf", "JFU"],
    ]
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(rows, header=header))
    service.roster_import_commit(roster_import=roster_import, answers={"fungsional": "nama"})
    kinds = dict(Pegawai.objects.values_list("name", "jabatan_kind"))
    assert kinds == {"Andi": JabatanKind.ADMINISTRATOR, "Sitti": JabatanKind.AHLI_MUDA, "Baso": JabatanKind.PELAKSANA}


# --- files that cannot be imported at all --------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "kosong.xlsx", "Berkas kosong"),
        (xlsx_bytes([], header=HEADER), "judul-saja.xlsx", "tidak ada baris yang terisi"),
        (csv_bytes([], header=HEADER), "judul-saja.csv", "tidak ada baris yang terisi"),
        (b"%PDF-1.7\n1 0 obj\n", "sk.xlsx", "bukan XLSX atau CSV"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "lama.xls", "Excel lama (.xls)"),
        (b"<html><body><table><tr><td>NIP</td></tr></table></body></html>", "simpeg.xls", "halaman web"),
        (b"PK\x03\x04 not really a zip", "rusak.xlsx", "tidak dapat dibuka"),
        (xlsx_bytes([["Andi", "Kepala"]], header=["Nama", "Jabatan"]), "tanpa-nip.xlsx", "tidak ada kolom NIP"),
        (
            xlsx_bytes([[NIP, "Kepala"]], header=["NIP", "Jabatan"]),
            "tanpa-nama.xlsx",
            "Kolom nama pegawai tidak ditemukan",
        ),
        (b"\x00\x01\x02binary", "acak.csv", "bukan XLSX atau CSV"),
    ],
)
def test_unusable_files_get_a_clear_message_and_change_nothing(opd_a, admin_user, content, name, message):
    PegawaiFactory(opd=opd_a, nip=NIP, name="Tetap Ada")
    with pytest.raises(ValidationError) as raised:
        run_upload(opd_a, admin_user, content, name)
    assert message in " ".join(raised.value.messages)
    assert not RosterImport.objects.exists()
    assert list(Pegawai.objects.values_list("name", flat=True)) == ["Tetap Ada"]


def test_a_file_above_the_size_cap_is_refused(opd_a, admin_user):
    big = upload(b"x" * (service.ROSTER_MAX_MB * 1024 * 1024 + 1), "besar.csv")
    with pytest.raises(ValidationError, match="Berkas terlalu besar"):
        service.roster_import_upload(opd=opd_a, uploaded_by=admin_user, upload=big)
    assert not RosterImport.objects.exists()


def test_errors_beyond_the_cap_are_counted_not_stored(opd_a, admin_user, monkeypatch):
    monkeypatch.setattr(service, "MAX_STORED_ERRORS", 3)
    rows = [[f"12345{i}", f"Salah {i}"] for i in range(5)]
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(rows, header=["NIP", "Nama"]))
    assert len(roster_import.errors) == 4
    assert roster_import.errors[-1]["row"] is None
    assert "Dan 2 kesalahan lain" in roster_import.errors[-1]["message"]
    assert roster_import.errors[-1]["hidden"] == 2


# --- all or nothing, by NIP ----------------------------------------------------------------


def test_a_file_with_one_bad_row_changes_nothing(opd_a, admin_user):
    existing = PegawaiFactory(opd=opd_a, nip=valid_nip(1), name="Nama Lama")
    rows = staff_rows(5, start=1, unit="Unit Baru Sekali")
    rows[3][0] = "198609262015053001"  # gender digit 3
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(rows))

    assert roster_import.status == RosterImportStatus.REJECTED
    assert [(e["row"], e["column"]) for e in roster_import.errors] == [(5, "NIP")]
    assert not roster_import.file
    existing.refresh_from_db()
    assert existing.name == "Nama Lama"
    assert Pegawai.objects.count() == 1
    assert not UnitKerja.objects.filter(name="Unit Baru Sekali").exists()


def test_a_failure_while_writing_rolls_back_every_row(opd_a, admin_user, monkeypatch):
    PegawaiFactory(opd=opd_a, nip=valid_nip(0), name="Nama Lama")
    rows = staff_rows(6, unit="Unit Baru")
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(rows))
    assert (roster_import.created_count, roster_import.updated_count) == (5, 1)

    real_bulk_create = Pegawai.objects.bulk_create

    def write_half_then_fail(objs, **kwargs):
        real_bulk_create(objs[: len(objs) // 2], **kwargs)
        assert Pegawai.objects.count() == 4  # three new rows written, one updated in place
        raise IntegrityError("simulated")

    monkeypatch.setattr(Pegawai.objects, "bulk_create", write_half_then_fail)
    with pytest.raises(ValidationError, match="Tidak ada yang diubah"):
        service.roster_import_commit(roster_import=roster_import)
    assert Pegawai.objects.count() == 1
    assert Pegawai.objects.get().name == "Nama Lama"
    assert not UnitKerja.objects.filter(name="Unit Baru").exists()
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImportStatus.PREVIEW


def test_reimporting_updates_by_nip_and_never_duplicates(opd_a, admin_user):
    rows = staff_rows(10)
    import_file(opd_a, admin_user, xlsx_bytes(rows))
    again = import_file(opd_a, admin_user, xlsx_bytes(rows))
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 10)

    for row in rows[:3]:
        row[3] = "Analis Kebijakan Ahli Muda"
    changed = import_file(opd_a, admin_user, xlsx_bytes(rows))
    assert (changed.created_count, changed.updated_count, changed.unchanged_count) == (0, 3, 7)
    assert Pegawai.objects.count() == 10
    assert Pegawai.objects.filter(jabatan_kind=JabatanKind.AHLI_MUDA).count() == 3
    assert UnitKerja.objects.filter(opd=opd_a).count() == 1


def test_staff_from_another_opd_are_shown_as_moving_and_then_moved(opd_a, opd_b, admin_user):
    old_unit = UnitKerjaFactory(opd=opd_b, name="Bidang Lama")
    mover = PegawaiFactory(opd=opd_b, unit=old_unit, nip=NIP, name="Andi Pindah")
    content = xlsx_bytes([[NIP, "Andi Pindah", "PNS", "Analis", "", "III/a", "Bidang Baru"]])
    roster_import = run_upload(opd_a, admin_user, content)

    plan = service.roster_import_plan(roster_import=roster_import)
    assert [update.moved_from for update in plan.moves] == [opd_b]
    labels = [label for label, _old, _new in roster_analysis.describe_changes(plan.updates[0])]
    assert "OPD" in labels and "Unit kerja" in labels

    service.roster_import_commit(roster_import=roster_import)
    mover.refresh_from_db()
    assert (mover.opd, mover.unit.name, mover.unit.opd) == (opd_a, "Bidang Baru", opd_a)
    assert Pegawai.objects.count() == 1


def test_unit_names_match_existing_units_ignoring_case_and_spacing(opd_a, admin_user):
    unit = UnitKerjaFactory(opd=opd_a, name="Bidang Layanan Perpustakaan")
    rows = staff_rows(2, unit="  bidang   LAYANAN perpustakaan ")
    result = import_file(opd_a, admin_user, xlsx_bytes(rows))
    assert result.created_count == 2
    assert list(UnitKerja.objects.filter(opd=opd_a)) == [unit]
    assert set(Pegawai.objects.values_list("unit", flat=True)) == {unit.pk}


def test_columns_absent_from_the_file_keep_what_is_stored(opd_a, admin_user):
    unit = UnitKerjaFactory(opd=opd_a, name="Bidang A")
    PegawaiFactory(
        opd=opd_a, unit=unit, nip=NIP_PPPK, name="Nama Lama", employment_type="pppk", golongan="IX", jabatan="Analis"
    )
    result = import_file(opd_a, admin_user, xlsx_bytes([[NIP_PPPK, "Nama Baru"]], header=["NIP", "Nama"]))
    assert result.updated_count == 1
    pegawai = Pegawai.objects.get()
    assert (pegawai.name, pegawai.employment_type, pegawai.golongan, pegawai.jabatan, pegawai.unit) == (
        "Nama Baru",
        "pppk",
        "IX",
        "Analis",
        unit,
    )


def test_only_the_needed_columns_are_kept_until_commit_and_then_deleted(
    opd_a, admin_user, django_capture_on_commit_callbacks
):
    header = ["NIP", "Nama", "Alamat Rumah", "Tempat Lahir", "No. HP"]
    rows = [[NIP, "Andi Baso", "Jl. Rahasia No. 7", "Sengkang", "0812-0000-1111"]]
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(rows, header=header))
    stored = roster_import.file.path
    assert "pegawai" not in roster_import.file.name  # a random name, not the uploaded one
    with open(stored, "rb") as kept:
        content = kept.read().decode()
    assert NIP in content and "Andi Baso" in content
    assert "Jl. Rahasia" not in content and "0812" not in content and "Sengkang" not in content

    with django_capture_on_commit_callbacks(execute=True):
        result = service.roster_import_commit(roster_import=roster_import)
    assert not result.file
    assert result.committed_at is not None
    assert not os.path.exists(stored)


def test_a_committed_import_cannot_be_committed_again(opd_a, admin_user):
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes(staff_rows(2)))
    service.roster_import_commit(roster_import=roster_import)
    roster_import.refresh_from_db()
    with pytest.raises(ValidationError, match="sudah diproses"):
        service.roster_import_commit(roster_import=roster_import)
    assert Pegawai.objects.count() == 2


def test_a_new_upload_replaces_an_uncommitted_preview_of_the_same_opd(opd_a, opd_b, admin_user):
    first = run_upload(opd_a, admin_user, xlsx_bytes(staff_rows(2)))
    other_opd = run_upload(opd_b, admin_user, xlsx_bytes(staff_rows(2, start=50)))
    second = run_upload(opd_a, admin_user, xlsx_bytes(staff_rows(3)))
    assert set(RosterImport.objects.values_list("pk", flat=True)) == {other_opd.pk, second.pk}
    assert first.pk != second.pk


def test_the_preview_is_checked_again_at_commit(opd_a, admin_user):
    roster_import = run_upload(opd_a, admin_user, xlsx_bytes([[NIP_PPPK, "Baso"]], header=["NIP", "Nama"]))
    # Meanwhile the file's row turned into an existing PPPK-less record: no status column means
    # the stored status decides the NIP rule, so the same file is now wrong.
    roster_import_status = roster_import.status
    assert roster_import_status == RosterImportStatus.REJECTED  # a PNS by default: month 13 is refused

    PegawaiFactory(opd=opd_a, nip=NIP_PPPK, employment_type="pppk", golongan="IX")
    accepted = run_upload(opd_a, admin_user, xlsx_bytes([[NIP_PPPK, "Baso"]], header=["NIP", "Nama"]))
    assert accepted.status == RosterImportStatus.PREVIEW
    Pegawai.objects.filter(nip=NIP_PPPK).update(employment_type="pns", golongan="")
    result = service.roster_import_commit(roster_import=accepted)
    assert result.status == RosterImportStatus.REJECTED
    assert "Bulan TMT CPNS" in result.errors[0]["message"]
    assert Pegawai.objects.get().name != "Baso"


def test_the_export_is_imported_back_unchanged(opd_a, admin_user):
    unit = UnitKerjaFactory(opd=opd_a, name="Instalasi Rawat Inap")
    PegawaiFactory(opd=opd_a, unit=unit, nip=NIP, name="=Andi, S.Kom", golongan="IV/a", jabatan="Kepala Bidang Umum")
    PegawaiFactory(opd=opd_a, nip=NIP_WOMAN, gender="P", golongan="", jabatan="", jabatan_kind="pelaksana")
    boss = Pegawai.objects.get(nip=NIP)
    PegawaiFactory(
        opd=opd_a,
        nip=NIP_PPPK,
        employment_type="pppk",
        golongan="XI",
        jabatan="Perawat Ahli Pertama",
        unit=unit,
        supervisor=boss,
    )
    buffer = io.BytesIO()
    write_roster_workbook(roster_rows(Pegawai.objects.filter(opd=opd_a)), buffer)
    # The atasan langsung travels with the file, in the column the import reads.
    assert [row[-1] for row in roster_rows(Pegawai.objects.filter(nip=NIP_PPPK))] == [NIP]

    roster_import = run_upload(opd_a, admin_user, buffer.getvalue())
    assert roster_import.status == RosterImportStatus.PREVIEW, roster_import.errors
    assert (roster_import.created_count, roster_import.updated_count, roster_import.unchanged_count) == (0, 0, 3)

    # And into another OPD the same file moves everyone, with the same values.
    other = OpdFactory()
    moved = import_file(other, admin_user, buffer.getvalue())
    assert moved.updated_count == 3
    assert Pegawai.objects.filter(opd=other, unit__name="Instalasi Rawat Inap").count() == 2
    assert Pegawai.objects.get(nip=NIP).name == "=Andi, S.Kom"
    assert Pegawai.objects.get(nip=NIP_PPPK).supervisor == Pegawai.objects.get(nip=NIP)


def test_the_atasan_langsung_of_an_export_is_restored_by_importing_it(opd_a, admin_user):
    boss = PegawaiFactory(opd=opd_a, nip=NIP, name="Andi Kepala Bidang")
    PegawaiFactory(opd=opd_a, nip=NIP_WOMAN, gender="P", supervisor=boss)
    buffer = io.BytesIO()
    write_roster_workbook(roster_rows(Pegawai.objects.filter(opd=opd_a)), buffer)
    Pegawai.objects.filter(nip=NIP_WOMAN).update(supervisor=None)
    result = import_file(opd_a, admin_user, buffer.getvalue())
    assert result.updated_count == 1
    assert Pegawai.objects.get(nip=NIP_WOMAN).supervisor == boss
