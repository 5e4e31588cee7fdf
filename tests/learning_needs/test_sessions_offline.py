"""Field work without signal, server side: a session queued on a device and sent (maybe more
than once) is saved exactly once by its idempotency key; what cannot be saved comes back as
reasons the device shows; the staff list and the pages kept on the device are scoped."""

import json
import uuid

import pytest
from django.urls import reverse

from learning_needs.models import FieldSession
from learning_needs.services.sessions import IdempotencyConflict, session_create
from tests.factories import PegawaiFactory
from tests.learning_needs.test_sessions_form import form_data

pytestmark = pytest.mark.django_db
QUEUED = {"HTTP_X_INTAN_QUEUED": "1"}


@pytest.fixture
def staff_a(opd_a):
    return [PegawaiFactory(opd=opd_a, name=name) for name in ("Andi Baso", "Besse Tenri", "Cokke Daeng")]


def create_url(programme_opd):
    return reverse("learning_needs:session_create", args=[programme_opd.pk])


def test_the_same_recording_sent_twice_is_saved_once(client_for, widyaiswara_a, programme_opd_a, staff_a):
    key = str(uuid.uuid4())
    data = {**form_data(widyaiswara_a, staff_a), "idempotency_key": key}
    client = client_for(widyaiswara_a)
    first = client.post(create_url(programme_opd_a), data, **QUEUED)
    assert first.status_code == 201
    assert first.json()["status"] == "saved"
    second = client.post(create_url(programme_opd_a), data, **QUEUED)
    assert second.status_code == 200
    assert second.json()["status"] == "duplicate"
    assert second.json()["url"] == first.json()["url"]
    session = FieldSession.objects.get()
    assert str(session.idempotency_key) == key
    assert session.attendance.count() == 3


def test_a_form_sent_twice_by_hand_is_saved_once_too(client_for, widyaiswara_a, programme_opd_a, staff_a):
    data = {**form_data(widyaiswara_a, staff_a), "idempotency_key": str(uuid.uuid4())}
    client = client_for(widyaiswara_a)
    client.post(create_url(programme_opd_a), data)
    response = client.post(create_url(programme_opd_a), data, follow=True)
    assert "tidak disimpan dua kali" in response.content.decode()
    assert FieldSession.objects.count() == 1


def test_without_a_key_each_send_is_a_new_session(client_for, widyaiswara_a, programme_opd_a, staff_a):
    client = client_for(widyaiswara_a)
    client.post(create_url(programme_opd_a), form_data(widyaiswara_a, staff_a))
    client.post(create_url(programme_opd_a), form_data(widyaiswara_a, staff_a))
    assert FieldSession.objects.count() == 2


def test_a_key_used_elsewhere_is_a_conflict_and_saves_nothing(
    client_for, widyaiswara_a, widyaiswara_b, programme_opd_a, programme_opd_b, staff_a
):
    key = uuid.uuid4()
    session_create(
        programme_opd=programme_opd_b,
        user=widyaiswara_b,
        fields={"date": "2025-08-21", "start_time": "09:00", "end_time": "10:00", "kind": "fgd", "topic": "B"},
        widyaiswara=[widyaiswara_b],
        idempotency_key=key,
    )
    data = {**form_data(widyaiswara_a, staff_a), "idempotency_key": str(key)}
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), data, **QUEUED)
    assert response.status_code == 409
    assert response.json()["status"] == "conflict"
    assert "sudah dipakai untuk sesi lain" in response.json()["message"]
    assert FieldSession.objects.count() == 1
    with pytest.raises(IdempotencyConflict):
        session_create(
            programme_opd=programme_opd_a,
            user=widyaiswara_a,
            fields={"date": "2025-08-21", "start_time": "09:00", "end_time": "10:00", "kind": "fgd", "topic": "A"},
            widyaiswara=[widyaiswara_a],
            idempotency_key=key,
        )


