"""Writes of the unit-cost table and the SBM session rate (the admin's inputs to every cost
figure; history is kept by the models)."""

from django.db import transaction


@transaction.atomic
def cost_input_save(*, instance):
    """Save a UnitCost or an SbmRate after its own checks (one per form and year / per year)."""
    instance.full_clean()
    instance.save()
    return instance
