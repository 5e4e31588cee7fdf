"""Every write to field sessions (Sesi Pendampingan), their participants, follow-ups,
attachments and shift series. Keyword-only, atomic, full_clean() before save.

History: django-simple-history records the session, its participants and follow-ups.
What the session's history table cannot show by itself (who of the Widyaiswara was present,
attachments added or removed) is written as the change reason of a session record.
"""

from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from intan_wpl.concurrency import claim_version
from intan_wpl.models import Role
from intan_wpl.uploads import stored_name
from learning_needs.models import FieldSession, FollowUp, SessionAttachment, SessionParticipant, SessionSeries
from learning_needs.selectors.scope import check_field_work_write
from pilots.models import Pegawai

SESSION_FIELDS = ("date", "start_time", "end_time", "kind", "place", "topic", "unit", "notes", "findings")
FOLLOW_UP_FIELDS = ("action", "person_in_charge", "due_date", "done")
# simple-history stores the change reason in a CharField(100).
REASON_MAX = 100


@dataclass
class FollowUpRow:
    """One follow-up row of the session form: `follow_up_id` names an existing row of the
    session (None for a new one)."""

    action: str
    person_in_charge: str = ""
    due_date: date | None = None
    done: bool = False
    follow_up_id: int | None = None
    delete: bool = False


@dataclass
class UploadedAttachment:
    """An uploaded file already checked by content (`mime` is what its bytes are)."""

    file: object
    mime: str


@dataclass
class Repeat:
    date: date
    start_time: time
    end_time: time
    shift_label: str


def _reason(parts):
    text = "; ".join(p for p in parts if p)
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


def _names(users):
    return ", ".join(sorted(u.display_name for u in users)) or "—"


def _check_people(*, programme_opd, widyaiswara, pegawai):
    """Refuse people from outside this programme OPD, whatever the form let through."""
    assigned = set(programme_opd.assignments.current().values_list("widyaiswara_id", flat=True))
    if any(u.pk not in assigned or u.role != Role.WIDYAISWARA for u in widyaiswara):
        raise ValidationError({"widyaiswara": _("Widyaiswara yang hadir harus yang ditugaskan di OPD ini.")})
    if any(p.opd_id != programme_opd.opd_id for p in pegawai):
        raise ValidationError({"participants": _("Peserta harus pegawai OPD ini.")})


def _sync_participants(session, attendance):
    """Make the session's participants exactly `attendance` ({pegawai: attended})."""
    existing = {p.pegawai_id: p for p in session.attendance.all()}
    wanted = {pegawai.pk: attended for pegawai, attended in attendance.items()}
    for pegawai_id, participant in existing.items():
        if pegawai_id not in wanted:
            participant.delete()
        elif participant.attended != wanted[pegawai_id]:
            participant.attended = wanted[pegawai_id]
            participant.full_clean()
            participant.save()
    for pegawai_id, attended in wanted.items():
        if pegawai_id not in existing:
            participant = SessionParticipant(session=session, pegawai_id=pegawai_id, attended=attended)
            participant.full_clean(validate_unique=False)
            participant.save()


def _sync_follow_ups(session, rows):
    existing = {f.pk: f for f in session.follow_ups.all()} if rows else {}
    for row in rows:
        follow_up = None
        if row.follow_up_id is not None:
            follow_up = existing.get(row.follow_up_id)
            if follow_up is None:
                raise ValidationError(_("Tindak lanjut ini milik sesi lain."))
        if row.delete:
            if follow_up is not None:
                follow_up.delete()
            continue
        if follow_up is None:
            follow_up = FollowUp(session=session)
        values = {name: getattr(row, name) for name in FOLLOW_UP_FIELDS}
        if follow_up.pk and all(getattr(follow_up, k) == v for k, v in values.items()):
            continue
        for name, value in values.items():
            setattr(follow_up, name, value)
        follow_up.full_clean()
        follow_up.save()


def _store_attachments(session, files, user):
    stored = []
    for upload in files:
        original_name = (getattr(upload.file, "name", "") or "berkas")[-255:]
        # Stored under a random name with the extension of what the file really is.
        upload.file.name = stored_name(upload.mime)
        attachment = SessionAttachment(
            session=session,
            file=upload.file,
            original_name=original_name,
            mime_type=upload.mime,
            size=upload.file.size,
            uploaded_by=user,
        )
        attachment.full_clean()
        attachment.save()
        stored.append(attachment)
    return stored


class IdempotencyConflict(ValidationError):
    """The key of this recording was already used for a session elsewhere (another OPD or
    another person): nothing is saved, and the device is told which session holds the key."""

    def __init__(self, session):
        super().__init__(_("Kunci pengiriman ini sudah dipakai untuk sesi lain."), code="idempotency_conflict")
        self.session = session


