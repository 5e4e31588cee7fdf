"""What a Pegawai reads about themselves ("Pembelajaran Saya"): their JP in the counting period
against the rule, every credit with its source, the activities of their OPD's plan in force
that name them, what is coming up, and their certificates. Reached only through the person's
own account (Pegawai.objects.visible_to): nobody else's record is ever read here."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from intan_wpl.formatting import percent
from intan_wpl.models import Role
from learning_needs.models import FieldSession
from learning_plans.models import LearningPlan, PlanActivity
from learning_records.models import JpCredit, Realisation
from learning_records.selectors.ledger import credits_of
from pilots.domain import EmploymentType
from pilots.models import Pegawai

UPCOMING_LIMIT = 10


def own_pegawai(user):
    """The roster row of the signed-in Pegawai (404 for every other role or a person off the roster)."""
    if user.role != Role.PEGAWAI:
        raise Http404
    return get_object_or_404(Pegawai.objects.visible_to(user).select_related("opd", "unit"))


def get_own_credit(user, pk):
    """One of the signed-in Pegawai's own credits (404 for anybody else's)."""
    return get_object_or_404(
        credits_of(own_pegawai(user)).select_related("pegawai__opd", "realisation__activity__plan"), pk=pk
    )


@dataclass(frozen=True)
class Standing:
    """JP counted in one counting period against the rule the person is held to."""

    period_start: object
    period_end: object
    jp: Decimal
    rule_jp: int
    is_pppk: bool

    @property
    def progress(self):
        """Width of the progress bar: share of the rule reached, at most 100."""
        return min(int(percent(self.jp, self.rule_jp) or 0), 100)

    @property
    def shortfall(self):
        return None if self.is_pppk else max(Decimal(self.rule_jp) - self.jp, Decimal(0))


def standing(pegawai, period, settings):
    """JP counted for `pegawai` in `period` (first day, last day): PNS against the yearly minimum,
    PPPK against the cap of the contract year."""
    is_pppk = pegawai.employment_type == EmploymentType.PPPK
    counted = JpCredit.objects.filter(pegawai=pegawai, year=period[0].year).aggregate(total=Sum("jp"))["total"]
    return Standing(
        period_start=period[0],
        period_end=period[1],
        jp=counted or Decimal(0),
        rule_jp=settings.pppk_max_jp if is_pppk else settings.pns_min_jp,
        is_pppk=is_pppk,
    )


def plan_activities_naming(pegawai):
    """Activities of the plans in force of the person's OPD that name them, with whether each is
    realised and whether they were credited for it."""
    credited = JpCredit.objects.filter(pegawai=pegawai, realisation__activity=OuterRef("pk"))
    return (
        PlanActivity.objects.filter(
            participants=pegawai,
            plan__in=LearningPlan.objects.in_force().filter(programme_opd__opd_id=pegawai.opd_id),
        )
        .select_related("form", "plan__programme_opd__programme")
        .annotate(
            is_realised=Exists(Realisation.objects.filter(activity=OuterRef("pk"))),
            is_credited=Exists(credited),
        )
        .order_by("start_date", "title")
    )


def upcoming(pegawai, today):
    """What is ahead for the person: planned activities naming them that have not ended and field
    sessions they are listed for, soonest first (each list at most UPCOMING_LIMIT)."""
    activities = [
        activity for activity in plan_activities_naming(pegawai).filter(end_date__gte=today) if not activity.is_realised
    ][:UPCOMING_LIMIT]
    sessions = list(
        FieldSession.objects.filter(attendance__pegawai=pegawai, date__gte=today)
        .select_related("unit")
        .order_by("date", "start_time")[:UPCOMING_LIMIT]
    )
    return activities, sessions
