"""Writes for learning needs: a competency gap behind a competency cause."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intan_wpl.concurrency import claim_version
from intan_wpl.deletion import delete_if_unused
from learning_needs.models import LearningNeed


def _check_staff(target_staff, programme_opd, skp_indicator=None):
    if any(person.opd_id != programme_opd.opd_id for person in target_staff):
        raise ValidationError({"target_staff": _("Pegawai sasaran harus pegawai OPD ini.")})
    if skp_indicator is not None and skp_indicator.pegawai.opd_id != programme_opd.opd_id:
        raise ValidationError({"skp_indicator": _("Indikator SKP harus milik pegawai OPD ini.")})


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
    skp_indicator=None,
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
        skp_indicator=skp_indicator,
    )
    _check_staff(target_staff, programme_opd, skp_indicator)
    need.full_clean()
    need.save()
    need.target_staff.set(target_staff)
    return need


@transaction.atomic
def need_update(
    *,
    need,
    cause,
    competency,
    required_level,
    current_level,
    target_positions="",
    target_staff=(),
    notes="",
    skp_indicator=None,
    lock_version=None,
):
    claim_version(need, lock_version, kind=_("Kebutuhan pembelajaran"))
    need.cause = cause
    need.competency = competency
    need.required_level = required_level
    need.current_level = current_level
    need.target_positions = target_positions
    need.notes = notes
    need.skp_indicator = skp_indicator
    _check_staff(target_staff, need.programme_opd, skp_indicator)
    need.full_clean()
    need.save()
    need.target_staff.set(target_staff)
    return need


@transaction.atomic
def need_delete(*, need):
    return delete_if_unused(need)
