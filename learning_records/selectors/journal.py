"""Reads of the learning journal: a person's own entries, the queue of their atasan langsung, and
one entry for the only two people who may open it (its author and the author's supervisor)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from intan_wpl.models import Role
from learning_needs.models import LearningNeed
from learning_plans.models import DevelopmentForm, Jalur, LearningFamily
from learning_records.models import JournalEntry, JournalStatus

RELATED = ("pegawai__unit", "form", "need__competency", "supervisor", "credit")


def journal_forms():
    """The kinds of learning a journal entry may record: the non-classroom forms of the 70 and
    the 20 (coaching, mentoring, on-the-job guidance, communities of practice, assignments...)."""
    return DevelopmentForm.objects.filter(
        family__in=(LearningFamily.PENGALAMAN, LearningFamily.SOSIAL), jalur=Jalur.NONKLASIKAL, is_active=True
    ).order_by("lan_code")


def needs_of_opd(pegawai):
    return (
        LearningNeed.objects.filter(programme_opd__opd_id=pegawai.opd_id)
        .select_related("competency")
        .order_by("competency__name", "pk")
    )


def own_entries(pegawai):
    return JournalEntry.objects.filter(pegawai=pegawai).select_related(*RELATED)


def supervisor_queue(user):
    """Entries waiting for the signed-in Pegawai as atasan langsung (never their own)."""
    if user.role != Role.PEGAWAI:
        return JournalEntry.objects.none()
    return (
        JournalEntry.objects.filter(supervisor__account=user, status=JournalStatus.SUBMITTED)
        .exclude(pegawai__account=user)
        .select_related(*RELATED)
        .order_by("date", "pk")
    )


def get_journal_entry_for_user(user, pk, *, decide=False):
    """Entry `pk` for its author, or (also to decide on it) for the author's atasan langsung;
    404 for anybody else."""
    if user.role != Role.PEGAWAI:
        raise Http404
    entry = get_object_or_404(JournalEntry.objects.select_related(*RELATED, "pegawai__account"), pk=pk)
    is_author = entry.pegawai.account_id == user.pk
    is_supervisor = entry.supervisor_id is not None and entry.supervisor.account_id == user.pk
    if decide and not is_supervisor or not (is_author or is_supervisor):
        raise Http404
    return entry
