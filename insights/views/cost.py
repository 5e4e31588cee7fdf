"""Cost (/dasbor/biaya/): the admin's unit-cost table and SBM rate, and each plan's cost against
its classroom alternative with the method, the inputs and every line (UNIT_COST_METHOD).

The table is the admin's (403 for anyone else); a plan's cost page is open to whoever may read
the plan (404 out of scope)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from insights.forms.cost import SbmRateForm, UnitCostForm
from insights.models import SbmRate, UnitCost
from insights.selectors.cost import UNIT_COST_METHOD, plan_cost
from insights.services.cost import cost_input_save
from intan_wpl.forms import MAX_ID, add_service_errors
from intan_wpl.roles import STAFF_ROLES, admin_required, role_required
from learning_plans.selectors.plans import get_plan_for_user

TEMPLATES = "insights/cost"


@admin_required
def unit_cost_list(request):
    units = UnitCost.objects.select_related("form").order_by("-year", "form__jalur", "form__lan_code")
    return render(
        request,
        f"{TEMPLATES}/unit_costs.html",
        {"units": units, "rates": SbmRate.objects.order_by("-year"), "method": UNIT_COST_METHOD},
    )


def _edit(request, form_class, instance, title):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            cost_input_save(instance=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tarif disimpan."))
            return redirect("insights:unit_cost_list")
    return render(request, f"{TEMPLATES}/form.html", {"form": form, "title": title})


@admin_required
def unit_cost_create(request):
    return _edit(request, UnitCostForm, None, _("Tarif satuan baru"))


@admin_required
def unit_cost_edit(request, pk):
    return _edit(request, UnitCostForm, get_object_or_404(UnitCost, pk=min(pk, MAX_ID)), _("Ubah tarif satuan"))


@admin_required
def sbm_rate_create(request):
    return _edit(request, SbmRateForm, None, _("Tarif SBM Widyaiswara baru"))


@admin_required
def sbm_rate_edit(request, pk):
    return _edit(request, SbmRateForm, get_object_or_404(SbmRate, pk=min(pk, MAX_ID)), _("Ubah tarif SBM Widyaiswara"))


@role_required(*STAFF_ROLES)
def plan_cost_view(request, plan_pk):
    plan = get_plan_for_user(request.user, min(plan_pk, MAX_ID))
    return render(
        request, f"{TEMPLATES}/plan_cost.html", {"plan": plan, "cost": plan_cost(plan), "method": UNIT_COST_METHOD}
    )
