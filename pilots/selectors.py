"""Reads for the pilots app: the one way a view reaches an OPD or a programme."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from intan_wpl.models import Role
from pilots.models import Opd, Programme, ProgrammeOpd


def _check_write(user):
    # Only BPSDM admins change the registry; others who can see it read only.
    if user.role != Role.ADMIN:
        raise PermissionDenied


def get_opd_for_user(user, pk, *, write=False):
    """The OPD `pk` if `user` may see it (404 otherwise); 403 when `write` and read-only."""
    opd = get_object_or_404(Opd.objects.visible_to(user).select_related("head", "parent"), pk=pk)
    if write:
        _check_write(user)
    return opd


def get_programme_for_user(user, pk, *, write=False):
    programme = get_object_or_404(Programme.objects.visible_to(user), pk=pk)
    if write:
        _check_write(user)
    return programme


def get_programme_opd_for_user(user, pk, *, write=False):
    programme_opd = get_object_or_404(
        ProgrammeOpd.objects.visible_to(user).select_related("programme", "opd", "opd__head"), pk=pk
    )
    if write:
        _check_write(user)
    return programme_opd
