"""Pages of the field sessions (Sesi Pendampingan): lists, the phone-first form, the detail
page with attendance, follow-ups and attachments, history, and shift series.

Every view: a role check, one scoped lookup (learning_needs.selectors.scope and
learning_needs.selectors.sessions), a form, a service call, then a redirect or a render."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intan_wpl.concurrency import ConcurrentEditError
from intan_wpl.forms import add_service_errors, conflict_context
from intan_wpl.history import history_entries, redirect_if_deleted
from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import STAFF_ROLES, role_required
from learning_needs.filters.sessions import MySessionFilter, OpdSessionFilter
from learning_needs.forms.sessions import (
    FOLLOW_UP_PREFIX,
    REPEAT_PREFIX,
    AttachmentUploadForm,
    FollowUpAddForm,
    FollowUpFormSet,
    RepeatForm,
    RepeatFormSet,
    SeriesForm,
    SessionForm,
    follow_up_rows,
)
from learning_needs.models import FieldSession, FollowUp, SessionParticipant, SessionSeries
from learning_needs.selectors.scope import can_write_field_work, get_programme_opd_for_field_work
from learning_needs.selectors.sessions import (
    get_attachment_for_user,
    get_follow_up_for_user,
    get_participant_for_user,
    get_series_for_user,
    get_session_for_user,
    search_roster,
    session_list_queryset,
    sessions_of_widyaiswara,
)
from learning_needs.services import sessions as services
from pilots.models import Pegawai

ALL_ROLES = STAFF_ROLES
# The session the form just saved: its draft key is cleared by the page shown next.
SAVED_DRAFT_KEY = "session_draft_saved"


def draft_key(user, programme_opd, session=None):
    """localStorage key of a session form's draft: per user, programme OPD and session."""
    return f"intan-wpl:sesi:{user.pk}:{programme_opd.pk}:{session.pk if session else 'baru'}"


# Sent by static/js/offline.js with a session queued on the device while offline.
QUEUED_SEND_HEADER = "X-Intan-Queued"

# The service names the chosen participants "participants"; the form's field for them differs.
SERVICE_FIELDS = {"participants": "participants_chosen"}


def _form_error_message(request):
    messages.error(request, _("Sesi belum tersimpan. Periksa isian yang ditandai merah di bawah."))


# --- Lists ----------------------------------------------------------------------------------


@role_required(*ALL_ROLES)
def session_list(request, programme_opd_pk):
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk)
    sessions = FieldSession.objects.filter(programme_opd=programme_opd)
    filterset = OpdSessionFilter(request.GET or None, queryset=sessions, programme_opd=programme_opd)
    page, query_string = paginate(request, session_list_queryset(filterset.qs))
    series = (
        SessionSeries.objects.filter(programme_opd=programme_opd).select_related("unit").order_by("-created_at")[:10]
    )
    return render(
        request,
        "learning_needs/sessions/session_list.html",
        {
            "programme_opd": programme_opd,
            "filterset": filterset,
            "page": page,
            "query_string": query_string,
            "series_list": series,
            "can_write": can_write_field_work(request.user, programme_opd),
        },
    )


@role_required(Role.WIDYAISWARA)
def my_sessions(request):
    filterset = MySessionFilter(request.GET or None, queryset=sessions_of_widyaiswara(request.user), user=request.user)
    page, query_string = paginate(request, session_list_queryset(filterset.qs))
    return render(
        request,
        "learning_needs/sessions/my_sessions.html",
        {"filterset": filterset, "page": page, "query_string": query_string},
    )


# --- The session form -----------------------------------------------------------------------


def _render_form(request, *, programme_opd, form, formset, session=None, status=200, conflict=None):
    return render(
        request,
        "learning_needs/sessions/session_form.html",
        {
            "programme_opd": programme_opd,
            "session": session,
            "form": form,
            "formset": formset,
            "chosen_rows": form.chosen_rows(),
            "draft_key": draft_key(request.user, programme_opd, session),
            "files_lost": bool(request.FILES),
            "conflict": conflict,
        },
        status=status,
    )


def _is_queued_send(request):
    """A session the device queued while offline, sent now (static/js/offline.js): it is
    answered in JSON so the device can mark it sent, or show why not."""
    return request.headers.get(QUEUED_SEND_HEADER) == "1"


