"""The session page: attendance ticks and follow-ups (htmx), attachments served only through
the scoped view, deletion through a confirmation page, and the history of every change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning_needs.models import FieldSession, FollowUp, SessionAttachment, SessionParticipant
from tests.factories import (
    FieldSessionFactory,
    FollowUpFactory,
    PegawaiFactory,
    ProblemFactory,
    SessionParticipantFactory,
)
from tests.learning_needs.test_sessions_form import EXE, form_data, tiny_png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def session_a(programme_opd_a, widyaiswara_a):
    return FieldSessionFactory(
        programme_opd=programme_opd_a,
        created_by=widyaiswara_a,
        topic="Wawancara kepala bidang",
        findings="Pengarsipan digital belum berjalan.",
    )


def upload(client, session, *files):
    return client.post(reverse("learning_needs:attachment_upload", args=[session.pk]), {"attachments": list(files)})


def png(name="foto.png"):
    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")


def test_the_session_page_shows_what_was_recorded(client_for, kepala_a, session_a, opd_a):
    SessionParticipantFactory(session=session_a, pegawai=PegawaiFactory(opd=opd_a, name="Hadir Sekali"))
    SessionParticipantFactory(session=session_a, pegawai=PegawaiFactory(opd=opd_a, name="Absen Sekali"), attended=False)
    FollowUpFactory(session=session_a, action="Susun jadwal digitalisasi")
    html = client_for(kepala_a).get(reverse("learning_needs:session_detail", args=[session_a.pk])).content.decode()
    assert "Wawancara kepala bidang" in html
    assert "Pengarsipan digital belum berjalan." in html
    assert "Selasa, 15 Juli 2025" in html and "09.00–11.00 WITA" in html
    assert "Hadir Sekali" in html and "Absen Sekali" in html and "Tidak hadir" in html
    assert "Susun jadwal digitalisasi" in html
    # The Kepala OPD reads: no controls that write.
    assert reverse("learning_needs:session_edit", args=[session_a.pk]) not in html
    assert 'name="attended"' not in html


def test_ticking_attendance_with_htmx_updates_the_row(client_for, widyaiswara_a, session_a, opd_a):
    participant = SessionParticipantFactory(session=session_a, pegawai=PegawaiFactory(opd=opd_a, name="Daeng Ngasseng"))
    url = reverse("learning_needs:session_attendance", args=[participant.pk])
    client = client_for(widyaiswara_a)

    response = client.post(url, {}, HTTP_HX_REQUEST="true")
    participant.refresh_from_db()
    assert participant.attended is False
    html = response.content.decode()
    assert html.lstrip().startswith("<li") and "Daeng Ngasseng" in html and "checked" not in html

    response = client.post(url, {"attended": "1"})
    participant.refresh_from_db()
    assert participant.attended is True
    assert response.status_code == 302


def test_a_follow_up_is_added_and_ticked_done_with_htmx(client_for, widyaiswara_a, session_a):
    client = client_for(widyaiswara_a)
    response = client.post(
        reverse("learning_needs:follow_up_add", args=[session_a.pk]),
        {
            "tl-action": "Latih petugas memakai aplikasi",
            "tl-person_in_charge": "Kasubag Umum",
            "tl-due_date": "2025-10-01",
        },
        HTTP_HX_REQUEST="true",
    )
    follow_up = FollowUp.objects.get(session=session_a)
    assert follow_up.person_in_charge == "Kasubag Umum"
    assert "Latih petugas memakai aplikasi" in response.content.decode()

    client.post(reverse("learning_needs:follow_up_toggle", args=[follow_up.pk]), {"done": "1"}, HTTP_HX_REQUEST="true")
    follow_up.refresh_from_db()
    assert follow_up.done is True


def test_an_empty_follow_up_gets_a_message_and_nothing_is_saved(client_for, widyaiswara_a, session_a):
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:follow_up_add", args=[session_a.pk]),
        {"tl-action": "", "tl-due_date": "31-02-2025"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert not FollowUp.objects.exists()
    assert "Bidang ini tidak boleh kosong." in html and "Masukkan tanggal yang valid." in html
    assert 'value="31-02-2025"' in html


def test_photos_are_shown_inline_and_documents_downloaded_with_nosniff(client_for, widyaiswara_a, kepala_a, session_a):
    client = client_for(widyaiswara_a)
    pdf = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    response = upload(client, session_a, png(), pdf)
    assert response.status_code == 302
    photo = SessionAttachment.objects.get(original_name="foto.png")
    document = SessionAttachment.objects.get(original_name="laporan.pdf")

    reader = client_for(kepala_a)
    image_response = reader.get(reverse("learning_needs:attachment_download", args=[photo.pk]))
    assert image_response.status_code == 200
    assert image_response["Content-Type"] == "image/png"
    assert image_response["Content-Disposition"].startswith("inline")
    assert image_response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(image_response.streaming_content) == tiny_png()

    pdf_response = reader.get(reverse("learning_needs:attachment_download", args=[document.pk]))
    assert pdf_response["Content-Disposition"].startswith("attachment")
    assert 'filename="laporan.pdf"' in pdf_response["Content-Disposition"]
    assert pdf_response["Content-Type"] == "application/pdf"


def test_an_executable_renamed_to_jpg_is_not_uploaded(client_for, widyaiswara_a, session_a):
    response = upload(client_for(widyaiswara_a), session_a, SimpleUploadedFile("foto.jpg", EXE))
    assert response.status_code == 400
    assert not SessionAttachment.objects.exists()
    assert "foto.jpg: Isi berkas bukan" in response.content.decode()


def test_uploading_without_a_file_asks_for_one(client_for, widyaiswara_a, session_a):
    response = upload(client_for(widyaiswara_a), session_a)
    assert response.status_code == 400
    assert "Pilih minimal satu berkas." in response.content.decode()


def test_an_attachment_is_deleted_after_confirmation_with_its_file(
    client_for, widyaiswara_a, session_a, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(widyaiswara_a)
    upload(client, session_a, png())
    attachment = SessionAttachment.objects.get()
    stored = tmp_path / attachment.file.name
    assert stored.exists()
    url = reverse("learning_needs:attachment_delete", args=[attachment.pk])

    confirm = client.get(url)
    assert "Ya, hapus" in confirm.content.decode()
    assert SessionAttachment.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not SessionAttachment.objects.exists()
    assert not stored.exists()


def test_a_missing_stored_file_gives_404_not_500(client_for, widyaiswara_a, session_a, tmp_path):
    client = client_for(widyaiswara_a)
    upload(client, session_a, png())
    attachment = SessionAttachment.objects.get()
    (tmp_path / attachment.file.name).unlink()
    assert client.get(reverse("learning_needs:attachment_download", args=[attachment.pk])).status_code == 404


def test_a_session_is_deleted_after_confirmation(client_for, widyaiswara_a, session_a, programme_opd_a):
    SessionParticipantFactory(session=session_a)
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:session_delete", args=[session_a.pk])
    assert "Ya, hapus" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("learning_needs:session_list", args=[programme_opd_a.pk])
    assert not FieldSession.objects.exists() and not SessionParticipant.objects.exists()


def test_a_session_cited_by_a_problem_is_not_deleted(client_for, widyaiswara_a, session_a, programme_opd_a):
    problem = ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    problem.sessions.add(session_a)
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:session_delete", args=[session_a.pk])
    page = client.get(url).content.decode()
    assert "1 masalah kinerja yang mengutipnya" in page and "Ya, hapus" not in page
    client.post(url)
    assert FieldSession.objects.filter(pk=session_a.pk).exists()


def test_history_shows_who_changed_which_field_from_what_to_what(
    client_for, widyaiswara_a, kepala_a, programme_opd_a, opd_a
):
    staff = [PegawaiFactory(opd=opd_a, name=name) for name in ("Peserta Satu", "Peserta Dua")]
    client = client_for(widyaiswara_a)
    client.post(
        reverse("learning_needs:session_create", args=[programme_opd_a.pk]),
        form_data(widyaiswara_a, participants=staff, topic="Topik awal", follow_ups=[{"action": "Tindak awal"}]),
    )
    session = FieldSession.objects.get()
    follow_up = session.follow_ups.get()
    client.post(
        reverse("learning_needs:session_edit", args=[session.pk]),
        form_data(
            widyaiswara_a,
            participants=staff[:1],
            attended=[],
            topic="Topik diperbaiki",
            kind="fgd",
            follow_ups=[{"id": str(follow_up.pk), "action": "Tindak awal", "done": "on"}],
            **{"tindak-INITIAL_FORMS": "1"},
        ),
    )
    upload(client, session, png("dokumentasi.png"))

    response = client_for(kepala_a).get(reverse("learning_needs:session_history", args=[session.pk]))
    html = response.content.decode()
    entries = response.context["page"].object_list
    changed = next(e for e in entries if e.object_kind == "Sesi pendampingan" and e.changes)
    assert changed.who == "Widyaiswara A"
    assert {(c.label, c.old, c.new) for c in changed.changes} >= {
        ("Topik", "Topik awal", "Topik diperbaiki"),
        ("Jenis sesi", "Observasi", "FGD"),
    }
    assert any(e.object_label == "Peserta Dua" and e.action == "Dihapus" for e in entries)
    assert any(
        e.object_label == "Peserta Satu" and [(c.old, c.new) for c in e.changes] == [("Ya", "Tidak")] for e in entries
    )
    assert any(
        e.object_label == "Tindak awal" and [(c.old, c.new) for c in e.changes] == [("Tidak", "Ya")] for e in entries
    )
    assert any("Lampiran ditambahkan: dokumentasi.png" in e.reason for e in entries)
    assert "Topik diperbaiki" in html and "Widyaiswara A" in html


def test_history_page_queries_do_not_grow_with_changes(
    client_for, widyaiswara_a, session_a, django_assert_max_num_queries
):
    client = client_for(widyaiswara_a)
    for n in range(30):
        session_a.topic = f"Topik {n}"
        session_a.save()
        FollowUpFactory(session=session_a)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("learning_needs:session_history", args=[session_a.pk]))
    assert len(response.context["page"].object_list) == 50


def test_the_attendance_switch_says_its_state(client_for, widyaiswara_a, session_a, opd_a):
    absent = SessionParticipantFactory(session=session_a, pegawai=PegawaiFactory(opd=opd_a), attended=False)
    present = SessionParticipantFactory(session=session_a, pegawai=PegawaiFactory(opd=opd_a), attended=True)
    html = client_for(widyaiswara_a).get(reverse("learning_needs:session_detail", args=[session_a.pk])).content.decode()

    def label_of(participant):
        start = html.index(f'for="hadir-{participant.pk}"')
        return html[start : html.index("</label>", start)].split(">", 1)[1].strip()

    assert label_of(absent) == "Tidak hadir"
    assert label_of(present) == "Hadir"
    assert 'data-label-off="Tidak hadir"' in html
