"""The admin's security pages (issue 13): sign-in lockouts (list and release, on record) and the
export log (who took which personal data, when, how many rows; UU 27/2022)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intan_wpl.filters import ExportLogFilter
from intan_wpl.listing import paginate
from intan_wpl.models import ExportLog
from intan_wpl.roles import admin_required
from intan_wpl.services import lockouts as lockout_services


@admin_required
def lockout_list(request):
    return render(request, "intan_wpl/security/lockout_list.html", {"lockouts": lockout_services.lockout_list()})


@admin_required
@require_POST
def lockout_release(request, pk):
    released = lockout_services.lockout_release_one(pk=pk, actor=request.user)
    if released:
        messages.success(request, _("Kunci masuk dilepas: akun itu dapat masuk lagi dari alamat tersebut."))
    else:
        messages.info(request, _("Kunci itu sudah tidak ada (sudah kedaluwarsa atau sudah dilepas)."))
    return redirect("intan_wpl:lockout_list")


@admin_required
def export_log(request):
    filterset = ExportLogFilter(request.GET, queryset=ExportLog.objects.select_related("user"))
    page, query_string = paginate(request, filterset.qs.order_by("-created_at", "-pk"), per_page=50)
    return render(
        request,
        "intan_wpl/security/export_log.html",
        {"filterset": filterset, "page": page, "query_string": query_string},
    )