def _queued_send_answer(*, status, session=None, form=None, formset=None, message="", http_status=200):
    errors = {}
    for bound in [form, *(formset.forms if formset is not None else [])]:
        if bound is not None:
            for field, field_errors in bound.errors.items():
                label = bound.fields[field].label if field in bound.fields else ""
                errors.setdefault(str(label or _("Umum")), []).extend(str(e) for e in field_errors)
    if formset is not None:
        errors.setdefault(str(_("Tindak lanjut")), []).extend(str(e) for e in formset.non_form_errors())
    body = {"status": status, "message": message, "errors": {k: v for k, v in errors.items() if v}}
    if session is not None:
        body["url"] = reverse("learning_needs:session_detail", args=[session.pk])
        body["topic"] = session.topic
    return JsonResponse(body, status=http_status)


@role_required(Role.WIDYAISWARA)
def session_create(request, programme_opd_pk):
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk, write=True)
    session = FieldSession(programme_opd=programme_opd)
    if request.method == "POST":
        queued = _is_queued_send(request)
        form = SessionForm(request.POST, request.FILES, instance=session, programme_opd=programme_opd)
        formset = FollowUpFormSet(request.POST, instance=session, prefix=FOLLOW_UP_PREFIX)
        if form.is_valid() and formset.is_valid():
            try:
                session = services.session_create(
                    programme_opd=programme_opd,
                    user=request.user,
                    fields=form.session_fields(),
                    widyaiswara=form.cleaned_data["widyaiswara"],
                    attendance=form.attendance(),
                    follow_ups=follow_up_rows(formset),
                    files=form.cleaned_data["attachments"],
                    idempotency_key=form.cleaned_data.get("idempotency_key"),
                )
            except services.IdempotencyConflict as conflict:
                if queued:
                    return _queued_send_answer(
                        status="conflict", session=conflict.session, message=conflict.messages[0], http_status=409
                    )
                form.add_error(None, conflict.messages)
            except ValidationError as error:
                add_service_errors(form, error, field_map=SERVICE_FIELDS)
            else:
                replayed = getattr(session, "was_replayed", False)
                if queued:
                    message = _("Sesi ini sudah tersimpan sebelumnya; tidak disimpan dua kali.") if replayed else ""
                    return _queued_send_answer(
                        status="duplicate" if replayed else "saved",
                        session=session,
                        message=message,
                        http_status=200 if replayed else 201,
                    )
                request.session[SAVED_DRAFT_KEY] = draft_key(request.user, programme_opd)
                if replayed:
                    messages.info(request, _("Sesi ini sudah tersimpan sebelumnya; tidak disimpan dua kali."))
                else:
                    messages.success(request, _("Sesi pendampingan tersimpan."))
                return redirect("learning_needs:session_detail", pk=session.pk)
        if queued:
            return _queued_send_answer(
                status="invalid",
                form=form,
                formset=formset,
                message=_("Sesi belum tersimpan: ada isian yang perlu diperbaiki."),
                http_status=422,
            )
        _form_error_message(request)
        return _render_form(request, programme_opd=programme_opd, form=form, formset=formset, status=400)
    form = SessionForm(
        instance=session,
        programme_opd=programme_opd,
        initial={"widyaiswara": [request.user.pk]},
    )
    formset = FollowUpFormSet(instance=session, prefix=FOLLOW_UP_PREFIX)
    return _render_form(request, programme_opd=programme_opd, form=form, formset=formset)


@role_required(Role.WIDYAISWARA)
def session_edit(request, pk):
    session = get_session_for_user(request.user, pk, write=True)
    programme_opd = session.programme_opd
    if request.method == "POST":
        form = SessionForm(request.POST, request.FILES, instance=session, programme_opd=programme_opd)
        formset = FollowUpFormSet(request.POST, instance=session, prefix=FOLLOW_UP_PREFIX)
        conflict = None
        if form.is_valid() and formset.is_valid():
            try:
                services.session_update(
                    session=session,
                    user=request.user,
                    fields=form.session_fields(),
                    widyaiswara=form.cleaned_data["widyaiswara"],
                    attendance=form.attendance(),
                    follow_ups=follow_up_rows(formset),
                    files=form.cleaned_data["attachments"],
                    lock_version=form.cleaned_data["lock_version"],
                )
            except ConcurrentEditError as error:
                conflict = conflict_context(form, error)
            except ValidationError as error:
                add_service_errors(form, error, field_map=SERVICE_FIELDS)
            else:
                request.session[SAVED_DRAFT_KEY] = draft_key(request.user, programme_opd, session)
                messages.success(request, _("Perubahan sesi tersimpan."))
                return redirect("learning_needs:session_detail", pk=session.pk)
        _form_error_message(request)
        return _render_form(
            request,
            programme_opd=programme_opd,
            form=form,
            formset=formset,
            session=session,
            status=409 if conflict else 400,
            conflict=conflict,
        )
    form = SessionForm(instance=session, programme_opd=programme_opd)
    formset = FollowUpFormSet(instance=session, prefix=FOLLOW_UP_PREFIX)
    return _render_form(request, programme_opd=programme_opd, form=form, formset=formset, session=session)


