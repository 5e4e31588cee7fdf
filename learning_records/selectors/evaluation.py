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
from pilots.models import ProgrammeOpd


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
