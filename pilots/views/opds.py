"""OPD registry pages: the list, the detail page, and the admin's OPD and unit kerja forms.

Everyone with a role reads the OPDs in their scope; only the BPSDM admin writes. Someone
else's OPD is a 404, a read-only user asking to write their own is a 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.forms import add_service_errors
from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import STAFF_ROLES, admin_required, role_required
from pilots.filters.opds import OpdFilter
from pilots.forms.opds import OpdForm, UnitKerjaForm
from pilots.models import Assignment, Opd, ProgrammeOpd, UnitKerja
from pilots.selectors import get_opd_for_user, get_opd_with_counts_for_user, get_unit_for_user, with_registry_counts
from pilots.services import opds as services

ALL_ROLES = STAFF_ROLES


def _units_of(opd):
    return (
        UnitKerja.objects.filter(opd=opd)
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("name")
    )


@role_required(*ALL_ROLES)
def opd_list(request):
    opds = with_registry_counts(Opd.objects.visible_to(request.user).select_related("head", "parent")).order_by("name")
    filterset = OpdFilter(request.GET or None, queryset=opds)
    page, query_string = paginate(request, filterset.qs)
    context = {"filter": filterset, "page": page, "query_string": query_string}
    template = "pilots/opds/opd_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@role_required(*ALL_ROLES)
def opd_detail(request, pk):
    opd = get_opd_with_counts_for_user(request.user, pk)
    programme_opds = (
        ProgrammeOpd.objects.visible_to(request.user)
        .filter(opd=opd)
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("widyaiswara").order_by("role", "widyaiswara__full_name"),
            )
        )
        .order_by("-programme__start_date")
    )
    # The counts came with the OPD: skip the queries that would return nothing.
    units = list(_units_of(opd)) if opd.unit_count else []
    upts = list(Opd.objects.filter(parent=opd).order_by("name")) if opd.upt_count else []
    can_manage = request.user.role == Role.ADMIN
    return render(
        request,
        "pilots/opd_detail.html",
        {
            "opd": opd,
            "programme_opds": programme_opds,
            "units": units,
            "upts": upts,
            "can_manage": can_manage,
            "unit_form": UnitKerjaForm(opd=opd) if can_manage else None,
        },
    )


def _opd_form_page(request, form, *, opd=None, opd_name=""):
    return render(request, "pilots/opds/opd_form.html", {"form": form, "opd": opd, "opd_name": opd_name})


@admin_required
def opd_create(request):
    form = OpdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opd = services.opd_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("OPD “%(name)s” ditambahkan.") % {"name": opd.name})
            return redirect("pilots:opd_detail", pk=opd.pk)
    return _opd_form_page(request, form)


@role_required(*ALL_ROLES)
def opd_edit(request, pk):
    opd = get_opd_for_user(request.user, pk, write=True)
    # The form changes the instance in memory; the heading keeps the saved name.
    saved_name = opd.name
    form = OpdForm(request.POST or None, instance=opd)
    if request.method == "POST" and form.is_valid():
        try:
            services.opd_update(opd=opd, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan OPD “%(name)s” disimpan.") % {"name": opd.name})
            return redirect("pilots:opd_detail", pk=opd.pk)
    return _opd_form_page(request, form, opd=opd, opd_name=saved_name)


@role_required(*ALL_ROLES)
def opd_delete(request, pk):
    opd = get_opd_for_user(request.user, pk, write=True)
    if request.method == "POST":
        blockers = services.opd_delete(opd=opd)
        if not blockers:
            messages.success(request, _("OPD “%(name)s” dihapus.") % {"name": opd.name})
            return redirect("pilots:opd_list")
        messages.error(request, _("OPD “%(name)s” tidak dihapus.") % {"name": opd.name})
    else:
        blockers = services.opd_delete_blockers(opd=opd)
    return render(
        request,
        "pilots/opds/opd_confirm_delete.html",
        {
            "object": opd,
            "object_kind": _("OPD"),
            "cancel_url": reverse("pilots:opd_detail", args=[opd.pk]),
            "blockers": blockers,
            "unit_count": opd.units.count(),
        },
    )


def _units_fragment(request, opd, form, *, saved=None):
    # htmx swaps the section in place: keep the cursor in the name field for the next unit.
    form.fields["name"].widget.attrs["autofocus"] = True
    return render(
        request,
        "pilots/opd_detail.html#units",
        {"opd": opd, "units": list(_units_of(opd)), "can_manage": True, "unit_form": form, "saved_unit": saved},
    )


@role_required(*ALL_ROLES)
def unit_create(request, opd_pk):
    """Add a unit: inline on the OPD page through htmx (the unit list comes back as a fragment),
    or as a page of its own without JavaScript."""
    opd = get_opd_for_user(request.user, opd_pk, write=True)
    form = UnitKerjaForm(request.POST or None, opd=opd)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(opd=opd, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _units_fragment(request, opd, UnitKerjaForm(opd=opd), saved=unit)
            messages.success(request, _("Unit kerja “%(name)s” ditambahkan.") % {"name": unit.name})
            return redirect(reverse("pilots:opd_detail", args=[opd.pk]) + "#unit-kerja")
    if request.htmx and request.method == "POST":
        return _units_fragment(request, opd, form)
    return render(request, "pilots/opds/unit_form.html", {"form": form, "opd": opd, "unit": None})


@role_required(*ALL_ROLES)
def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, pk, write=True)
    saved_name = unit.name
    form = UnitKerjaForm(request.POST or None, instance=unit, opd=unit.opd)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(unit=unit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Unit kerja “%(name)s” disimpan.") % {"name": unit.name})
            return redirect(reverse("pilots:opd_detail", args=[unit.opd_id]) + "#unit-kerja")
    return render(
        request, "pilots/opds/unit_form.html", {"form": form, "opd": unit.opd, "unit": unit, "unit_name": saved_name}
    )


@role_required(*ALL_ROLES)
def unit_delete(request, pk):
    unit = get_unit_for_user(request.user, pk, write=True)
    opd_url = reverse("pilots:opd_detail", args=[unit.opd_id]) + "#unit-kerja"
    if request.method == "POST":
        blockers = services.unit_delete(unit=unit)
        if not blockers:
            messages.success(request, _("Unit kerja “%(name)s” dihapus.") % {"name": unit.name})
            return redirect(opd_url)
        messages.error(request, _("Unit kerja “%(name)s” tidak dihapus.") % {"name": unit.name})
    else:
        blockers = services.unit_delete_blockers(unit=unit)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": f"{unit.name} – {unit.opd.name}",
            "object_kind": _("unit kerja"),
            "cancel_url": opd_url,
            "blockers": blockers,
        },
    )