@role_required(Role.WIDYAISWARA)
def participant_search(request, programme_opd_pk):
    """htmx: staff of the OPD matching a name or NIP, for the participant picker."""
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk, write=True)
    query = request.GET.get("q", "")
    unit_id = request.GET.get("unit")
    results = []
    if len(query.strip()) >= 2:
        results = search_roster(programme_opd, query, unit_id=_int(unit_id))
    return render(
        request,
        "learning_needs/sessions/_participant_results.html",
        {"results": results, "query": query.strip()[:100]},
    )


# --- Detail, history, deletion --------------------------------------------------------------


def _detail_context(request, session):
    programme_opd = session.programme_opd
    return {
        "session": session,
        "programme_opd": programme_opd,
        "participants": session.attendance.select_related("pegawai__unit").order_by("pegawai__name"),
        "follow_ups": session.follow_ups.all(),
        "attachments": session.attachments.select_related("uploaded_by"),
        "widyaiswara": session.widyaiswara.order_by("full_name"),
        "can_write": can_write_field_work(request.user, programme_opd),
        "follow_up_form": FollowUpAddForm(prefix="tl"),
        "upload_form": AttachmentUploadForm(),
    }


@role_required(*ALL_ROLES)
def session_detail(request, pk):
    session = get_session_for_user(request.user, pk)
    context = _detail_context(request, session)
    saved_key = request.session.pop(SAVED_DRAFT_KEY, None)
    if saved_key:
        context["clear_draft_key"] = saved_key
    return render(request, "learning_needs/sessions/session_detail.html", context)


def _describe_history_record(record):
    model = record.instance_type
    if model is SessionParticipant:
        pegawai = record.pegawai
        return pegawai.name if pegawai else _("pegawai #%(pk)s") % {"pk": record.pegawai_id}
    if model is FollowUp:
        return record.action
    return record.topic


@role_required(*ALL_ROLES)
def session_history(request, pk):
    if gone := redirect_if_deleted(FieldSession, pk):
        return gone
    session = get_session_for_user(request.user, pk)
    records = [
        *FieldSession.history.filter(id=session.pk).select_related("history_user"),
        *SessionParticipant.history.filter(session_id=session.pk).select_related("history_user", "pegawai"),
        *FollowUp.history.filter(session_id=session.pk).select_related("history_user"),
    ]
    entries = history_entries(records, describe=_describe_history_record)
    page, query_string = paginate(request, entries, per_page=50)
    return render(
        request,
        "learning_needs/sessions/session_history.html",
        {"session": session, "programme_opd": session.programme_opd, "page": page, "query_string": query_string},
    )


@role_required(Role.WIDYAISWARA)
def session_delete(request, pk):
    session = get_session_for_user(request.user, pk, write=True)
    cancel_url = reverse("learning_needs:session_detail", args=[session.pk])
    if request.method == "POST":
        blockers = services.session_delete(session=session, user=request.user)
        if not blockers:
            messages.success(request, _("Sesi “%(topic)s” dihapus.") % {"topic": session.topic})
            return redirect("learning_needs:session_list", programme_opd_pk=session.programme_opd_id)
    else:
        blockers = services.session_delete_blockers(session=session)
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": session, "object_kind": _("sesi pendampingan"), "cancel_url": cancel_url, "blockers": blockers},
    )


# --- Attendance, follow-ups (htmx with a full-page fallback) --------------------------------


