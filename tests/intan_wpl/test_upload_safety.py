"""Uploads that cannot hurt (issue 13, item 4): an XLSX that inflates past the limit, or holds
too many cells, or expands XML entities, is refused with a message before it is loaded, and the
worker's memory stays small; stored files get a random name with the extension of their real
type."""

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.xml import DEFUSEDXML

from learning_needs.models import SessionAttachment
from pilots.models import RosterImport
from tests.factories import FieldSessionFactory
from tests.pilots.roster_files import staff_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ROW = b'<row r="9"><c r="A9" t="inlineStr"><is><t>Pegawai</t></is></c><c r="B9"><v>1</v></c></row>'


def bomb_bytes(unpacked_mb):
    """A roster-shaped XLSX whose sheet part unpacks to `unpacked_mb` MB (about 1 MB on disk
    for 300 MB unpacked)."""
    small = xlsx_bytes(staff_rows(2))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(small)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item))
                continue
            with target.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                piece = ROW * (1024 * 1024 // len(ROW))
                for _ in range(unpacked_mb):
                    sheet.write(piece)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "pegawai.xlsx"
    path.write_bytes(bomb_bytes(300))
    return path


def roster_post(client, opd, content, name="pegawai.xlsx"):
    return client.post(
        reverse("pilots:roster_import", args=[opd.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
    )


def test_the_bomb_is_small_on_disk_and_huge_unpacked(bomb):
    assert 0.5 * 1024 * 1024 < bomb.stat().st_size < 1.5 * 1024 * 1024
    with zipfile.ZipFile(bomb) as package:
        assert sum(member.file_size for member in package.infolist()) > 250 * 1024 * 1024


def test_an_xlsx_that_inflates_past_the_limit_is_refused_with_a_message(client_for, admin_user, opd_a, bomb):
    response = roster_post(client_for(admin_user), opd_a, bomb.read_bytes())
    assert response.status_code == 200
    body = response.content.decode()
    assert "setelah dibuka" in body and "batas" in body
    assert not RosterImport.objects.exists()


def test_refusing_the_bomb_keeps_the_worker_under_200_mb(bomb):
    """The check runs in a fresh Python with Django loaded, as a gunicorn worker would; its peak
    resident memory (Django, openpyxl and all) stays under 200 MB. Read from VmHWM, the peak of
    this process's own memory (ru_maxrss would carry over the forking test process's)."""
    script = (
        "import django\n"
        "django.setup()\n"
        "from django.core.exceptions import ValidationError\n"
        "from pilots.services.roster_reader import read_roster_file\n"
        f"stream = open({str(bomb)!r}, 'rb')\n"
        "try:\n"
        "    read_roster_file(stream)\n"
        "    print('READ')\n"
        "except ValidationError as error:\n"
        "    print('REFUSED', error.code)\n"
        "peak = next(line for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
        "print('MAXRSS_KB', peak.split()[1])\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "intan_wpl.settings", "DEBUG": "true"}
    result = subprocess.run(  # noqa: S603 - the test's own interpreter and script
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True
    )
    assert "REFUSED xlsx_too_large_unpacked" in result.stdout, result.stdout + result.stderr
    max_rss_mb = int(result.stdout.split("MAXRSS_KB")[1]) / 1024
    assert max_rss_mb < 200, f"peak memory {max_rss_mb:.0f} MB"


def test_an_xlsx_with_more_cells_than_the_limit_is_refused(client_for, admin_user, opd_a, settings):
    settings.XLSX_MAX_CELLS = 100
    response = roster_post(client_for(admin_user), opd_a, xlsx_bytes(staff_rows(30)))
    assert "lebih dari 100 sel" in response.content.decode()
    assert not RosterImport.objects.exists()
    settings.XLSX_MAX_CELLS = 1000
    response = roster_post(client_for(admin_user), opd_a, xlsx_bytes(staff_rows(30)))
    assert RosterImport.objects.count() == 1


def test_xml_entities_in_an_xlsx_are_not_expanded(client_for, admin_user, opd_a):
    assert DEFUSEDXML, "openpyxl must parse through defusedxml"
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>NIP</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Nama</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(staff_rows(1)))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, laughs if item.filename == "xl/worksheets/sheet1.xml" else source.read(item))
    client = client_for(admin_user)
    response = roster_post(client, opd_a, out.getvalue())
    # The rows are parsed by the job "Periksa roster" (issue 12): it fails with the message and
    # records nothing.
    assert response.status_code == 302 and "/tugas/" in response["Location"]
    body = client.get(response["Location"]).content.decode()
    assert "tidak dapat dibuka sebagai buku kerja Excel" in body
    assert not RosterImport.objects.exists()


def test_a_session_file_is_stored_under_a_random_name_with_its_real_extension(
    client_for, widyaiswara_a, programme_opd_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    pdf = SimpleUploadedFile("notulen.html", b"%PDF-1.4\n% notulen\n", content_type="text/html")
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:attachment_upload", args=[session.pk]), {"attachments": [pdf]}
    )
    assert response.status_code == 302
    attachment = SessionAttachment.objects.get()
    stored = Path(attachment.file.name)
    assert stored.suffix == ".pdf"
    assert "notulen" not in stored.name
    assert attachment.original_name == "notulen.html"


def test_a_web_page_named_like_a_photo_is_refused(client_for, widyaiswara_a, programme_opd_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    page = SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:attachment_upload", args=[session.pk]), {"attachments": [page]}
    )
    assert response.status_code == 400
    assert "isinya diperiksa" in response.content.decode()
    assert not SessionAttachment.objects.exists()
