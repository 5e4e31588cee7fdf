"""The learning journal: a Pegawai records on-the-job and social learning; their atasan langsung
(also a Pegawai account) validates or returns each entry from a queue. Only the author and the
author's supervisor ever open an entry or its evidence (404 for anybody else)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intan_wpl.forms import add_service_errors
from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import role_required
from learning_records.forms.journal import JournalDecisionForm, JournalEntryForm
from learning_records.models import JournalStatus
from learning_records.selectors.journal import get_journal_entry_for_user, own_entries, supervisor_queue
from learning_records.selectors.my_learning import own_pegawai
from learning_records.services import journal as journal_service

TEMPLATES = "learning_records/journal"


@role_required(Role.PEGAWAI)
def journal_list(request):
    pegawai = own_pegawai(request.user)
    page, query_string = paginate(request, own_entries(pegawai), per_page=20)
    context = {
        "pegawai": pegawai,
        "page": page,
        "query_string": query_string,
        "queue_count": supervisor_queue(request.user).count(),
    }
    return render(request, f"{TEMPLATES}/list.html", context)


def _entry_form_page(request, pegawai, entry=None):
    form = JournalEntryForm(request.POST or None, request.FILES or None, instance=entry, pegawai=pegawai)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in journal_service.FIELDS}
        try:
            if entry is None:
                journal_service.journal_entry_create(pegawai=pegawai, evidence=form.cleaned_data["evidence"], **data)
            else:
                journal_service.journal_entry_resubmit(entry=entry, evidence=form.cleaned_data["evidence"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Catatan jurnal dikirim ke atasan langsung Anda untuk divalidasi."))
            return redirect("learning_records:journal_list")
    return render(request, f"{TEMPLATES}/form.html", {"form": form, "entry": entry, "pegawai": pegawai})


@role_required(Role.PEGAWAI)
def journal_create(request):
    return _entry_form_page(request, own_pegawai(request.user))


@role_required(Role.PEGAWAI)
def journal_edit(request, pk):
    entry = get_journal_entry_for_user(request.user, pk)
    if entry.pegawai.account_id != request.user.pk:
        raise Http404
    if entry.status != JournalStatus.RETURNED:
        messages.info(request, _("Hanya catatan yang dikembalikan atasan yang dapat diubah."))
        return redirect("learning_records:journal_detail", pk=entry.pk)
    return _entry_form_page(request, entry.pegawai, entry)


@role_required(Role.PEGAWAI)
def journal_detail(request, pk):
    entry = get_journal_entry_for_user(request.user, pk)
    can_decide = (
        entry.status == JournalStatus.SUBMITTED
        and entry.supervisor is not None
        and entry.supervisor.account_id == request.user.pk
        and entry.pegawai.account_id != request.user.pk
    )
    context = {
        "entry": entry,
        "is_author": entry.pegawai.account_id == request.user.pk,
        "decision_form": JournalDecisionForm() if can_decide else None,
    }
    return render(request, f"{TEMPLATES}/detail.html", context)


@role_required(Role.PEGAWAI)
@require_POST
def journal_decide(request, pk):
    entry = get_journal_entry_for_user(request.user, pk, decide=True)
    form = JournalDecisionForm(request.POST)
    if form.is_valid():
        try:
            journal_service.journal_entry_decide(
                entry=entry,
                actor=request.user,
                validate=form.cleaned_data["decision"] == JournalDecisionForm.VALIDATE,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Keputusan untuk catatan %(name)s disimpan.") % {"name": entry.pegawai.name})
            return redirect("learning_records:journal_queue")
    context = {"entry": entry, "is_author": False, "decision_form": form}
    return render(request, f"{TEMPLATES}/detail.html", context, status=400)


@role_required(Role.PEGAWAI)
def journal_evidence(request, pk):
    entry = get_journal_entry_for_user(request.user, pk)
    if not entry.evidence:
        raise Http404
    return FileResponse(entry.evidence.open("rb"), as_attachment=True, filename=entry.evidence_name or "bukti")


@role_required(Role.PEGAWAI)
def journal_queue(request):
    page, query_string = paginate(request, supervisor_queue(request.user), per_page=20)
    return render(request, f"{TEMPLATES}/queue.html", {"page": page, "query_string": query_string})
