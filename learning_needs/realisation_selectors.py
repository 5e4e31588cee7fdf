"""Reads for realisation, the JP ledger, exports and evaluation: the one way a view reaches
an activity, an evaluation, a person's credits or a survey (issue 5, items 5-7).

Scope is the programme OPD's: the admin, the Widyaiswara assigned to it and the OPD's Kepala
OPD read (anyone else gets 404); writing is for the assigned Widyaiswara (403 for a reader).
Every list here costs a fixed number of queries whatever the amount of data.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from intan_wpl.models import Role
from learning_needs.models import (
    CultureSurvey,
    DevelopmentForm,
    Evaluation,
    JpCredit,
    LearningPlan,
    PlanActivity,
    PlanStatus,
    Problem,
    Realisation,
)
from learning_needs.selectors import check_field_work_write
from learning_needs.services.plans import activity_weight
from learning_needs.services.realisation import REALISABLE_STATUSES
from pilots.domain import EmploymentType
from pilots.models import Pegawai, ProgrammeOpd

ZERO_JP = Value(Decimal("0.0"), output_field=DecimalField(max_digits=7, decimal_places=1))


def _scoped_programme_opds(user):
    return ProgrammeOpd.objects.visible_to(user)


# --- Single objects ------------------------------------------------------------------------


def get_development_form_for_user(user, pk):
    """A form of the province-wide catalogue, which only the BPSDM admin manages (403 for
    anyone else, 404 when missing)."""
    if not user.is_authenticated or user.role != Role.ADMIN:
        raise PermissionDenied
    return get_object_or_404(DevelopmentForm, pk=pk)


def get_activity_for_realisation(user, pk, *, write=False):
    """An activity of an approved (or since replaced) plan in the user's scope, with its
    realisation if any. 404 for anything else (other OPDs, draft or submitted plans); with
    write=True, 403 unless the user is a Widyaiswara assigned to that programme OPD."""
    activity = get_object_or_404(
        PlanActivity.objects.filter(
            plan__programme_opd__in=_scoped_programme_opds(user), plan__status__in=REALISABLE_STATUSES
        ).select_related(
            "form", "plan__programme_opd__opd", "plan__programme_opd__programme", "realisation__recorded_by"
        ),
        pk=pk,
    )
    if write:
        check_field_work_write(user, activity.plan.programme_opd)
    return activity


def get_realised_activity(user, pk, *, write=False):
    """Like get_activity_for_realisation, but only an activity that was held (404 otherwise):
    evaluation needs something to evaluate."""
    activity = get_activity_for_realisation(user, pk, write=write)
    if getattr(activity, "realisation", None) is None:
        raise Http404
    return activity


def get_evaluation_for_user(user, pk, *, write=False):
    evaluation = get_object_or_404(
        Evaluation.objects.filter(activity__plan__programme_opd__in=_scoped_programme_opds(user)).select_related(
            "activity__form",
            "activity__plan__programme_opd__opd",
            "activity__plan__programme_opd__programme",
            "activity__realisation",
        ),
        pk=pk,
    )
    if write:
        check_field_work_write(user, evaluation.activity.plan.programme_opd)
    return evaluation


def get_staff_member(programme_opd, pk):
    """A person on the roster of the programme OPD's own OPD (404 for anyone else's staff)."""
    return get_object_or_404(Pegawai.objects.filter(opd=programme_opd.opd_id).select_related("unit", "opd"), pk=pk)


# --- Realisation overview ------------------------------------------------------------------


def current_plan(programme_opd):
    """The plan version in force: the newest approved one (None before the first approval)."""
    return (
        LearningPlan.objects.filter(programme_opd=programme_opd, status=PlanStatus.DISETUJUI)
        .order_by("-version")
        .first()
    )


def _participant_count():
    through = PlanActivity.participants.through
    counted = (
        through.objects.filter(planactivity_id=OuterRef("pk"))
        .order_by()
        .values("planactivity_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _credit_totals(realisation_ref):
    credits = JpCredit.objects.filter(realisation_id=OuterRef(realisation_ref)).order_by().values("realisation_id")
    return {
        "attendee_count": Coalesce(
            Subquery(credits.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        ),
        "credited_jp": Coalesce(
            Subquery(credits.annotate(s=Sum("jp")).values("s"), output_field=DecimalField()), ZERO_JP
        ),
        "jp_each": Subquery(credits.annotate(m=Max("jp_before_cap")).values("m"), output_field=DecimalField()),
    }


def plan_activities_with_realisation(plan):
    """Activities of `plan` with planned participant count and, when held, the realisation and
    how many were credited how many JP."""
    return (
        PlanActivity.objects.filter(plan=plan)
        .select_related("form", "realisation")
        .annotate(planned_count=_participant_count(), **_credit_totals("realisation__pk"))
        .order_by("start_date", "pk")
    )


def realisations_of(programme_opd):
    """Every realisation of the programme OPD (all plan versions), with the JP one attendee
    earned and how many attendees: the realised side of the 70:20:10 mix."""
    return (
        Realisation.objects.filter(
            activity__plan__programme_opd=programme_opd, activity__plan__status__in=REALISABLE_STATUSES
        )
        .select_related("activity__form", "activity__plan")
        .annotate(**_credit_totals("pk"))
        .order_by("-end_date", "pk")
    )


def activity_lineage(programme_opd):
    """{activity_id: (source_activity_id, plan_id)} for every activity of the programme OPD (one
    query), so a page can tell that an activity of the current version was held in an earlier one."""
    rows = PlanActivity.objects.filter(plan__programme_opd=programme_opd).values_list(
        "pk", "source_activity_id", "plan_id"
    )
    return {pk: (source, plan) for pk, source, plan in rows}


def realised_in_earlier_version(activity_id, lineage, realised_by_activity):
    seen = {activity_id}
    source = lineage.get(activity_id, (None, None))[0]
    while source and source not in seen:
        if source in realised_by_activity:
            return realised_by_activity[source]
        seen.add(source)
        source = lineage.get(source, (None, None))[0]
    return None


def planned_weight_by_family(plan):
    """The plan's 70:20:10 weights by family, weighted as the plan page weighs them
    (services.plans.activity_weight: JP x named participants, at least 1). One query."""
    if plan is None:
        return {}
    rows = (
        PlanActivity.objects.filter(plan=plan)
        .annotate(participant_count=_participant_count())
        .values_list("form__family", "jp", "participant_count")
    )
    totals = {}
    for family, jp, participant_count in rows:
        totals[family] = totals.get(family, Decimal(0)) + activity_weight(jp=jp, participant_count=participant_count)
    return totals


# --- JP ledger -----------------------------------------------------------------------------


class Standing:
    """How a person stands against the yearly rules (filter values of the ledger)."""

    MET = "memenuhi"  # PNS with at least the minimum
    SHORT = "kurang"  # PNS below the minimum
    CAPPED = "batas"  # PPPK who reached the cap


def _year_credit_sum(year, field):
    summed = (
        JpCredit.objects.filter(pegawai_id=OuterRef("pk"), year=year)
        .order_by()
        .values("pegawai_id")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=DecimalField(max_digits=7, decimal_places=1)), ZERO_JP)


def _year_credit_count(year):
    counted = (
        JpCredit.objects.filter(pegawai_id=OuterRef("pk"), year=year)
        .order_by()
        .values("pegawai_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def ledger(programme_opd, year, settings, *, unit=None, employment_type="", standing="", search=""):
    """The OPD's staff for `year` with total_jp (credited), total_before_cap and credit_count.

    Active staff, plus anyone credited that year who has since left. Filtered by unit,
    PNS/PPPK, standing (Standing.*) and a name/NIP search.
    """
    credited_that_year = JpCredit.objects.filter(year=year).values("pegawai_id")
    staff = (
        Pegawai.objects.filter(opd=programme_opd.opd_id)
        .filter(Q(is_active=True) | Q(pk__in=credited_that_year))
        .select_related("unit")
        .annotate(
            total_jp=_year_credit_sum(year, "jp"),
            total_before_cap=_year_credit_sum(year, "jp_before_cap"),
            credit_count=_year_credit_count(year),
        )
    )
    if unit is not None:
        staff = staff.filter(unit=unit)
    if employment_type:
        staff = staff.filter(employment_type=employment_type)
    if standing == Standing.MET:
        staff = staff.filter(employment_type=EmploymentType.PNS, total_jp__gte=settings.pns_min_jp)
    elif standing == Standing.SHORT:
        staff = staff.filter(employment_type=EmploymentType.PNS, total_jp__lt=settings.pns_min_jp)
    elif standing == Standing.CAPPED:
        staff = staff.filter(employment_type=EmploymentType.PPPK, total_jp__gte=settings.pppk_max_jp)
    if search:
        staff = staff.filter(Q(name__icontains=search) | Q(nip__startswith=search.replace(" ", "")))
    return staff.order_by("name", "nip")


def ledger_summary(programme_opd, year, settings):
    """Counts for the whole OPD (ignoring filters), in one query."""
    staff = ledger(programme_opd, year, settings)
    pns = Q(employment_type=EmploymentType.PNS)
    pppk = Q(employment_type=EmploymentType.PPPK)
    # The aggregate aliases must not reuse an annotation's name (Django would then drop the
    # annotation from the inner query and SQLite would compare the bare name as a string).
    summary = staff.aggregate(
        staff_count=Count("pk"),
        pns_count=Count("pk", filter=pns),
        pns_met=Count("pk", filter=pns & Q(total_jp__gte=settings.pns_min_jp)),
        pppk_count=Count("pk", filter=pppk),
        pppk_capped=Count("pk", filter=pppk & Q(total_jp__gte=settings.pppk_max_jp)),
        jp_sum=Coalesce(Sum("total_jp"), ZERO_JP),
    )
    summary["total_jp"] = summary.pop("jp_sum")
    return summary


def decorate_ledger_rows(rows, settings):
    """Add what a row shows: PNS shortfall or met, PPPK cap reached and JP kept out by it."""
    minimum = Decimal(settings.pns_min_jp)
    cap = Decimal(settings.pppk_max_jp)
    for person in rows:
        person.is_pppk = person.employment_type == EmploymentType.PPPK
        person.shortfall = None if person.is_pppk else max(minimum - person.total_jp, Decimal(0))
        person.meets_minimum = not person.is_pppk and person.total_jp >= minimum
        person.cap_reached = person.is_pppk and person.total_jp >= cap
        person.jp_over_cap = person.total_before_cap - person.total_jp
    return rows


def ledger_years(programme_opd):
    """Years with credits for this OPD's staff, newest first (one query)."""
    return list(
        JpCredit.objects.filter(pegawai__opd=programme_opd.opd_id)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def default_year(years):
    return years[0] if years else timezone.localdate().year


def credits_of(pegawai):
    """A person's credits, newest first, with the activity, its form and its OPD."""
    return (
        JpCredit.objects.filter(pegawai=pegawai)
        .select_related(
            "realisation__activity__form",
            "realisation__activity__plan__programme_opd__opd",
        )
        .order_by("-year", "-realisation__end_date", "-pk")
    )


def yearly_totals(pegawai):
    return list(
        JpCredit.objects.filter(pegawai=pegawai)
        .values("year")
        .annotate(jp=Sum("jp"), before_cap=Sum("jp_before_cap"), count=Count("pk"))
        .order_by("-year")
    )


# --- Overview across programme OPDs ----------------------------------------------------------


def programme_opds_with_jp(user, year, settings):
    """The programme OPDs in the user's scope with, for `year`, their active PNS and how many
    met the minimum, PPPK at the cap and the JP credited (one correlated subquery each)."""
    active = Pegawai.objects.filter(opd=OuterRef("opd_id"), is_active=True)

    def count_of(queryset):
        counted = queryset.order_by().values("opd").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    with_total = active.annotate(total=_year_credit_sum(year, "jp"))
    credited = (
        JpCredit.objects.filter(pegawai__opd=OuterRef("opd_id"), year=year)
        .order_by()
        .values("pegawai__opd")
        .annotate(s=Sum("jp"))
        .values("s")
    )
    return (
        _scoped_programme_opds(user)
        .select_related("opd", "programme")
        .annotate(
            pns_count=count_of(active.filter(employment_type=EmploymentType.PNS)),
            pns_met=count_of(with_total.filter(employment_type=EmploymentType.PNS, total__gte=settings.pns_min_jp)),
            pppk_count=count_of(active.filter(employment_type=EmploymentType.PPPK)),
            pppk_capped=count_of(
                with_total.filter(employment_type=EmploymentType.PPPK, total__gte=settings.pppk_max_jp)
            ),
            credited_jp=Coalesce(
                Subquery(credited, output_field=DecimalField(max_digits=9, decimal_places=1)), ZERO_JP
            ),
        )
        .order_by("-programme__start_date", "opd__name")
    )


# --- Exports -------------------------------------------------------------------------------


def export_credits(year, *, opd_ids=None):
    """Credits of `year` for the export, one row per person and activity, keyed by NIP.
    opd_ids None = every OPD (the admin's export)."""
    credits = JpCredit.objects.filter(year=year)
    if opd_ids is not None:
        credits = credits.filter(pegawai__opd_id__in=opd_ids)
    return credits.select_related(
        "pegawai", "realisation__activity__form", "realisation__activity__plan__programme_opd__opd"
    ).order_by("pegawai__opd__name", "pegawai__name", "pegawai__nip", "realisation__start_date", "pk")


# --- Evaluation ----------------------------------------------------------------------------


def evaluations_with_overdue(queryset):
    """Annotate is_overdue: a level 3-4 follow-up past its due date and not yet measured."""
    today = timezone.localdate()
    return queryset.annotate(
        is_overdue=Case(
            When(Q(level__gte=3, due_date__lt=today, measured_at__isnull=True), then=Value(True)),
            default=Value(False),
        )
    )


def evaluations_of_programme_opd(programme_opd):
    return evaluations_with_overdue(
        Evaluation.objects.filter(activity__plan__programme_opd=programme_opd).select_related(
            "activity__form", "activity__plan"
        )
    ).order_by(F("due_date").asc(nulls_last=True), "activity__title", "level", "pk")


def problems_of_activity(activity):
    """The performance problems an activity should move: activity.needs -> cause -> problem."""
    return list(
        Problem.objects.filter(causes__learning_needs__activities=activity)
        .distinct()
        .order_by("-urgency", "title", "pk")
    )


def surveys_of(programme_opd):
    """{phase: survey} with scores prefetched (two queries)."""
    surveys = CultureSurvey.objects.filter(programme_opd=programme_opd).prefetch_related("scores")
    return {survey.phase: survey for survey in surveys}
