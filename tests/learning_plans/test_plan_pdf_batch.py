"""The PDF batch of plans in force (issue 12): a background job renders the PDF of every approved
plan in force the user may read, of one programme or all, into one ZIP named by OPD, with
progress per plan; the ZIP is its owner's alone."""

import io
import zipfile

import pytest
from django.urls import resolve, reverse
from pypdf import PdfReader

from intan_wpl.models import Job, JobState, Role
from learning_plans.models import PlanStatus
from learning_plans.services import documents
from tests.factories import (
    LearningPlanFactory,
    OpdFactory,
    ProgrammeFactory,
    ProgrammeOpdFactory,
    UserFactory,
    approved_activity,
)

pytestmark = pytest.mark.django_db

URL = reverse("learning_plans:plan_pdf_batch")


@pytest.fixture
def plans(programme_opd_a, programme_opd_b, widyaiswara_a, widyaiswara_b):
    in_force_a = approved_activity(programme_opd_a, title="Coaching arsip digital").plan
    in_force_b = approved_activity(programme_opd_b, title="Mentoring layanan laut").plan
    # A draft is not in force: never in the ZIP.
    LearningPlanFactory(programme_opd=programme_opd_a, version=2, status=PlanStatus.DRAF, title="Draf baru")
    return in_force_a, in_force_b


def run_batch(client, **form):
    response = client.post(URL, form)
    assert response.status_code == 302
    job = Job.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    assert job.state == JobState.DONE and job.kind == "plan_pdf_batch", job.error
    page = client.get(response["Location"]).content.decode()
    assert "Selesai" in page and reverse("intan_wpl:job_download", args=[job.pk]) in page
    download = client.get(reverse("intan_wpl:job_download", args=[job.pk]))
    assert download.status_code == 200 and ".zip" in download["Content-Disposition"]
    return job, zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))


def pdf_text(archive, name):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read(name))).pages)


def test_the_admin_gets_every_plan_in_force_named_by_opd(client_for, admin_user, plans, opd_a, opd_b):
    job, archive = run_batch(client_for(admin_user))
    assert sorted(archive.namelist()) == ["dinas-kelautan-uji-v1.pdf", "dinas-perpustakaan-uji-v1.pdf"]
    assert opd_b.name == "Dinas Kelautan Uji"
    text = pdf_text(archive, "dinas-perpustakaan-uji-v1.pdf")
    assert "Coaching arsip digital" in text and "Mentoring layanan laut" not in text
    assert job.counts == {"rencana": 2, "gagal": 0}
    assert job.result_name == "rencana-berlaku-semua-program.zip"


def test_the_zip_holds_the_same_pdf_as_the_single_download(client_for, admin_user, plans):
    in_force_a, _b = plans
    _job, archive = run_batch(client_for(admin_user))
    single = client_for(admin_user).get(reverse("learning_plans:plan_pdf", args=[in_force_a.pk]))
    assert pdf_text(archive, "dinas-perpustakaan-uji-v1.pdf") == " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(single.content)).pages
    )


def test_a_widyaiswara_gets_only_the_assigned_opds(client_for, widyaiswara_a, plans):
    _job, archive = run_batch(client_for(widyaiswara_a))
    assert archive.namelist() == ["dinas-perpustakaan-uji-v1.pdf"]


def test_the_kepala_bpsdm_may_download_every_plan(client_for, kepala_bpsdm, plans):
    _job, archive = run_batch(client_for(kepala_bpsdm))
    assert len(archive.namelist()) == 2


def test_one_programme_only(client_for, admin_user, plans, opd_a):
    other = ProgrammeFactory(name="Program Lain Uji")
    other_po = ProgrammeOpdFactory(programme=other, opd=OpdFactory(name="Badan Lain (Uji) & Co"))
    approved_activity(other_po, title="Magang")
    job, archive = run_batch(client_for(admin_user), program=other.pk)
    assert archive.namelist() == ["badan-lain-uji-co-v1.pdf"]  # safe characters only
    assert job.result_name == f"rencana-berlaku-program-{other.pk}.zip"


