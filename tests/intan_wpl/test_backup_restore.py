"""Backup and restore (issue 13, item 8): a backup of the database and the uploaded files,
restored into a wiped installation, gives the same row count in every table and the same files.
CI runs the same commands on PostgreSQL with the demo (.ci/run)."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from intan_wpl.backup import media_files, row_counts
from learning_needs.models import FieldSession, SessionAttachment
from learning_needs.services import problems as problem_services
from pilots.models import Pegawai
from tests.factories import FieldSessionFactory, PegawaiFactory, ProblemFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def installation(settings, tmp_path, programme_opd_a, widyaiswara_a, admin_user):
    settings.MEDIA_ROOT = tmp_path / "media"
    ProgrammeFactory(decree_file=ContentFile(b"%PDF-1.4\n% SK\n", name="sk.pdf"))
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, topic="Sesi cadangan")
    session.widyaiswara.add(widyaiswara_a)
    SessionAttachment.objects.create(
        session=session,
        file=ContentFile(b"\x89PNG\r\n\x1a\nfoto", name="foto.png"),
        original_name="foto.png",
        mime_type="image/png",
        size=12,
        uploaded_by=widyaiswara_a,
    )
    PegawaiFactory(opd=programme_opd_a.opd, name="Pegawai Dicadangkan")
    problem = ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, title="Judul lama")
    problem_services.problem_update(problem=problem, title="Judul baru")
    return tmp_path


def wipe(tmp_path):
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted((tmp_path / "media").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_a_restored_backup_has_the_same_counts_and_files(installation):
    before_rows, before_files = row_counts(), media_files()
    assert len(before_files) == 2 and before_rows["learning_needs.historicalproblem"] == 2
    archive = installation / "cadangan.tar.gz"
    call_command("backup", output=str(archive), stdout=StringIO())

    wipe(installation)
    assert not Pegawai.objects.exists() and not media_files()

    out = StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "semuanya sama dengan cadangan" in out.getvalue()
    assert row_counts() == before_rows
    assert media_files() == before_files
    session = FieldSession.objects.get(topic="Sesi cadangan")
    assert session.attachments.get().file.read().startswith(b"\x89PNG")
    assert Pegawai.objects.filter(name="Pegawai Dicadangkan").exists()


def test_restore_refuses_an_installation_that_is_not_empty(installation):
    archive = installation / "cadangan.tar.gz"
    call_command("backup", output=str(archive), stdout=StringIO())
    rows = row_counts()
    with pytest.raises(CommandError, match="instalasi kosong"):
        call_command("restore", str(archive))
    assert row_counts() == rows


def test_restore_refuses_something_that_is_not_a_backup(installation):
    import tarfile

    bogus = installation / "bukan.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    wipe(installation)
    with pytest.raises(CommandError, match="bukan cadangan"):
        call_command("restore", str(bogus))
