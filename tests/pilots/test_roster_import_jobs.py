"""The roster import as background jobs (issue 12): the upload view keeps the file after the cheap
checks and starts "Periksa roster"; "Impor sekarang" starts "Impor roster", which checks again and
writes in one transaction, all or nothing. Tasks run eagerly in the tests (no broker)."""

import os

import pytest
from django.db import IntegrityError
from django.urls import reverse

from intan_wpl.models import Job, JobState, Role
from pilots.jobs import ROSTER_CHECK, ROSTER_COMMIT
from pilots.models import Pegawai, RosterImport, RosterImportStatus, UnitKerja
from pilots.services import roster_import as service
from tests.factories import UserFactory
from tests.pilots.roster_files import staff_rows, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def start_upload(client, opd, rows, **data):
    return client.post(reverse("pilots:roster_import", args=[opd.pk]), {"file": upload(xlsx_bytes(rows)), **data})


def test_the_check_reports_its_progress_per_thousand_rows_and_stores_what_the_preview_shows(
    opd_a, admin_user, django_capture_on_commit_callbacks
):
    steps = []
    stored = service.roster_import_store(opd=opd_a, uploaded_by=admin_user, upload=upload(xlsx_bytes(staff_rows(2500))))
    assert stored.status == RosterImportStatus.CHECKING and stored.file.name.endswith(".xlsx")
    uploaded_path = stored.file.path

    with django_capture_on_commit_callbacks(execute=True):
        checked = service.roster_import_check(roster_import=stored, progress=lambda *step: steps.append(step))

    assert [str(step) for _percent, step in steps if " dari " in str(step)] == [
        "Memeriksa baris 0 dari 2500",
        "Memeriksa baris 1000 dari 2500",
        "Memeriksa baris 2000 dari 2500",
    ]
    assert [percent for percent, _step in steps] == sorted(percent for percent, _step in steps)
    checked.refresh_from_db()
    assert checked.status == RosterImportStatus.PREVIEW and checked.checked_at is not None
    assert (checked.summary["created"], checked.summary["valid_rows"]) == (2500, 2500)
    # The upload itself (every column of it) is gone; the columns the import reads are kept.
    assert not os.path.exists(uploaded_path) and checked.file.name.endswith(".json")


def test_the_preview_of_an_upload_still_being_checked_offers_no_import(client, opd_a, admin_user):
    stored = service.roster_import_store(opd=opd_a, uploaded_by=admin_user, upload=upload(xlsx_bytes(staff_rows(3))))
    client.force_login(admin_user)
    body = client.get(reverse("pilots:roster_import_preview", args=[stored.pk])).content.decode()
    assert 'id="sedang-diperiksa"' in body and "Sedang diperiksa" in body
    assert reverse("pilots:roster_import_commit", args=[stored.pk]) not in body
    response = client.post(reverse("pilots:roster_import_commit", args=[stored.pk]))
    assert response.status_code == 302 and not Job.objects.filter(kind=ROSTER_COMMIT).exists()


def test_a_check_that_crashes_keeps_no_copy_of_the_upload(client, opd_a, admin_user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(service, "analyse_roster", broken)
    client.force_login(admin_user)
    start_upload(client, opd_a, staff_rows(3))
    job = Job.objects.get(kind=ROSTER_CHECK)
    assert job.state == JobState.FAILED and "Terjadi kesalahan di server" in job.error
    assert not RosterImport.objects.exists()


def test_a_commit_that_fails_midway_writes_nothing_at_all(client, opd_a, admin_user, monkeypatch):
    client.force_login(admin_user)
    start_upload(client, opd_a, staff_rows(5, unit="Bidang Baru"))
    roster_import = RosterImport.objects.get()

    def conflict(supervisors):
        raise IntegrityError("simulated: another import wrote the same NIP meanwhile")

    # The staff are already inserted when the failure comes: the one transaction takes them back.
    monkeypatch.setattr(service, "_link_supervisors", conflict)
    response = client.post(reverse("pilots:roster_import_commit", args=[roster_import.pk]), follow=True)

    job = Job.objects.get(kind=ROSTER_COMMIT)
    assert job.state == JobState.FAILED and "Tidak ada yang diubah" in job.error
    body = response.content.decode()
    assert "Tidak ada yang diubah" in body and reverse("pilots:roster_import_preview", args=[roster_import.pk]) in body
    assert not Pegawai.objects.exists() and not UnitKerja.objects.filter(opd=opd_a).exists()
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImportStatus.PREVIEW


def test_a_recheck_that_finds_errors_fails_the_commit_job_and_writes_nothing(client, opd_a, admin_user):
    client.force_login(admin_user)
    rows = staff_rows(3)
    start_upload(client, opd_a, rows)
    roster_import = RosterImport.objects.get()
    # Between the check and the commit the kept rows change (as if the data they are checked
    # against had): the second row loses its name, so the re-check finds an error.
    stored = roster_import.file.read().decode()
    roster_import.file.close()
    broken = stored.replace(rows[1][1], "", 1)
    with open(roster_import.file.path, "w", encoding="utf-8") as stream:
        stream.write(broken)

    client.post(reverse("pilots:roster_import_commit", args=[roster_import.pk]))

    job = Job.objects.get(kind=ROSTER_COMMIT)
    assert job.state == JobState.FAILED and "pemeriksaan ulang menemukan kesalahan" in job.error
    assert not Pegawai.objects.exists()
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImportStatus.REJECTED and roster_import.errors


def test_the_commit_job_is_the_owners_only(client_for, opd_a, admin_user, kepala_a):
    client = client_for(admin_user)
    start_upload(client, opd_a, staff_rows(2))
    client.post(reverse("pilots:roster_import_commit", args=[RosterImport.objects.get().pk]))
    job = Job.objects.get(kind=ROSTER_COMMIT)
    assert job.state == JobState.DONE and Pegawai.objects.filter(opd=opd_a).count() == 2
    assert client.get(reverse("intan_wpl:job_detail", args=[job.pk])).status_code == 200
    for other in (UserFactory(role=Role.ADMIN), kepala_a):
        assert client_for(other).get(reverse("intan_wpl:job_detail", args=[job.pk])).status_code == 404


def test_the_partial_mode_is_kept_from_the_upload_to_the_check(client, opd_a, admin_user):
    rows = [list(row) for row in staff_rows(4)]
    rows[1][0] = "1985020220100310"  # 16 digits
    client.force_login(admin_user)
    start_upload(client, opd_a, rows, mode="sebagian")
    roster_import = RosterImport.objects.get()
    assert roster_import.partial_mode and roster_import.status == RosterImportStatus.PREVIEW
    client.post(reverse("pilots:roster_import_commit", args=[roster_import.pk]))
    job = Job.objects.get(kind=ROSTER_COMMIT)
    # Rows were left out: the result is the preview, with the XLSX of the rows not imported.
    assert job.params["result_url"] == reverse("pilots:roster_import_preview", args=[roster_import.pk])
    assert Pegawai.objects.filter(opd=opd_a).count() == 3
