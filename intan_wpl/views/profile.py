"""The instance profile page (admin only): names, letterhead, time zone, regencies and the
surat tugas signatory, with the history of every change."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from intan_wpl.forms import InstanceProfileForm, add_service_errors
from intan_wpl.history import history_entries
from intan_wpl.listing import paginate
from intan_wpl.models import InstanceProfile
from intan_wpl.roles import STAFF_ROLES, admin_required, role_required
from intan_wpl.selectors.profile import get_instance_profile, instance_profile
from intan_wpl.services.profile import instance_profile_update


@admin_required
def instance_profile_edit(request):
    profile = get_instance_profile()
    form = InstanceProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            instance_profile_update(user=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Profil instansi disimpan."))
            return redirect("intan_wpl:instance_profile")
    if request.method == "POST" and form.errors:
        # Unsaved input must not leak into the page's names: the form keeps it, the profile stays.
        profile.refresh_from_db()
    records = InstanceProfile.history.filter(id=1).select_related("history_user").order_by("-history_date")
    entries = history_entries(list(records), describe=lambda record: _("Profil instansi"), excluded_fields=("id",))
    page, query_string = paginate(request, entries, per_page=20)
    return render(
        request,
        "intan_wpl/instance_profile.html",
        {"form": form, "entries": page.object_list, "page": page, "query_string": query_string},
        status=400 if request.method == "POST" else 200,
    )


@role_required(*STAFF_ROLES)
def instance_logo(request):
    """The letterhead logo (for pages and the PDF renderer), to anyone signed in."""
    profile = instance_profile()
    if not profile.logo:
        raise Http404(_("Belum ada logo."))
    try:
        handle = profile.logo.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas logo tidak ditemukan.")) from None
    return FileResponse(handle, content_type="image/png" if profile.logo.name.endswith(".png") else "image/jpeg")