def test_progress_is_reported_per_plan(admin_user, plans):
    heard = []
    output, counts = documents.plan_pdf_batch_build(user=admin_user, progress=lambda *args: heard.append(args))
    output.close()
    assert [step for _percent, step in heard] == [
        "Rencana 1 dari 2: Dinas Kelautan Uji",
        "Rencana 2 dari 2: Dinas Perpustakaan Uji",
    ]
    assert [percent for percent, _step in heard] == [0, 50]


def test_a_plan_whose_pdf_fails_is_named_and_the_rest_delivered(client_for, admin_user, plans, monkeypatch):
    real = documents.html_to_pdf
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: None if "Mentoring" in html else real(html))
    job, archive = run_batch(client_for(admin_user))
    assert sorted(archive.namelist()) == ["GAGAL.txt", "dinas-perpustakaan-uji-v1.pdf"]
    assert "Dinas Kelautan Uji" in archive.read("GAGAL.txt").decode()
    assert job.counts == {"rencana": 1, "gagal": 1}


def test_the_zip_is_refused_to_anyone_else(client_for, admin_user, kepala_a, plans):
    job, _archive = run_batch(client_for(admin_user))
    for person in (UserFactory(username="admin.dua", role=Role.ADMIN), kepala_a):
        client = client_for(person)
        assert client.get(reverse("intan_wpl:job_detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("intan_wpl:job_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("who", ["kepala_a", "pegawai"])
def test_the_wrong_role_cannot_start_the_batch(client_for, everyone, plans, who):
    person = everyone.get(who) or UserFactory(username="pegawai.x", role=Role.PEGAWAI)
    assert client_for(person).post(URL).status_code == 403
    assert not Job.objects.exists()


def test_another_opds_programme_is_refused(client_for, widyaiswara_a, plans):
    hidden = ProgrammeFactory(name="Program Tersembunyi")
    approved_activity(ProgrammeOpdFactory(programme=hidden), title="Rahasia")
    response = client_for(widyaiswara_a).post(URL, {"program": hidden.pk}, follow=True)
    assert "Program ini tidak tersedia untuk Anda." in response.content.decode()
    assert not Job.objects.exists()


def test_a_get_never_starts_the_batch(client_for, admin_user, plans):
    assert client_for(admin_user).get(URL).status_code == 405
    assert not Job.objects.exists()


@pytest.mark.parametrize("size", [3, 40])
def test_the_plan_list_offers_the_batch_at_a_bounded_cost(
    client_for, admin_user, programme, widyaiswara_a, size, django_assert_max_num_queries
):
    for index in range(size):
        ProgrammeFactory(name=f"Program Massal {index}")
    client = client_for(admin_user)
    with django_assert_max_num_queries(14):
        html = client.get(reverse("learning_plans:plan_list")).content.decode()
    assert f'action="{URL}"' in html and "Program Massal 1" in html
    kepala_html = client_for(UserFactory(username="kepala.x", role=Role.KEPALA_OPD)).get(
        reverse("learning_plans:plan_list")
    )
    assert URL not in kepala_html.content.decode()


def test_the_programme_page_starts_the_batch_of_that_programme(client_for, everyone, programme, plans):
    page = reverse("pilots:programme_detail", args=[programme.pk])
    for who, offered in (("admin", True), ("widyaiswara_a", True), ("kepala_a", False)):
        html = client_for(everyone[who]).get(page).content.decode()
        assert (f'action="{URL}"' in html and f'name="program" value="{programme.pk}"' in html) is offered, who
    job, archive = run_batch(client_for(everyone["widyaiswara_a"]), program=programme.pk)
    assert archive.namelist() == ["dinas-perpustakaan-uji-v1.pdf"] and job.params == {"programme": programme.pk}