def _already_recorded(*, idempotency_key, programme_opd, user):
    """The session a device already sent with this key (None when the key is new)."""
    if not idempotency_key:
        return None
    existing = FieldSession.objects.filter(idempotency_key=idempotency_key).first()
    if existing is None:
        return None
    if existing.programme_opd_id != programme_opd.pk or existing.created_by_id != user.pk:
        raise IdempotencyConflict(existing)
    existing.was_replayed = True
    return existing


@transaction.atomic
def session_create(
    *,
    programme_opd,
    user,
    fields,
    widyaiswara,
    attendance=None,
    follow_ups=(),
    files=(),
    series=None,
    shift_label="",
    idempotency_key=None,
):
    """Record a new session at `programme_opd` by `user` (an assigned Widyaiswara).

    fields: the SESSION_FIELDS values; widyaiswara: users present; attendance: {Pegawai:
    attended}; follow_ups: FollowUpRow list; files: UploadedAttachment list.
    idempotency_key: chosen by the device for this recording; sending it again returns the
    session saved the first time (`was_replayed` set) instead of a second one, exactly once.
    """
    check_field_work_write(user, programme_opd)
    existing = _already_recorded(idempotency_key=idempotency_key, programme_opd=programme_opd, user=user)
    if existing is not None:
        return existing
    attendance = attendance or {}
    widyaiswara = list(widyaiswara)
    _check_people(programme_opd=programme_opd, widyaiswara=widyaiswara, pegawai=attendance.keys())
    if not widyaiswara:
        raise ValidationError({"widyaiswara": _("Pilih minimal satu Widyaiswara yang hadir.")})
    session = FieldSession(
        programme_opd=programme_opd,
        created_by=user,
        series=series,
        shift_label=shift_label,
        idempotency_key=idempotency_key or None,
    )
    for name in SESSION_FIELDS:
        setattr(session, name, fields.get(name, getattr(session, name)))
    session.full_clean(exclude=["idempotency_key"])
    session._change_reason = _reason([_("Widyaiswara hadir: %(names)s") % {"names": _names(widyaiswara)}])
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:
        # The same recording arrived twice at once: the other request saved it first.
        existing = _already_recorded(idempotency_key=idempotency_key, programme_opd=programme_opd, user=user)
        if existing is None:
            raise
        return existing
    session.widyaiswara.set(widyaiswara)
    _sync_participants(session, attendance)
    _sync_follow_ups(session, follow_ups)
    _store_attachments(session, files, user)
    return session


@transaction.atomic
def session_update(*, session, user, fields, widyaiswara, attendance, follow_ups=(), files=(), lock_version=None):
    """Change a session: its fields, who was present, participants, follow-ups; add files.
    Refused (ConcurrentEditError) when somebody saved it after the form was built at `lock_version`."""
    programme_opd = session.programme_opd
    check_field_work_write(user, programme_opd)
    claim_version(session, lock_version, kind=_("Sesi"))
    widyaiswara = list(widyaiswara)
    _check_people(programme_opd=programme_opd, widyaiswara=widyaiswara, pegawai=attendance.keys())
    if not widyaiswara:
        raise ValidationError({"widyaiswara": _("Pilih minimal satu Widyaiswara yang hadir.")})
    before = list(session.widyaiswara.all())
    for name in SESSION_FIELDS:
        if name in fields:
            setattr(session, name, fields[name])
    session.full_clean()
    reasons = []
    if {u.pk for u in before} != {u.pk for u in widyaiswara}:
        reasons.append(_("Widyaiswara hadir: %(old)s → %(new)s") % {"old": _names(before), "new": _names(widyaiswara)})
    files = list(files)
    if files:
        reasons.append(_("Lampiran ditambahkan: %(names)s") % {"names": ", ".join(f.file.name for f in files)})
    session._change_reason = _reason(reasons) or None
    session.save()
    session.widyaiswara.set(widyaiswara)
    _sync_participants(session, attendance)
    _sync_follow_ups(session, follow_ups)
    _store_attachments(session, files, user)
    return session


def _touch(session, reason):
    """Write a session history record that says what changed around it."""
    session._change_reason = _reason([reason])
    session.save(update_fields=["updated_at"])


@transaction.atomic
def session_delete(*, session, user):
    """Delete a session with its participants, follow-ups and files. Returns the blockers
    (problems or causes citing it) and deletes nothing when there are any."""
    check_field_work_write(user, session.programme_opd)
    blockers = session_delete_blockers(session=session)
    if blockers:
        return blockers
    files = [a.file for a in session.attachments.all()]
    session._history_user = user
    session.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])
    return []


