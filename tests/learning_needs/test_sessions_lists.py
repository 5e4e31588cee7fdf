"""Session lists: per OPD and per Widyaiswara, newest first, filtered, paginated, with a
query count that does not grow with the number of sessions."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from learning_needs.models import FieldSession, FollowUp, SessionKind, SessionParticipant
from tests.factories import AssignmentFactory, FieldSessionFactory, PegawaiFactory, UnitKerjaFactory, UserFactory

pytestmark = pytest.mark.django_db


def bulk_sessions(programme_opd, created_by, count, *, unit=None, widyaiswara=None):
    """`count` sessions with participants, follow-ups and Widyaiswara rows, made in bulk."""
    kinds = [k for k, _ in SessionKind.choices]
    sessions = FieldSession.objects.bulk_create(
        FieldSession(
            programme_opd=programme_opd,
            created_by=created_by,
            date=date(2025, 7, 1) + timedelta(days=n % 90),
            start_time=time(8 + n % 8, 0),
            end_time=time(16, 30),
            kind=kinds[n % len(kinds)],
            topic=f"Sesi massal {n}",
            unit=unit,
        )
        for n in range(count)
    )
    people = [PegawaiFactory(opd=programme_opd.opd) for _ in range(3)]
    SessionParticipant.objects.bulk_create(
        SessionParticipant(session=s, pegawai=p, attended=i % 2 == 0) for s in sessions for i, p in enumerate(people)
    )
    FollowUp.objects.bulk_create(FollowUp(session=s, action="Tindak lanjut") for s in sessions)
    through = FieldSession.widyaiswara.through
    through.objects.bulk_create(through(fieldsession_id=s.pk, user_id=(widyaiswara or created_by).pk) for s in sessions)
    return sessions


@pytest.mark.parametrize("count", [10, 500])
def test_the_opd_list_needs_a_fixed_number_of_queries(
    client_for, widyaiswara_a, programme_opd_a, django_assert_max_num_queries, count
):
    bulk_sessions(programme_opd_a, widyaiswara_a, count)
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("learning_needs:session_list", args=[programme_opd_a.pk]))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)
    assert "1 dari 3 peserta hadir" not in response.content.decode()
    assert "2 dari 3 peserta hadir" in response.content.decode()


@pytest.mark.parametrize("count", [10, 500])
def test_my_sessions_needs_a_fixed_number_of_queries(
    client_for, widyaiswara_a, programme_opd_a, programme_opd_b, django_assert_max_num_queries, count
):
    AssignmentFactory(programme_opd=programme_opd_b, widyaiswara=widyaiswara_a)
    bulk_sessions(programme_opd_a, widyaiswara_a, count)
    bulk_sessions(programme_opd_b, widyaiswara_a, count)
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("learning_needs:my_sessions"), {"kind": "observasi"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == len([n for n in range(count) if n % 7 == 0]) * 2


def test_the_list_is_newest_first(client_for, kepala_a, widyaiswara_a, programme_opd_a):
    FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, topic="Lama", date=date(2025, 7, 1))
    FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, topic="Baru", date=date(2025, 8, 1))
    FieldSessionFactory(
        programme_opd=programme_opd_a,
        created_by=widyaiswara_a,
        topic="Baru sore",
        date=date(2025, 8, 1),
        start_time=time(14, 0),
        end_time=time(15, 0),
    )
    response = client_for(kepala_a).get(reverse("learning_needs:session_list", args=[programme_opd_a.pk]))
    assert [s.topic for s in response.context["page"]] == ["Baru sore", "Baru", "Lama"]


def test_filters_by_kind_date_range_widyaiswara_and_unit(client_for, widyaiswara_a, programme_opd_a, opd_a):
    colleague = UserFactory(username="wi.kedua", full_name="Widyaiswara Kedua")
    AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=colleague)
    unit = UnitKerjaFactory(opd=opd_a, name="Bidang Arsip")
    make = FieldSessionFactory
    make(programme_opd=programme_opd_a, created_by=widyaiswara_a, topic="FGD Juli", kind="fgd", date=date(2025, 7, 5))
    make(
        programme_opd=programme_opd_a, created_by=widyaiswara_a, topic="FGD Agustus", kind="fgd", date=date(2025, 8, 5)
    )
    make(
        programme_opd=programme_opd_a,
        created_by=widyaiswara_a,
        topic="Coaching arsip",
        kind="coaching",
        date=date(2025, 8, 6),
        unit=unit,
        widyaiswara=[colleague],
    )
    client = client_for(widyaiswara_a)
    url = reverse("learning_needs:session_list", args=[programme_opd_a.pk])

    def topics(**params):
        return {s.topic for s in client.get(url, params).context["page"]}

    assert topics(kind="fgd") == {"FGD Juli", "FGD Agustus"}
    assert topics(date_from="2025-08-01", date_to="2025-08-05") == {"FGD Agustus"}
    assert topics(widyaiswara=colleague.pk) == {"Coaching arsip"}
    assert topics(unit=unit.pk) == {"Coaching arsip"}
    # A date typed wrongly gets a message and does not break the page.
    response = client.get(url, {"date_from": "kemarin"})
    assert response.status_code == 200 and "date_from" in response.context["filterset"].errors


def test_pagination_keeps_the_filters(client_for, widyaiswara_a, programme_opd_a):
    bulk_sessions(programme_opd_a, widyaiswara_a, 60)
    response = client_for(widyaiswara_a).get(
        reverse("learning_needs:session_list", args=[programme_opd_a.pk]), {"date_from": "2025-07-01", "page": "2"}
    )
    html = response.content.decode()
    assert response.context["page"].number == 2
    assert "date_from=2025-07-01&amp;page=3" in html


def test_only_the_assigned_widyaiswara_sees_the_buttons_that_write(client_for, everyone, programme_opd_a):
    url = reverse("learning_needs:session_list", args=[programme_opd_a.pk])
    create = reverse("learning_needs:session_create", args=[programme_opd_a.pk])
    assert create in client_for(everyone["widyaiswara_a"]).get(url).content.decode()
    assert create not in client_for(everyone["kepala_a"]).get(url).content.decode()
    assert create not in client_for(everyone["admin"]).get(url).content.decode()


def test_the_menu_offers_my_sessions_to_widyaiswara(client_for, everyone):
    url = reverse("learning_needs:my_sessions")
    assert url in client_for(everyone["widyaiswara_a"]).get(reverse("insights:home")).content.decode()
    assert url not in client_for(everyone["kepala_a"]).get(reverse("insights:home")).content.decode()


def test_the_opd_page_leads_to_each_programme_sessions_through_its_hub(client_for, kepala_a, programme_opd_a):
    client = client_for(kepala_a)
    html = client.get(reverse("pilots:opd_detail", args=[programme_opd_a.opd_id])).content.decode()
    hub = reverse("insights:programme_opd_hub", args=[programme_opd_a.pk])
    assert hub in html
    assert reverse("learning_needs:session_list", args=[programme_opd_a.pk]) in client.get(hub).content.decode()
