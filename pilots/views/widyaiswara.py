"""Widyaiswara accounts and profiles, and the load page: the BPSDM admin's pages only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from intan_wpl.forms import add_service_errors
from intan_wpl.listing import paginate
from intan_wpl.roles import admin_required
from pilots.filters.programmes import WidyaiswaraFilter, WidyaiswaraLoadFilter
from pilots.forms.programmes import WidyaiswaraCreateForm, WidyaiswaraEditForm
from pilots.models import WidyaiswaraProfile
from pilots.selectors import get_widyaiswara_for_user
from pilots.services import assignments as assignment_services
from pilots.services import programmes as programme_services


@admin_required
def widyaiswara_list(request):
    queryset = assignment_services.widyaiswara_queryset().order_by("full_name", "username")
    filterset = WidyaiswaraFilter(request.GET, queryset=queryset)
    page, query_string = paginate(request, filterset.qs)
    return render(
        request,
        "pilots/widyaiswara/list.html",
        {"filterset": filterset, "page": page, "query_string": query_string},
    )


@admin_required
def widyaiswara_create(request):
    form = WidyaiswaraCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = assignment_services.widyaiswara_create(**form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Akun Widyaiswara %(name)s dibuat. Nama pengguna: %(username)s.")
                % {"name": user.display_name, "username": user.username},
            )
            return redirect("pilots:widyaiswara_list")
    return render(request, "pilots/widyaiswara/form.html", {"form": form, "widyaiswara": None})


@admin_required
def widyaiswara_edit(request, pk):
    widyaiswara = get_widyaiswara_for_user(request.user, pk)
    title = widyaiswara.display_name
    if request.method == "POST":
        form = WidyaiswaraEditForm(request.POST)
        if form.is_valid():
            try:
                assignment_services.widyaiswara_update(user=widyaiswara, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Profil %(name)s tersimpan.") % {"name": widyaiswara.display_name})
                return redirect("pilots:widyaiswara_list")
    else:
        try:
            profile = widyaiswara.widyaiswara_profile
        except WidyaiswaraProfile.DoesNotExist:
            profile = None
        form = WidyaiswaraEditForm(
            initial={
                "full_name": widyaiswara.full_name,
                "email": widyaiswara.email,
                "nip": profile.nip_display if profile else "",
                "jenjang": profile.jenjang if profile else "",
                "expertise": profile.expertise if profile else "",
                "phone": profile.phone if profile else "",
            }
        )
    return render(request, "pilots/widyaiswara/form.html", {"form": form, "widyaiswara": widyaiswara, "title": title})


@admin_required
def widyaiswara_load(request):
    """Each Widyaiswara with the OPDs they accompany now (their current assignments)."""
    filterset = WidyaiswaraLoadFilter(request.GET, queryset=assignment_services.widyaiswara_load_queryset())
    page, query_string = paginate(request, filterset.qs)
    return render(
        request,
        "pilots/widyaiswara/load.html",
        {
            "filterset": filterset,
            "page": page,
            "query_string": query_string,
            "without_ketua": list(programme_services.programme_opds_without_ketua()),
        },
    )
