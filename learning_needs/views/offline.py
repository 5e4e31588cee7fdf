"""Field work without signal (static/js/offline.js and the service worker of
intan_wpl.views.pwa): the staff list the participant picker searches on the device, and the
pages a Widyaiswara's device keeps for work without signal."""

from django.http import JsonResponse
from django.urls import reverse

from intan_wpl.models import Role
from intan_wpl.roles import role_required
from learning_needs.forms.sessions import pegawai_detail
from learning_needs.selectors.scope import get_programme_opd_for_field_work
from learning_needs.selectors.sessions import roster_of
from pilots.models import ProgrammeOpd


@role_required(Role.WIDYAISWARA)
def participant_roster(request, programme_opd_pk):
    """The OPD's active staff as JSON: the participant picker searches it on the device when
    there is no signal (the service worker keeps the last copy)."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk, write=True)
    staff = roster_of(programme_opd).filter(is_active=True).select_related("unit").order_by("name")
    rows = [{"id": p.pk, "name": p.name, "nip": p.nip, "detail": pegawai_detail(p), "unit": p.unit_id} for p in staff]
    response = JsonResponse({"opd": programme_opd.opd.name, "staff": rows})
    response["Cache-Control"] = "private, no-cache"
    return response


@role_required(Role.WIDYAISWARA)
def offline_pages(request):
    """What the service worker keeps on this device for work without signal: the session form,
    the staff list (page and JSON) of every OPD the Widyaiswara is assigned to, and their lists."""
    urls = [reverse("insights:home"), reverse("learning_needs:my_sessions")]
    for programme_opd in ProgrammeOpd.objects.visible_to(request.user).filter(is_active=True).order_by("pk"):
        urls += [
            reverse("learning_needs:session_create", args=[programme_opd.pk]),
            reverse("learning_needs:participant_roster", args=[programme_opd.pk]),
            reverse("learning_needs:session_list", args=[programme_opd.pk]),
            reverse("pilots:roster_list", args=[programme_opd.opd_id]),
        ]
    response = JsonResponse({"urls": urls})
    response["Cache-Control"] = "private, no-store"
    return response
