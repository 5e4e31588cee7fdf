"""Reads of the development-form catalogue, which only the BPSDM admin manages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from intan_wpl.models import Role
from learning_plans.models import DevelopmentForm

# --- Single objects ------------------------------------------------------------------------


def get_development_form_for_user(user, pk):
    """A form of the province-wide catalogue, which only the BPSDM admin manages (403 for
    anyone else, 404 when missing)."""
    if not user.is_authenticated or user.role != Role.ADMIN:
        raise PermissionDenied
    return get_object_or_404(DevelopmentForm, pk=pk)
