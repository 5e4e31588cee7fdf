"""JP exports keyed by NIP for SIASN / E-Kinerja: columns, dd-mm-yyyy dates, NIP as text in
XLSX, JSON fields, ExportLog, and who may export what."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import resolve, reverse
from openpyxl import load_workbook

from intan_wpl.models import ExportLog, Job, JobState, Role
from learning_records.models import JpCredit
from pilots.domain import EmploymentType
from pilots.models import Pegawai
from tests.factories import PegawaiFactory, UserFactory, approved_activity, realise, valid_nip

pytestmark = pytest.mark.django_db

COLUMNS = [
    "nip",
    "nama",
    "jenis_diklat_id",
    "nama_kursus",
    "penyelenggara",
    "nomor_sertifikat",
    "tanggal_mulai",
    "tanggal_selesai",
    "tahun",
    "jumlah_jam",
    "sumber",
]
NIP = "198609262015051001"


@pytest.fixture
def credited(programme_opd_a, widyaiswara_a, opd_a):
    person = PegawaiFactory(opd=opd_a, nip=NIP, name="Andi Pratama")
    pppk = PegawaiFactory(
        opd=opd_a,
        name='=HYPERLINK("http://x")',
        employment_type=EmploymentType.PPPK,
        nip=valid_nip(55, employment_type="pppk"),
        golongan="IX",
    )
    coaching = approved_activity(
        programme_opd_a, form_code="NKL01", jp=2, title="Coaching layanan arsip", organiser="BPSDM Sulsel"
    )
    course = approved_activity(programme_opd_a, form_code="KL03", jp=30, title="Pelatihan teknis kearsipan")
    realise(
        coaching,
        [person],
        recorded_by=widyaiswara_a,
        start_date=date(2025, 8, 4),
        end_date=date(2025, 8, 6),
        duration_minutes=135,
    )
    realise(
        course,
        [person, pppk],
        recorded_by=widyaiswara_a,
        start_date=date(2025, 9, 1),
        end_date=date(2025, 9, 3),
        certificate_number="800/123/BPSDM/2025",
    )
    return person, pppk


def export_url(programme_opd, fmt, year=2025):
    return reverse("learning_records:jp_export", args=[programme_opd.pk]) + f"?tahun={year}&format={fmt}"


def test_csv_has_the_siasn_columns_and_dd_mm_yyyy_dates(client_for, widyaiswara_a, programme_opd_a, credited):
    response = client_for(widyaiswara_a).get(export_url(programme_opd_a, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    andi = [row for row in rows if row["nip"] == NIP]
    assert len(andi) == 2
    coaching = next(row for row in andi if row["nama_kursus"] == "Coaching layanan arsip")
    assert coaching == {
        "nip": NIP,
        "nama": "Andi Pratama",
        "jenis_diklat_id": "14",
        "nama_kursus": "Coaching layanan arsip",
        "penyelenggara": "BPSDM Sulsel",
        "nomor_sertifikat": f"WPL-{coaching_realisation_id(credited)}-{credited[0].pk}",
        "tanggal_mulai": "04-08-2025",
        "tanggal_selesai": "06-08-2025",
        "tahun": "2025",
        "jumlah_jam": "3",
        "sumber": "portal",
    }
    course = next(row for row in andi if row["nama_kursus"] == "Pelatihan teknis kearsipan")
    assert course["penyelenggara"] == programme_opd_a.opd.name  # no organiser named: the OPD itself
    # Each person has their own number: the activity's number, the realisation and the person.
    assert course["nomor_sertifikat"].startswith("800/123/BPSDM/2025-")
    assert course["nomor_sertifikat"].endswith(f"-{credited[0].pk}")
    numbers = [row["nomor_sertifikat"] for row in rows]
    assert len(set(numbers)) == len(numbers) == 3 and all(numbers)
    assert course["jenis_diklat_id"] == "3"


def coaching_realisation_id(credited):
    return JpCredit.objects.get(pegawai=credited[0], realisation__activity__title__startswith="Coaching").realisation_id


def test_csv_carries_the_hours_attended_not_the_capped_jp_and_defuses_formulas(
    client_for, widyaiswara_a, programme_opd_a, credited
):
    _person, pppk = credited
    assert JpCredit.objects.get(pegawai=pppk).jp == 24  # the ledger caps ...
    text = client_for(widyaiswara_a).get(export_url(programme_opd_a, "csv")).content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["nip"] == pppk.nip)
    assert row["jumlah_jam"] == "30"  # ... the training history keeps what was attended
    assert row["nama"].startswith("'=")


def test_csv_with_semicolons_opens_in_columns_in_an_indonesian_excel(
    client_for, widyaiswara_a, programme_opd_a, credited
):
    response = client_for(widyaiswara_a).get(export_url(programme_opd_a, "csv") + "&pemisah=titik-koma")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {row["nip"] for row in rows} == {NIP, credited[1].nip}
    assert {row["tanggal_mulai"] for row in rows} == {"04-08-2025", "01-09-2025"}


def test_xlsx_keeps_nip_and_dates_as_text(client_for, kepala_a, programme_opd_a, credited):
    response = client_for(kepala_a).get(export_url(programme_opd_a, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header == COLUMNS
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    andi = next(row for row in rows if row["nip"].value == NIP and row["nama_kursus"].value.startswith("Coaching"))
    assert andi["nip"].data_type == "s"
    assert andi["tanggal_mulai"].value == "04-08-2025" and andi["tanggal_mulai"].data_type == "s"
    assert andi["tanggal_selesai"].value == "06-08-2025"
    assert andi["jenis_diklat_id"].value == 14
    assert andi["tahun"].value == 2025
    assert andi["jumlah_jam"].value == 3
    formula_name = next(row for row in rows if row["nama"].value.startswith("=HYPERLINK"))
    assert formula_name["nama"].data_type == "s"


def test_json_has_the_course_history_fields(client_for, admin_user, programme_opd_a, credited):
    response = client_for(admin_user).get(export_url(programme_opd_a, "json"))
    assert response["Content-Type"] == "application/json"
    records = json.loads(response.content)
    assert len(records) == 3
    assert all(list(record) == COLUMNS for record in records)
    coaching = next(r for r in records if r["nama_kursus"] == "Coaching layanan arsip")
    assert coaching["nip"] == NIP and isinstance(coaching["nip"], str)
    assert coaching["tanggal_mulai"] == "04-08-2025" and coaching["tanggal_selesai"] == "06-08-2025"
    assert coaching["jenis_diklat_id"] == 14 and coaching["tahun"] == 2025 and coaching["jumlah_jam"] == 3


def test_half_jp_is_exported_with_a_decimal_point(client_for, widyaiswara_a, programme_opd_a, opd_a):
    person = PegawaiFactory(opd=opd_a)
    coaching = approved_activity(programme_opd_a, form_code="NKL01", jp=2)
    realise(coaching, [person], recorded_by=widyaiswara_a, duration_minutes=70)
    records = json.loads(client_for(widyaiswara_a).get(export_url(programme_opd_a, "json")).content)
    assert records[0]["jumlah_jam"] == 1.5
    text = client_for(widyaiswara_a).get(export_url(programme_opd_a, "csv")).content.decode()
    assert text.splitlines()[1].endswith(",2025,1.5,portal")  # (the BOM is at the start of line 0)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_every_export_is_logged(client_for, widyaiswara_a, programme_opd_a, credited, fmt):
    client_for(widyaiswara_a).get(export_url(programme_opd_a, fmt))
    log = ExportLog.objects.get()
    assert log.user == widyaiswara_a
    assert log.kind == f"jp_siasn_{fmt}"
    assert log.row_count == 3
    assert "2025" in log.description and programme_opd_a.opd.name in log.description


def test_export_of_a_year_without_credits_has_only_the_header(client_for, widyaiswara_a, programme_opd_a, credited):
    text = client_for(widyaiswara_a).get(export_url(programme_opd_a, "csv", year=2024)).content.decode("utf-8-sig")
    assert text.splitlines() == [",".join(COLUMNS)]
    assert ExportLog.objects.get().row_count == 0


def test_export_holds_only_this_opds_staff(client_for, widyaiswara_b, programme_opd_b, opd_b, credited):
    outsider = PegawaiFactory(opd=opd_b, name="Pegawai B")
    realise(approved_activity(programme_opd_b, jp=4), [outsider], recorded_by=widyaiswara_b)
    records = json.loads(client_for(widyaiswara_b).get(export_url(programme_opd_b, "json")).content)
    assert [r["nama"] for r in records] == ["Pegawai B"]


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_other_opd_cannot_export(client_for, everyone, programme_opd_a, credited, who):
    response = client_for(everyone[who]).get(export_url(programme_opd_a, "csv"))
    assert response.status_code == 404
    assert not ExportLog.objects.exists()


def test_unknown_format_is_404_and_not_logged(client_for, widyaiswara_a, programme_opd_a, credited):
    assert client_for(widyaiswara_a).get(export_url(programme_opd_a, "exe")).status_code == 404
    assert client_for(widyaiswara_a).get(export_url(programme_opd_a, "csv", year="abc")).status_code == 200
    assert ExportLog.objects.count() == 1


def export_all(client, **form):
    """Ask for the province-wide export (a background job, in-process in the tests), open the
    job's page and download its result, as the admin does."""
    response = client.post(reverse("learning_records:jp_export_all"), {"tahun": 2025, **form})
    assert response.status_code == 302
    job = Job.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    assert job.state == JobState.DONE and job.kind == "jp_siasn_export", job.error
    page = client.get(response["Location"]).content.decode()
    assert "Selesai" in page and reverse("intan_wpl:job_download", args=[job.pk]) in page
    download = client.get(reverse("intan_wpl:job_download", args=[job.pk]))
    assert download.status_code == 200
    return job, b"".join(download.streaming_content)


