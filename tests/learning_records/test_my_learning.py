"""Pembelajaran Saya: a Pegawai's own page (JP of the period against the rule, every credit with
its source, the plan activities naming them, what is coming, certificates) and nobody else's."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from intan_wpl.models import Role
from learning_records.models import JpCredit
from learning_records.services.external_jp import external_jp_create
from tests.factories import (
    FieldSessionFactory,
    PegawaiFactory,
    SessionParticipantFactory,
    UserFactory,
    approved_activity,
    development_form,
    realise,
)

pytestmark = pytest.mark.django_db


def with_account(pegawai):
    pegawai.account = UserFactory(username=pegawai.nip, role=Role.PEGAWAI, full_name=pegawai.name)
    pegawai.save(update_fields=["account"])
    return pegawai.account


@pytest.fixture
def person(opd_a):
    pegawai = PegawaiFactory(opd=opd_a, name="Siti Aminah")
    with_account(pegawai)
    return pegawai


@pytest.fixture
def this_year():
    return timezone.localdate().year


def page_of(client_for, person):
    return client_for(person.account).get(reverse("learning_records:my_learning"))


def test_a_new_person_sees_0_of_20_jp(client_for, person, this_year):
    response = page_of(client_for, person)
    assert response.status_code == 200
    body = response.content.decode()
    assert "0 dari 20 JP" in body
    assert f"Tahun {this_year}" in body
    assert "Belum ada JP yang diakui untuk Anda." in body


def test_every_credit_shows_with_its_source_and_adds_up(
    client_for, settings, tmp_path, person, programme_opd_a, widyaiswara_a, admin_user, this_year
):
    settings.MEDIA_ROOT = tmp_path
    activity = approved_activity(programme_opd_a, jp=6, participants=[person], title="Coaching pelayanan publik")
    realise(activity, [person], recorded_by=widyaiswara_a, start_date=date(this_year, 1, 10))
    external = external_jp_create(
        pegawai=person,
        recorded_by=admin_user,
        title="E-learning ASN Digital",
        provider="LAN",
        form=development_form("KL08"),
        start_date=date(this_year, 1, 3),
        end_date=date(this_year, 1, 4),
        jp=Decimal(8),
        certificate_file=ContentFile(b"%PDF-1.4\n% sertifikat\n", name="s.pdf"),
    )
    body = page_of(client_for, person).content.decode()
    assert "14 dari 20 JP" in body
    assert "Masih kurang 6 JP" in body
    assert "Coaching pelayanan publik" in body and "Kegiatan rencana" in body
    assert "E-learning ASN Digital" in body and "Eksternal" in body
    assert "JP diakui" in body  # the plan activity naming them is credited
    client = client_for(person.account)
    portal_credit = JpCredit.objects.get(realisation__activity=activity)
    certificate = client.get(reverse("learning_records:my_certificate", args=[portal_credit.pk]))
    assert certificate.status_code == 200
    assert portal_credit.certificate_number in certificate.content.decode()
    download = client.get(reverse("learning_records:my_certificate", args=[external.credit.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_what_is_coming_lists_planned_activities_and_sessions(client_for, person, programme_opd_a, widyaiswara_a):
    today = timezone.localdate()
    approved_activity(
        programme_opd_a,
        participants=[person],
        title="Job shadowing arsip",
        start_date=today + timedelta(days=3),
        end_date=today + timedelta(days=4),
    )
    session = FieldSessionFactory(
        programme_opd=programme_opd_a, created_by=widyaiswara_a, topic="Bedah SOP", date=today + timedelta(days=1)
    )
    SessionParticipantFactory(session=session, pegawai=person)
    approved_activity(programme_opd_a, participants=[PegawaiFactory(opd=person.opd)], title="Bukan untuk Anda")
    body = page_of(client_for, person).content.decode()
    assert "Job shadowing arsip" in body and "Bedah SOP" in body
    assert "Bukan untuk Anda" not in body


def test_another_persons_certificate_is_not_found(client_for, person, programme_opd_a, widyaiswara_a):
    colleague = PegawaiFactory(opd=person.opd)
    activity = approved_activity(programme_opd_a, participants=[colleague, person])
    realise(activity, [colleague], recorded_by=widyaiswara_a)
    credit = JpCredit.objects.get(pegawai=colleague)
    response = client_for(person.account).get(reverse("learning_records:my_certificate", args=[credit.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["admin", "widyaiswara_a", "kepala_a"])
def test_other_roles_have_no_own_learning_page(client_for, everyone, role):
    assert client_for(everyone[role]).get(reverse("learning_records:my_learning")).status_code == 403


def test_a_person_who_left_the_roster_reaches_nothing(client_for, person):
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert page_of(client_for, person).status_code == 404


def test_the_home_page_of_a_pegawai_is_their_learning(client_for, person):
    response = client_for(person.account).get(reverse("insights:home"))
    assert response.status_code == 302 and response["Location"] == reverse("learning_records:my_learning")


@pytest.mark.parametrize("size", [2, 30])
def test_the_page_reads_in_a_bounded_number_of_queries(
    client_for, person, programme_opd_a, widyaiswara_a, django_assert_max_num_queries, size
):
    today = timezone.localdate()
    for i in range(size):
        activity = approved_activity(
            programme_opd_a, participants=[person], start_date=today + timedelta(days=i), end_date=today
        )
        realise(activity, [person], recorded_by=widyaiswara_a, start_date=today)
        session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, date=today)
        SessionParticipantFactory(session=session, pegawai=person)
    client = client_for(person.account)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("learning_records:my_learning"))
    assert response.status_code == 200
