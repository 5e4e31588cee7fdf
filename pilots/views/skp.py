"""The SKP of an OPD from e-Kinerja (issue 14, item 5): whoever sees the OPD reads its staff's
RHK and indicators; the BPSDM admin imports the file (403 for everyone else, the Kepala BPSDM
included)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from intan_wpl.forms import MAX_ID
from intan_wpl.listing import paginate
from intan_wpl.roles import STAFF_ROLES, role_required
from pilots.forms.roster import SkpUploadForm
from pilots.selectors import get_opd_for_user, skp_indicators_of
from pilots.services import skp_import as importer

TEMPLATES = "pilots/skp"


@role_required(*STAFF_ROLES)
def skp_list(request, opd_pk):
    opd = get_opd_for_user(request.user, min(opd_pk, MAX_ID))
    search = request.GET.get("q", "").strip()[:100]
    page, query_string = paginate(request, skp_indicators_of(opd, search=search), per_page=50)
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "opd": opd,
            "page": page,
            "query_string": query_string,
            "search": search,
            "can_import": request.user.is_bpsdm_admin,
        },
    )


@role_required(*STAFF_ROLES)
def skp_import(request, opd_pk):
    opd = get_opd_for_user(request.user, min(opd_pk, MAX_ID), write=True)
    form = SkpUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = importer.skp_import(opd=opd, stream=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if not result.errors:
                messages.success(
                    request,
                    _("SKP diimpor: %(created)s indikator baru, %(updated)s diperbarui.")
                    % {"created": len(result.created), "updated": len(result.updated)},
                )
                return redirect("pilots:skp_list", opd_pk=opd.pk)
    return render(
        request,
        f"{TEMPLATES}/import.html",
        {"opd": opd, "form": form, "result": result, "template_header": importer.TEMPLATE_HEADER},
    )
