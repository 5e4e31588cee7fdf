"""The to-do home of each role (plans to review, plans returned, follow-ups due, imports with
errors), the agenda of the coming two weeks and its iCalendar feed behind a secret key."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intan_wpl.icalendar import feed_token
from learning_plans.models import PlanStatus
from pilots.models import RosterImport, RosterImportStatus
from tests.factories import (
    FieldSessionFactory,
    FollowUpFactory,
    LearningPlanFactory,
    PlanActivityFactory,
)

pytestmark = pytest.mark.django_db

HOME = "/"


def today():
    return timezone.localdate()


def test_widyaiswara_sees_a_returned_plan_and_kepala_a_submitted_one(client_for, everyone, programme_opd_a):
    plan = LearningPlanFactory(programme_opd=programme_opd_a, status=PlanStatus.PERLU_REVISI)
    todo = client_for(everyone["widyaiswara_a"]).get(HOME).context["todo"]
    assert [(item.kind, item.url) for item in todo] == [
        ("Perlu revisi", reverse("learning_plans:plan_detail", args=[plan.pk]))
    ]
    assert client_for(everyone["widyaiswara_b"]).get(HOME).context["todo"] == []
    plan.status = PlanStatus.DIAJUKAN
    plan.save()
    todo = client_for(everyone["kepala_a"]).get(HOME).context["todo"]
    assert [(item.kind, item.url) for item in todo] == [
        ("Tinjau rencana", reverse("learning_plans:plan_review", args=[plan.pk]))
    ]
    assert client_for(everyone["kepala_b"]).get(HOME).context["todo"] == []


def test_follow_ups_due_within_a_week_wait_for_the_opds_people_only(client_for, everyone, programme_opd_a):
    session = FieldSessionFactory(programme_opd=programme_opd_a)
    FollowUpFactory(session=session, action="Kirim daftar arsip", due_date=today() + timedelta(days=3))
    FollowUpFactory(session=session, action="Nanti saja", due_date=today() + timedelta(days=30))
    FollowUpFactory(session=session, action="Sudah", due_date=today(), done=True)
    body = client_for(everyone["widyaiswara_a"]).get(HOME).content.decode()
    assert "Kirim daftar arsip" in body and "Nanti saja" not in body.split("Menunggu Anda")[1].split("Agenda")[0]
    assert "Kirim daftar arsip" not in client_for(everyone["kepala_b"]).get(HOME).content.decode()


def test_admin_sees_a_rejected_roster_import_until_a_later_one_is_committed(client_for, everyone, opd_a):
    rejected = RosterImport.objects.create(
        opd=opd_a, uploaded_by=everyone["admin"], original_name="pegawai.xlsx",
        status=RosterImportStatus.REJECTED, errors=[{"row": 2}, {"row": 5}],
    )  # fmt: skip
    todo = client_for(everyone["admin"]).get(HOME).context["todo"]
    assert [(item.kind, item.url) for item in todo] == [
        ("Impor dengan kesalahan", reverse("pilots:roster_import_preview", args=[rejected.pk]))
    ]
    assert "2 kesalahan" in todo[0].text
    RosterImport.objects.create(
        opd=opd_a, uploaded_by=everyone["admin"], original_name="pegawai2.xlsx", status=RosterImportStatus.COMMITTED
    )
    assert client_for(everyone["admin"]).get(HOME).context["todo"] == []


def test_agenda_lists_the_next_two_weeks_of_the_users_opds(client_for, everyone, programme_opd_a, programme_opd_b):
    FieldSessionFactory(programme_opd=programme_opd_a, topic="Observasi layanan", date=today() + timedelta(days=2))
    FieldSessionFactory(programme_opd=programme_opd_a, topic="Terlalu jauh", date=today() + timedelta(days=20))
    FieldSessionFactory(programme_opd=programme_opd_b, topic="Sesi OPD lain", date=today() + timedelta(days=1))
    plan = LearningPlanFactory(programme_opd=programme_opd_a, status=PlanStatus.DISETUJUI)
    PlanActivityFactory(plan=plan, title="Magang arsip", start_date=today() - timedelta(days=3),
                        end_date=today() + timedelta(days=10))  # fmt: skip
    agenda = client_for(everyone["widyaiswara_a"]).get(HOME).context["agenda"]
    assert [(item.kind, item.title) for item in agenda] == [("Kegiatan", "Magang arsip"), ("Sesi", "Observasi layanan")]
    assert agenda[0].day == today()  # an activity under way shows from today


def test_the_feed_opens_with_the_secret_key_and_not_without_it(client, everyone, programme_opd_a):
    FieldSessionFactory(
        programme_opd=programme_opd_a, topic="Observasi, layanan; arsip", date=today() + timedelta(days=2)
    )
    user = everyone["widyaiswara_a"]
    url = reverse("insights:agenda_feed")
    response = client.get(url, {"kunci": feed_token(user)})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Sesi: Observasi\\, layanan\\; arsip" in text
    assert "DTSTART:" in text and "T010000Z" in text  # 09.00 in the portal's zone (UTC+8) is 01.00 UTC
    key = feed_token(user)
    wrong = key[:-1] + ("1" if key.endswith("0") else "0")
    assert client.get(url, {"kunci": wrong}).status_code == 302  # to the login page
    assert client.get(url, {"kunci": feed_token(everyone["widyaiswara_b"])}).content.decode().count("VEVENT") == 0
    old_key = feed_token(user)
    user.set_password("Kata-sandi-baru-123")
    user.save()
    assert client.get(url, {"kunci": old_key}).status_code == 302  # a new password revokes the old address


@pytest.mark.parametrize("size", [1, 15])
def test_home_reads_in_a_fixed_number_of_queries(client_for, everyone, programme_opd_a, size,
                                                 django_assert_max_num_queries):  # fmt: skip
    plan = LearningPlanFactory(programme_opd=programme_opd_a, status=PlanStatus.DISETUJUI)
    for n in range(size):
        session = FieldSessionFactory(programme_opd=programme_opd_a, date=today() + timedelta(days=n % 14))
        FollowUpFactory(session=session, due_date=today() + timedelta(days=n % 7))
        PlanActivityFactory(
            plan=plan, start_date=today() + timedelta(days=n % 14), end_date=today() + timedelta(days=20)
        )
    for who in ("widyaiswara_a", "kepala_a", "admin"):
        client = client_for(everyone[who])
        with django_assert_max_num_queries(16):
            assert client.get(HOME).status_code == 200