def test_admin_exports_every_opd_at_once(client_for, admin_user, widyaiswara_b, programme_opd_b, opd_b, credited):
    outsider = PegawaiFactory(opd=opd_b, name="Pegawai B")
    realise(approved_activity(programme_opd_b, jp=4), [outsider], recorded_by=widyaiswara_b)
    job, content = export_all(client_for(admin_user), format="json")
    records = json.loads(content)
    assert len(records) == 4
    assert {record["nama"] for record in records} >= {"Andi Pratama", "Pegawai B"}
    assert job.result_name == "jp-siasn-semua-opd-2025.json" and job.counts == {"baris": 4}
    log = ExportLog.objects.get()
    assert (log.row_count, log.kind, log.user) == (4, "jp_siasn_json", admin_user)


def test_the_province_csv_job_keeps_the_bom_and_the_semicolon(client_for, admin_user, credited):
    url = reverse("learning_records:jp_export_all") + "?pemisah=titik-koma"
    response = client_for(admin_user).post(url, {"tahun": 2025, "format": "csv"})
    job = Job.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    content = job.result_file.read().decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == COLUMNS and len(rows) == 4
    assert [row[0] for row in rows[1:]].count(NIP) == 2
    assert '\'=HYPERLINK("http://x")' in [row[1] for row in rows]  # never a live formula