@role_required(Role.WIDYAISWARA)
@require_POST
def session_attendance(request, pk):
    participant = get_participant_for_user(request.user, pk, write=True)
    services.participant_set_attendance(
        participant=participant, user=request.user, attended=request.POST.get("attended") == "1"
    )
    if request.htmx:
        return render(
            request,
            "learning_needs/sessions/session_detail.html#participant-row",
            {"participant": participant, "can_write": True},
        )
    return redirect("learning_needs:session_detail", pk=participant.session_id)


def _follow_ups_partial(request, session, form):
    return render(
        request,
        "learning_needs/sessions/session_detail.html#follow-ups",
        {"session": session, "follow_ups": session.follow_ups.all(), "follow_up_form": form, "can_write": True},
    )


@role_required(Role.WIDYAISWARA)
@require_POST
def follow_up_add(request, pk):
    session = get_session_for_user(request.user, pk, write=True)
    form = FollowUpAddForm(request.POST, prefix="tl")
    if form.is_valid():
        services.follow_up_add(session=session, user=request.user, row=form.row())
        if request.htmx:
            return _follow_ups_partial(request, session, FollowUpAddForm(prefix="tl"))
        messages.success(request, _("Tindak lanjut ditambahkan."))
        return redirect("learning_needs:session_detail", pk=session.pk)
    if request.htmx:
        # htmx swaps only 2xx answers: the form with its messages comes back as 200.
        return _follow_ups_partial(request, session, form)
    context = _detail_context(request, session)
    context["follow_up_form"] = form
    return render(request, "learning_needs/sessions/session_detail.html", context, status=400)


@role_required(Role.WIDYAISWARA)
@require_POST
def follow_up_toggle(request, pk):
    follow_up = get_follow_up_for_user(request.user, pk, write=True)
    services.follow_up_set_done(follow_up=follow_up, user=request.user, done=request.POST.get("done") == "1")
    if request.htmx:
        return render(
            request,
            "learning_needs/sessions/session_detail.html#follow-up-row",
            {"follow_up": follow_up, "can_write": True},
        )
    return redirect("learning_needs:session_detail", pk=follow_up.session_id)


# --- Attachments ----------------------------------------------------------------------------


@role_required(Role.WIDYAISWARA)
@require_POST
def attachment_upload(request, pk):
    session = get_session_for_user(request.user, pk, write=True)
    form = AttachmentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        stored = services.attachment_add(session=session, user=request.user, files=form.cleaned_data["attachments"])
        messages.success(request, _("%(count)s lampiran diunggah.") % {"count": len(stored)})
        return redirect("learning_needs:session_detail", pk=session.pk)
    context = _detail_context(request, session)
    context["upload_form"] = form
    messages.error(request, _("Lampiran tidak diunggah. Lihat pesan di bagian Lampiran."))
    return render(request, "learning_needs/sessions/session_detail.html", context, status=400)


@role_required(*ALL_ROLES)
def attachment_download(request, pk):
    """Serve a session's file only to people who may see the session; images inline, the
    rest as a download; never sniffed into something else by the browser."""
    attachment = get_attachment_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas lampiran tidak ditemukan di penyimpanan.")) from None
    response = FileResponse(
        handle,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@role_required(Role.WIDYAISWARA)
def attachment_delete(request, pk):
    attachment = get_attachment_for_user(request.user, pk, write=True)
    session_id = attachment.session_id
    if request.method == "POST":
        services.attachment_delete(attachment=attachment, user=request.user)
        messages.success(request, _("Lampiran “%(name)s” dihapus.") % {"name": attachment.original_name})
        return redirect("learning_needs:session_detail", pk=session_id)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": attachment,
            "object_kind": _("lampiran"),
            "cancel_url": reverse("learning_needs:session_detail", args=[session_id]),
            "blockers": [],
        },
    )


# --- Shift series ---------------------------------------------------------------------------


