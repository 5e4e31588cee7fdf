"""The session form (Sesi Pendampingan): phone-first fields that round-trip as ISO, participants
only from the OPD's roster, follow-ups, attachments checked by content, and a failed save that
keeps everything typed."""

import re
import struct
import zlib
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning_needs.models import FieldSession, FollowUp, SessionAttachment, SessionParticipant
from tests.factories import (
    AssignmentFactory,
    FieldSessionFactory,
    FollowUpFactory,
    PegawaiFactory,
    SessionParticipantFactory,
    UnitKerjaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def tiny_png():
    """A valid 1x1 PNG, built by hand so the test needs no image library."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 64
    + b"This program cannot be run in DOS mode"
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff_a(opd_a):
    return [PegawaiFactory(opd=opd_a, name=name) for name in ("Andi Baso", "Besse Tenri", "Cokke Daeng")]


def form_data(present, participants=(), attended=None, follow_ups=(), **overrides):
    attended = [p.pk for p in participants] if attended is None else attended
    data = {
        "date": "2025-08-21",
        "start_time": "09:00",
        "end_time": "11:30",
        "kind": "observasi",
        "place": "Ruang layanan",
        "topic": "Observasi layanan peminjaman",
        "unit": "",
        "widyaiswara": [present.pk],
        "notes": "Antrian panjang pada pukul 10.",
        "findings": "Petugas belum memakai SOP terbaru.",
        "participants_chosen": [p.pk for p in participants],
        "participants_attended": attended,
        "tindak-TOTAL_FORMS": str(max(len(follow_ups), 1)),
        "tindak-INITIAL_FORMS": "0",
        "tindak-MIN_NUM_FORMS": "0",
        "tindak-MAX_NUM_FORMS": "1000",
        "lock_version": "0",  # the version an edit form was opened at (a create form has none)
    }
    for index, row in enumerate(follow_ups):
        for key, value in row.items():
            data[f"tindak-{index}-{key}"] = value
    data.update(overrides)
    return data


def create_url(programme_opd):
    return reverse("learning_needs:session_create", args=[programme_opd.pk])


def test_the_form_is_built_for_a_phone_with_iso_date_and_time_inputs(client_for, widyaiswara_a, programme_opd_a):
    response = client_for(widyaiswara_a).get(create_url(programme_opd_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="date"' in html and 'name="date"' in html
    assert 'type="time"' in html and 'name="start_time"' in html
    assert "Mulai (WITA)" in html and "Selesai (WITA)" in html
    assert f'data-draft-key="intan-wpl:sesi:{widyaiswara_a.pk}:{programme_opd_a.pk}:baru"' in html
    assert "js/form_draft.js" in html
    # The Widyaiswara filling in the form is ticked as present by default.
    assert re.search(rf'name="widyaiswara" value="{widyaiswara_a.pk}"[^>]*checked', html)


def test_a_widyaiswara_records_a_session_with_participants_follow_ups_and_a_photo(
    client_for, widyaiswara_a, programme_opd_a, staff_a
):
    unit = UnitKerjaFactory(opd=programme_opd_a.opd, name="Bidang Layanan")
    photo = SimpleUploadedFile("foto-sesi.png", tiny_png(), content_type="image/png")
    data = form_data(
        widyaiswara_a,
        participants=staff_a[:2],
        attended=[staff_a[0].pk],
        follow_ups=[{"action": "Susun SOP antrian", "person_in_charge": "Kabid Layanan", "due_date": "2025-09-01"}],
        unit=str(unit.pk),
        attachments=[photo],
    )
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), data)

    session = FieldSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning_needs:session_detail", args=[session.pk])
    assert session.date == date(2025, 8, 21)
    assert (session.start_time, session.end_time) == (time(9, 0), time(11, 30))
    assert session.unit == unit and session.created_by == widyaiswara_a
    assert list(session.widyaiswara.all()) == [widyaiswara_a]
    attendance = dict(SessionParticipant.objects.filter(session=session).values_list("pegawai__name", "attended"))
    assert attendance == {"Andi Baso": True, "Besse Tenri": False}
    follow_up = FollowUp.objects.get(session=session)
    assert (follow_up.action, follow_up.due_date, follow_up.done) == ("Susun SOP antrian", date(2025, 9, 1), False)
    attachment = SessionAttachment.objects.get(session=session)
    assert (attachment.original_name, attachment.mime_type, attachment.uploaded_by) == (
        "foto-sesi.png",
        "image/png",
        widyaiswara_a,
    )


def test_dates_and_times_round_trip_as_iso_without_day_month_swap(client_for, widyaiswara_a, programme_opd_a):
    client = client_for(widyaiswara_a)
    # 3 December: read as month/day it would become 12 March.
    client.post(create_url(programme_opd_a), form_data(widyaiswara_a, date="2025-12-03", start_time="07:05"))
    session = FieldSession.objects.get()
    assert session.date == date(2025, 12, 3)
    html = client.get(reverse("learning_needs:session_edit", args=[session.pk])).content.decode()
    assert 'value="2025-12-03"' in html
    assert 'value="07:05"' in html


def test_an_end_before_the_start_is_refused_at_the_field_and_everything_typed_stays(
    client_for, widyaiswara_a, programme_opd_a, staff_a
):
    data = form_data(
        widyaiswara_a,
        participants=staff_a[:2],
        attended=[staff_a[1].pk],
        follow_ups=[
            {"action": "Rapat evaluasi SOP", "person_in_charge": "Sekretaris"},
            {"action": "Kirim daftar hadir"},
        ],
        start_time="13:00",
        end_time="12:00",
        topic="Topik yang tidak boleh hilang",
        notes="Catatan panjang yang diketik di lapangan",
    )
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), data)
    html = response.content.decode()

    assert response.status_code == 400
    assert not FieldSession.objects.exists()
    form = response.context["form"]
    assert form.errors["end_time"] == ["Jam selesai harus setelah jam mulai."]
    assert "Jam selesai harus setelah jam mulai." in html
    assert 'value="Topik yang tidak boleh hilang"' in html
    assert "Catatan panjang yang diketik di lapangan" in html
    assert 'value="Rapat evaluasi SOP"' in html and 'value="Kirim daftar hadir"' in html
    # Both chosen participants are shown again, with the attendance as it was ticked.
    assert [row["pegawai"] for row in response.context["chosen_rows"]] == staff_a[:2]
    assert [row["attended"] for row in response.context["chosen_rows"]] == [False, True]
    assert 'data-draft-bound="1"' in html


def test_a_participant_from_another_opd_is_refused_with_a_clear_message(
    client_for, widyaiswara_a, programme_opd_a, opd_b, staff_a
):
    stranger = PegawaiFactory(opd=opd_b, name="Pegawai OPD Lain")
    data = form_data(widyaiswara_a, participants=[staff_a[0], stranger])
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), data)

    assert response.status_code == 400
    assert not FieldSession.objects.exists()
    assert not SessionParticipant.objects.exists()
    message = response.context["form"].errors["participants_chosen"][0]
    assert f"id {stranger.pk}" in message and "daftar pegawai OPD ini" in message
    # The foreign name never reaches the page; the valid participant is kept.
    assert "Pegawai OPD Lain" not in response.content.decode()
    assert [row["pegawai"] for row in response.context["chosen_rows"]] == [staff_a[0]]


def test_an_executable_renamed_to_jpg_is_refused_and_nothing_is_saved(client_for, widyaiswara_a, programme_opd_a):
    fake = SimpleUploadedFile("foto.jpg", EXE, content_type="image/jpeg")
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), form_data(widyaiswara_a, attachments=[fake]))

    assert response.status_code == 400
    assert not FieldSession.objects.exists() and not SessionAttachment.objects.exists()
    errors = response.context["form"].errors["attachments"]
    assert any("foto.jpg" in e and "isinya diperiksa" in e for e in errors)
    assert "pilih lagi sebelum menyimpan" in response.content.decode()


def test_an_oversized_attachment_is_refused(client_for, widyaiswara_a, programme_opd_a, settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("besar.png", tiny_png() + b"\x00" * (1024 * 1024 + 1), content_type="image/png")
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), form_data(widyaiswara_a, attachments=[big]))
    assert response.status_code == 400
    assert "terlalu besar" in response.context["form"].errors["attachments"][0]
    assert not FieldSession.objects.exists()


def test_a_widyaiswara_not_assigned_to_the_opd_cannot_be_recorded_as_present(
    client_for, widyaiswara_a, widyaiswara_b, programme_opd_a
):
    response = client_for(widyaiswara_a).post(
        create_url(programme_opd_a), form_data(widyaiswara_a, widyaiswara=[widyaiswara_b.pk])
    )
    assert response.status_code == 400
    assert "widyaiswara" in response.context["form"].errors
    assert not FieldSession.objects.exists()


def test_a_unit_of_another_opd_is_refused(client_for, widyaiswara_a, programme_opd_a, opd_b):
    foreign_unit = UnitKerjaFactory(opd=opd_b)
    response = client_for(widyaiswara_a).post(
        create_url(programme_opd_a), form_data(widyaiswara_a, unit=str(foreign_unit.pk))
    )
    assert response.status_code == 400
    assert response.context["form"].errors["unit"] == ["Unit kerja ini bukan unit OPD ini."]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topic": "x" * 5000}, "topic"),
        ({"topic": ""}, "topic"),
        ({"date": "21/13/2025"}, "date"),
        ({"date": "bukan tanggal"}, "date"),
        ({"start_time": "25:99"}, "start_time"),
        ({"kind": "piknik"}, "kind"),
        ({"widyaiswara": ["abc"]}, "widyaiswara"),
        ({"widyaiswara": []}, "widyaiswara"),
        ({"participants_chosen": ["abc"]}, "participants_chosen"),
        ({"participants_chosen": ["99999999999999999999999"]}, "participants_chosen"),
        ({"notes": "n" * 20001}, "notes"),
        ({"unit": "999999"}, "unit"),
    ],
)
def test_hostile_input_gets_a_message_at_the_field_never_a_500(
    client_for, widyaiswara_a, programme_opd_a, overrides, field
):
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), form_data(widyaiswara_a, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not FieldSession.objects.exists()


def test_a_tampered_follow_up_formset_is_refused_without_a_500(client_for, widyaiswara_a, programme_opd_a):
    data = form_data(widyaiswara_a)
    del data["tindak-TOTAL_FORMS"]
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), data)
    assert response.status_code == 400
    assert not FieldSession.objects.exists()


def test_a_follow_up_of_another_session_cannot_be_edited_through_the_form(
    client_for, widyaiswara_a, programme_opd_a, programme_opd_b
):
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    other = FollowUpFactory(session=FieldSessionFactory(programme_opd=programme_opd_b), action="Milik OPD B")
    data = form_data(
        widyaiswara_a,
        follow_ups=[{"id": str(other.pk), "action": "Diambil alih"}],
        **{"tindak-INITIAL_FORMS": "1"},
    )
    response = client_for(widyaiswara_a).post(reverse("learning_needs:session_edit", args=[session.pk]), data)
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.action == "Milik OPD B" and other.session.programme_opd == programme_opd_b


def test_editing_changes_fields_participants_and_follow_ups(client_for, widyaiswara_a, programme_opd_a, staff_a):
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, topic="Lama")
    SessionParticipantFactory(session=session, pegawai=staff_a[0], attended=True)
    SessionParticipantFactory(session=session, pegawai=staff_a[1], attended=True)
    kept = FollowUpFactory(session=session, action="Tetap")
    removed = FollowUpFactory(session=session, action="Dibuang")
    client = client_for(widyaiswara_a)
    edit_url = reverse("learning_needs:session_edit", args=[session.pk])

    page = client.get(edit_url).content.decode()
    assert "Andi Baso" in page and "Besse Tenri" in page
    assert f'data-draft-key="intan-wpl:sesi:{widyaiswara_a.pk}:{programme_opd_a.pk}:{session.pk}"' in page

    data = form_data(
        widyaiswara_a,
        participants=[staff_a[1], staff_a[2]],
        attended=[staff_a[2].pk],
        follow_ups=[
            {"id": str(kept.pk), "action": "Tetap, diperbarui", "done": "on"},
            {"id": str(removed.pk), "action": "Dibuang", "DELETE": "on"},
            {"action": "Baru"},
        ],
        topic="Baru",
        **{"tindak-INITIAL_FORMS": "2"},
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.topic == "Baru"
    attendance = dict(session.attendance.values_list("pegawai__name", "attended"))
    assert attendance == {"Besse Tenri": False, "Cokke Daeng": True}
    assert sorted(session.follow_ups.values_list("action", "done")) == [("Baru", False), ("Tetap, diperbarui", True)]


def test_the_page_after_a_successful_save_clears_that_draft_once(client_for, widyaiswara_a, programme_opd_a):
    client = client_for(widyaiswara_a)
    response = client.post(create_url(programme_opd_a), form_data(widyaiswara_a), follow=True)
    key = f"intan-wpl:sesi:{widyaiswara_a.pk}:{programme_opd_a.pk}:baru"
    assert f'data-clear-draft="{key}"' in response.content.decode()
    assert "Sesi pendampingan tersimpan." in response.content.decode()
    again = client.get(reverse("learning_needs:session_detail", args=[FieldSession.objects.get().pk]))
    assert "data-clear-draft" not in again.content.decode()


def test_participant_search_finds_staff_of_this_opd_by_name_or_nip_only(
    client_for, widyaiswara_a, programme_opd_a, opd_b, staff_a
):
    PegawaiFactory(opd=opd_b, name="Andi Lain OPD")
    PegawaiFactory(opd=programme_opd_a.opd, name="Andi Pensiun", is_active=False)
    url = reverse("learning_needs:participant_search", args=[programme_opd_a.pk])
    client = client_for(widyaiswara_a)

    html = client.get(url, {"q": "andi"}).content.decode()
    assert "Andi Baso" in html
    assert "Andi Lain OPD" not in html and "Andi Pensiun" not in html

    by_nip = client.get(url, {"q": staff_a[1].nip[:8] + " " + staff_a[1].nip[8:14]}).content.decode()
    assert "Besse Tenri" in by_nip

    short = client.get(url, {"q": "a"}).content.decode()
    assert "Ketik minimal 2 huruf" in short
    assert client.get(url, {"q": "x" * 5000, "unit": "9" * 40}).status_code == 200


def test_a_new_assistant_widyaiswara_of_the_opd_can_be_recorded_as_present(client_for, widyaiswara_a, programme_opd_a):
    colleague = UserFactory(username="wi.rekan", full_name="Rekan Widyaiswara")
    AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=colleague)
    response = client_for(widyaiswara_a).post(
        create_url(programme_opd_a), form_data(widyaiswara_a, widyaiswara=[widyaiswara_a.pk, colleague.pk])
    )
    assert response.status_code == 302
    assert set(FieldSession.objects.get().widyaiswara.all()) == {widyaiswara_a, colleague}
