"""The surat tugas of an assignment: a printable letter from the assignment and the instance
profile, generated as a PDF and stored with the assignment; scoped like the assignment."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pilots.models import Assignment
from tests.factories import WidyaiswaraProfileFactory


@pytest.fixture
def assignment(widyaiswara_a):
    WidyaiswaraProfileFactory(user=widyaiswara_a, nip="197909222005012007")
    assignment = Assignment.objects.get(widyaiswara=widyaiswara_a)
    assignment.letter_number = "800.1.11.1/0007/BPSDM"
    assignment.letter_date = date(2025, 7, 1)
    assignment.save()
    return assignment


def url(name, assignment):
    return reverse(f"pilots:{name}", args=[assignment.pk])


@pytest.mark.parametrize("who", ["admin", "widyaiswara_a", "kepala_a"])
def test_everyone_who_sees_the_assignment_reads_the_letter(client_for, everyone, assignment, who):
    text = client_for(everyone[who]).get(url("assignment_letter", assignment)).content.decode()
    assert "SURAT TUGAS" in text and "800.1.11.1/0007/BPSDM" in text
    assert "19790922 200501 2 007" in text and "Dinas Perpustakaan Uji" in text


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_another_opds_people_get_404(client_for, everyone, assignment, who):
    client = client_for(everyone[who])
    assert client.get(url("assignment_letter", assignment)).status_code == 404
    assert client.get(url("assignment_letter_pdf", assignment)).status_code == 404
    assert client.post(url("assignment_letter_generate", assignment)).status_code == 404


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_only_the_admin_generates_it(client_for, everyone, assignment, who):
    assert client_for(everyone[who]).post(url("assignment_letter_generate", assignment)).status_code == 403
    assignment.refresh_from_db()
    assert not assignment.letter_file


def test_generated_pdf_is_stored_and_read_back(client_for, admin_user, widyaiswara_a, assignment):
    client = client_for(admin_user)
    assert client.get(url("assignment_letter_pdf", assignment)).status_code == 404  # nothing stored yet
    response = client.post(url("assignment_letter_generate", assignment))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.letter_file.name.endswith(".pdf")
    assert assignment.letter_generated_by == admin_user
    download = client_for(widyaiswara_a).get(url("assignment_letter_pdf", assignment))
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(content)).pages)
    assert "SURAT TUGAS" in text and "Nomor: 800.1.11.1/0007/BPSDM" in text
    assert "Widyaiswara A" in text and "19790922 200501 2 007" in text
    # Generating again replaces the stored letter (the page says when and by whom).
    client = client_for(admin_user)
    page = client.post(url("assignment_letter_generate", assignment), follow=True).content.decode()
    assert "PDF tersimpan dibuat" in page and "Admin BPSDM" in page


def test_letter_without_number_is_not_generated(client_for, admin_user, assignment):
    assignment.letter_number = ""
    assignment.save()
    response = client_for(admin_user).post(url("assignment_letter_generate", assignment), follow=True)
    assert "Isi nomor surat tugas pada penugasan ini." in response.content.decode()
    assignment.refresh_from_db()
    assert not assignment.letter_file


def test_team_page_links_each_letter(client_for, admin_user, assignment):
    page = client_for(admin_user).get(reverse("pilots:programme_opd_detail", args=[assignment.programme_opd_id]))
    assert url("assignment_letter", assignment) in page.content.decode()
