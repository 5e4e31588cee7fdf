"""Scope of every session view: the OPD's Kepala OPD and the admin read, only a Widyaiswara
assigned to the OPD writes (others 403); anyone without the OPD in scope gets 404."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from learning_needs.models import FieldSession, FollowUp, SessionAttachment, SessionParticipant, SessionSeries
from tests.factories import (
    FieldSessionFactory,
    FollowUpFactory,
    PegawaiFactory,
    SessionParticipantFactory,
    SessionSeriesFactory,
    UnitKerjaFactory,
)
from tests.learning_needs.test_sessions_form import form_data, tiny_png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(everyone, programme_opd_a, opd_a, widyaiswara_a):
    """A session at OPD A with a participant, a follow-up, an attachment, and a shift series."""
    unit = UnitKerjaFactory(opd=opd_a, name="Ruang Baca", works_in_shifts=True)
    pegawai = PegawaiFactory(opd=opd_a, unit=unit)
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    participant = SessionParticipantFactory(session=session, pegawai=pegawai)
    follow_up = FollowUpFactory(session=session)
    attachment = SessionAttachment(
        session=session,
        original_name="foto.png",
        mime_type="image/png",
        size=len(tiny_png()),
        uploaded_by=widyaiswara_a,
    )
    attachment.file.save("foto.png", ContentFile(tiny_png()), save=False)
    attachment.save()
    series = SessionSeriesFactory(programme_opd=programme_opd_a, unit=unit, created_by=widyaiswara_a)
    series.target_participants.add(pegawai)
    repeat = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, series=series)
    return {
        "programme_opd": programme_opd_a,
        "session": session,
        "participant": participant,
        "follow_up": follow_up,
        "attachment": attachment,
        "series": series,
        "repeat": repeat,
        "pegawai": pegawai,
        "widyaiswara_a": widyaiswara_a,
    }


# (url name, key of the object in `world`, method, POST data builder)
READ_VIEWS = [
    ("session_list", "programme_opd"),
    ("session_detail", "session"),
    ("session_history", "session"),
    ("attachment_download", "attachment"),
    ("series_detail", "series"),
]


def _session_form(world):
    return form_data(world["widyaiswara_a"], topic="Diubah lewat tes")


WRITE_VIEWS = [
    ("session_create", "programme_opd", "post", _session_form),
    ("session_create", "programme_opd", "get", None),
    ("participant_search", "programme_opd", "get", lambda w: {"q": "an"}),
    ("series_create", "programme_opd", "get", None),
    ("session_edit", "session", "get", None),
    ("session_edit", "session", "post", _session_form),
    ("session_delete", "session", "get", None),
    ("session_delete", "session", "post", None),
    ("session_attendance", "participant", "post", lambda w: {}),
    ("follow_up_add", "session", "post", lambda w: {"tl-action": "Tindak lanjut baru"}),
    ("follow_up_toggle", "follow_up", "post", lambda w: {"done": "1"}),
    ("attachment_upload", "session", "post", lambda w: {}),
    ("attachment_delete", "attachment", "get", None),
    ("attachment_delete", "attachment", "post", None),
    (
        "series_attendance",
        "series",
        "post",
        lambda w: {"session": w["repeat"].pk, "pegawai": w["pegawai"].pk, "attended": "1"},
    ),
    (
        "series_add_repeat",
        "series",
        "post",
        lambda w: {
            "baru-date": "2025-08-01",
            "baru-start_time": "07:00",
            "baru-end_time": "08:00",
            "baru-shift_label": "pagi",
        },
    ),
]


def call(client, world, name, key, method="get", data=None):
    url = reverse(f"learning_needs:{name}", args=[world[key].pk])
    payload = data(world) if data else {}
    return client.post(url, payload) if method == "post" else client.get(url, payload)


def snapshot():
    return (
        list(FieldSession.objects.order_by("pk").values_list("pk", "topic")),
        list(SessionParticipant.objects.order_by("pk").values_list("pk", "attended")),
        list(FollowUp.objects.order_by("pk").values_list("pk", "action", "done")),
        SessionAttachment.objects.count(),
        SessionSeries.objects.count(),
    )


@pytest.mark.parametrize(("name", "key"), READ_VIEWS)
@pytest.mark.parametrize("reader", ["admin", "widyaiswara_a", "kepala_a"])
def test_the_opds_readers_open_every_read_view(client_for, everyone, world, name, key, reader, programme_opd_a):
    response = call(client_for(everyone[reader]), world, name, key)
    assert response.status_code == 200
    if response.get("Content-Type", "").startswith("text/html"):
        # Every field-work page names the OPD it belongs to.
        assert programme_opd_a.opd.short_name in response.content.decode()


@pytest.mark.parametrize(("name", "key"), READ_VIEWS)
@pytest.mark.parametrize("outsider", ["widyaiswara_b", "kepala_b"])
def test_another_opds_people_get_404_on_every_read_view(client_for, everyone, world, name, key, outsider):
    response = call(client_for(everyone[outsider]), world, name, key)
    assert response.status_code == 404
    assert b"foto.png" not in response.content


@pytest.mark.parametrize(("name", "key", "method", "data"), WRITE_VIEWS)
@pytest.mark.parametrize("reader", ["admin", "kepala_a"])
def test_admin_and_kepala_opd_read_but_get_403_on_every_write_view(
    client_for, everyone, world, name, key, method, data, reader
):
    before = snapshot()
    response = call(client_for(everyone[reader]), world, name, key, method, data)
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("name", "key", "method", "data"), WRITE_VIEWS)
def test_a_widyaiswara_of_another_opd_gets_404_on_every_write_view(
    client_for, everyone, world, name, key, method, data
):
    before = snapshot()
    response = call(client_for(everyone["widyaiswara_b"]), world, name, key, method, data)
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(("name", "key", "method", "data"), WRITE_VIEWS)
def test_the_assigned_widyaiswara_reaches_every_write_view(client_for, everyone, world, name, key, method, data):
    response = call(client_for(everyone["widyaiswara_a"]), world, name, key, method, data)
    # 400 only where the test posts an incomplete form on purpose (upload without a file).
    assert response.status_code in {200, 302, 400}
    if name == "attachment_upload":
        assert response.status_code == 400


def test_my_sessions_is_for_widyaiswara_only(client_for, everyone, world):
    url = reverse("learning_needs:my_sessions")
    assert client_for(everyone["admin"]).get(url).status_code == 403
    assert client_for(everyone["kepala_a"]).get(url).status_code == 403
    assert client_for(everyone["widyaiswara_a"]).get(url).status_code == 200


def test_my_sessions_never_lists_another_opds_sessions(client_for, everyone, world, programme_opd_b):
    FieldSessionFactory(programme_opd=programme_opd_b, created_by=everyone["widyaiswara_b"], topic="Sesi rahasia OPD B")
    html = client_for(everyone["widyaiswara_a"]).get(reverse("learning_needs:my_sessions")).content.decode()
    assert "Sesi rahasia OPD B" not in html
    assert world["session"].topic in html


def test_a_session_list_filter_cannot_offer_another_opds_widyaiswara_or_unit(client_for, everyone, world, opd_b):
    UnitKerjaFactory(opd=opd_b, name="Unit Rahasia B")
    response = client_for(everyone["widyaiswara_a"]).get(
        reverse("learning_needs:session_list", args=[world["programme_opd"].pk]),
        {"widyaiswara": everyone["widyaiswara_b"].pk},
    )
    html = response.content.decode()
    assert "Unit Rahasia B" not in html and "Widyaiswara B" not in html
    assert "widyaiswara" in response.context["filterset"].errors


def test_series_attendance_refuses_a_session_outside_the_series(client_for, everyone, world):
    response = client_for(everyone["widyaiswara_a"]).post(
        reverse("learning_needs:series_attendance", args=[world["series"].pk]),
        {"session": world["session"].pk, "pegawai": world["pegawai"].pk, "attended": "1"},
    )
    assert response.status_code == 404
    assert (
        not SessionParticipant.objects.filter(session=world["session"], pegawai=world["pegawai"])
        .exclude(pk=world["participant"].pk)
        .exists()
    )


def test_series_attendance_refuses_staff_of_another_opd(client_for, everyone, world, opd_b):
    stranger = PegawaiFactory(opd=opd_b)
    response = client_for(everyone["widyaiswara_a"]).post(
        reverse("learning_needs:series_attendance", args=[world["series"].pk]),
        {"session": world["repeat"].pk, "pegawai": stranger.pk, "attended": "1"},
    )
    assert response.status_code == 404
    assert not SessionParticipant.objects.filter(pegawai=stranger).exists()


def test_signed_out_visitors_are_sent_to_the_login_page(client, world):
    response = client.get(reverse("learning_needs:attachment_download", args=[world["attachment"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
