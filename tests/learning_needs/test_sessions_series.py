"""Shift series (sesi bergilir): one topic repeated across the shifts of a unit that works in
shifts; attendance read across the repeats shows who has not been reached yet."""

from datetime import date, time

import pytest
from django.test import Client
from django.urls import reverse

from learning_needs.models import FieldSession, SessionParticipant, SessionSeries
from tests.factories import PegawaiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward(opd_a):
    return UnitKerjaFactory(opd=opd_a, name="Ruang Rawat Inap Mawar", works_in_shifts=True)


@pytest.fixture
def nurses(opd_a, ward):
    return [PegawaiFactory(opd=opd_a, unit=ward, name=n) for n in ("Perawat Pagi", "Perawat Siang", "Perawat Malam")]


def series_data(unit, repeats, targets=(), **overrides):
    data = {
        "topic": "Komunikasi serah terima pasien (SBAR)",
        "unit": str(unit.pk),
        "kind": "coaching",
        "place": "Nurse station",
        "participants_chosen": [p.pk for p in targets],
        "ulangan-TOTAL_FORMS": str(len(repeats)),
        "ulangan-INITIAL_FORMS": "0",
        "ulangan-MIN_NUM_FORMS": "2",
        "ulangan-MAX_NUM_FORMS": "12",
    }
    for index, (day, start, end, shift) in enumerate(repeats):
        data.update(
            {
                f"ulangan-{index}-date": day,
                f"ulangan-{index}-start_time": start,
                f"ulangan-{index}-end_time": end,
                f"ulangan-{index}-shift_label": shift,
            }
        )
    data.update(overrides)
    return data


REPEATS = [
    ("2025-08-12", "07:30", "08:15", "pagi"),
    ("2025-08-12", "14:30", "15:15", "siang"),
    ("2025-08-12", "21:30", "22:15", "malam"),
]


def test_a_series_is_planned_as_repeats_targeting_the_whole_unit_by_default(
    client_for, widyaiswara_a, programme_opd_a, ward, nurses, opd_a
):
    PegawaiFactory(opd=opd_a, unit=ward, name="Perawat Cuti", is_active=False)
    url = reverse("learning_needs:series_create", args=[programme_opd_a.pk])
    response = client_for(widyaiswara_a).post(url, series_data(ward, REPEATS))

    series = SessionSeries.objects.get()
    assert response["Location"] == reverse("learning_needs:series_detail", args=[series.pk])
    assert set(series.target_participants.all()) == set(nurses)
    repeats = list(series.sessions.order_by("start_time"))
    assert [(s.shift_label, s.start_time, s.topic, s.unit) for s in repeats] == [
        ("pagi", time(7, 30), series.topic, ward),
        ("siang", time(14, 30), series.topic, ward),
        ("malam", time(21, 30), series.topic, ward),
    ]
    assert all(s.date == date(2025, 8, 12) and s.kind == "coaching" for s in repeats)
    assert all(list(s.widyaiswara.all()) == [widyaiswara_a] for s in repeats)


def test_chosen_targets_replace_the_unit_default(client_for, widyaiswara_a, programme_opd_a, ward, nurses):
    client_for(widyaiswara_a).post(
        reverse("learning_needs:series_create", args=[programme_opd_a.pk]), series_data(ward, REPEATS, nurses[:1])
    )
    assert list(SessionSeries.objects.get().target_participants.all()) == nurses[:1]


def test_the_series_page_shows_who_has_not_been_reached(
    client_for, widyaiswara_a, kepala_a, programme_opd_a, ward, nurses
):
    client = client_for(widyaiswara_a)
    client.post(reverse("learning_needs:series_create", args=[programme_opd_a.pk]), series_data(ward, REPEATS))
    series = SessionSeries.objects.get()
    morning, afternoon, _night = series.sessions.order_by("start_time")
    mark = reverse("learning_needs:series_attendance", args=[series.pk])
    response = client.post(
        mark, {"session": morning.pk, "pegawai": nurses[0].pk, "attended": "1"}, HTTP_HX_REQUEST="true"
    )
    assert 'id="kehadiran-rangkaian"' in response.content.decode()
    client.post(mark, {"session": afternoon.pk, "pegawai": nurses[1].pk, "attended": "1"})

    reader = Client()
    reader.force_login(kepala_a)
    context = reader.get(reverse("learning_needs:series_detail", args=[series.pk])).context
    assert context["not_reached"] == [nurses[2]]
    assert (context["reached_count"], context["target_count"]) == (2, 3)

    # Unticking takes the person back off the reached list.
    client.post(mark, {"session": afternoon.pk, "pegawai": nurses[1].pk})
    context = client.get(reverse("learning_needs:series_detail", args=[series.pk])).context
    assert {p.name for p in context["not_reached"]} == {"Perawat Siang", "Perawat Malam"}
    assert SessionParticipant.objects.get(session=afternoon, pegawai=nurses[1]).attended is False


