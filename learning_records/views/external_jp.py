"""JP earned outside the portal (/jp/eksternal/): the BPSDM admin records one entry or imports a
file of them (every row checked, errors named by row, column and reason, all or nothing), and
removes an entry recorded by mistake. The import runs as a job (learning_records.jobs). Everyone else gets 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intan_wpl.forms import MAX_ID, add_service_errors
from intan_wpl.listing import paginate
from intan_wpl.roles import admin_required
from intan_wpl.services.jobs import job_upload_store, start_job
from learning_records.forms.external_jp import ExternalJpForm, ExternalJpImportForm
from learning_records.jobs import EXTERNAL_JP_IMPORT
from learning_records.selectors.external_jp import external_jp_entries, get_external_jp_for_admin
from learning_records.services import external_jp as services
from learning_records.services import external_jp_import as importer
from pilots.services.spreadsheets import check_sheet_upload

TEMPLATES = "learning_records/external_jp"


@admin_required
def external_jp_list(request):
    search = request.GET.get("q", "").strip()[:100]
    page, query_string = paginate(request, external_jp_entries(search), per_page=50)
    return render(request, f"{TEMPLATES}/list.html", {"page": page, "query_string": query_string, "search": search})


@admin_required
def external_jp_create(request):
    form = ExternalJpForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.FIELDS}
        try:
            entry = services.external_jp_create(
                pegawai=form.pegawai,
                recorded_by=request.user,
                certificate_file=form.cleaned_data.get("certificate_file"),
                **fields,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(jp)s JP eksternal dicatat untuk %(name)s.") % {"jp": entry.jp, "name": entry.pegawai.name},
            )
            return redirect("learning_records:external_jp_list")
    return render(request, f"{TEMPLATES}/form.html", {"form": form})


@admin_required
def external_jp_import(request):
    """Upload a file of external JP: the cheap checks here, then the job checks every row and
    records them all or none (issue 12); the job page shows the row errors or the count."""
    form = ExternalJpImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_sheet_upload(upload)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            job = start_job(
                user=request.user,
                kind=EXTERNAL_JP_IMPORT,
                label=_("Impor JP eksternal: %(file)s") % {"file": upload.name},
                params={
                    "file": job_upload_store(upload),
                    "result_url": reverse("learning_records:external_jp_list"),
                    "return_url": reverse("learning_records:external_jp_import"),
                },
            )
            return redirect("intan_wpl:job_detail", pk=job.pk)
    return render(request, f"{TEMPLATES}/import.html", {"form": form, "template_header": importer.TEMPLATE_HEADER})


@admin_required
def external_jp_delete(request, pk):
    entry = get_external_jp_for_admin(min(pk, MAX_ID))
    back = reverse("learning_records:external_jp_list")
    if request.method == "POST":
        services.external_jp_delete(entry=entry)
        messages.success(request, _("JP eksternal dihapus; JP pegawai dihitung ulang."))
        return redirect(back)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": f"{entry.title} – {entry.pegawai.name} ({entry.jp} JP)",
            "object_kind": _("JP eksternal"),
            "cancel_url": back,
            "blockers": [],
        },
    )
