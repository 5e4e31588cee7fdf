"""What the Kepala OPD reads before deciding on a (re)submitted plan, and what the Widyaiswara
reads while fixing an activity: the submission note, every earlier round of review with its
answer, and what changed since the plan was last returned (the plan's own change history)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from intan_wpl.history import history_entries
from learning_plans.models import LearningPlan, PlanActivity, PlanComment, PlanStatus, PlanTransition


@dataclass
class ReviewRound:
    transition: PlanTransition
    comments: list = field(default_factory=list)

    @property
    def is_return(self):
        return self.transition.to_status == PlanStatus.PERLU_REVISI


@dataclass
class ReviewContext:
    submission: PlanTransition | None
    rounds: list
    last_return: PlanTransition | None
    changes: list


def review_context(plan):
    """The review thread of `plan` (oldest first: each return with its comments, each
    submission with its note) and the changes since the last return, in a fixed number of
    queries whatever the number of activities and rounds."""
    transitions = list(
        PlanTransition.objects.filter(plan=plan)
        .select_related("actor")
        .prefetch_related(Prefetch("comments", queryset=PlanComment.objects.select_related("activity").order_by("pk")))
        .order_by("created_at", "pk")
    )
    rounds = [
        ReviewRound(t, list(t.comments.all()))
        for t in transitions
        if t.to_status in (PlanStatus.DIAJUKAN, PlanStatus.PERLU_REVISI)
    ]
    submissions = [t for t in transitions if t.to_status == PlanStatus.DIAJUKAN]
    returns = [t for t in transitions if t.to_status == PlanStatus.PERLU_REVISI]
    last_return = returns[-1] if returns else None
    changes = []
    if last_return is not None:
        records = [
            *LearningPlan.history.filter(id=plan.pk).select_related("history_user"),
            *PlanActivity.history.filter(plan_id=plan.pk).select_related("history_user"),
        ]
        entries = history_entries(
            records,
            describe=lambda record: record.title,
            excluded_fields=("id", "plan", "status", "submitted_at"),
        )
        changes = [
            entry
            for entry in entries
            if entry.when > last_return.created_at and (entry.changes or entry.action_code != "~")
        ]
    return ReviewContext(
        submission=submissions[-1] if submissions else None, rounds=rounds, last_return=last_return, changes=changes
    )


def activity_comments(activity):
    """Every review comment on one activity, newest first (shown where the activity is edited)."""
    return list(
        PlanComment.objects.filter(activity=activity)
        .select_related("author", "transition")
        .order_by("-created_at", "-pk")
    )
