"""Rules several models share, written once: each model's clean() calls them, services call
full_clean(), and forms show the message at the field through add_service_errors."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def check_period(start, end, *, field="end_date"):
    """A period ends on or after the day it starts (either may still be empty)."""
    if start and end and end < start:
        raise ValidationError({field: _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})


def check_unit_of_opd(unit_id, unit, opd_id, *, field="unit"):
    """A work unit named on a record belongs to the record's own OPD."""
    if unit_id and opd_id and unit.opd_id != opd_id:
        raise ValidationError({field: _("Unit kerja ini milik OPD lain.")})
