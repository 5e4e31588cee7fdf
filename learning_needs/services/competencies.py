"""Writes for the OPD's own technical competency dictionary (the standard ones are read-only)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intan_wpl.deletion import delete_if_unused
from learning_needs.models import Competency, CompetencyGroup


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
