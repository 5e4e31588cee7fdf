"""Reads of the learning-culture questionnaire the Pegawai answer: who may open and close a
round, the rounds a Pegawai still has to answer, and the aggregates of the responses (never a
single response: the figures are means over a round, shown only from the minimum n)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from insights.models import CultureAnswer, CultureParticipation, CultureQuestion, CultureRound
from intan_wpl.models import Role
from learning_needs.selectors.scope import can_write_field_work, get_scoped_object
from learning_records.hooks import PegawaiTask
from pilots.models import Pegawai


def can_manage_rounds(user, programme_opd, *, writes_field_work=None):
    """The admin or the Widyaiswara assigned to the programme OPD open and close its rounds
    (`writes_field_work`: can_write_field_work already asked by the caller)."""
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMIN:
        return True
    return can_write_field_work(user, programme_opd) if writes_field_work is None else writes_field_work


def get_round_for_user(user, pk, *, write=False):
    """A round in the user's scope (404 out of scope; with write=True 403 unless they manage it)."""
    if user.role == Role.ADMIN or not write:
        return get_scoped_object(user, CultureRound.objects.all(), pk)
    return get_scoped_object(user, CultureRound.objects.all(), pk, write=True)


def active_questions():
    return list(CultureQuestion.objects.filter(active=True))


def own_active_pegawai(user):
    """The signed-in Pegawai's own roster rows (a person may sit on one roster)."""
    if user.role != Role.PEGAWAI:
        raise Http404
    return get_object_or_404(Pegawai.objects.visible_to(user))


def open_rounds_for(pegawai):
    """Open rounds of the person's OPD, each with `answered` (one query)."""
    return (
        CultureRound.objects.filter(is_open=True, programme_opd__opd_id=pegawai.opd_id)
        .select_related("programme_opd__programme")
        .annotate(answered=Exists(CultureParticipation.objects.filter(round=OuterRef("pk"), pegawai=pegawai)))
        .order_by("programme_opd__programme__start_date", "phase")
    )


def questionnaire_tasks(pegawai):
    """The open rounds the person has not answered yet, as tasks for "Pembelajaran Saya"."""
    return [
        PegawaiTask(
            title=_("Kuesioner budaya belajar (%(phase)s)") % {"phase": round_.get_phase_display()},
            detail=round_.programme_opd.programme.name,
            url=reverse("insights:culture_questionnaire_answer", args=[round_.pk]),
        )
        for round_ in open_rounds_for(pegawai)
        if not round_.answered
    ]


def get_open_round_for_pegawai(user, pk):
    """A round the signed-in Pegawai may answer: open and of their own OPD (404 otherwise)."""
    pegawai = own_active_pegawai(user)
    round_ = get_object_or_404(open_rounds_for(pegawai), pk=pk)
    return pegawai, round_


def dimension_mean(value):
    """A dimension mean as shown and as the index reads it: two decimals, half up."""
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def response_figures(programme_opd_ids, *, rounds=None):
    """{(programme OPD id, phase): {"round", "n", "scores": {dimension: mean 1-5}}} for every
    round with at least one response (two queries whatever the number of rounds; one when the
    rounds, annotated with `n` as rounds_of does, are given)."""
    if rounds is None:
        rounds = CultureRound.objects.filter(programme_opd_id__in=list(programme_opd_ids)).annotate(
            n=Count("responses")
        )
    figures = {(r.programme_opd_id, r.phase): {"round": r, "n": r.n, "scores": {}} for r in rounds if r.n > 0}
    if not figures:
        return figures
    by_round = {figure["round"].pk: figure for figure in figures.values()}
    means = (
        CultureAnswer.objects.filter(response__round_id__in=list(by_round))
        .values("response__round_id", "question__dimension")
        .annotate(mean=Avg("value"))
    )
    for row in means:
        by_round[row["response__round_id"]]["scores"][row["question__dimension"]] = dimension_mean(row["mean"])
    return figures


def rounds_of(programme_opd):
    """{phase: round} with the number of responses as `n` (one query)."""
    rounds = CultureRound.objects.filter(programme_opd=programme_opd).annotate(n=Count("responses"))
    return {r.phase: r for r in rounds}
