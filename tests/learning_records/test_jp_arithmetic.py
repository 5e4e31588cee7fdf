"""JP arithmetic: the 45-minute JP, the per-form rule, the PPPK cap of 24 JP a year across
activities, PNS uncapped, and idempotent re-crediting (learning_records.services.realisation)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from learning_plans.models import LearningSettings, PlanStatus
from learning_records.models import JpCredit, Realisation
from learning_records.services.realisation import jp_for, realisation_delete, realisation_record
from pilots.domain import EmploymentType
from tests.factories import PegawaiFactory, approved_activity, development_form, realise, valid_nip

pytestmark = pytest.mark.django_db


@pytest.fixture
def settings_row():
    return LearningSettings.load()


@pytest.fixture
def pns(opd_a):
    return PegawaiFactory(opd=opd_a, name="Andi PNS")


@pytest.fixture
def pppk(opd_a):
    return PegawaiFactory(
        opd=opd_a,
        name="Budi PPPK",
        employment_type=EmploymentType.PPPK,
        nip=valid_nip(901, employment_type="pppk"),
        golongan="IX",
    )


def credit_of(pegawai, activity):
    return JpCredit.objects.get(pegawai=pegawai, realisation__activity=activity)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (45, "1.0"),
        (90, "2.0"),
        (70, "1.5"),
        (68, "1.5"),
        (67, "1.0"),
        (44, "0.5"),
        (22, "0.0"),
        (0, "0.0"),
        (450, "10.0"),
    ],
)
def test_by_duration_counts_45_minute_jp_rounded_down_to_half(settings_row, minutes, expected):
    coaching = development_form("NKL01")
    assert coaching.jp_rule == "by_duration"
    assert jp_for(coaching, Decimal("8"), minutes, settings_row) == Decimal(expected)


def test_by_duration_follows_the_minutes_per_jp_setting(settings_row):
    settings_row.minutes_per_jp = 60
    assert jp_for(development_form("NKL01"), None, 90, settings_row) == Decimal("1.5")


def test_by_duration_without_a_duration_is_refused(settings_row):
    with pytest.raises(ValidationError) as error:
        jp_for(development_form("NKL01"), Decimal("2"), None, settings_row)
    assert "duration_minutes" in error.value.message_dict


def test_per_activity_form_credits_the_planned_jp_whatever_the_duration(settings_row):
    teknis = development_form("KL03")
    assert teknis.jp_rule == "per_activity"
    assert jp_for(teknis, Decimal("24"), 30, settings_row) == Decimal("24.0")
    assert jp_for(teknis, None, None, settings_row) == teknis.default_jp


def test_per_form_rule_is_read_from_the_catalogue(programme_opd_a, widyaiswara_a, pns):
    form = development_form("KL03")
    form.jp_rule = "by_duration"
    form.save()
    activity = approved_activity(programme_opd_a, form_code="KL03", jp=24)
    realise(activity, [pns], recorded_by=widyaiswara_a, duration_minutes=135)
    assert credit_of(pns, activity).jp == Decimal("3.0")


def test_pppk_credits_stop_at_24_jp_across_activities_of_a_year(programme_opd_a, widyaiswara_a, pppk):
    activities = [approved_activity(programme_opd_a, jp=10) for _ in range(4)]
    for day, activity in enumerate(activities, start=1):
        realise(activity, [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 8, day))
    credits = [credit_of(pppk, activity) for activity in activities]
    assert [c.jp for c in credits] == [Decimal("10.0"), Decimal("10.0"), Decimal("4.0"), Decimal("0.0")]
    assert [c.jp_before_cap for c in credits] == [Decimal("10.0")] * 4
    assert sum(c.jp for c in credits) == Decimal("24.0")


def test_pppk_cap_takes_activities_in_the_order_they_were_held(programme_opd_a, widyaiswara_a, pppk):
    late = approved_activity(programme_opd_a, jp=20)
    early = approved_activity(programme_opd_a, jp=20)
    realise(late, [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 9, 1))
    assert credit_of(pppk, late).jp == Decimal("20.0")
    realise(early, [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 8, 1))
    assert credit_of(pppk, early).jp == Decimal("20.0")
    assert credit_of(pppk, late).jp == Decimal("4.0")


def test_pppk_cap_is_per_year(programme_opd_a, widyaiswara_a, pppk):
    first = approved_activity(programme_opd_a, jp=20)
    second = approved_activity(programme_opd_a, jp=20)
    realise(first, [pppk], recorded_by=widyaiswara_a, start_date=date(2024, 12, 20))
    realise(second, [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 1, 10))
    assert credit_of(pppk, first).year == 2024
    assert credit_of(pppk, second).year == 2025
    assert credit_of(pppk, second).jp == Decimal("20.0")


def test_the_year_is_the_year_the_activity_ended(programme_opd_a, widyaiswara_a, pns):
    activity = approved_activity(programme_opd_a, jp=8)
    realise(activity, [pns], recorded_by=widyaiswara_a, start_date=date(2024, 12, 30), end_date=date(2025, 1, 2))
    assert credit_of(pns, activity).year == 2025


def test_pns_is_not_capped(programme_opd_a, widyaiswara_a, pns):
    activities = [approved_activity(programme_opd_a, jp=30) for _ in range(2)]
    for activity in activities:
        realise(activity, [pns], recorded_by=widyaiswara_a)
    assert [credit_of(pns, a).jp for a in activities] == [Decimal("30.0"), Decimal("30.0")]


def test_the_cap_follows_the_setting(programme_opd_a, widyaiswara_a, pppk, settings_row):
    settings_row.pppk_max_jp = 12
    settings_row.save()
    activity = approved_activity(programme_opd_a, jp=20)
    realise(activity, [pppk], recorded_by=widyaiswara_a)
    credit = credit_of(pppk, activity)
    assert (credit.jp, credit.jp_before_cap) == (Decimal("12.0"), Decimal("20.0"))


def test_recrediting_the_same_realisation_is_idempotent(programme_opd_a, widyaiswara_a, pns, pppk):
    activity = approved_activity(programme_opd_a, jp=30)
    fields = {"recorded_by": widyaiswara_a, "start_date": date(2025, 8, 4)}
    realise(activity, [pns, pppk], **fields)
    before = sorted(JpCredit.objects.values_list("pegawai_id", "year", "jp", "jp_before_cap"))
    realise(activity, [pns, pppk], **fields)
    realise(activity, [pppk, pns], **fields)
    assert sorted(JpCredit.objects.values_list("pegawai_id", "year", "jp", "jp_before_cap")) == before
    assert Realisation.objects.count() == 1
    assert JpCredit.objects.count() == 2


def test_editing_a_realisation_recomputes_credits_and_frees_the_cap(programme_opd_a, widyaiswara_a, pns, pppk):
    big = approved_activity(programme_opd_a, jp=20)
    later = approved_activity(programme_opd_a, jp=10)
    realise(big, [pppk, pns], recorded_by=widyaiswara_a, start_date=date(2025, 8, 1))
    realise(later, [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 8, 20))
    assert credit_of(pppk, later).jp == Decimal("4.0")

    # The PPPK turns out not to have attended the first activity: the later one is credited in full.
    realise(big, [pns], recorded_by=widyaiswara_a, start_date=date(2025, 8, 1))
    assert not JpCredit.objects.filter(pegawai=pppk, realisation__activity=big).exists()
    assert credit_of(pppk, later).jp == Decimal("10.0")
    assert credit_of(pns, big).jp == Decimal("20.0")


def test_moving_a_realisation_to_another_year_recomputes_both_years(programme_opd_a, widyaiswara_a, pppk):
    moved = approved_activity(programme_opd_a, jp=20)
    stays = approved_activity(programme_opd_a, jp=20)
    realise(moved, [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 3, 1))
    realise(stays, [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 6, 1))
    assert credit_of(pppk, stays).jp == Decimal("4.0")
    realise(moved, [pppk], recorded_by=widyaiswara_a, start_date=date(2024, 11, 1))
    assert credit_of(pppk, moved).year == 2024
    assert credit_of(pppk, stays).jp == Decimal("20.0")


def test_deleting_a_realisation_withdraws_its_jp_and_recomputes_the_cap(programme_opd_a, widyaiswara_a, pppk):
    first = approved_activity(programme_opd_a, jp=20)
    second = approved_activity(programme_opd_a, jp=20)
    realisation = realise(first, [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 8, 1))
    realise(second, [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 8, 2))
    realisation_delete(realisation=realisation)
    assert not Realisation.objects.filter(activity=first).exists()
    assert credit_of(pppk, second).jp == Decimal("20.0")


def test_a_by_duration_activity_credits_each_attendee_the_same_jp(programme_opd_a, widyaiswara_a, pns, pppk):
    coaching = approved_activity(programme_opd_a, form_code="NKL01", jp=2)
    realise(coaching, [pns, pppk], recorded_by=widyaiswara_a, duration_minutes=100)
    assert {c.jp for c in JpCredit.objects.filter(realisation__activity=coaching)} == {Decimal("2.0")}


def test_a_huge_duration_is_refused_not_overflowed(programme_opd_a, widyaiswara_a, pns):
    coaching = approved_activity(programme_opd_a, form_code="NKL01", jp=2)
    with pytest.raises(ValidationError) as error:
        realise(coaching, [pns], recorded_by=widyaiswara_a, duration_minutes=10_000_000)
    assert "duration_minutes" in error.value.message_dict
    assert not Realisation.objects.exists()


def test_realisation_is_refused_for_a_plan_that_is_not_approved(programme_opd_a, widyaiswara_a, pns):
    for status in (PlanStatus.DRAF, PlanStatus.DIAJUKAN, PlanStatus.PERLU_REVISI):
        activity = approved_activity(programme_opd_a, jp=4)
        activity.plan.status = status
        activity.plan.save()
        with pytest.raises(ValidationError):
            realisation_record(
                activity=activity,
                recorded_by=widyaiswara_a,
                start_date=date(2025, 8, 1),
                end_date=date(2025, 8, 1),
                attendees=[pns],
            )
    assert not JpCredit.objects.exists()


def test_a_replaced_plan_keeps_its_realisation_editable_but_takes_no_new_one(programme_opd_a, widyaiswara_a, pns):
    held = approved_activity(programme_opd_a, jp=4)
    plan = held.plan
    not_held = approved_activity(programme_opd_a, plan=plan, jp=4)
    realise(held, [pns], recorded_by=widyaiswara_a)
    plan.status = PlanStatus.DIGANTIKAN
    plan.save()
    realise(held, [pns], recorded_by=widyaiswara_a, certificate_number="SERT-1")
    assert Realisation.objects.get(activity=held).certificate_number == "SERT-1"
    with pytest.raises(ValidationError):
        realise(not_held, [pns], recorded_by=widyaiswara_a)


def test_an_activity_held_in_an_earlier_version_is_not_credited_twice(programme_opd_a, widyaiswara_a, pns):
    held = approved_activity(programme_opd_a, jp=4)
    realise(held, [pns], recorded_by=widyaiswara_a)
    held.plan.status = PlanStatus.DIGANTIKAN
    held.plan.save()
    carried = approved_activity(programme_opd_a, jp=4, source_activity=held)
    carried.plan.version = 2
    carried.plan.save()
    with pytest.raises(ValidationError) as error:
        realise(carried, [pns], recorded_by=widyaiswara_a)
    assert "versi 1" in " ".join(error.value.messages)
    assert JpCredit.objects.filter(pegawai=pns).count() == 1
