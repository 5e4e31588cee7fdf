"""The policy-paper data pack (issue 6): an XLSX with a sheet per table and a summary, NIPs
pseudonymised unless the admin gives a reason, every export recorded."""

import hashlib
import hmac
from io import BytesIO

import pytest
from django.conf import settings
from django.db import connection
from django.urls import resolve, reverse
from openpyxl import load_workbook

from insights.services.data_pack import nip_pseudonym
from intan_wpl.models import ExportLog, Job, JobState
from learning_needs.models import FieldSession
from learning_records.models import JpCredit
from pilots.models import Pegawai
from tests.insights import dashboard_dataset

pytestmark = pytest.mark.django_db

URL = reverse("insights:data_pack")
SHEETS = [
    "Ringkasan",
    "Program",
    "OPD",
    "Sesi",
    "Masalah",
    "Akar Masalah",
    "Rekomendasi",
    "Kebutuhan",
    "Kegiatan",
    "Realisasi",
    "JP",
    "Evaluasi",
    "Survei",
    "Kuesioner Pegawai",
]


@pytest.fixture
def data(programme, programme_opd_a, programme_opd_b, widyaiswara_a, widyaiswara_b):
    return dashboard_dataset.build(
        programme=programme,
        po_a=programme_opd_a,
        po_b=programme_opd_b,
        recorder=widyaiswara_a,
        recorder_b=widyaiswara_b,
    )


def download(client, **form):
    """Ask for the pack (a background job: in-process in the tests), open the job's page and
    download its result, as the admin does."""
    response = client.post(URL, form)
    assert response.status_code == 302
    job = Job.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    assert job.state == JobState.DONE and job.kind == "data_pack", job.error
    page = client.get(response["Location"]).content.decode()
    assert "Selesai" in page and reverse("intan_wpl:job_download", args=[job.pk]) in page
    response = client.get(reverse("intan_wpl:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    return load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)


def table(workbook, name):
    rows = [list(row) for row in workbook[name].iter_rows(values_only=True)]
    return rows[0], rows[1:]


def all_text(workbook):
    return " ".join(
        str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )


def test_pack_has_a_sheet_per_table_and_a_summary(client_for, admin_user, data):
    workbook = download(client_for(admin_user))
    assert workbook.sheetnames == SHEETS
    header, rows = table(workbook, "Sesi")
    assert header[:4] == ["ID sesi", "ID OPD program", "OPD", "Tanggal"]
    assert len(rows) == FieldSession.objects.count() == 6
    header, rows = table(workbook, "Kegiatan")
    assert "Kelompok 70:20:10" in header and "Perkiraan biaya (Rp)" in header
    assert len(rows) == 5
    by_title = {row[header.index("Kegiatan")]: row for row in rows}
    coaching = by_title["Coaching penyusunan laporan kinerja"]
    assert coaching[header.index("Kelompok 70:20:10")] == "Pembelajaran Sosial (20)"
    assert coaching[header.index("Jumlah peserta")] == 3
    for name, expected in [
        ("Program", 2),
        ("OPD", 4),
        ("Masalah", 3),
        ("Akar Masalah", 4),
        ("Rekomendasi", 1),
        ("Kebutuhan", 3),
        ("Realisasi", 2),
        ("JP", 5),
        ("Evaluasi", 1),
        ("Survei", 1),
    ]:
        assert len(table(workbook, name)[1]) == expected, name
    header, rows = table(workbook, "OPD")
    stages = {row[header.index("OPD")]: row[header.index("Tahap")] for row in rows}
    assert stages["Dinas Perpustakaan Uji"] == "Evaluasi"
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True) if row and row[0]}
    assert summary["OPD program"] == 4
    assert summary["Sesi pendampingan"] == 6
    assert summary["Sesi"] == 6  # rows written to the Sesi sheet
    assert summary["NIP"].startswith("disamarkan")


def test_nips_are_pseudonymised_and_names_left_out_by_default(client_for, admin_user, data):
    workbook = download(client_for(admin_user))
    header, rows = table(workbook, "JP")
    assert "NIP" not in header and "Nama" not in header
    assert header[3] == "ID samaran pegawai"
    text = all_text(workbook)
    for person in Pegawai.objects.all():
        assert person.nip not in text
        assert person.name not in text
    a1 = data.staff["a1"]
    expected = hmac.new(settings.PSEUDONYM_KEY.encode(), a1.nip.encode(), hashlib.sha256).hexdigest()[:12]
    assert nip_pseudonym(a1.nip) == expected
    pseudonyms = [row[3] for row in rows]
    assert pseudonyms.count(expected) == 2  # a1 was credited for two activities
    assert len(set(pseudonyms)) == 3
    # Stable: a second export gives the same codes.
    again = table(download(client_for(admin_user)), "JP")[1]
    assert [row[3] for row in again] == pseudonyms
    log = ExportLog.objects.order_by("created_at", "pk").first()
    assert log.user == admin_user and log.pseudonymised and log.kind == "paket_data_kebijakan"
    assert log.row_count > JpCredit.objects.count()
    assert ExportLog.objects.count() == 2


