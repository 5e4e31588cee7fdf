"""Reads of the reaction evaluation (Kirkpatrick level 1) the attendees answer themselves: the
activities a Pegawai attended and has not rated yet, and the aggregate of a realised activity
(n, mean per item, overall mean, comments) shown only from the minimum n, never one response."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef
from django.shortcuts import get_object_or_404

from learning_records.models import (
    JpCredit,
    ReactionAnswer,
    ReactionParticipation,
    ReactionQuestion,
    ReactionResponse,
    Realisation,
)
from learning_records.selectors.my_learning import own_pegawai


def active_reaction_questions():
    return list(ReactionQuestion.objects.filter(active=True))


def attended_realisations(pegawai):
    """Realised activities the person attended (was credited for), each with `answered`."""
    return (
        Realisation.objects.filter(Exists(JpCredit.objects.filter(realisation=OuterRef("pk"), pegawai=pegawai)))
        .select_related("activity")
        .annotate(answered=Exists(ReactionParticipation.objects.filter(realisation=OuterRef("pk"), pegawai=pegawai)))
        .order_by("-end_date", "pk")
    )


def awaiting_reaction(pegawai):
    """The activities the person attended and has not rated yet (one query)."""
    return attended_realisations(pegawai).filter(answered=False)


def get_attended_realisation(user, activity_pk):
    """(pegawai, realisation) of an activity the signed-in Pegawai attended (404 otherwise)."""
    pegawai = own_pegawai(user)
    return pegawai, get_object_or_404(attended_realisations(pegawai), activity_id=activity_pk)


def _two_decimals(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class ReactionSummary:
    n: int
    minimum: int
    items: list = field(default_factory=list)  # (question text, mean) from the minimum n
    overall: Decimal | None = None
    comments: list = field(default_factory=list)

    @property
    def shown(self):
        return self.n >= self.minimum


def reaction_summary(realisation, minimum):
    """The aggregate of the reaction forms of a realisation: below `minimum` responses only n.
    Three queries from the minimum n, one below it."""
    n = ReactionResponse.objects.filter(realisation=realisation).count()
    summary = ReactionSummary(n=n, minimum=minimum)
    if not summary.shown:
        return summary
    answers = ReactionAnswer.objects.filter(response__realisation=realisation)
    per_item = answers.values("question_id", "question__text", "question__order").annotate(mean=Avg("value"))
    summary.items = [
        (row["question__text"], _two_decimals(row["mean"]))
        for row in sorted(per_item, key=lambda row: (row["question__order"], row["question_id"]))
    ]
    overall = answers.aggregate(mean=Avg("value"), count=Count("pk"))
    summary.overall = _two_decimals(overall["mean"]) if overall["count"] else None
    # Random keys: sorting by them shows the comments in no order that follows the answering.
    summary.comments = list(
        ReactionResponse.objects.filter(realisation=realisation)
        .exclude(comment="")
        .order_by("pk")
        .values_list("comment", flat=True)
    )
    return summary
