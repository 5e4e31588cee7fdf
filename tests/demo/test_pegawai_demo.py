"""The demo of the civil servants' own side (issue 14): Pegawai accounts with the demo password,
a journal with one entry validated and one waiting, and the DPK culture questionnaire answered by
more people than the minimum n, so the index shows; seeding twice records nothing twice."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.builders.pegawai import demo_pegawai
from demo.builders.registry import DEMO_PASSWORD
from insights.models import CultureAnswer, CultureParticipation, CultureResponse, CultureRound
from intan_wpl.models import User
from learning_plans.models import LearningSettings
from learning_records.models import JournalEntry, JournalStatus
from pilots.models import ProgrammeOpd

pytestmark = pytest.mark.django_db


def rows():
    return [
        model.objects.count()
        for model in (JournalEntry, CultureRound, CultureResponse, CultureAnswer, CultureParticipation)
    ]


def test_the_pegawai_demo_is_complete_and_idempotent(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = rows()
    call_command("seed_demo")
    assert rows() == first

    programme_opd = ProgrammeOpd.objects.get(opd__abbreviation="DPK")
    people = demo_pegawai({"DPK": programme_opd})
    atasan, person, *_colleagues = people
    statuses = sorted(JournalEntry.objects.filter(pegawai=person).values_list("status", flat=True))
    assert statuses == sorted([JournalStatus.VALIDATED, JournalStatus.SUBMITTED])
    round_ = CultureRound.objects.get(programme_opd=programme_opd)
    assert round_.responses.count() > LearningSettings.load().culture_min_respondents
    assert not CultureParticipation.objects.filter(pegawai=person).exists()

    for pegawai in people:
        client.logout()
        response = client.post(reverse("login"), {"username": pegawai.nip, "password": DEMO_PASSWORD}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("learning_records:my_learning"), pegawai.nip
    client.logout()
    person.refresh_from_db()
    client.force_login(person.account)
    page = client.get(reverse("learning_records:my_learning")).content.decode()
    assert reverse("insights:culture_questionnaire_answer", args=[round_.pk]) in page
    client.logout()
    client.force_login(User.objects.get(username="wi.andi"))
    html = client.get(reverse("insights:survey_results", args=[programme_opd.pk])).content.decode()
    assert 'data-culture="index"' in html and "di bawah batas minimum" not in html
