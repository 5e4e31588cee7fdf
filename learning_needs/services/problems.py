"""Writes of the problem map: problems and the causes of their why-why tree.

Each function validates in full (model clean plus the cross-object rules below) before it
saves, so a crafted request cannot attach another OPD's session or another problem's cause.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intan_wpl.concurrency import claim_version
from intan_wpl.deletion import delete_if_unused
from learning_needs.models import Cause, CauseNature, Problem
from learning_needs.selectors.problems import descendant_ids


def _check_sessions(sessions, programme_opd):
    foreign = [session for session in sessions if session.programme_opd_id != programme_opd.pk]
    if foreign:
        raise ValidationError({"sessions": _("Sesi yang dipilih harus sesi pendampingan di OPD ini.")})


@transaction.atomic
def problem_create(
    *,
    programme_opd,
    created_by,
    title,
    duty_or_indicator,
    urgency,
    seriousness,
    growth,
    description="",
    unit=None,
    indicator_baseline="",
    sessions=(),
):
    problem = Problem(
        programme_opd=programme_opd,
        created_by=created_by,
        title=title,
        description=description,
        unit=unit,
        duty_or_indicator=duty_or_indicator,
        indicator_baseline=indicator_baseline,
        urgency=urgency,
        seriousness=seriousness,
        growth=growth,
    )
    _check_sessions(sessions, programme_opd)
    problem.full_clean()
    problem.save()
    problem.sessions.set(sessions)
    return problem


@transaction.atomic
def problem_update(*, problem, sessions=None, lock_version=None, **fields):
    """Change a problem; refused (ConcurrentEditError) when somebody saved it after the form
    was built at `lock_version`."""
    editable = {
        "title",
        "description",
        "unit",
        "duty_or_indicator",
        "indicator_baseline",
        "urgency",
        "seriousness",
        "growth",
    }
    unknown = set(fields) - editable
    if unknown:
        raise TypeError(f"problem_update() got unexpected fields: {sorted(unknown)}")
    claim_version(problem, lock_version, kind=_("Masalah kinerja"))
    for name, value in fields.items():
        setattr(problem, name, value)
    if sessions is not None:
        _check_sessions(sessions, problem.programme_opd)
    problem.full_clean()
    problem.save()
    if sessions is not None:
        problem.sessions.set(sessions)
    return problem


@transaction.atomic
def problem_delete(*, problem):
    """Delete the problem with its cause tree; returns the blockers (needs, recommendations)
    and deletes nothing when there are any."""
    return delete_if_unused(problem)


def _check_parent(cause, parent):
    if parent is None:
        return
    if parent.problem_id != cause.problem_id:
        raise ValidationError({"parent": _("Penyebab induk tidak ditemukan pada masalah ini.")})
    if cause.pk and (parent.pk == cause.pk or parent.pk in descendant_ids(cause.problem, cause.pk)):
        raise ValidationError({"parent": _("Penyebab tidak dapat dipindah ke bawah dirinya sendiri.")})


def _check_nature_change(cause, nature):
    if not cause.pk:
        return
    if nature != CauseNature.KOMPETENSI and cause.learning_needs.exists():
        raise ValidationError(
            {"nature": _("Penyebab ini sudah menurunkan kebutuhan belajar: sifatnya harus tetap kompetensi.")}
        )
    if nature != CauseNature.NON_KOMPETENSI and cause.recommendations.exists():
        raise ValidationError(
            {"nature": _("Penyebab ini sudah punya rekomendasi non-pelatihan: sifatnya harus tetap non-kompetensi.")}
        )


@transaction.atomic
def cause_create(*, problem, text, category, nature="", parent=None, sessions=()):
    cause = Cause(problem=problem, parent=parent, text=text, category=category, nature=nature or "")
    _check_parent(cause, parent)
    _check_sessions(sessions, problem.programme_opd)
    cause.full_clean()
    cause.save()
    cause.sessions.set(sessions)
    return cause


@transaction.atomic
def cause_update(*, cause, text, category, nature="", parent=None, sessions=(), lock_version=None):
    claim_version(cause, lock_version, kind=_("Penyebab"))
    _check_parent(cause, parent)
    _check_nature_change(cause, nature or "")
    _check_sessions(sessions, cause.problem.programme_opd)
    cause.parent = parent
    cause.text = text
    cause.category = category
    cause.nature = nature or ""
    cause.full_clean()
    cause.save()
    cause.sessions.set(sessions)
    return cause


@transaction.atomic
def cause_delete(*, cause):
    """Delete the cause and the causes below it; returns the blockers and deletes nothing when a
    learning need or a recommendation hangs on it or below it."""
    return delete_if_unused(cause)