def session_delete_blockers(*, session):
    blockers = []
    problem_count = session.problems.count()
    cause_count = session.causes.count()
    if problem_count:
        blockers.append(_("%(count)s masalah kinerja yang mengutipnya") % {"count": problem_count})
    if cause_count:
        blockers.append(_("%(count)s akar masalah yang mengutipnya") % {"count": cause_count})
    return blockers


@transaction.atomic
def participant_set_attendance(*, participant, user, attended):
    check_field_work_write(user, participant.session.programme_opd)
    if participant.attended != attended:
        participant.attended = attended
        participant.full_clean()
        participant.save()
    return participant


@transaction.atomic
def follow_up_add(*, session, user, row):
    check_field_work_write(user, session.programme_opd)
    follow_up = FollowUp(session=session, **{name: getattr(row, name) for name in FOLLOW_UP_FIELDS})
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_set_done(*, follow_up, user, done):
    check_field_work_write(user, follow_up.session.programme_opd)
    if follow_up.done != done:
        follow_up.done = done
        follow_up.full_clean()
        follow_up.save()
    return follow_up


@transaction.atomic
def attachment_add(*, session, user, files):
    check_field_work_write(user, session.programme_opd)
    files = list(files)
    stored = _store_attachments(session, files, user)
    if stored:
        _touch(session, _("Lampiran ditambahkan: %(names)s") % {"names": ", ".join(a.original_name for a in stored)})
    return stored


@transaction.atomic
def attachment_delete(*, attachment, user):
    session = attachment.session
    check_field_work_write(user, session.programme_opd)
    stored_file = attachment.file
    name = attachment.original_name
    attachment.delete()
    transaction.on_commit(lambda: stored_file.delete(save=False))
    _touch(session, _("Lampiran dihapus: %(name)s") % {"name": name})


# --- Shift series ---------------------------------------------------------------------------


@transaction.atomic
def series_create(*, programme_opd, user, topic, unit, kind, place, targets, repeats):
    """Plan one topic as several repeats across shifts for a unit that works in shifts.

    targets: the Pegawai to reach (empty: every active member of the unit); repeats: Repeat
    list, each becoming a session of the series with `user` as the Widyaiswara present.
    """
    check_field_work_write(user, programme_opd)
    if unit is None or unit.opd_id != programme_opd.opd_id:
        raise ValidationError({"unit": _("Pilih unit kerja OPD ini.")})
    if not unit.works_in_shifts:
        raise ValidationError({"unit": _("Unit kerja ini tidak bekerja dalam sif.")})
    repeats = list(repeats)
    if len(repeats) < 2:
        raise ValidationError(_("Rangkaian bergilir perlu minimal dua ulangan."))
    targets = list(targets) or list(Pegawai.objects.filter(unit=unit, is_active=True))
    _check_people(programme_opd=programme_opd, widyaiswara=[], pegawai=targets)
    series = SessionSeries(programme_opd=programme_opd, topic=topic, unit=unit, created_by=user)
    series.full_clean()
    series.save()
    series.target_participants.set(targets)
    for repeat in repeats:
        series_add_repeat(series=series, user=user, repeat=repeat, kind=kind, place=place)
    return series


@transaction.atomic
def series_add_repeat(*, series, user, repeat, kind=None, place=None):
    """Add one repeat (a session of the series) at a date, time and shift."""
    check_field_work_write(user, series.programme_opd)
    previous = series.sessions.order_by("-date", "-start_time").first()
    fields = {
        "date": repeat.date,
        "start_time": repeat.start_time,
        "end_time": repeat.end_time,
        "kind": kind or (previous.kind if previous else "coaching"),
        "place": place if place is not None else (previous.place if previous else ""),
        "topic": series.topic,
        "unit": series.unit,
    }
    return session_create(
        programme_opd=series.programme_opd,
        user=user,
        fields=fields,
        widyaiswara=[user],
        series=series,
        shift_label=repeat.shift_label,
    )


@transaction.atomic
def series_set_attendance(*, series, session, pegawai, user, attended):
    """Tick (or untick) that `pegawai` came to the repeat `session` of `series`."""
    check_field_work_write(user, series.programme_opd)
    if session.series_id != series.pk:
        raise ValidationError(_("Sesi ini bukan ulangan dari rangkaian ini."))
    _check_people(programme_opd=series.programme_opd, widyaiswara=[], pegawai=[pegawai])
    participant = SessionParticipant.objects.filter(session=session, pegawai=pegawai).first()
    if participant is None:
        if not attended:
            return None
        participant = SessionParticipant(session=session, pegawai=pegawai, attended=True)
        participant.full_clean(validate_unique=False)
        participant.save()
        return participant
    if participant.attended != attended:
        participant.attended = attended
        participant.full_clean()
        participant.save()
    return participant
