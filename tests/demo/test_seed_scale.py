"""seed_scale (issue 12): national-size data by bulk inserts, built here at a few OPDs."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from demo.builders import scale
from insights.models import CultureSurvey, CultureSurveyScore
from intan_wpl.models import Role, User
from learning_needs.models import FieldSession, LearningNeed, SessionParticipant
from learning_plans.models import LearningPlan, PlanActivity, PlanStatus
from learning_records.models import ExternalJp, JpCredit, Realisation
from learning_records.services.realisation import counting_period
from pilots.domain import EmploymentType
from pilots.models import Assignment, Opd, Pegawai, Programme
from tests.factories import PegawaiFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

PASSWORD = "UjiSkala-2026!"


def seed(opds=3, seed=12):
    call_command("seed_scale", opds=opds, seed=seed, password=PASSWORD, stdout=open("/dev/null", "w"))  # noqa: SIM115


def fingerprint():
    return (
        list(
            Pegawai.objects.order_by("nip").values_list("nip", "name", "jabatan", "employment_type", "contract_start")
        ),
        list(PlanActivity.objects.order_by("plan__programme_opd__opd__name", "start_date").values_list("title", "jp")),
        list(
            LearningNeed.objects.order_by("programme_opd__opd__name", "competency__code", "required_level").values_list(
                "competency__code", "required_level", "current_level"
            )
        ),
        sorted(CultureSurveyScore.objects.values_list("survey__programme_opd__opd__name", "dimension", "score")),
        sorted(User.objects.values_list("username", "full_name", "role")),
    )


def test_it_builds_proportional_counts_per_opd():
    seed(opds=3)
    sizes = scale.Sizes()
    assert Opd.objects.count() == 3
    assert Pegawai.objects.count() == 3 * sizes.staff
    assert Pegawai.objects.filter(employment_type=EmploymentType.PPPK).count() == 3 * sizes.staff // sizes.pppk_every
    assert not Pegawai.objects.filter(employment_type=EmploymentType.PPPK, contract_start=None).exists()
    assert FieldSession.objects.count() == 3 * sizes.sessions
    assert SessionParticipant.objects.count() == 3 * sizes.sessions * sizes.participants_per_session
    assert LearningNeed.objects.count() == 3 * sizes.needs
    assert LearningPlan.objects.count() == 3
    assert PlanActivity.objects.count() == 3 * sizes.activities
    assert ExternalJp.objects.count() == 3 * sizes.external_jp
    assert CultureSurvey.objects.count() == 3 * 2
    approved = LearningPlan.objects.filter(status=PlanStatus.DISETUJUI).count()
    assert Realisation.objects.count() == approved * sizes.realised_activities
    assert JpCredit.objects.filter(realisation__isnull=False).count() == (
        approved * sizes.realised_activities * sizes.participants_per_activity
    )


def test_every_credit_sits_in_its_counting_period_and_no_cap_is_exceeded():
    seed(opds=2)
    assert JpCredit.objects.exists()
    for credit in JpCredit.objects.select_related("pegawai"):
        assert (credit.period_start, credit.period_end) == counting_period(credit.pegawai, credit.end_date)
        assert credit.jp == credit.jp_before_cap
    pppk = JpCredit.objects.filter(pegawai__employment_type=EmploymentType.PPPK)
    assert pppk.exists()
    assert all(sum(c.jp for c in pppk.filter(pegawai=p.pegawai)) <= 24 for p in pppk)


def authenticate(*, username, password):
    user = User.objects.get(username=username)
    assert user.is_active and user.check_password(password)
    return user


def test_the_accounts_sign_in_with_the_rights_they_need():
    seed(opds=6)
    admin = authenticate(username=scale.ADMIN_USERNAME, password=PASSWORD)
    assert admin.role == Role.ADMIN and admin.is_staff and admin.is_superuser
    heads = User.objects.filter(role=Role.KEPALA_OPD)
    assert heads.count() == 6
    assert set(Opd.objects.values_list("head_id", flat=True)) == set(heads.values_list("pk", flat=True))
    assert authenticate(username="kepala.skala00006", password=PASSWORD).role == Role.KEPALA_OPD
    widyaiswara = User.objects.filter(role=Role.WIDYAISWARA)
    assert widyaiswara.count() == 2  # one per five OPDs
    assert authenticate(username="wi.skala00001", password=PASSWORD).widyaiswara_profile.nip
    current = Assignment.objects.current(on=date(2026, 6, 1))
    assert current.filter(role="ketua").count() == 6
    assert set(current.values_list("widyaiswara_id", flat=True)) == set(widyaiswara.values_list("pk", flat=True))


def test_the_same_seed_builds_the_same_data():
    prints = []
    for _ in range(2):
        with transaction.atomic():
            seed(opds=2, seed=7)
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert prints[0][0]
    with transaction.atomic():
        seed(opds=2, seed=8)
        assert fingerprint()[0] != prints[0][0]
        transaction.set_rollback(True)


def test_it_refuses_a_database_with_programmes_it_did_not_make():
    ProgrammeFactory(name="Pilot INTAN-WPL 2025")
    with pytest.raises(CommandError, match="tidak dibuat oleh seed_scale"):
        seed()
    assert not Pegawai.objects.exists()
    assert not Programme.objects.filter(name=scale.PROGRAMME_NAME).exists()


def test_it_refuses_a_database_with_staff_it_did_not_make():
    PegawaiFactory()
    with pytest.raises(CommandError, match="tidak dibuat oleh seed_scale"):
        seed()
    assert Pegawai.objects.count() == 1


def test_it_refuses_to_build_twice():
    seed(opds=1)
    with pytest.raises(CommandError, match="sudah ada"):
        seed(opds=1)
    assert Opd.objects.count() == 1
