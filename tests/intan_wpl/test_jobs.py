"""Background jobs (issue 12): a Job row per run with its progress, result and error; the job's
page and download for its owner only; retries of transient errors; a redelivered task that does
the work once; old result files cleaned up; the queue reached through the broker in production."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from intan_wpl.models import Job, JobState
from intan_wpl.services import jobs
from intan_wpl.tasks import run_job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SEEN = {}


@pytest.fixture
def kinds():
    """Job kinds for the tests, removed again afterwards."""
    added = []

    def add(name, function):
        jobs.job_kind(name)(function)
        added.append(name)

    yield add
    for name in added:
        jobs._KINDS.pop(name, None)


def writes_a_file(job, progress):
    progress(50, "Separuh jalan")
    SEEN["progress"] = Job.objects.values_list("progress", "step").get(pk=job.pk)
    return jobs.JobResult(file=b"isi,berkas\n1,2\n", filename="hasil-uji.csv", counts={"Baris": 2})


@pytest.fixture
def file_job(kinds, admin_user):
    kinds("uji_berkas", writes_a_file)
    return jobs.start_job(user=admin_user, kind="uji_berkas", label="Berkas uji")


def test_a_job_runs_reports_progress_and_keeps_its_result(file_job):
    assert SEEN["progress"] == (50, "Separuh jalan")
    file_job.refresh_from_db()
    assert file_job.state == JobState.DONE and file_job.progress == 100 and file_job.attempts == 1
    assert file_job.counts == {"Baris": 2} and file_job.result_name == "hasil-uji.csv"
    assert file_job.started_at <= file_job.finished_at
    # Stored under a random name, downloaded under its own.
    assert "hasil-uji" not in file_job.result_file.name and file_job.result_file.name.endswith(".csv")


def test_the_owner_follows_the_job_and_downloads_the_result(client_for, admin_user, file_job):
    client = client_for(admin_user)
    page = client.get(reverse("intan_wpl:job_detail", args=[file_job.pk])).content.decode()
    assert "Berkas uji" in page and "Selesai" in page and 'value="100"' in page
    assert "hx-trigger" not in page  # finished: no more polling
    assert "Baris" in page and reverse("intan_wpl:job_download", args=[file_job.pk]) in page
    response = client.get(reverse("intan_wpl:job_download", args=[file_job.pk]))
    assert b"".join(response.streaming_content) == b"isi,berkas\n1,2\n"
    assert 'filename="hasil-uji.csv"' in response["Content-Disposition"]
    listing = client.get(reverse("intan_wpl:job_list")).content.decode()
    assert "Berkas uji" in listing


@pytest.mark.parametrize("who", ["admin_b", "widyaiswara_a", "kepala_a"])
def test_nobody_else_sees_the_job_or_its_file(client_for, everyone, file_job, who):
    from intan_wpl.models import Role

    user = UserFactory(role=Role.ADMIN, username="admin.lain") if who == "admin_b" else everyone[who]
    client = client_for(user)
    assert client.get(reverse("intan_wpl:job_detail", args=[file_job.pk])).status_code == 404
    assert client.get(reverse("intan_wpl:job_download", args=[file_job.pk])).status_code == 404
    assert "Berkas uji" not in client.get(reverse("intan_wpl:job_list")).content.decode()


def test_a_running_job_is_polled_by_htmx_until_it_ends(client_for, admin_user):
    job = Job.objects.create(owner=admin_user, kind="uji", label="Masih berjalan", state=JobState.RUNNING, progress=40)
    client = client_for(admin_user)
    url = reverse("intan_wpl:job_detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="40"' in page and "40% selesai" in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="job-status"') and "<html" not in fragment
    Job.objects.filter(pk=job.pk).update(state=JobState.DONE, progress=100)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and "Selesai" in fragment


def test_a_failure_the_owner_can_act_on_is_shown_as_it_is(kinds, client_for, admin_user):
    def refuses(job, progress):
        raise jobs.JobError("Program yang dipilih sudah tidak ada.")

    kinds("uji_tolak", refuses)
    job = jobs.start_job(user=admin_user, kind="uji_tolak", label="Ditolak")
    assert job.state == JobState.FAILED and job.error == "Program yang dipilih sudah tidak ada."
    page = client_for(admin_user).get(reverse("intan_wpl:job_detail", args=[job.pk])).content.decode()
    assert "Program yang dipilih sudah tidak ada." in page and "Gagal" in page
    assert client_for(admin_user).get(reverse("intan_wpl:job_download", args=[job.pk])).status_code == 404


def test_a_bug_fails_the_job_with_a_plain_message_and_a_log_line(kinds, admin_user, caplog):
    def crashes(job, progress):
        raise ZeroDivisionError("rahasia internal")

    kinds("uji_galat", crashes)
    job = jobs.start_job(user=admin_user, kind="uji_galat", label="Galat")
    assert job.state == JobState.FAILED and "rahasia" not in job.error and job.error
    assert "uji_galat" in caplog.text and "ZeroDivisionError" in caplog.text


def test_a_transient_error_is_retried_and_the_job_then_finishes(kinds, admin_user):
    calls = []

    def flaky(job, progress):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return jobs.JobResult(counts={"Baris": 1})

    kinds("uji_sementara", flaky)
    job = Job.objects.create(owner=admin_user, kind="uji_sementara", label="Sementara")
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert len(calls) == 3 and job.state == JobState.DONE and job.attempts == 3


def test_a_transient_error_that_stays_fails_the_job_after_the_last_retry(kinds, admin_user):
    def down(job, progress):
        raise OperationalError("could not connect to server")

    kinds("uji_mati", down)
    job = Job.objects.create(owner=admin_user, kind="uji_mati", label="Mati")
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 1 + 5 and "beberapa percobaan" in job.error


def test_a_task_delivered_again_after_the_job_finished_does_nothing(file_job):
    file_job.refresh_from_db()
    finished = file_job.finished_at
    run_job.apply(args=[file_job.pk])
    file_job.refresh_from_db()
    assert file_job.attempts == 1 and file_job.finished_at == finished


def test_with_a_broker_the_job_is_queued_after_commit_by_task_name(
    kinds, admin_user, settings, django_capture_on_commit_callbacks
):
    kinds("uji_antre", writes_a_file)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with (
        mock.patch.object(jobs.current_app, "send_task") as send_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = jobs.start_job(user=admin_user, kind="uji_antre", label="Antre")
        assert not send_task.called  # not before the row is committed
    send_task.assert_called_once_with("intan_wpl.tasks.run_job", args=[job.pk])
    assert Job.objects.get(pk=job.pk).state == JobState.QUEUED
    assert jobs.RUN_TASK in jobs.current_app.tasks  # the name the worker knows


def test_old_result_files_are_removed_and_the_rows_stay(client_for, admin_user, file_job):
    storage, name = file_job.result_file.storage, file_job.result_file.name
    call_command("cleanup_jobs")
    assert storage.exists(name)  # recent: kept
    Job.objects.filter(pk=file_job.pk).update(finished_at=timezone.now() - timedelta(days=8))
    call_command("cleanup_jobs")
    file_job.refresh_from_db()
    assert not storage.exists(name) and file_job.result_removed_at and file_job.state == JobState.DONE
    client = client_for(admin_user)
    assert client.get(reverse("intan_wpl:job_download", args=[file_job.pk])).status_code == 404
    assert "sudah dihapus" in client.get(reverse("intan_wpl:job_detail", args=[file_job.pk])).content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_the_job_list_costs_the_same_queries_at_any_size(client_for, admin_user, django_assert_max_num_queries, count):
    Job.objects.bulk_create(
        Job(owner=admin_user, kind="uji", label=f"Pekerjaan {number}", state=JobState.DONE) for number in range(count)
    )
    client = client_for(admin_user)
    client.get(reverse("intan_wpl:job_list"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("intan_wpl:job_list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)


def test_an_unknown_kind_is_refused_before_a_row_is_written(admin_user):
    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.start_job(user=admin_user, kind="tidak_ada", label="x")
    assert not Job.objects.exists()
