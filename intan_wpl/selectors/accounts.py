"""Reads of the core app used by its views."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from intan_wpl.models import Role, User


def get_account_for_admin(user, pk):
    """An account, for the admin who manages accounts: 403 for anyone else, 404 when missing."""
    if user.role != Role.ADMIN:
        raise PermissionDenied
    return get_object_or_404(User, pk=pk)
