"""Programmes, their decree, the OPDs they name and the team (penugasan) at each OPD.

Everyone in a programme's scope reads it; only the BPSDM admin changes anything: every write
view does its lookup with write=True (404 outside the user's scope, 403 inside it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intan_wpl.forms import add_service_errors
from intan_wpl.listing import paginate
from intan_wpl.roles import PLAN_PDF_BATCH_ROLES, STAFF_ROLES, admin_required, role_required
from pilots.filters.programmes import ProgrammeFilter
from pilots.forms.programmes import AssignmentForm, ProgrammeForm, ProgrammeOpdActiveForm, ProgrammeOpdAddForm
from pilots.hooks import stage_label
from pilots.models import Assignment, AssignmentRole, Programme, ProgrammeOpd
from pilots.selectors import (
    get_assignment_for_user,
    get_programme_for_user,
    get_programme_opd_for_user,
)
from pilots.services import assignments as assignment_services
from pilots.services import letters
from pilots.services import programmes as programme_services

ALL_ROLES = STAFF_ROLES
OPD_ROWS_PER_PAGE = 50


def _messages_of(error):
    return " ".join(error.messages)


# --- Programmes -----------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def programme_list(request):
    user = request.user
    scope = None if user.reads_everything else ProgrammeOpd.objects.visible_to(user)
    programmes = programme_services.programmes_with_counts(
        Programme.objects.visible_to(user), user_programme_opds=scope
    ).order_by("-start_date", "name")
    filterset = ProgrammeFilter(request.GET, queryset=programmes)
    page, query_string = paginate(request, filterset.qs)
    return render(
        request,
        "pilots/programmes/list.html",
        {"filterset": filterset, "page": page, "query_string": query_string, "is_admin": user.is_bpsdm_admin},
    )


@role_required(*ALL_ROLES)
def programme_detail(request, pk):
    programme = get_programme_for_user(request.user, pk)
    in_scope = ProgrammeOpd.objects.visible_to(request.user).filter(programme=programme)
    page, query_string = paginate(request, programme_services.programme_opd_rows(in_scope), per_page=OPD_ROWS_PER_PAGE)
    return render(
        request,
        "pilots/programmes/detail.html",
        {
            "programme": programme,
            "page": page,
            "rows": programme_services.decorate_rows(page.object_list),
            "query_string": query_string,
            "without_ketua": list(programme_services.programme_opds_without_ketua(in_scope)),
            "is_admin": request.user.is_bpsdm_admin,
            # The plan PDF batch (learning_plans): admin, Kepala BPSDM, Widyaiswara (their OPDs).
            "can_batch_pdf": request.user.role in PLAN_PDF_BATCH_ROLES,
        },
    )


@admin_required
def programme_create(request):
    form = ProgrammeForm(request.POST, request.FILES) if request.method == "POST" else ProgrammeForm()
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_services.programme_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Program %(name)s tersimpan.") % {"name": programme.name})
            return redirect("pilots:programme_detail", programme.pk)
    return render(request, "pilots/programmes/form.html", {"form": form, "programme": None})


@role_required(*ALL_ROLES)
def programme_edit(request, pk):
    programme = get_programme_for_user(request.user, pk, write=True)
    title = str(programme)  # the form changes the instance while it validates
    if request.method == "POST":
        form = ProgrammeForm(request.POST, request.FILES, instance=programme)
        if form.is_valid():
            try:
                programme_services.programme_update(programme=programme, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Perubahan program %(name)s tersimpan.") % {"name": programme.name})
                return redirect("pilots:programme_detail", programme.pk)
    else:
        form = ProgrammeForm(instance=programme)
    return render(request, "pilots/programmes/form.html", {"form": form, "programme": programme, "title": title})


@role_required(*ALL_ROLES)
def programme_delete(request, pk):
    programme = get_programme_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            programme_services.programme_delete(programme=programme)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(request, _("Program %(name)s dihapus.") % {"name": programme.name})
            return redirect("pilots:programme_list")
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": programme,
            "object_kind": _("program"),
            "cancel_url": reverse("pilots:programme_detail", args=[programme.pk]),
            "blockers": programme_services.programme_delete_blockers(programme),
        },
    )


@role_required(*ALL_ROLES)
def programme_decree(request, pk):
    """The signed decree PDF, only for those who may see the programme; never via MEDIA_URL."""
    programme = get_programme_for_user(request.user, pk)
    if not programme.decree_file:
        raise Http404(_("Program ini belum memiliki berkas SK."))
    try:
        handle = programme.decree_file.storage.open(programme.decree_file.name, "rb")
    except FileNotFoundError:
        raise Http404(_("Berkas SK tidak ditemukan di penyimpanan.")) from None
    label = (programme.decree_number or programme.name).replace("/", " ")
    filename = f"SK-{slugify(label) or programme.pk}.pdf"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- OPDs of a programme ------------------------------------------------------------------


@role_required(*ALL_ROLES)
def programme_opd_add(request, pk):
    programme = get_programme_for_user(request.user, pk, write=True)
    form = ProgrammeOpdAddForm(request.POST if request.method == "POST" else None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            added = programme_services.programme_opds_add(programme=programme, opds=form.cleaned_data["opds"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)d OPD ditambahkan ke %(programme)s. Tugaskan ketua tim untuk tiap OPD.")
                % {"count": len(added), "programme": programme.name},
            )
            return redirect("pilots:programme_detail", programme.pk)
    return render(request, "pilots/programmes/opd_add.html", {"form": form, "programme": programme})


@role_required(*ALL_ROLES)
def programme_opd_detail(request, pk):
    """The team of one OPD in one programme."""
    programme_opd = get_programme_opd_for_user(request.user, pk)
    team = programme_services.team_of(programme_opd)
    has_ketua = any(member.role == AssignmentRole.KETUA for member in team)
    return render(
        request,
        "pilots/programmes/programme_opd_detail.html",
        {
            "programme_opd": programme_opd,
            "programme": programme_opd.programme,
            "team": team,
            "stage_label": stage_label(programme_opd),
            "needs_ketua": programme_services.needs_ketua(programme_opd, has_ketua=has_ketua),
            "has_ketua": has_ketua,
            "is_admin": request.user.is_bpsdm_admin,
        },
    )


@role_required(*ALL_ROLES)
def programme_opd_set_active(request, pk):
    programme_opd = get_programme_opd_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ProgrammeOpdActiveForm(request.POST)
    form.is_valid()  # a BooleanField is always valid: anything but a true value means False
    programme_services.programme_opd_set_active(
        programme_opd=programme_opd, is_active=form.cleaned_data.get("is_active", False)
    )
    if programme_opd.is_active:
        messages.success(request, _("%(opd)s diaktifkan kembali dalam program ini.") % {"opd": programme_opd.opd})
    else:
        messages.success(request, _("%(opd)s dinonaktifkan dalam program ini.") % {"opd": programme_opd.opd})
    return redirect("pilots:programme_opd_detail", programme_opd.pk)


@role_required(*ALL_ROLES)
def programme_opd_remove(request, pk):
    programme_opd = get_programme_opd_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            programme_services.programme_opd_remove(programme_opd=programme_opd)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(
                request,
                _("%(opd)s dikeluarkan dari %(programme)s.")
                % {"opd": programme_opd.opd, "programme": programme_opd.programme},
            )
            return redirect("pilots:programme_detail", programme_opd.programme_id)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": programme_opd,
            "object_kind": _("OPD dari program"),
            "cancel_url": reverse("pilots:programme_opd_detail", args=[programme_opd.pk]),
            "blockers": programme_services.programme_opd_remove_blockers(programme_opd),
        },
    )


# --- Assignments (penugasan) ------------------------------------------------------------------


@role_required(*ALL_ROLES)
def assignment_create(request, pk):
    programme_opd = get_programme_opd_for_user(request.user, pk, write=True)
    instance = Assignment(programme_opd=programme_opd)
    if request.method == "POST":
        form = AssignmentForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                assignment = assignment_services.assignment_create(programme_opd=programme_opd, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s ditugaskan sebagai %(role)s di %(opd)s.")
                    % {
                        "name": assignment.widyaiswara.display_name,
                        "role": assignment.get_role_display().lower(),
                        "opd": programme_opd.opd,
                    },
                )
                return redirect("pilots:programme_opd_detail", programme_opd.pk)
    else:
        has_ketua = programme_opd.assignments.filter(role=AssignmentRole.KETUA).exists()
        form = AssignmentForm(
            instance=instance,
            initial={
                "role": AssignmentRole.ANGGOTA if has_ketua else AssignmentRole.KETUA,
                "start_date": programme_opd.programme.start_date,
                "end_date": programme_opd.programme.end_date,
            },
        )
    return render(
        request,
        "pilots/programmes/assignment_form.html",
        {"form": form, "programme_opd": programme_opd, "assignment": None},
    )


@role_required(*ALL_ROLES)
def assignment_edit(request, pk):
    assignment = get_assignment_for_user(request.user, pk, write=True)
    programme_opd = assignment.programme_opd
    if request.method == "POST":
        form = AssignmentForm(request.POST, instance=assignment)
        if form.is_valid():
            try:
                assignment_services.assignment_update(assignment=assignment, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Penugasan %(name)s tersimpan.") % {"name": assignment.widyaiswara.display_name},
                )
                return redirect("pilots:programme_opd_detail", programme_opd.pk)
    else:
        form = AssignmentForm(instance=assignment)
    return render(
        request,
        "pilots/programmes/assignment_form.html",
        {"form": form, "programme_opd": programme_opd, "assignment": assignment},
    )


@role_required(*ALL_ROLES)
def assignment_delete(request, pk):
    assignment = get_assignment_for_user(request.user, pk, write=True)
    programme_opd = assignment.programme_opd
    if request.method == "POST":
        try:
            assignment_services.assignment_delete(assignment=assignment)
        except ValidationError as error:
            messages.error(request, _messages_of(error))
            return redirect("pilots:programme_opd_detail", programme_opd.pk)
        messages.success(
            request,
            _("Penugasan %(name)s di %(opd)s dihapus.")
            % {"name": assignment.widyaiswara.display_name, "opd": programme_opd.opd},
        )
        return redirect("pilots:programme_opd_detail", programme_opd.pk)
    return render(
        request,
        "pilots/programmes/assignment_confirm_delete.html",
        {
            "assignment": assignment,
            "programme_opd": programme_opd,
            "reasons": assignment_services.assignment_delete_blockers(assignment),
        },
    )


@role_required(*ALL_ROLES)
def assignment_make_ketua(request, pk):
    assignment = get_assignment_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        previous = assignment_services.assignment_make_ketua(assignment=assignment)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        values = {"name": assignment.widyaiswara.display_name, "opd": assignment.programme_opd.opd}
        if previous:
            values["previous"] = previous.widyaiswara.display_name
            messages.success(request, _("%(name)s kini ketua tim %(opd)s; %(previous)s menjadi anggota.") % values)
        else:
            messages.success(request, _("%(name)s kini ketua tim %(opd)s.") % values)
    return redirect("pilots:programme_opd_detail", assignment.programme_opd_id)


# --- Surat tugas ------------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def assignment_letter(request, pk):
    """The surat tugas as a printable letter (anyone who sees the assignment)."""
    assignment = get_assignment_for_user(request.user, pk)
    context = letters.letter_context(assignment)
    context["missing"] = letters.letter_missing_fields(assignment)
    context["can_generate"] = request.user.is_bpsdm_admin
    return render(request, "pilots/programmes/surat_tugas.html", context)


@role_required(*ALL_ROLES)
@require_POST
def assignment_letter_generate(request, pk):
    assignment = get_assignment_for_user(request.user, pk, write=True)
    try:
        letters.assignment_letter_generate(assignment=assignment, user=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("Surat tugas %(name)s dibuat dan disimpan.") % {"name": assignment.widyaiswara})
    return redirect("pilots:assignment_letter", assignment.pk)


@role_required(*ALL_ROLES)
def assignment_letter_pdf(request, pk):
    """The stored surat tugas PDF, only for those who see the assignment; never via MEDIA_URL."""
    assignment = get_assignment_for_user(request.user, pk)
    if not assignment.letter_file:
        raise Http404(_("Surat tugas ini belum dibuat."))
    try:
        handle = assignment.letter_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas surat tugas tidak ditemukan di penyimpanan.")) from None
    label = (assignment.letter_number or str(assignment.pk)).replace("/", " ")
    response = FileResponse(
        handle, as_attachment=True, filename=f"surat-tugas-{slugify(label)}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
