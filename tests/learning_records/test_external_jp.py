"""JP earned outside the portal: the admin records one entry or imports a file (row errors named
by row, column and reason; all or nothing); it counts in the ledger, under the PPPK cap and in
the SIASN export, marked external. Nobody but the admin reaches these pages."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from intan_wpl.models import Job, JobState, Role
from learning_records.jobs import EXTERNAL_JP_IMPORT
from learning_records.models import ExternalJp, JpCredit
from learning_records.services.external_jp_import import TEMPLATE_HEADER
from pilots.domain import EmploymentType
from tests.factories import PegawaiFactory, UserFactory, approved_activity, realise

pytestmark = pytest.mark.django_db

NIP = "198609262015051001"
NIP_PPPK = "198807112022131003"


@pytest.fixture
def staff(opd_a):
    andi = PegawaiFactory(opd=opd_a, nip=NIP, name="Andi Pratama")
    nur = PegawaiFactory(
        opd=opd_a,
        nip=NIP_PPPK,
        name="Nur Kontrak",
        employment_type=EmploymentType.PPPK,
        golongan="IX",
        contract_start=date(2025, 4, 1),
    )
    return andi, nur


def xlsx(rows, header=TEMPLATE_HEADER, title_rows=()):
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append([title])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("jp-eksternal.xlsx", buffer.getvalue())


def post_import(client, upload, follow=False):
    return client.post(reverse("learning_records:external_jp_import"), {"file": upload}, follow=follow)


def entry_data(**overrides):
    return {
        "nip": "19860926 201505 1 001",
        "title": "Pelatihan Analis Kebijakan",
        "provider": "LAN RI",
        "form": "",
        "start_date": "2025-03-10",
        "end_date": "2025-03-14",
        "jp": "30",
        "certificate_number": "STTPP/LAN/2025/0007",
        **overrides,
    }


def form_id(code):
    from learning_plans.models import DevelopmentForm

    return DevelopmentForm.objects.get(lan_code=code).pk


def test_admin_records_one_entry_and_it_counts_in_the_ledger(client_for, admin_user, programme_opd_a, staff):
    andi, _nur = staff
    response = client_for(admin_user).post(
        reverse("learning_records:external_jp_create"), entry_data(form=form_id("KL04"))
    )
    assert response.status_code == 302
    entry = ExternalJp.objects.get()
    assert (entry.pegawai, entry.jp, entry.recorded_by) == (andi, Decimal(30), admin_user)
    credit = JpCredit.objects.get(external=entry)
    assert (credit.year, credit.jp, credit.period_start) == (2025, Decimal(30), date(2025, 1, 1))
    page = client_for(admin_user).get(reverse("learning_records:jp_person", args=[programme_opd_a.pk, andi.pk]))
    content = page.content.decode()
    assert "Pelatihan Analis Kebijakan" in content and "eksternal" in content and "STTPP/LAN/2025/0007" in content
    assert "Memenuhi minimal 20 JP" in content


def test_single_entry_errors_stay_at_the_field_and_keep_what_was_typed(client_for, admin_user, staff):
    response = client_for(admin_user).post(
        reverse("learning_records:external_jp_create"),
        entry_data(nip="199999999999999999", form=form_id("KL04"), jp="0", end_date="2025-03-01"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "tidak terdaftar" in errors["nip"][0]
    assert not ExternalJp.objects.exists()
    assert response.context["form"]["title"].value() == "Pelatihan Analis Kebijakan"
    response = client_for(admin_user).post(
        reverse("learning_records:external_jp_create"),
        entry_data(form=form_id("KL04"), jp="0", end_date="2025-03-01"),
    )
    errors = response.context["form"].errors
    assert "lebih dari 0" in errors["jp"][0]
    assert "tidak boleh sebelum" in errors["end_date"][0]


def test_external_jp_is_held_to_the_pppk_cap_of_its_contract_year(
    client_for, admin_user, programme_opd_a, widyaiswara_a, staff
):
    _andi, nur = staff
    realise(approved_activity(programme_opd_a, jp=20), [nur], recorded_by=widyaiswara_a, start_date=date(2025, 5, 5))
    upload = xlsx([[NIP_PPPK, "E-learning ASN Digital", "LAN", "NKL03", "01-02-2026", "03-02-2026", 10, ""]])
    assert post_import(client_for(admin_user), upload).status_code == 302
    credit = JpCredit.objects.get(external__isnull=False)
    assert (credit.period_start, credit.jp_before_cap, credit.jp) == (date(2025, 4, 1), Decimal(10), Decimal(4))


def test_an_import_creates_every_row_and_the_export_marks_them_external(client_for, admin_user, programme_opd_a, staff):
    upload = xlsx(
        [
            [NIP, "Bimtek SAKIP", "Kementerian PANRB", "KL10", "05-05-2025", "07-05-2025", 24, "B-12/2025"],
            [NIP_PPPK, "E-learning ASN Digital", "LAN", 16, None, date(2025, 6, 2), "4,5", ""],
        ],
        title_rows=["REKAP JP DI LUAR PORTAL", None],
    )
    response = post_import(client_for(admin_user), upload)
    job = Job.objects.get(kind=EXTERNAL_JP_IMPORT)
    assert response.status_code == 302 and response["Location"] == reverse("intan_wpl:job_detail", args=[job.pk])
    assert job.state == JobState.DONE and list(job.counts.values()) == [2]
    assert ExternalJp.objects.count() == 2
    # The upload was read by the job and is not kept.
    assert not default_storage.exists(job.params["file"])
    page = client_for(admin_user).get(response["Location"]).content.decode()
    assert reverse("learning_records:external_jp_list") in page
    # Nobody else sees the job, another admin included.
    assert client_for(UserFactory(role=Role.ADMIN)).get(response["Location"]).status_code == 404
    url = reverse("learning_records:jp_export", args=[programme_opd_a.pk]) + "?tahun=2025&format=csv&pemisah=titik-koma"
    text = client_for(admin_user).get(url).content.decode("utf-8-sig")
    rows = {row["nama_kursus"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert rows["Bimtek SAKIP"]["sumber"] == "eksternal"
    assert rows["Bimtek SAKIP"]["nomor_sertifikat"] == "B-12/2025"
    assert rows["Bimtek SAKIP"]["jenis_diklat_id"] == "8"
    assert rows["Bimtek SAKIP"]["penyelenggara"] == "Kementerian PANRB"
    assert rows["E-learning ASN Digital"]["tanggal_mulai"] == "02-06-2025"  # empty start: a one-day course
    assert rows["E-learning ASN Digital"]["jumlah_jam"] == "4.5"


def test_bad_rows_are_named_by_row_column_and_reason_and_nothing_is_imported(client_for, admin_user, staff):
    upload = xlsx(
        [
            [NIP, "Bimtek SAKIP", "Kementerian PANRB", "KL10", "05-05-2025", "07-05-2025", 24, ""],
            ["199999999999999999", "Kursus", "BPSDM", "KL08", "05-05-2025", "05-05-2025", 8, ""],
            [NIP, "Seminar", "BPSDM", "XX99", "31-02-2025", "05-05-2025", "delapan", ""],
            [NIP, "Bimtek SAKIP", "Kementerian PANRB", "KL10", "05-05-2025", "07-05-2025", 24, ""],
        ]
    )
    client = client_for(admin_user)
    response = post_import(client, upload)
    # The import ran as a job (eager in the tests): its page names every row error.
    job = Job.objects.get(kind=EXTERNAL_JP_IMPORT)
    assert response["Location"] == reverse("intan_wpl:job_detail", args=[job.pk])
    assert job.state == JobState.FAILED
    response = client.get(response["Location"])
    errors = [(e["row"], e["column"], e["message"].split(":")[0]) for e in job.params["row_errors"]["errors"]]
    assert errors == [
        (3, "NIP", "NIP tidak terdaftar pada daftar pegawai mana pun"),
        (4, "Bentuk", "Bentuk tidak dikenal"),
        (4, "Tanggal mulai", "Tanggal tidak terbaca"),
        (4, "JP", "JP bukan angka."),
        (5, "Nama kegiatan", "Baris ini sama dengan baris 2 (pegawai, kegiatan dan tanggal)."),
    ]
    content = response.content.decode()
    assert "5 kesalahan ditemukan; tidak ada yang diimpor." in content
    assert not ExternalJp.objects.exists() and not JpCredit.objects.exists()


def test_a_file_without_the_required_columns_is_refused_on_the_job_page(client_for, admin_user, staff):
    client = client_for(admin_user)
    response = post_import(client, xlsx([[NIP, "Kursus"]], header=["NIP", "Nama kegiatan"]), follow=True)
    assert "Kolom berikut tidak ada" in response.content.decode()
    assert Job.objects.get().state == JobState.FAILED and not ExternalJp.objects.exists()
    # What costs nothing to see is refused at the field, before any job.
    pdf = SimpleUploadedFile("jp.xlsx", b"%PDF-1.4 not a sheet")
    assert "bukan XLSX atau CSV" in post_import(client_for(admin_user), pdf).context["form"].errors["file"][0]


def test_deleting_asks_first_then_takes_the_jp_back(client_for, admin_user, staff):
    post_import(client_for(admin_user), xlsx([[NIP, "Kursus", "BPSDM", "KL08", "", "05-05-2025", 8, ""]]))
    entry = ExternalJp.objects.get()
    url = reverse("learning_records:external_jp_delete", args=[entry.pk])
    assert "Ya, hapus" in client_for(admin_user).get(url).content.decode()
    assert client_for(admin_user).post(url).status_code == 302
    assert not ExternalJp.objects.exists() and not JpCredit.objects.exists()


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
@pytest.mark.parametrize("name", ["external_jp_list", "external_jp_create", "external_jp_import"])
def test_only_the_admin_reaches_external_jp(client_for, everyone, staff, who, name):
    assert client_for(everyone[who]).get(reverse(f"learning_records:{name}")).status_code == 403


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_only_the_admin_deletes_external_jp(client_for, everyone, admin_user, staff, who):
    post_import(client_for(admin_user), xlsx([[NIP, "Kursus", "BPSDM", "KL08", "", "05-05-2025", 8, ""]]))
    url = reverse("learning_records:external_jp_delete", args=[ExternalJp.objects.get().pk])
    assert client_for(everyone[who]).post(url).status_code == 403
    assert ExternalJp.objects.count() == 1


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_the_same_queries_whatever_its_length(
    client_for, admin_user, opd_a, django_assert_max_num_queries, count
):
    rows = [
        [PegawaiFactory(opd=opd_a).nip, f"Kursus {i}", "BPSDM", "KL08", "", "05-05-2025", 2, ""] for i in range(count)
    ]
    assert post_import(client_for(admin_user), xlsx(rows)).status_code == 302
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("learning_records:external_jp_list"))
    assert response.content.decode().count("Kursus ") >= min(count, 30)
