"""SKP from e-Kinerja (issue 14, item 5): the admin imports an OPD's SKP (NIP, period, RHK,
indicator, target, realisation) with the roster's row-error rules; whoever sees the OPD reads it;
a learning need names the indicator it serves; the level-4 evaluation reads it before and after."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from intan_wpl.models import Job, JobState
from learning_needs.services.needs import need_create
from pilots.jobs import SKP_IMPORT
from pilots.models import SkpIndicator
from pilots.services.skp_import import skp_import
from tests.factories import (
    CauseFactory,
    LearningNeedFactory,
    PegawaiFactory,
    ProblemFactory,
    approved_activity,
    realise,
    standard_competency,
)

pytestmark = pytest.mark.django_db
HEADER = ["NIP", "Periode", "Rencana Hasil Kerja", "Indikator", "Target", "Realisasi"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows, *, title_rows=1):
    book = Workbook()
    sheet = book.active
    for _ in range(title_rows):
        sheet.append(["SASARAN KINERJA PEGAWAI - ekspor e-Kinerja"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


@pytest.fixture
def staff(opd_a, opd_b):
    return {
        "andi": PegawaiFactory(opd=opd_a, name="Andi"),
        "beta": PegawaiFactory(opd=opd_a, name="Beta"),
        "other": PegawaiFactory(opd=opd_b, name="Citra"),
    }


def rhk_rows(staff):
    return [
        [staff["andi"].nip, "2025", "Arsip tertata", "Persentase arsip terdigitalisasi", "80%", "55%"],
        [staff["andi"].nip, 2026, "Arsip tertata", "Persentase arsip terdigitalisasi", "85%", ""],
        [staff["beta"].nip, "Triwulan I 2025", "Layanan cepat", "Waktu layanan (hari)", "3", "5"],
    ]


def test_an_e_kinerja_file_is_imported_and_importing_it_again_changes_nothing(opd_a, staff):
    result = skp_import(opd=opd_a, stream=workbook(rhk_rows(staff)))
    assert (len(result.created), len(result.updated), result.errors) == (3, 0, [])
    item = SkpIndicator.objects.get(pegawai=staff["andi"], period="2026")
    assert (item.year, item.target, item.realisation) == (2026, "85%", "")
    assert SkpIndicator.objects.get(pegawai=staff["beta"]).year == 2025
    again = skp_import(opd=opd_a, stream=workbook(rhk_rows(staff)))
    assert (len(again.created), len(again.updated)) == (0, 0) and SkpIndicator.objects.count() == 3
    rows = rhk_rows(staff)
    rows[1][5] = "83%"
    updated = skp_import(opd=opd_a, stream=workbook(rows))
    assert len(updated.updated) == 1
    assert SkpIndicator.objects.get(pegawai=staff["andi"], period="2026").realisation == "83%"


def test_any_wrong_row_names_row_and_column_and_nothing_is_written(opd_a, staff):
    rows = [
        *rhk_rows(staff),
        [staff["other"].nip, "2025", "RHK", "IKI", "1", ""],
        [staff["andi"].nip, "tahun lalu", "RHK", "IKI", "1", ""],
        [staff["andi"].nip, "2025", "RHK", "", "1", ""],
        [staff["andi"].nip, "2025", "Arsip tertata", "Persentase arsip terdigitalisasi", "80%", "55%"],
    ]
    result = skp_import(opd=opd_a, stream=workbook(rows, title_rows=2))
    found = {(error.row, error.letter, error.message.split(":")[0].split(" (")[0]) for error in result.errors}
    assert (7, "A", "NIP tidak ada pada daftar pegawai OPD ini") in found, "another OPD's NIP"
    assert (8, "B", "Periode tanpa tahun") in found
    assert (9, "D", "Indikator kosong.") in found
    assert any(error.row == 10 and "sama dengan baris 4" in error.message for error in result.errors)
    assert SkpIndicator.objects.count() == 0


def test_a_file_without_the_required_columns_is_refused_as_a_whole(opd_a):
    book = Workbook()
    book.active.append(["NIP", "Nama"])
    stream = io.BytesIO()
    book.save(stream)
    with pytest.raises(ValidationError, match="Periode"):
        skp_import(opd=opd_a, stream=stream)


def test_the_admin_imports_on_the_page_and_the_opd_reads_it(admin_user, kepala_a, opd_a, staff, client_for):
    client = client_for(admin_user)
    upload = SimpleUploadedFile("skp.xlsx", workbook(rhk_rows(staff)).read(), content_type=XLSX)
    response = client.post(reverse("pilots:skp_import", args=[opd_a.pk]), {"file": upload})
    assert response.status_code == 302 and SkpIndicator.objects.count() == 3
    page = client_for(kepala_a).get(reverse("pilots:skp_list", args=[opd_a.pk])).content.decode()
    assert "Persentase arsip terdigitalisasi" in page and "Waktu layanan (hari)" in page


def test_a_wrong_row_on_the_page_shows_the_error_table(admin_user, opd_a, staff, client_for):
    upload = SimpleUploadedFile(
        "skp.xlsx", workbook([[staff["other"].nip, "2025", "R", "I", "1", ""]]).read(), content_type=XLSX
    )
    client = client_for(admin_user)
    response = client.post(reverse("pilots:skp_import", args=[opd_a.pk]), {"file": upload}, follow=True)
    body = response.content.decode()
    # The import ran as a job: its page shows the row errors, and nothing was written.
    assert response.status_code == 200 and 'id="kesalahan-impor"' in body and 'id="galat-pekerjaan"' in body
    assert "NIP tidak ada pada daftar pegawai OPD ini" in body
    assert Job.objects.get(kind=SKP_IMPORT).state == JobState.FAILED and not SkpIndicator.objects.exists()


def test_the_kepala_opd_imports_the_skp_of_their_own_opd(kepala_a, opd_a, staff, client_for):
    client = client_for(kepala_a)
    assert (
        'href="{}"'.format(reverse("pilots:skp_import", args=[opd_a.pk]))
        in client.get(reverse("pilots:skp_list", args=[opd_a.pk])).content.decode()
    )
    upload = SimpleUploadedFile("skp.xlsx", workbook(rhk_rows(staff)).read(), content_type=XLSX)
    response = client.post(reverse("pilots:skp_import", args=[opd_a.pk]), {"file": upload})
    job = Job.objects.get(kind=SKP_IMPORT)
    assert response["Location"] == reverse("intan_wpl:job_detail", args=[job.pk])
    assert job.state == JobState.DONE and SkpIndicator.objects.count() == 3
    page = client.get(response["Location"]).content.decode()
    assert reverse("pilots:skp_list", args=[opd_a.pk]) in page


def test_the_kepala_opd_of_another_opd_is_refused(kepala_b, opd_a, staff, client_for):
    client = client_for(kepala_b)
    url = reverse("pilots:skp_import", args=[opd_a.pk])
    assert client.get(url).status_code == 404
    upload = SimpleUploadedFile("skp.xlsx", workbook(rhk_rows(staff)).read(), content_type=XLSX)
    assert client.post(url, {"file": upload}).status_code == 404
    assert not Job.objects.exists() and SkpIndicator.objects.count() == 0


def test_the_skp_job_page_is_refused_to_another_user(admin_user, kepala_a, opd_a, staff, client_for):
    upload = SimpleUploadedFile("skp.xlsx", workbook(rhk_rows(staff)).read(), content_type=XLSX)
    client_for(kepala_a).post(reverse("pilots:skp_import", args=[opd_a.pk]), {"file": upload})
    job = Job.objects.get(kind=SKP_IMPORT)
    assert client_for(admin_user).get(reverse("intan_wpl:job_detail", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("who", ["kepala_bpsdm", "widyaiswara_a"])
def test_only_the_admin_and_the_kepala_opd_import(who, request, opd_a, staff, client_for):
    client = client_for(request.getfixturevalue(who))
    url = reverse("pilots:skp_import", args=[opd_a.pk])
    assert client.get(url).status_code == 403
    upload = SimpleUploadedFile("skp.xlsx", workbook(rhk_rows(staff)).read(), content_type=XLSX)
    assert client.post(url, {"file": upload}).status_code == 403
    assert SkpIndicator.objects.count() == 0 and not Job.objects.exists()


def test_another_opds_people_do_not_reach_the_skp(kepala_b, widyaiswara_b, opd_a, staff, client_for):
    skp_import(opd=opd_a, stream=workbook(rhk_rows(staff)))
    for user in (kepala_b, widyaiswara_b):
        assert client_for(user).get(reverse("pilots:skp_list", args=[opd_a.pk])).status_code == 404


@pytest.mark.parametrize("people", [2, 40])
def test_the_skp_list_costs_a_fixed_number_of_queries(
    people, admin_user, opd_a, client_for, django_assert_max_num_queries
):
    for n in range(people):
        person = PegawaiFactory(opd=opd_a)
        SkpIndicator.objects.create(pegawai=person, period="2025", year=2025, rhk=f"R{n}", indicator="I", target="1")
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pilots:skp_list", args=[opd_a.pk]))
    assert response.status_code == 200 and "R1" in response.content.decode()


def test_a_need_names_an_indicator_of_its_own_opd_only(programme_opd_a, widyaiswara_a, staff):
    own = SkpIndicator.objects.create(
        pegawai=staff["andi"], period="2025", year=2025, rhk="R", indicator="I", target="1"
    )
    other = SkpIndicator.objects.create(
        pegawai=staff["other"], period="2025", year=2025, rhk="R", indicator="I", target="1"
    )
    cause = CauseFactory(problem=ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a))
    fields = {
        "programme_opd": programme_opd_a,
        "created_by": widyaiswara_a,
        "cause": cause,
        "competency": standard_competency("M.03"),
        "required_level": 3,
        "current_level": 1,
    }
    with pytest.raises(ValidationError) as refused:
        need_create(**fields, skp_indicator=other)
    assert "skp_indicator" in refused.value.message_dict
    need = need_create(**fields, skp_indicator=own)
    assert need.skp_indicator == own


def test_the_level_4_page_reads_the_indicator_before_and_after(programme_opd_a, widyaiswara_a, staff, client_for):
    andi = staff["andi"]
    before = SkpIndicator.objects.create(
        pegawai=andi,
        period="2024",
        year=2024,
        rhk="Arsip tertata",
        indicator="Arsip digital",
        target="80%",
        realisation="40%",
    )
    SkpIndicator.objects.create(
        pegawai=andi,
        period="2026",
        year=2026,
        rhk="Arsip tertata",
        indicator="Arsip digital",
        target="85%",
        realisation="78%",
    )
    need = LearningNeedFactory(
        cause=CauseFactory(problem=ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)),
        skp_indicator=before,
    )
    activity = approved_activity(programme_opd_a, participants=[andi])
    activity.needs.add(need)
    realise(activity, [andi], recorded_by=widyaiswara_a, start_date=date(2025, 8, 4))
    page = client_for(widyaiswara_a).get(reverse("learning_records:activity_evaluations", args=[activity.pk]))
    body = page.content.decode()
    section = body[body.index('id="skp-sebelum-sesudah"') :]
    table = section[section.index("<tbody>") : section.index("</tbody>")]
    rows = [" ".join(row.split()) for row in table.split("</tr>")[:-1]]
    assert len(rows) == 2
    assert "2024" in rows[0] and "40%" in rows[0] and "sebelum" in rows[0]
    assert "2026" in rows[1] and "78%" in rows[1] and "sesudah" in rows[1]
