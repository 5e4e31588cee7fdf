"""Roster files as government offices really send them: SIASN's "Data Utama" export with a
code column beside every named one, a "Daftar Nominatif" with a total and a signature block
under the table, CSV from Excel on an Indonesian Windows (semicolons, Windows-1252)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from pilots.domain import EmploymentType, JabatanKind, normalize_golongan
from pilots.models import Pegawai, RosterImport, RosterImportStatus
from pilots.services import roster_import as service

pytestmark = pytest.mark.django_db

NIP = "198609262015051001"
NIP_WOMAN = "199003152018032002"
NIP_PPPK = "198807112022131003"  # digits 13-14 "13": an NI PPPK, not a PNS month
NIP_PPPK_2 = "199101012023141004"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def workbook_bytes(rows, merges=()):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_file(opd, user, content, name="pegawai.xlsx"):
    return service.roster_import_upload(
        opd=opd, uploaded_by=user, upload=SimpleUploadedFile(name, content, content_type="application/octet-stream")
    )


SIASN_HEADER = [
    "PNS_ID",
    "NIP_BARU",
    "NIP_LAMA",
    "NAMA",
    "GELAR_DEPAN",
    "GELAR_BELAKANG",
    "JENIS_PEGAWAI_ID",
    "JENIS_PEGAWAI_NAMA",
    "KEDUDUKAN_HUKUM_NAMA",
    "GOL_AWAL_ID",
    "GOL_AWAL_NAMA",
    "GOL_AKHIR_ID",
    "GOL_AKHIR_NAMA",
    "JENIS_JABATAN_ID",
    "JENIS_JABATAN_NAMA",
    "JABATAN_ID",
    "JABATAN_NAMA",
    "UNOR_ID",
    "UNOR_NAMA",
]


def test_a_siasn_data_utama_export_reads_the_named_columns_not_the_codes(opd_a, admin_user):
    rows = [
        SIASN_HEADER,
        [
            "8ae48",
            NIP,
            "",
            "ANDI BASO",
            "",
            "S.Kom",
            "2",
            "PNS Daerah Otonom",
            "Aktif",
            "31",
            "III/a",
            "32",
            "III/b",
            "2",
            "Jabatan Fungsional Tertentu",
            "A5E",
            "Pranata Komputer Ahli Pertama",
            "U1",
            "Bidang Layanan",
        ],
        [
            "8ae49",
            NIP_PPPK,
            "",
            "MUH. ARIF",
            "",
            "",
            "9",
            "PPPK",
            "Aktif",
            "",
            "IX",
            "",
            "IX",
            "4",
            "Jabatan Fungsional Umum",
            "B7",
            "Penata Layanan Operasional",
            "U2",
            "Subbagian Umum",
        ],
    ]
    result = upload_file(opd_a, admin_user, workbook_bytes(rows))

    assert result.status == RosterImportStatus.PREVIEW, result.errors
    service.roster_import_commit(roster_import=result)
    andi = Pegawai.objects.get(nip=NIP)
    assert (andi.employment_type, andi.golongan, andi.jabatan) == (
        EmploymentType.PNS,
        "III/b",
        "Pranata Komputer Ahli Pertama",
    )
    assert andi.jabatan_kind == JabatanKind.AHLI_PERTAMA
    assert andi.unit.name == "Bidang Layanan"
    arif = Pegawai.objects.get(nip=NIP_PPPK)
    assert (arif.employment_type, arif.golongan, arif.unit.name) == (EmploymentType.PPPK, "IX", "Subbagian Umum")


def nominatif(tail):
    return workbook_bytes(
        [
            ["DAFTAR NOMINATIF PEGAWAI"],
            ["DINAS PERPUSTAKAAN DAN KEARSIPAN PROVINSI SULAWESI SELATAN"],
            [],
            ["No", "NIP", "Nama", "Status", "Pangkat/Gol. Ruang", "Jabatan", "Unit Kerja"],
            [1, "'" + NIP, "Andi Baso, S.Kom", "PNS", "Penata Muda Tk.I - III/b", "Analis", "Sekretariat"],
            [2, "1988 0711 2022 13 1 003", "Nurhayati Daeng Ngai", "PPPK", "IX", "Pustakawan", "Sekretariat"],
            *tail,
        ],
        merges=["A1:G1", "A2:G2"],
    )


def test_the_total_and_signature_under_a_nominatif_list_are_not_read_as_staff(client_for, opd_a, admin_user):
    tail = [
        ["JUMLAH", None, "2 orang"],
        [],
        [None, None, None, None, "Makassar, 2 Januari 2025"],
        [None, None, None, None, "Kepala Dinas,"],
        [],
        [None, None, None, None, "Dr. H. Muhammad Hasan, M.Si"],
        [None, "NIP. 197001011990031001", None, None, "Pembina Utama Muda"],
    ]
    client = client_for(admin_user)
    response = client.post(
        reverse("pilots:roster_import", args=[opd_a.pk]),
        {"file": SimpleUploadedFile("nominatif.xlsx", nominatif(tail))},
        follow=True,
    )

    roster_import = RosterImport.objects.get()
    assert roster_import.status == RosterImportStatus.PREVIEW, roster_import.errors
    assert roster_import.total_rows == 2
    # The upload lands on the job "Periksa roster", which links to the preview (issue 12).
    preview_url = reverse("pilots:roster_import_preview", args=[roster_import.pk])
    assert preview_url in response.content.decode()
    assert "Baris 7 dan seterusnya" in client.get(preview_url).content.decode()
    service.roster_import_commit(roster_import=roster_import)
    assert set(Pegawai.objects.values_list("nip", flat=True)) == {NIP, NIP_PPPK}


def test_a_place_and_date_line_starts_the_signature_block_too(opd_a, admin_user):
    tail = [[], [None, "Makassar,      Januari 2025"], [None, "a.n. Kepala Dinas"], [None, "NIP. 197001011990031001"]]
    result = upload_file(opd_a, admin_user, nominatif(tail))
    assert result.status == RosterImportStatus.PREVIEW, result.errors
    assert result.total_rows == 2


def test_a_staff_row_after_a_note_is_still_read_and_checked(opd_a, admin_user):
    """Only the block at the very end is dropped: a note in the middle of the list ends nothing,
    and an incomplete row at the end without any footer text is still reported."""
    tail = [
        ["Keterangan: pindahan 2025", None, None],
        [3, NIP_WOMAN, "Sitti Rahma", "PNS", "III/c", "Analis", "Sekretariat"],
        [4, NIP_PPPK_2, None, "PPPK", "IX", "Pengelola", "Sekretariat"],
    ]
    result = upload_file(opd_a, admin_user, nominatif(tail))

    assert result.status == RosterImportStatus.REJECTED
    assert [(error["row"], error["column"]) for error in result.errors] == [(9, "Nama")]


@pytest.mark.parametrize(("raw", "expected"), [("Gol. IX", "IX"), ("Golongan XI", "XI"), ("IX (sembilan)", "IX")])
def test_pppk_golongan_written_with_its_label_is_understood(raw, expected):
    assert normalize_golongan(raw) == expected


def test_a_windows_1252_csv_with_semicolons_titles_and_apostrophe_nips(opd_a, admin_user):
    text = (
        "DAFTAR PEGAWAI;;;;\r\n"
        "UPT LABKESDA;;;;\r\n"
        ";;;;\r\n"
        "No;NIP;Nama;Gol. Ruang;Jabatan;Unit Kerja;Alamat\r\n"
        "1;'19860926 201505 1 001;Nurhayati Daeng Ngai, S.Sos;Penata Muda Tk.I - III/b;Pengelola;Sekretariat;Jl. Ã\r\n"
        "2;199003152018032002;André Pôngtiku;3A;Analis Kesehatan Ahli Pertama;Laboratorium;\r\n"
        ";;;;;;\r\n"
    )
    result = upload_file(opd_a, admin_user, text.encode("cp1252"), "pegawai.csv")
    assert result.status == RosterImportStatus.PREVIEW, result.errors
    service.roster_import_commit(roster_import=result)

    assert dict(Pegawai.objects.values_list("nip", "golongan")) == {NIP: "III/b", NIP_WOMAN: "III/a"}
    assert Pegawai.objects.get(nip=NIP_WOMAN).name == "André Pôngtiku"
