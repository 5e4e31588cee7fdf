"""The hub of one programme OPD: where its journey stands and the next step in one tap."""

from django.shortcuts import render

from insights.selectors.hub import opd_journey
from intan_wpl.models import Role
from intan_wpl.roles import role_required
from learning_needs.selectors.scope import can_write_field_work, get_programme_opd_for_field_work


@role_required(Role.ADMIN, Role.WIDYAISWARA, Role.KEPALA_OPD)
def programme_opd_hub(request, programme_opd_pk):
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    steps, stage_label, stage_rule = opd_journey(programme_opd)
    context = {
        "programme_opd": programme_opd,
        "steps": steps,
        "stage_label": stage_label,
        "stage_rule": stage_rule,
        "can_write": can_write_field_work(request.user, programme_opd),
    }
    return render(request, "insights/hub.html", context)
