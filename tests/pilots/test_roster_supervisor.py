"""The roster's "NIP Atasan Langsung" column: each person's direct supervisor (who validates
their learning journal) is read from the file, checked, shown in the preview, and linked."""

import pytest

from pilots.models import Pegawai, RosterImportStatus
from pilots.services import roster_analysis
from pilots.services import roster_import as import_service
from tests.factories import PegawaiFactory, valid_nip
from tests.pilots.roster_files import HEADER, staff_rows, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

WITH_SUPERVISOR = [*HEADER, "NIP Atasan Langsung"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def preview(opd, admin_user, rows):
    return import_service.roster_import_upload(
        opd=opd, uploaded_by=admin_user, upload=upload(xlsx_bytes(rows, header=WITH_SUPERVISOR))
    )


def test_supervisors_in_the_file_and_on_the_roster_are_linked(opd_a, admin_user):
    head = PegawaiFactory(opd=opd_a, nip=valid_nip(900), name="Kepala Bidang")
    rows = staff_rows(3, start=100)
    rows[0].append(head.nip)  # on the roster already
    rows[1].append(rows[0][0])  # someone else in the same file
    rows[2].append("")  # blank: nothing is set
    result = import_service.roster_import_commit(roster_import=preview(opd_a, admin_user, rows))
    assert result.status == RosterImportStatus.COMMITTED
    staff = {p.nip: p for p in Pegawai.objects.filter(opd=opd_a).select_related("supervisor")}
    assert staff[rows[0][0]].supervisor == head
    assert staff[rows[1][0]].supervisor == staff[rows[0][0]]
    assert staff[rows[2][0]].supervisor is None
    # The history records the supervisor like any other roster field.
    assert staff[rows[1][0]].history.first().supervisor_id == staff[rows[0][0]].pk


def test_an_unknown_or_own_supervisor_is_an_error_at_its_column(opd_a, opd_b, admin_user):
    elsewhere = PegawaiFactory(opd=opd_b, nip=valid_nip(901))
    rows = staff_rows(3, start=200)
    rows[0].append(elsewhere.nip)  # another OPD's staff
    rows[1].append(rows[1][0])  # themselves
    rows[2].append("123")  # not a NIP
    result = preview(opd_a, admin_user, rows)  # checked in full on upload: nothing to commit
    assert result.status == RosterImportStatus.REJECTED
    errors = [error for error in result.errors if error["column"] == "NIP Atasan Langsung"]
    assert len(errors) == 3
    assert not Pegawai.objects.filter(opd=opd_a).exists()


def test_a_new_supervisor_alone_is_a_change_shown_in_the_preview(opd_a, admin_user):
    head = PegawaiFactory(opd=opd_a, nip=valid_nip(902))
    rows = staff_rows(1, start=300)
    import_service.roster_import_commit(
        roster_import=import_service.roster_import_upload(
            opd=opd_a, uploaded_by=admin_user, upload=upload(xlsx_bytes(rows))
        )
    )
    rows[0].append(head.nip)
    pending = preview(opd_a, admin_user, rows)
    plan = import_service.roster_import_plan(roster_import=pending)
    assert [update.changes for update in plan.updates] == [["supervisor"]]
    assert ("Atasan langsung (NIP)", "—", head.nip_display) in roster_analysis.describe_changes(plan.updates[0])
    import_service.roster_import_commit(roster_import=pending)
    assert Pegawai.objects.get(nip=rows[0][0]).supervisor == head
