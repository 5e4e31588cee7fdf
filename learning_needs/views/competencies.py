"""The competency dictionary an OPD's learning needs draw from: the standard managerial (M.01-M.08)
and socio-cultural (SK.01) competencies, read-only, plus the OPD's own technical ones, which its
assigned Widyaiswara and the BPSDM admin maintain."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.deletion import blocked_message, blockers_of
from intan_wpl.forms import add_service_errors
from intan_wpl.listing import paginate
from intan_wpl.roles import STAFF_ROLES, role_required
from learning_needs.forms.competencies import CompetencyForm
from learning_needs.models import Competency
from learning_needs.selectors.needs import (
    can_edit_competencies,
    get_competency_for_user,
    get_programme_opd_for_competencies,
)
from learning_needs.services import competencies as services

ALL_ROLES = STAFF_ROLES
TEMPLATES = "learning_needs/competencies"


@role_required(*ALL_ROLES)
def competency_list(request, programme_opd_pk):
    programme_opd = get_programme_opd_for_competencies(request.user, programme_opd_pk)
    standard = Competency.objects.filter(opd__isnull=True).order_by("group", "code")
    technical = (
        Competency.objects.filter(opd=programme_opd.opd_id)
        .annotate(need_count=Count("learning_needs"))
        .order_by("code", "pk")
    )
    page, query_string = paginate(request, technical)
    return render(
        request,
        f"{TEMPLATES}/competency_list.html",
        {
            "programme_opd": programme_opd,
            "standard": standard,
            "page": page,
            "query_string": query_string,
            "can_edit": can_edit_competencies(request.user, programme_opd),
        },
    )


@role_required(*ALL_ROLES)
def competency_create(request, programme_opd_pk):
    programme_opd = get_programme_opd_for_competencies(request.user, programme_opd_pk, write=True)
    form = CompetencyForm(request.POST if request.method == "POST" else None, opd=programme_opd.opd)
    if form.is_bound and form.is_valid():
        try:
            competency = services.competency_create(opd=programme_opd.opd, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Kompetensi teknis %(code)s ditambahkan ke kamus OPD.") % {"code": competency.code}
            )
            return redirect("learning_needs:competency_list", programme_opd_pk=programme_opd.pk)
    return render(request, f"{TEMPLATES}/competency_form.html", {"form": form, "programme_opd": programme_opd})


@role_required(*ALL_ROLES)
def competency_update(request, programme_opd_pk, pk):
    programme_opd, competency = get_competency_for_user(request.user, programme_opd_pk, pk, write=True)
    form = CompetencyForm(
        request.POST if request.method == "POST" else None, instance=competency, opd=programme_opd.opd
    )
    if form.is_bound and form.is_valid():
        try:
            services.competency_update(competency=competency, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan kompetensi disimpan."))
            return redirect("learning_needs:competency_list", programme_opd_pk=programme_opd.pk)
    return render(
        request,
        f"{TEMPLATES}/competency_form.html",
        {"form": form, "programme_opd": programme_opd, "competency": competency},
    )


@role_required(*ALL_ROLES)
def competency_delete(request, programme_opd_pk, pk):
    programme_opd, competency = get_competency_for_user(request.user, programme_opd_pk, pk, write=True)
    cancel_url = reverse("learning_needs:competency_list", args=[programme_opd.pk])
    if request.method == "POST":
        blockers = services.competency_delete(competency=competency)
        if not blockers:
            messages.success(request, _("Kompetensi dihapus dari kamus OPD."))
            return redirect(cancel_url)
        messages.error(request, blocked_message(competency, blockers))
    else:
        blockers = blockers_of(competency)
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": competency, "object_kind": _("kompetensi"), "cancel_url": cancel_url, "blockers": blockers},
    )