def test_real_nips_need_a_reason_that_is_logged(client_for, admin_user, data):
    client = client_for(admin_user)
    response = client.post(URL, {"show_real_nip": "on", "reason": ""})
    assert response.status_code == 200
    assert "minimal 10 karakter" in response.context["form"].errors["reason"][0]
    assert not ExportLog.objects.exists()
    workbook = download(client, show_real_nip="on", reason="Verifikasi data JP bersama BKD")
    header, rows = table(workbook, "JP")
    assert header[3:5] == ["NIP", "Nama"]
    assert data.staff["a1"].nip in [row[3] for row in rows]
    assert "Pegawai A1" in [row[4] for row in rows]
    log = ExportLog.objects.get()
    assert not log.pseudonymised
    assert "Verifikasi data JP bersama BKD" in log.description


def test_programme_choice_limits_every_sheet(client_for, admin_user, data):
    workbook = download(client_for(admin_user), programme=data.other_programme.pk)
    assert [row[2] for row in table(workbook, "OPD")[1]] == ["Dinas Lama Uji"]
    assert len(table(workbook, "Sesi")[1]) == 1
    assert table(workbook, "JP")[1] == []
    assert [row[1] for row in table(workbook, "Program")[1]] == ["Pilot Lama Uji"]


@pytest.mark.parametrize(
    "form",
    [
        {"programme": "99999"},
        {"programme": "satu"},
        {"show_real_nip": "on", "reason": "x" * 1000},
    ],
)
def test_bad_input_gets_a_message_and_no_file(client_for, admin_user, data, form):
    response = client_for(admin_user).post(URL, form)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ExportLog.objects.exists()


def test_the_page_explains_the_pack(client_for, admin_user):
    response = client_for(admin_user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tampilkan NIP asli" in html and "disamarkan" in html
    assert reverse("insights:dashboard_report") in html


@pytest.mark.parametrize("user", ["widyaiswara_a", "kepala_a"])
def test_only_the_admin_may_export(client_for, everyone, user):
    client = client_for(everyone[user])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("size", [10, 300])
def test_export_query_count_does_not_grow(client_for, admin_user, programme, widyaiswara_a, size):
    from django.test.utils import CaptureQueriesContext

    from tests.insights.test_dashboard import bulk_programme_opds

    bulk_programme_opds(programme, size, widyaiswara_a)
    client = client_for(admin_user)
    client.get(reverse("insights:home"))
    with CaptureQueriesContext(connection) as queries:
        workbook = download(client)
    assert len(table(workbook, "Sesi")[1]) == size
    # One query per sheet (PostgreSQL reads each through a server-side cursor: a few more
    # statements per sheet, still fixed), the summary's aggregates, the log and the session; then
    # the job's rows and the two requests that follow (the job page, the download).
    reads = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "DECLARE"))]
    assert len(reads) <= 35  # 35 since the sheet of the Pegawai questionnaires (issue 14)


def test_a_finding_that_looks_like_a_formula_opens_as_text(client_for, admin_user, data):
    from learning_needs.models import FieldSession

    FieldSession.objects.filter(programme_opd=data.po_a).update(findings='=HYPERLINK("http://x","klik")')
    workbook = download(client_for(admin_user))
    sheet = workbook["Sesi"]
    header = [cell.value for cell in sheet[1]]
    findings = [row[header.index("Temuan")] for row in sheet.iter_rows(min_row=2)]
    assert findings and all(cell.data_type == "s" for cell in findings if cell.value)
    assert any(cell.value == '=HYPERLINK("http://x","klik")' for cell in findings)


def test_pseudonyms_stay_the_same_when_the_secret_key_is_rotated(client_for, admin_user, data, settings):
    """Packs already released keep matching new ones: the codes depend on PSEUDONYM_KEY only."""
    before = [row[3] for row in table(download(client_for(admin_user)), "JP")[1]]
    settings.SECRET_KEY = "a-completely-new-secret-key-after-rotation-0123456789"
    after = [row[3] for row in table(download(client_for(admin_user)), "JP")[1]]
    assert after == before
    settings.PSEUDONYM_KEY = "another-pseudonym-key"
    assert nip_pseudonym(data.staff["a1"].nip) not in before


def test_without_a_pseudonym_key_no_pseudonymised_pack_is_written(client_for, admin_user, data, settings):
    settings.PSEUDONYM_KEY = ""
    response = client_for(admin_user).post(URL, {})
    assert response.status_code == 200
    assert "PSEUDONYM_KEY" in response.content.decode()
    assert not ExportLog.objects.exists()
    # Real NIPs need no key (and a reason, as always).
    workbook = download(client_for(admin_user), show_real_nip="on", reason="Verifikasi data JP bersama BKD")
    assert data.staff["a1"].nip in [row[3] for row in table(workbook, "JP")[1]]