@role_required(Role.WIDYAISWARA)
def series_create(request, programme_opd_pk):
    programme_opd = get_programme_opd_for_field_work(request.user, programme_opd_pk, write=True)
    if request.method == "POST":
        form = SeriesForm(request.POST, programme_opd=programme_opd)
        formset = RepeatFormSet(request.POST, prefix=REPEAT_PREFIX)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                series = services.series_create(
                    programme_opd=programme_opd,
                    user=request.user,
                    topic=data["topic"],
                    unit=data["unit"],
                    kind=data["kind"],
                    place=data["place"],
                    targets=data["participants_chosen"],
                    repeats=formset.repeats(),
                )
            except ValidationError as error:
                add_service_errors(form, error, field_map=SERVICE_FIELDS)
            else:
                messages.success(request, _("Rangkaian sesi bergilir tersimpan."))
                return redirect("learning_needs:series_detail", pk=series.pk)
        messages.error(request, _("Rangkaian belum tersimpan. Periksa isian yang ditandai merah."))
        status = 400
    else:
        form = SeriesForm(programme_opd=programme_opd)
        formset = RepeatFormSet(prefix=REPEAT_PREFIX)
        status = 200
    return render(
        request,
        "learning_needs/sessions/series_form.html",
        {
            "programme_opd": programme_opd,
            "form": form,
            "formset": formset,
            "chosen_rows": form.chosen_rows(),
            "has_shift_units": form.fields["unit"].queryset.exists(),
        },
        status=status,
    )


def _series_context(request, series):
    """The attendance matrix of a series: target participants x repeats, and who is not
    yet reached. A fixed number of queries whatever the size."""
    repeats = list(series.sessions.order_by("date", "start_time", "pk"))
    targets = list(series.target_participants.select_related("unit").order_by("name"))
    attended = defaultdict(set)
    rows = SessionParticipant.objects.filter(session__series=series, attended=True).values_list(
        "pegawai_id", "session_id"
    )
    for pegawai_id, session_id in rows:
        attended[pegawai_id].add(session_id)
    target_ids = {p.pk for p in targets}
    matrix = [
        {
            "pegawai": pegawai,
            "cells": [{"session": repeat, "attended": repeat.pk in attended[pegawai.pk]} for repeat in repeats],
            "reached": bool(attended[pegawai.pk]),
        }
        for pegawai in targets
    ]
    outside_ids = [pk for pk in attended if pk not in target_ids]
    outside = Pegawai.objects.filter(pk__in=outside_ids).order_by("name") if outside_ids else []
    not_reached = [row["pegawai"] for row in matrix if not row["reached"]]
    return {
        "series": series,
        "programme_opd": series.programme_opd,
        "repeats": repeats,
        "matrix": matrix,
        "not_reached": not_reached,
        "reached_count": len(targets) - len(not_reached),
        "target_count": len(targets),
        "outside": outside,
        "can_write": can_write_field_work(request.user, series.programme_opd),
    }


@role_required(*ALL_ROLES)
def series_detail(request, pk):
    series = get_series_for_user(request.user, pk)
    context = _series_context(request, series)
    context["repeat_form"] = RepeatForm(prefix="baru")
    return render(request, "learning_needs/sessions/series_detail.html", context)


@role_required(Role.WIDYAISWARA)
@require_POST
def series_attendance(request, pk):
    """htmx: tick whether a target participant came to one repeat of the series."""
    series = get_series_for_user(request.user, pk, write=True)
    session = series.sessions.filter(pk=_int(request.POST.get("session"))).first()
    pegawai = series.programme_opd.opd.staff.filter(pk=_int(request.POST.get("pegawai"))).first()
    if session is None or pegawai is None:
        raise Http404
    services.series_set_attendance(
        series=series, session=session, pegawai=pegawai, user=request.user, attended=request.POST.get("attended") == "1"
    )
    if request.htmx:
        return render(
            request, "learning_needs/sessions/series_detail.html#attendance", _series_context(request, series)
        )
    return redirect("learning_needs:series_detail", pk=series.pk)


@role_required(Role.WIDYAISWARA)
@require_POST
def series_add_repeat(request, pk):
    series = get_series_for_user(request.user, pk, write=True)
    form = RepeatForm(request.POST, prefix="baru")
    if form.is_valid():
        try:
            services.series_add_repeat(series=series, user=request.user, repeat=form.repeat())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Ulangan ditambahkan ke rangkaian."))
            return redirect("learning_needs:series_detail", pk=series.pk)
    context = _series_context(request, series)
    context["repeat_form"] = form
    messages.error(request, _("Ulangan belum ditambahkan. Periksa isian yang ditandai merah."))
    return render(request, "learning_needs/sessions/series_detail.html", context, status=400)


def _int(value):
    return int(value) if value and str(value).isdigit() and len(str(value)) < 19 else None
