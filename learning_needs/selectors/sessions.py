"""Reads for field sessions: the one way a view reaches a session, a series, a participant,
a follow-up or an attachment. Same scope as learning_needs.selectors.scope (ProgrammeOpd scope for
reading, assigned Widyaiswara for writing)."""

from django.db.models import Case, OuterRef, Prefetch, Q, When
from django.shortcuts import get_object_or_404

from intan_wpl.models import Role, User
from intan_wpl.query import count_subquery
from learning_needs.models import FieldSession, FollowUp, SessionAttachment, SessionParticipant, SessionSeries
from learning_needs.selectors.scope import check_field_work_write, get_scoped_object
from pilots.models import Assignment, Pegawai, ProgrammeOpd


def get_session_for_user(user, pk, *, write=False):
    """The session `pk`: 404 out of scope, 403 when `write` and the user only reads."""
    return get_scoped_object(user, FieldSession.objects.select_related("unit", "created_by", "series"), pk, write=write)


def get_series_for_user(user, pk, *, write=False):
    return get_scoped_object(user, SessionSeries.objects.select_related("unit", "created_by"), pk, write=write)


def _get_session_child(user, queryset, pk, *, write):
    obj = get_object_or_404(
        queryset.filter(session__programme_opd__in=ProgrammeOpd.objects.visible_to(user)).select_related(
            "session__programme_opd__opd", "session__programme_opd__programme"
        ),
        pk=pk,
    )
    if write:
        check_field_work_write(user, obj.session.programme_opd)
    return obj


def get_attachment_for_user(user, pk, *, write=False):
    return _get_session_child(user, SessionAttachment.objects.all(), pk, write=write)


def get_follow_up_for_user(user, pk, *, write=False):
    return _get_session_child(user, FollowUp.objects.all(), pk, write=write)


def get_participant_for_user(user, pk, *, write=False):
    return _get_session_child(user, SessionParticipant.objects.select_related("pegawai__unit"), pk, write=write)


def assigned_widyaiswara(programme_opd):
    """The Widyaiswara who may be recorded as present at a session of this programme OPD."""
    current = Assignment.objects.current().filter(programme_opd=programme_opd).values("widyaiswara_id")
    return User.objects.filter(role=Role.WIDYAISWARA, pk__in=current).order_by("full_name", "username")


def roster_of(programme_opd):
    """Staff a session at this programme OPD may list as participants: that OPD's roster only."""
    return Pegawai.objects.filter(opd_id=programme_opd.opd_id)


def search_roster(programme_opd, query, *, unit_id=None, limit=20):
    """Active staff of the OPD whose name or NIP matches `query` (staff of `unit_id` first)."""
    # PostgreSQL refuses a NUL character in a string literal (a 500); nobody types one.
    query = (query or "").replace("\x00", "").strip()[:100]
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(name__icontains=query)
    if len(digits) >= 4:
        condition |= Q(nip__contains=digits)
    staff = roster_of(programme_opd).filter(condition, is_active=True).select_related("unit")
    if unit_id:
        staff = staff.order_by(Case(When(unit_id=unit_id, then=0), default=1), "name")
    else:
        staff = staff.order_by("name")
    return list(staff[:limit])


def _per_session(model, **condition):
    return count_subquery(model.objects.filter(session=OuterRef("pk"), **condition), "session")


def session_list_queryset(queryset):
    """Sessions ready for a list page: newest first, counts annotated, no per-row query."""
    return (
        queryset.select_related("unit", "series", "programme_opd__opd", "programme_opd__programme")
        .prefetch_related(Prefetch("widyaiswara", queryset=User.objects.order_by("full_name")))
        .annotate(
            participant_count=_per_session(SessionParticipant),
            attended_count=_per_session(SessionParticipant, attended=True),
            open_follow_up_count=_per_session(FollowUp, done=False),
            attachment_count=_per_session(SessionAttachment),
        )
        .order_by("-date", "-start_time", "-pk")
    )


def sessions_of_widyaiswara(user):
    """Sessions the Widyaiswara attended or recorded, at the programme OPDs they may see.

    The programme OPDs are read first (a Widyaiswara is assigned to a handful): given their ids as
    a list, PostgreSQL reads those OPDs' sessions by index; given the scope as a subquery it scanned
    every session of the province (145 ms at 100,000 sessions, 4 ms this way; docs/performance.md)."""
    programme_opds = list(ProgrammeOpd.objects.visible_to(user).values_list("pk", flat=True))
    mine = FieldSession.objects.filter(Q(widyaiswara=user) | Q(created_by=user)).values("pk")
    return FieldSession.objects.filter(programme_opd_id__in=programme_opds, pk__in=mine)