def test_a_unit_that_does_not_work_in_shifts_cannot_be_chosen(client_for, widyaiswara_a, programme_opd_a, opd_a):
    office = UnitKerjaFactory(opd=opd_a, name="Subbagian Umum", works_in_shifts=False)
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:series_create", args=[programme_opd_a.pk]), series_data(office, REPEATS)
    )
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert not SessionSeries.objects.exists()


def test_a_series_needs_two_repeats_and_valid_times(client_for, widyaiswara_a, programme_opd_a, ward):
    url = reverse("learning_needs:series_create", args=[programme_opd_a.pk])
    client = client_for(widyaiswara_a)
    one = client.post(url, series_data(ward, REPEATS[:1]))
    assert one.status_code == 400
    assert "Isi minimal 2 ulangan" in one.content.decode()
    backwards = client.post(url, series_data(ward, [REPEATS[0], ("2025-08-12", "15:00", "14:00", "siang")]))
    assert backwards.status_code == 400
    assert "Jam selesai harus setelah jam mulai." in backwards.content.decode()
    # What was typed is still there.
    assert 'value="Komunikasi serah terima pasien (SBAR)"' in backwards.content.decode()
    assert not SessionSeries.objects.exists() and not FieldSession.objects.exists()


def test_a_target_from_another_opd_is_refused(client_for, widyaiswara_a, programme_opd_a, ward, opd_b):
    stranger = PegawaiFactory(opd=opd_b)
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:series_create", args=[programme_opd_a.pk]), series_data(ward, REPEATS, [stranger])
    )
    assert response.status_code == 400
    assert "participants_chosen" in response.context["form"].errors
    assert not SessionSeries.objects.exists()


def test_a_repeat_can_be_added_later(client_for, widyaiswara_a, programme_opd_a, ward, nurses):
    client = client_for(widyaiswara_a)
    client.post(reverse("learning_needs:series_create", args=[programme_opd_a.pk]), series_data(ward, REPEATS[:2]))
    series = SessionSeries.objects.get()
    response = client.post(
        reverse("learning_needs:series_add_repeat", args=[series.pk]),
        {"baru-date": "2025-08-13", "baru-start_time": "21:30", "baru-end_time": "22:00", "baru-shift_label": "malam"},
    )
    assert response.status_code == 302
    added = series.sessions.get(date=date(2025, 8, 13))
    assert (added.shift_label, added.kind, added.place) == ("malam", "coaching", "Nurse station")


@pytest.mark.parametrize("targets", [10, 300])
def test_the_series_page_needs_a_fixed_number_of_queries(
    client_for, widyaiswara_a, programme_opd_a, ward, opd_a, django_assert_max_num_queries, targets
):
    staff = PegawaiFactory.create_batch(targets, opd=opd_a, unit=ward)
    client = client_for(widyaiswara_a)
    client.post(reverse("learning_needs:series_create", args=[programme_opd_a.pk]), series_data(ward, REPEATS))
    series = SessionSeries.objects.get()
    repeats = list(series.sessions.all())
    SessionParticipant.objects.bulk_create(
        SessionParticipant(session=repeats[n % 3], pegawai=p) for n, p in enumerate(staff) if n % 4
    )
    with django_assert_max_num_queries(14):
        response = client.get(reverse("learning_needs:series_detail", args=[series.pk]))
    assert response.context["target_count"] == targets
    assert len(response.context["not_reached"]) == len([n for n in range(targets) if n % 4 == 0])


def test_the_series_form_explains_when_the_opd_has_no_shift_unit(client_for, widyaiswara_a, programme_opd_a):
    html = client_for(widyaiswara_a).get(reverse("learning_needs:series_create", args=[programme_opd_a.pk])).content
    assert "belum punya unit kerja yang ditandai bekerja dalam sif" in html.decode()
