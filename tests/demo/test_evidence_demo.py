"""The demo carries the scenarios a reviewer checks (issue 11): a PPPK with an April contract
counted April-March and capped, external JP, a plan's cost page that prices every line, PPPK
golongan I-XVII with contract dates, and culture surveys before and after with n."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from insights.models import CultureSurvey, SurveyPhase
from learning_plans.models import LearningPlan
from learning_records.models import ExternalJp, JpCredit
from pilots.domain import PPPK_GOLONGAN, EmploymentType
from pilots.models import Pegawai

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: nothing twice


def test_pppk_have_golongan_i_to_xvii_and_contract_dates(demo):
    pppk = Pegawai.objects.filter(employment_type=EmploymentType.PPPK)
    assert pppk.exists()
    assert all(p.golongan in PPPK_GOLONGAN and p.contract_start and p.contract_end for p in pppk)
    assert pppk.filter(contract_start__month=4, contract_start__day=1).exists()


def test_an_april_pppk_is_capped_in_one_contract_year(demo):
    capped = [
        credit
        for credit in JpCredit.objects.filter(
            pegawai__employment_type=EmploymentType.PPPK, pegawai__contract_start__month=4
        )
        if credit.jp < credit.jp_before_cap
    ]
    assert capped
    person = capped[0].pegawai
    credits = JpCredit.objects.filter(pegawai=person, year=capped[0].year)
    assert {c.period_start.month for c in credits} == {4}
    assert sum(c.jp for c in credits) == 24
    assert sum(c.jp_before_cap for c in credits) > 24


def test_external_jp_is_recorded_once_and_credited(demo):
    assert ExternalJp.objects.count() >= 5
    assert JpCredit.objects.filter(external__isnull=False).count() == ExternalJp.objects.count()


def test_every_line_of_a_demo_plan_is_priced(client, demo):
    from intan_wpl.models import Role, User

    plan = LearningPlan.objects.in_force().first()
    client.force_login(User.objects.get(role=Role.ADMIN))
    html = client.get(reverse("insights:plan_cost", args=[plan.pk])).content.decode()
    assert html.count('class="cost-line"') == plan.activities.count()
    assert "tidak masuk jumlah" not in html
    assert "Contoh data demo" in html


def test_every_demo_opd_has_culture_surveys_before_and_after_with_enough_respondents(demo):
    from pilots.models import ProgrammeOpd

    for programme_opd in ProgrammeOpd.objects.all():
        surveys = {s.phase: s for s in CultureSurvey.objects.filter(programme_opd=programme_opd)}
        assert set(surveys) == {SurveyPhase.SEBELUM, SurveyPhase.SESUDAH}, programme_opd
        assert all(s.respondents >= 5 for s in surveys.values())
    indexes = {
        sum(score.score for score in s.scores.all()) for s in CultureSurvey.objects.filter(phase=SurveyPhase.SEBELUM)
    }
    assert len(indexes) > 1  # the OPDs do not all answer alike
    assert Decimal(0) < CultureSurvey.objects.count()


def test_a_true_duplicate_in_other_words_groups_two_opds(demo):
    from demo.builders.plans import JOINT_CANDIDATES
    from insights.services.duplicates import duplicate_groups_find

    titles = set(JOINT_CANDIDATES.values())
    groups = [g for g in duplicate_groups_find() if titles <= {a["title"] for a in g.activities}]
    assert len(groups) == 1 and groups[0].can_join
    pair = next(p for p in groups[0].pairs if {p["first"]["title"], p["second"]["title"]} == titles)
    assert "sop" in pair["reason"] and pair["score"] >= 0.55
