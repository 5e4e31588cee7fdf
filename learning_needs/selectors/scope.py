"""The one way a view reaches field work: scoped like its ProgrammeOpd.

Reading follows ProgrammeOpd.objects.visible_to (admin all, assigned Widyaiswara, the OPD's
Kepala OPD). Writing is for the Widyaiswara assigned to that programme OPD only: the admin
and the Kepala OPD read field work but do not write it (issue 4, scope).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from intan_wpl.models import Role
from pilots.models import Assignment, ProgrammeOpd


def can_write_field_work(user, programme_opd):
    return (
        user.is_authenticated
        and user.role == Role.WIDYAISWARA
        and Assignment.objects.current().filter(programme_opd=programme_opd, widyaiswara=user).exists()
    )


def check_field_work_write(user, programme_opd):
    if not can_write_field_work(user, programme_opd):
        raise PermissionDenied


def get_programme_opd_for_field_work(user, pk, *, write=False):
    """The programme OPD `pk` (404 out of scope); with write=True, 403 unless assigned Widyaiswara."""
    programme_opd = get_object_or_404(ProgrammeOpd.objects.visible_to(user).select_related("programme", "opd"), pk=pk)
    if write:
        check_field_work_write(user, programme_opd)
    return programme_opd


def get_scoped_object(user, queryset, pk, *, write=False):
    """Any field-work row with a `programme_opd` FK: 404 out of scope, 403 when write and read-only."""
    obj = get_object_or_404(
        queryset.visible_to(user).select_related("programme_opd__opd", "programme_opd__programme"), pk=pk
    )
    if write:
        check_field_work_write(user, obj.programme_opd)
    return obj


# --- Problem map, causes, recommendations, learning needs, competency dictionary -----------
# (problem-map part of issue 4). Causes, recommendations and needs are reached through their
# problem / programme OPD, so they share its scope.


# The why-why tree: all causes of a problem in one query, the tree built in Python without
# recursion (a hostile or careless user may nest hundreds of levels).
