"""Reads of the Kirkpatrick evaluation: the one way a view reaches an evaluation, and the
lists of a programme OPD's evaluations with what is overdue.

Scope is the programme OPD's: the admin, the Widyaiswara assigned to it and the OPD's Kepala
OPD read (anyone else gets 404); writing is for the assigned Widyaiswara (403 for a reader)."""

from django.db.models import (
    Case,
    F,
    Q,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from learning_needs.models import Problem
from learning_needs.selectors.scope import check_field_work_write
from learning_records.models import Evaluation
from pilots.models import ProgrammeOpd, SkpIndicator


def _scoped_programme_opds(user):
    return ProgrammeOpd.objects.visible_to(user)


# --- Single objects ------------------------------------------------------------------------


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


def skp_before_after(activity):
    """The SKP indicators the activity's needs name (issue 14, item 5), each with every period
    of the same person, RHK and indicator, marked before or after the activity: a period whose
    year is before the year the activity ended is "before", the rest "after". Two queries."""
    named = list(
        SkpIndicator.objects.filter(learning_needs__activities=activity)
        .select_related("pegawai")
        .distinct()
        .order_by("pegawai__name", "rhk", "indicator")
    )
    if not named:
        return []
    keys = {(item.pegawai_id, item.rhk, item.indicator) for item in named}
    periods = SkpIndicator.objects.filter(pegawai__in={item.pegawai_id for item in named}).order_by("year", "period")
    by_key = {}
    for period in periods:
        key = (period.pegawai_id, period.rhk, period.indicator)
        if key in keys:
            by_key.setdefault(key, []).append(period)
    held = activity.realisation.end_date.year
    rows = []
    for item in named:
        series = by_key.get((item.pegawai_id, item.rhk, item.indicator), [])
        for period in series:
            period.is_before = period.year < held
        rows.append({"indicator": item, "periods": series})
    return rows
