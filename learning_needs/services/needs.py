"""Writes for what a cause turns into: learning needs (from competency causes),
recommendations (from non-competency causes), and the OPD's technical competency dictionary."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intan_wpl.deletion import delete_if_unused
from learning_needs.models import CauseNature, Competency, CompetencyGroup, LearningNeed, Recommendation


def _check_staff(target_staff, programme_opd):
    if any(person.opd_id != programme_opd.opd_id for person in target_staff):
        raise ValidationError({"target_staff": _("Pegawai sasaran harus pegawai OPD ini.")})


@transaction.atomic
def need_create(
    *,
    programme_opd,
    created_by,
    cause,
    competency,
    required_level,
    current_level,
    target_positions="",
    target_staff=(),
    notes="",
):
    need = LearningNeed(
        programme_opd=programme_opd,
        created_by=created_by,
        cause=cause,
        competency=competency,
        required_level=required_level,
        current_level=current_level,
        target_positions=target_positions,
        notes=notes,
    )
    _check_staff(target_staff, programme_opd)
    need.full_clean()
    need.save()
    need.target_staff.set(target_staff)
    return need


@transaction.atomic
def need_update(
    *, need, cause, competency, required_level, current_level, target_positions="", target_staff=(), notes=""
):
    need.cause = cause
    need.competency = competency
    need.required_level = required_level
    need.current_level = current_level
    need.target_positions = target_positions
    need.notes = notes
    _check_staff(target_staff, need.programme_opd)
    need.full_clean()
    need.save()
    need.target_staff.set(target_staff)
    return need


@transaction.atomic
def need_delete(*, need):
    return delete_if_unused(need)


def _check_recommendation_cause(cause, programme_opd):
    if cause.problem.programme_opd_id != programme_opd.pk:
        raise ValidationError({"cause": _("Akar masalah ini tidak ada di OPD ini.")})
    if cause.nature != CauseNature.NON_KOMPETENSI:
        raise ValidationError(
            {"cause": _("Rekomendasi non-pelatihan hanya untuk penyebab non-kompetensi.")},
        )


@transaction.atomic
def recommendation_create(*, programme_opd, cause, action, person_in_charge="", due_date=None, status="belum"):
    _check_recommendation_cause(cause, programme_opd)
    recommendation = Recommendation(
        cause=cause, action=action, person_in_charge=person_in_charge, due_date=due_date, status=status
    )
    recommendation.full_clean()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_update(*, recommendation, cause, action, person_in_charge="", due_date=None, status="belum"):
    _check_recommendation_cause(cause, recommendation.cause.problem.programme_opd)
    recommendation.cause = cause
    recommendation.action = action
    recommendation.person_in_charge = person_in_charge
    recommendation.due_date = due_date
    recommendation.status = status
    recommendation.full_clean()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_set_status(*, recommendation, status):
    recommendation.status = status
    recommendation.full_clean()
    recommendation.save(update_fields=["status"])
    return recommendation


@transaction.atomic
def recommendation_delete(*, recommendation):
    return delete_if_unused(recommendation)


@transaction.atomic
def competency_create(*, opd, code, name, description=""):
    competency = Competency(opd=opd, group=CompetencyGroup.TEKNIS, code=code, name=name, description=description)
    competency.full_clean()
    competency.save()
    return competency


@transaction.atomic
def competency_update(*, competency, code, name, description=""):
    if competency.opd_id is None:
        raise ValidationError(_("Kompetensi standar (Permen PANRB 38/2017) tidak dapat diubah."))
    competency.code = code
    competency.name = name
    competency.description = description
    competency.full_clean()
    competency.save()
    return competency


@transaction.atomic
def competency_delete(*, competency):
    if competency.opd_id is None:
        raise ValidationError(_("Kompetensi standar (Permen PANRB 38/2017) tidak dapat dihapus."))
    return delete_if_unused(competency)