def test_a_queued_session_that_cannot_be_saved_comes_back_with_reasons(
    client_for, widyaiswara_a, programme_opd_a, staff_a
):
    staff_a[2].opd = PegawaiFactory().opd  # moved to another OPD while the device was offline
    staff_a[2].save()
    data = {**form_data(widyaiswara_a, staff_a, end_time="08:00"), "idempotency_key": str(uuid.uuid4())}
    response = client_for(widyaiswara_a).post(create_url(programme_opd_a), data, **QUEUED)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "invalid"
    reasons = json.dumps(body["errors"], ensure_ascii=False)
    assert "Jam selesai harus setelah jam mulai." in reasons or "Selesai" in reasons
    assert FieldSession.objects.count() == 0


def test_a_queued_send_after_the_login_expired_goes_to_the_login_page(client, programme_opd_a):
    response = client.post(create_url(programme_opd_a), {}, **QUEUED)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- The staff list kept on the device and the pages to keep ---------------------------------


def test_staff_list_json_holds_the_opds_active_staff(client_for, widyaiswara_a, programme_opd_a, staff_a):
    staff_a[1].is_active = False
    staff_a[1].save()
    url = reverse("learning_needs:participant_roster", args=[programme_opd_a.pk])
    data = client_for(widyaiswara_a).get(url).json()
    assert [row["name"] for row in data["staff"]] == ["Andi Baso", "Cokke Daeng"]
    assert data["staff"][0]["nip"] == staff_a[0].nip


@pytest.mark.parametrize(("who", "status"), [("widyaiswara_b", 404), ("kepala_a", 403), ("admin", 403)])
def test_staff_list_json_is_refused_outside_the_assignment(client_for, everyone, programme_opd_a, who, status):
    url = reverse("learning_needs:participant_roster", args=[programme_opd_a.pk])
    assert client_for(everyone[who]).get(url).status_code == status


def test_pages_to_keep_are_only_the_widyaiswaras_own_opds(client_for, everyone, programme_opd_a, programme_opd_b):
    urls = client_for(everyone["widyaiswara_a"]).get(reverse("learning_needs:offline_pages")).json()["urls"]
    assert create_url(programme_opd_a) in urls
    assert reverse("pilots:roster_list", args=[programme_opd_a.opd_id]) in urls
    assert create_url(programme_opd_b) not in urls
    assert client_for(everyone["kepala_a"]).get(reverse("learning_needs:offline_pages")).status_code == 403


def test_manifest_and_worker_are_named_from_the_profile(client_for, widyaiswara_a):
    client = client_for(widyaiswara_a)
    manifest = client.get(reverse("manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    assert manifest.json()["name"].startswith("INTAN-WPL")
    assert manifest.json()["start_url"] == "/"
    worker = client.get(reverse("service_worker"))
    assert worker["Content-Type"].startswith("application/javascript")
    assert worker["Service-Worker-Allowed"] == "/"
    body = worker.content.decode()
    assert "/static/js/offline.js" in body and '"/luring/"' in body


def test_the_session_form_carries_a_key_field_and_the_queue(client_for, widyaiswara_a, programme_opd_a):
    page = client_for(widyaiswara_a).get(create_url(programme_opd_a)).content.decode()
    assert 'name="idempotency_key"' in page
    assert "data-offline-queue-panel" in page
    assert "data-offline-roster=" in page


@pytest.mark.parametrize("size", [3, 60])
def test_staff_list_json_costs_the_same_queries_at_any_size(
    client_for, widyaiswara_a, programme_opd_a, opd_a, size, django_assert_max_num_queries
):
    PegawaiFactory.create_batch(size, opd=opd_a)
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:participant_roster", args=[programme_opd_a.pk])
    client.get(url)  # session warm-up outside the count
    # Session + user, the programme OPD, the assignment check, the staff, the session save.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(response.json()["staff"]) == size


@pytest.mark.parametrize("extra_opds", [0, 20])
def test_pages_to_keep_cost_the_same_queries_at_any_size(
    client_for, widyaiswara_a, programme, extra_opds, django_assert_max_num_queries
):
    from tests.factories import AssignmentFactory, OpdFactory, ProgrammeOpdFactory

    for index in range(extra_opds):
        programme_opd = ProgrammeOpdFactory(programme=programme, opd=OpdFactory(name=f"Badan Uji {index}"))
        AssignmentFactory(programme_opd=programme_opd, widyaiswara=widyaiswara_a)
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:offline_pages")
    client.get(url)
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(response.json()["urls"]) == 2 + 4 * (extra_opds + 1)