def test_the_province_xlsx_job_is_one_sheet_with_nip_as_text(client_for, admin_user, credited):
    _job, content = export_all(client_for(admin_user), format="xlsx")
    sheet = load_workbook(io.BytesIO(content), read_only=True)["JP 2025"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == COLUMNS and len(rows) == 4
    assert NIP in [row[0] for row in rows[1:]]
    assert sorted(row[9] for row in rows[1:]) == [3, 30, 30]


def test_the_province_job_reports_progress_as_rows_stream(admin_user, credited, monkeypatch):
    from learning_records.services import exports as services

    monkeypatch.setattr(services, "PROGRESS_EVERY", 1)
    heard = []
    count = services.jp_export_write(
        user=admin_user, year=2025, fmt="csv", stream=io.BytesIO(), progress=lambda *args: heard.append(args)
    )
    assert count == 3
    assert [round(percent) for percent, _step in heard] == [33, 67, 100]
    assert heard[-1][1] == "3 dari 3 baris"


def test_another_user_cannot_open_the_province_export(client_for, admin_user, kepala_a, credited):
    other_admin = UserFactory(username="admin.lain", role=Role.ADMIN)
    job, _content = export_all(client_for(admin_user), format="csv")
    for person in (other_admin, kepala_a):
        client = client_for(person)
        assert client.get(reverse("intan_wpl:job_detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("intan_wpl:job_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_only_the_admin_exports_every_opd(client_for, everyone, credited, who):
    url = reverse("learning_records:jp_export_all")
    assert client_for(everyone[who]).post(url, {"tahun": 2025, "format": "csv"}).status_code == 403
    assert client_for(everyone[who]).get(url + "?tahun=2025&format=csv").status_code == 403
    assert not ExportLog.objects.exists() and not Job.objects.exists()


def test_the_province_export_is_never_started_by_a_get(client_for, admin_user, credited):
    response = client_for(admin_user).get(reverse("learning_records:jp_export_all") + "?tahun=2025&format=csv")
    assert response.status_code == 405
    assert not Job.objects.exists()


def test_the_overview_offers_the_province_export_as_a_job(client_for, admin_user, credited):
    html = client_for(admin_user).get(reverse("learning_records:jp_overview") + "?tahun=2025").content.decode()
    assert f'action="{reverse("learning_records:jp_export_all")}"' in html
    assert 'name="tahun" value="2025"' in html


def test_ledger_offers_the_three_downloads(client_for, kepala_a, programme_opd_a, credited):
    content = client_for(kepala_a).get(reverse("learning_records:jp_ledger", args=[programme_opd_a.pk])).content
    content = content.decode()
    for fmt in ("csv", "xlsx", "json"):
        assert f"tahun=2025&amp;format={fmt}" in content


@pytest.mark.parametrize("size", [10, 500])
def test_export_queries_do_not_grow(
    client_for, widyaiswara_a, programme_opd_a, opd_a, size, django_assert_max_num_queries
):
    people = [PegawaiFactory.build(opd=opd_a, nip=valid_nip(20_000 + i)) for i in range(size)]
    Pegawai.objects.bulk_create(people)
    realise(approved_activity(programme_opd_a, jp=4), Pegawai.objects.filter(opd=opd_a), recorded_by=widyaiswara_a)
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(12):
        response = client.get(export_url(programme_opd_a, "csv"))
    assert len(response.content.decode().splitlines()) == size + 1
