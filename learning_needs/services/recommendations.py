"""Writes for recommendations: what the OPD fixes without training, for a non-competency cause."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intan_wpl.concurrency import claim_version
from intan_wpl.deletion import delete_if_unused
from learning_needs.models import CauseNature, Recommendation


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
def recommendation_update(
    *, recommendation, cause, action, person_in_charge="", due_date=None, status="belum", lock_version=None
):
    claim_version(recommendation, lock_version, kind=_("Rekomendasi"))
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
def recommendation_follow_up(
    *, recommendation, status, responsible_unit=None, due_date=None, progress_note="", lock_version=None
):
    """The Kepala OPD's update (issue 14, item 7): status, the unit that carries it out, the due
    date and a note on progress. Each save is a historical record: the notes' sequence is kept."""
    claim_version(recommendation, lock_version, kind=_("Rekomendasi"))
    programme_opd = recommendation.cause.problem.programme_opd
    if responsible_unit is not None and responsible_unit.opd_id != programme_opd.opd_id:
        raise ValidationError({"responsible_unit": _("Unit penanggung jawab harus unit OPD ini.")})
    recommendation.status = status
    recommendation.responsible_unit = responsible_unit
    recommendation.due_date = due_date
    recommendation.progress_note = progress_note
    recommendation.full_clean()
    recommendation.save()
    return recommendation
