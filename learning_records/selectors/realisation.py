"""Reads of realisation: the one way a view reaches an activity to realise, the activities of
the plan in force with what was held, and the realised side of the 70:20:10 mix.

Scope is the programme OPD's: the admin, the Widyaiswara assigned to it and the OPD's Kepala
OPD read (anyone else gets 404); writing is for the assigned Widyaiswara (403 for a reader).
Every list here costs a fixed number of queries whatever the amount of data."""

from decimal import Decimal

from django.db.models import (
    DecimalField,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from intan_wpl.query import count_subquery, sum_subquery
from learning_needs.selectors.scope import check_field_work_write
from learning_plans.models import LearningFamily, PlanActivity
from learning_plans.selectors.mix import activity_weight
from learning_records.models import REALISABLE_STATUSES, JpCredit, Realisation
from pilots.models import Pegawai, ProgrammeOpd


def _scoped_programme_opds(user):
    return ProgrammeOpd.objects.visible_to(user)


# --- Single objects ------------------------------------------------------------------------


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


def get_staff_member(programme_opd, pk):
    """A person on the roster of the programme OPD's own OPD (404 for anyone else's staff)."""
    return get_object_or_404(Pegawai.objects.filter(opd=programme_opd.opd_id).select_related("unit", "opd"), pk=pk)


# --- Realisation overview ------------------------------------------------------------------


def _participant_count():
    return count_subquery(
        PlanActivity.participants.through.objects.filter(planactivity_id=OuterRef("pk")), "planactivity_id"
    )


def _credit_totals(realisation_ref):
    credits = JpCredit.objects.filter(realisation_id=OuterRef(realisation_ref))
    return {
        "attendee_count": count_subquery(credits, "realisation_id"),
        "credited_jp": sum_subquery(credits, "realisation_id", "jp"),
        "jp_each": Subquery(
            credits.order_by().values("realisation_id").annotate(m=Max("jp_before_cap")).values("m"),
            output_field=DecimalField(),
        ),
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


# --- The realised 70:20:10 mix (one definition: this page and the dashboard) ---------------


def _any_date(_field):
    return Q()


def realised_jp_by_family(programme_opd, *, period=_any_date):
    """{"realised_<family>": expression} for annotate() on ProgrammeOpd rows: the JP credited
    per 70:20:10 family for the plan's activities as held, plus the on-the-job and social
    learning of the OPD's staff validated in their learning journal. `programme_opd` is the
    outer reference (OuterRef("pk")); `period(field)` gives a Q on a date field (the dashboard's
    year), every date by default."""
    credits = JpCredit.objects.filter(
        period("realisation__end_date"), realisation__activity__plan__programme_opd=programme_opd
    )
    journal_credits = JpCredit.objects.filter(period("journal__date"), journal__programme_opd=programme_opd)
    return {
        f"realised_{family}": sum_subquery(
            credits.filter(realisation__activity__form__family=family),
            "realisation__activity__plan__programme_opd",
            "jp",
        )
        + sum_subquery(journal_credits.filter(journal__form__family=family), "journal__programme_opd", "jp")
        for family in LearningFamily.values
    }


def realised_mix_of(programme_opd):
    """{family: JP} realised by one programme OPD, journal credits included (one query)."""
    row = (
        ProgrammeOpd.objects.filter(pk=programme_opd.pk)
        .annotate(**realised_jp_by_family(OuterRef("pk")))
        .values(*[f"realised_{family}" for family in LearningFamily.values])
        .get()
    )
    return {family: row[f"realised_{family}"] for family in LearningFamily.values}
