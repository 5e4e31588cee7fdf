"""A roster import that says what it does (issue 16): every value it maps is listed in the
preview, an ambiguous one ("Fungsional") is asked and never guessed, the mode "import the valid
rows" writes them and returns the rest as an XLSX with each row's reason, and a template to
download lists the accepted values."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from intan_wpl.models import ExportLog
from pilots.domain import JabatanKind
from pilots.models import Pegawai, RosterImportStatus
from pilots.services import roster_import as service
from pilots.services.roster_reader import Field, read_roster_file
from tests.factories import valid_nip
from tests.pilots.roster_files import staff_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["NIP", "Nama", "Status", "Jabatan", "Jenis Jabatan", "Golongan/Ruang", "Unit Kerja"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(content, name="pegawai.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def eight_rows_four_bad():
    rows = [list(row) for row in staff_rows(8)]
    rows[1][0] = "1985020220100310"  # 16 digits
    rows[3][1] = ""  # no name
    rows[5][5] = "IX"  # a PPPK golongan on a PNS row
    rows[6][0] = rows[0][0]  # the NIP of row 1 again
    return rows


def test_four_bad_rows_of_eight_import_the_four_good_ones_and_return_the_rest_as_xlsx(client, admin_user, opd_a):
    client.force_login(admin_user)
    response = client.post(
        reverse("pilots:roster_import", args=[opd_a.pk]),
        {"file": upload(xlsx_bytes(eight_rows_four_bad())), "mode": "sebagian"},
    )
    roster_import = opd_a.roster_imports.get()
    assert response.status_code == 302 and roster_import.status == RosterImportStatus.PREVIEW
    preview = client.get(reverse("pilots:roster_import_preview", args=[roster_import.pk]))
    body = preview.content.decode()
    assert "Baris yang salah akan dikembalikan" in body and "Impor 4 baris yang benar" in body
    client.post(reverse("pilots:roster_import_commit", args=[roster_import.pk]))
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImportStatus.COMMITTED
    assert Pegawai.objects.filter(opd=opd_a).count() == 4
    download = client.get(reverse("pilots:roster_import_errors_download", args=[roster_import.pk]))
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Baris di berkas", "NIP", "Nama", "Kolom", "Isi sel", "Alasan")
    reasons = {row[2] or row[1]: row[5] for row in rows[1:]}
    assert len(rows) - 1 == 4
    assert "NIP harus 18 digit; yang diisi 16 digit." in reasons.values()
    assert "Nama pegawai kosong." in reasons.values()
    assert any("sudah tercantum di baris" in reason for reason in reasons.values())
    assert any("IX" in reason or "golongan" in reason.lower() for reason in reasons.values())
    assert ExportLog.objects.filter(user=admin_user, kind="kesalahan_impor_pegawai", row_count=4).exists()


def test_all_or_nothing_stays_the_default(opd_a, admin_user):
    roster_import = service.roster_import_upload(
        opd=opd_a, uploaded_by=admin_user, upload=upload(xlsx_bytes(eight_rows_four_bad()))
    )
    assert roster_import.status == RosterImportStatus.REJECTED
    assert Pegawai.objects.filter(opd=opd_a).count() == 0


def test_the_preview_lists_every_mapped_value_and_asks_about_fungsional(client, admin_user, opd_a):
    rows = [
        [valid_nip(1), "Andi", "PNS", "Kepala Bidang Layanan", "Struktural", "III/d", "Bidang Layanan"],
        [valid_nip(2, gender="2"), "Sitti", "PNS", "Pustakawan Ahli Muda", "Fungsional", "III/c", "Bidang Layanan"],
        [valid_nip(3), "Baso", "PNS", "Pranata Komputer Terampil", "Fungsional", "II/c", "Bidang Layanan"],
        [valid_nip(4), "Rahmat", "PNS", "Pengadministrasi Umum", "Pelaksana", "II/a", "Bidang Layanan"],
    ]
    roster_import = service.roster_import_upload(
        opd=opd_a, uploaded_by=admin_user, upload=upload(xlsx_bytes(rows, header=HEADER))
    )
    client.force_login(admin_user)
    response = client.get(reverse("pilots:roster_import_preview", args=[roster_import.pk]))
    # The preview shows what the check job stored (issue 12): no re-check per view.
    summary = response.context["plan"]
    mapped = {(m["column"], m["value"]): (m["read_as"], m["count"]) for m in summary["mappings"]}
    assert mapped[("Status", "PNS")] == ("PNS", 4)
    assert mapped[("Jenis Jabatan", "Pelaksana")] == ("Pelaksana", 1)
    assert mapped[("Jenis Jabatan", "Fungsional")] == ("? (belum dijawab)", 2)
    assert mapped[("Jenis Jabatan", "Struktural")] == ("? (belum dijawab)", 1)
    assert mapped[("Golongan/Ruang", "III/d")] == ("III/d", 1)
    assert {q["value"] for q in summary["questions"]} == {"Fungsional", "Struktural"}
    body = response.content.decode()
    assert 'name="jenis_fungsional"' in body and "Fungsional Ahli Pertama" in body

    # Without answers nothing is imported (the job says why); with them each row takes the chosen kind.
    response = client.post(reverse("pilots:roster_import_commit", args=[roster_import.pk]), follow=True)
    assert "Pilih dulu arti setiap nilai" in response.content.decode()
    assert Pegawai.objects.count() == 0
    response = client.post(
        reverse("pilots:roster_import_commit", args=[roster_import.pk]),
        {"jenis_fungsional": "nama", "jenis_struktural": JabatanKind.ADMINISTRATOR},
    )
    kinds = dict(Pegawai.objects.values_list("name", "jabatan_kind"))
    assert kinds == {
        "Andi": JabatanKind.ADMINISTRATOR,
        "Sitti": JabatanKind.AHLI_MUDA,
        "Baso": JabatanKind.TERAMPIL,
        "Rahmat": JabatanKind.PELAKSANA,
    }


def test_a_jabatan_kind_guessed_from_the_name_is_shown_as_a_guess(opd_a, admin_user):
    rows = [[valid_nip(1), "Andi", "PNS", "Arsiparis Ahli Pertama", "", "III/a", ""]]
    roster_import = service.roster_import_upload(
        opd=opd_a, uploaded_by=admin_user, upload=upload(xlsx_bytes(rows, header=HEADER))
    )
    plan = service.roster_import_plan(roster_import=roster_import)
    [guess] = [m for m in plan.mappings if m.column == "Jabatan"]
    assert (guess.value, guess.read_as, guess.note) == (
        "Arsiparis Ahli Pertama", "Fungsional Ahli Pertama", "ditebak dari nama jabatan"
    )  # fmt: skip


def test_the_template_reads_back_with_every_column_and_lists_accepted_values(client, kepala_a):
    client.force_login(kepala_a)
    response = client.get(reverse("pilots:roster_template_download"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    accepted = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert ("Status", "PPPK", "PPPK (juga P3K)") in accepted
    assert any(row[:2] == ("Jenis Jabatan", "Fungsional") for row in accepted)
    assert any(row[:2] == ("Golongan/Ruang", "III/a") for row in accepted)
    # The empty template with one row typed in is a file the import reads, column by column.
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    filled = Workbook()
    filled.active.append(headers)
    filled.active.append([valid_nip(1), "Andi", "PNS", "Analis", "Pelaksana", "III/a", "Sekretariat"])
    buffer = io.BytesIO()
    filled.save(buffer)
    buffer.seek(0)
    table = read_roster_file(upload(buffer.getvalue()))
    assert set(table.columns) >= {Field.NIP, Field.NAME, Field.STATUS, Field.JABATAN, Field.JABATAN_KIND,
                                  Field.GOLONGAN, Field.UNIT}  # fmt: skip


def test_the_rows_not_imported_are_refused_to_another_opds_kepala(client, admin_user, kepala_b, opd_a):
    roster_import = service.roster_import_upload(
        opd=opd_a, uploaded_by=admin_user, upload=upload(xlsx_bytes(eight_rows_four_bad())), partial=True
    )
    client.force_login(kepala_b)
    assert client.get(reverse("pilots:roster_import_errors_download", args=[roster_import.pk])).status_code == 404
