"""Writes of the learning plan (Rencana Pembelajaran): the plan and its activities, the review
workflow Draf -> Diajukan -> Perlu Revisi / Disetujui, versions, and the 70:20:10 mix.

Every rule is enforced here, not by hiding buttons: who may act (the assigned Widyaiswara
writes and submits, the Kepala OPD heading the plan's OPD reviews), what a status allows
(a submitted, approved or superseded plan is locked), and that no update is lost silently
(optimistic locking: a form posts the lock_version it was built from; the write is a
compare-and-set on it). Every status change is a PlanTransition and a notification to the
other side, in the portal and by email.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intan_wpl.concurrency import ConcurrentEditError
from intan_wpl.deletion import delete_if_unused
from intan_wpl.services.notifications import notify
from learning_plans.models import (
    LearningPlan,
    PlanActivity,
    PlanComment,
    PlanStatus,
    PlanTransition,
)
from learning_plans.selectors.plans import EDITABLE_STATUSES, check_plan_review, check_plan_write, plan_writers

ACTIVITY_FIELDS = (
    "form",
    "title",
    "description",
    "target_positions",
    "start_date",
    "end_date",
    "person_in_charge",
    "organiser",
    "jp",
    "estimated_cost",
    "rhk_indicator",
    "success_measure",
)
PLAN_FIELDS = ("title", "summary")


# --- Errors a view shows as they are ----------------------------------------------------------


class PlanLockedError(ValidationError):
    """The plan's status does not allow this change."""


def locked_message(plan):
    status = plan.get_status_display()
    if plan.status == PlanStatus.DIAJUKAN:
        return _(
            "Rencana ini sedang diajukan kepada Kepala OPD sehingga terkunci: tunggu keputusan review "
            "sebelum mengubahnya."
        )
    if plan.status == PlanStatus.DISETUJUI:
        return _(
            "Rencana ini sudah disetujui sehingga terkunci. Untuk mengubahnya, buat versi baru (tombol "
            "“Buat versi baru”)."
        )
    if plan.status == PlanStatus.DIGANTIKAN:
        return _("Versi ini sudah digantikan versi yang lebih baru dan tidak dapat diubah.")
    return _("Rencana berstatus “%(status)s” tidak dapat diubah.") % {"status": status}


def _plan_url(plan):
    return reverse("learning_plans:plan_detail", args=[plan.pk])


def _plan_label(plan):
    return _("Rencana Pembelajaran %(opd)s versi %(version)s") % {
        "opd": plan.programme_opd.opd.short_name,
        "version": plan.version,
    }


# --- Compare-and-set ----------------------------------------------------------------------------


def _claim_plan(plan, *, statuses, lock_version=None, status_error=None):
    """Bump the plan's lock_version only if it still has one of `statuses` (and, when given, the
    `lock_version` the form was built from). Returns the plan as stored, locked for this
    transaction. Raises PlanLockedError or ConcurrentEditError and writes nothing otherwise."""
    claim = LearningPlan.objects.filter(pk=plan.pk, status__in=statuses)
    if lock_version is not None:
        claim = claim.filter(lock_version=lock_version)
    claimed = claim.update(lock_version=F("lock_version") + 1)
    current = (
        # of=("self",): PostgreSQL cannot lock the nullable side of the join to the head.
        LearningPlan.objects.select_for_update(of=("self",))
        .select_related("programme_opd__opd__head", "programme_opd__programme")
        .get(pk=plan.pk)
    )
    if claimed:
        return current
    if current.status not in statuses:
        raise PlanLockedError(status_error(current) if status_error else locked_message(current), code="locked")
    raise ConcurrentEditError(current=current, kind=_("Rencana"))


def _check_plan_editable(plan):
    """For writes that do not change the plan row itself (adding or removing an activity)."""
    current = LearningPlan.objects.select_for_update().only("pk", "status").get(pk=plan.pk)
    if current.status not in EDITABLE_STATUSES:
        plan.status = current.status
        raise PlanLockedError(locked_message(current), code="locked")


def _save_plan(plan, actor):
    plan._history_user = actor
    plan.full_clean()
    plan.save()


def _record(plan, *, from_status, to_status, actor, note=""):
    return PlanTransition.objects.create(
        plan=plan, from_status=from_status, to_status=to_status, actor=actor, note=note
    )


# --- The plan -----------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, programme_opd, actor, title, summary=""):
    """Version 1 of the programme OPD's plan, in Draf."""
    check_plan_write(actor, programme_opd)
    if LearningPlan.objects.filter(programme_opd=programme_opd).exists():
        raise ValidationError(
            _("OPD ini sudah memiliki rencana pembelajaran: ubah versi yang ada atau buat versi baru."),
            code="exists",
        )
    plan = LearningPlan(
        programme_opd=programme_opd,
        version=1,
        title=title,
        summary=summary,
        status=PlanStatus.DRAF,
        created_by=actor,
    )
    plan._history_user = actor
    plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:
        raise ValidationError(
            _("OPD ini baru saja dibuatkan rencana pembelajaran oleh orang lain: muat ulang halaman."),
            code="exists",
        ) from error
    _record(plan, from_status="", to_status=PlanStatus.DRAF, actor=actor, note=_("Rencana dibuat."))
    notify(
        recipients=[programme_opd.opd.head],
        exclude=actor,
        message=_("%(who)s mulai menyusun %(plan)s.") % {"who": actor.display_name, "plan": _plan_label(plan)},
        url=_plan_url(plan),
    )
    return plan


@transaction.atomic
def plan_update(*, plan, actor, lock_version, title, summary=""):
    check_plan_write(actor, plan.programme_opd)
    current = _claim_plan(plan, statuses=EDITABLE_STATUSES, lock_version=lock_version)
    current.title = title
    current.summary = summary
    _save_plan(current, actor)
    return current


@transaction.atomic
def plan_submit(*, plan, actor, note=""):
    """Draf or Perlu Revisi -> Diajukan, by the assigned Widyaiswara; needs at least one activity."""
    check_plan_write(actor, plan.programme_opd)
    if not PlanActivity.objects.filter(plan=plan).exists():
        raise ValidationError(
            _("Rencana belum memiliki kegiatan: tambahkan minimal satu kegiatan sebelum mengajukannya."),
            code="empty",
        )
    current = _claim_plan(
        plan,
        statuses=EDITABLE_STATUSES,
        status_error=lambda p: (
            _("Rencana berstatus “%(status)s” tidak dapat diajukan.") % {"status": p.get_status_display()}
        ),
    )
    from_status = current.status
    current.status = PlanStatus.DIAJUKAN
    current.submitted_at = timezone.now()
    _save_plan(current, actor)
    transition = _record(current, from_status=from_status, to_status=PlanStatus.DIAJUKAN, actor=actor, note=note)
    message = _("%(who)s mengajukan %(plan)s untuk ditinjau.") % {
        "who": actor.display_name,
        "plan": _plan_label(current),
    }
    notify(
        recipients=[current.programme_opd.opd.head],
        exclude=actor,
        message=message,
        body=message + (f"\n\n{_('Catatan')}: {note}" if note else ""),
        url=_plan_url(current),
    )
    return transition


def _review_status_error(plan):
    return _("Hanya rencana berstatus Diajukan yang dapat ditinjau; rencana ini berstatus “%(status)s”.") % {
        "status": plan.get_status_display()
    }


@transaction.atomic
def plan_return(*, plan, actor, note, activity_comments=None):
    """Diajukan -> Perlu Revisi, by the Kepala OPD, with a general comment and optional comments
    on single activities ({activity or activity pk: text}; blank texts are ignored)."""
    check_plan_review(actor, plan.programme_opd)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Tuliskan catatan umum: apa yang perlu diperbaiki Widyaiswara.")}, code="required"
        )
    comments = {}
    for key, text in (activity_comments or {}).items():
        text = (text or "").strip()
        if text:
            comments[getattr(key, "pk", key)] = text
    activities = PlanActivity.objects.in_bulk(list(comments)) if comments else {}
    if any(pk not in activities or activities[pk].plan_id != plan.pk for pk in comments):
        raise ValidationError(_("Komentar hanya dapat diberikan pada kegiatan rencana ini."), code="foreign_activity")
    current = _claim_plan(plan, statuses=(PlanStatus.DIAJUKAN,), status_error=_review_status_error)
    current.status = PlanStatus.PERLU_REVISI
    _save_plan(current, actor)
    transition = _record(
        current, from_status=PlanStatus.DIAJUKAN, to_status=PlanStatus.PERLU_REVISI, actor=actor, note=note
    )
    PlanComment.objects.bulk_create(
        [PlanComment(plan=current, transition=transition, author=actor, text=note)]
        + [
            PlanComment(plan=current, activity=activities[pk], transition=transition, author=actor, text=text)
            for pk, text in comments.items()
        ]
    )
    message = _("%(who)s mengembalikan %(plan)s untuk direvisi.") % {
        "who": actor.display_name,
        "plan": _plan_label(current),
    }
    body = [message, "", _("Catatan umum: %(note)s") % {"note": note}]
    for pk, text in comments.items():
        body.append(_("Kegiatan “%(title)s”: %(text)s") % {"title": activities[pk].title, "text": text})
    notify(
        recipients=plan_writers(current.programme_opd),
        exclude=actor,
        message=message,
        body="\n".join(body),
        url=_plan_url(current),
    )
    return transition


@transaction.atomic
def plan_approve(*, plan, actor, note=""):
    """Diajukan -> Disetujui, by the Kepala OPD. The version approved before it becomes Digantikan."""
    check_plan_review(actor, plan.programme_opd)
    current = _claim_plan(plan, statuses=(PlanStatus.DIAJUKAN,), status_error=_review_status_error)
    # The version in force steps down first: there is only ever one plan in force per OPD.
    superseded = list(
        LearningPlan.objects.in_force()
        .select_for_update()
        .filter(programme_opd_id=current.programme_opd_id)
        .exclude(pk=current.pk)
    )
    for old in superseded:
        old.status = PlanStatus.DIGANTIKAN
        old.lock_version += 1
        _save_plan(old, actor)
    current.status = PlanStatus.DISETUJUI
    current.approved_at = timezone.now()
    current.approved_by = actor
    _save_plan(current, actor)
    transition = _record(
        current, from_status=PlanStatus.DIAJUKAN, to_status=PlanStatus.DISETUJUI, actor=actor, note=note
    )
    for old in superseded:
        _record(
            old,
            from_status=PlanStatus.DISETUJUI,
            to_status=PlanStatus.DIGANTIKAN,
            actor=actor,
            note=_("Digantikan oleh versi %(version)s yang disetujui.") % {"version": current.version},
        )
    message = _("%(who)s menyetujui %(plan)s.") % {"who": actor.display_name, "plan": _plan_label(current)}
    notify(
        recipients=plan_writers(current.programme_opd),
        exclude=actor,
        message=message,
        body=message + (f"\n\n{_('Catatan')}: {note}" if note else ""),
        url=_plan_url(current),
    )
    return transition


@transaction.atomic
def plan_new_version(*, plan, actor):
    """Change an approved plan: copy it with its activities (needs, participants, source_activity)
    as version N+1 in Draf. The approved version stays in force until the new one is approved."""
    check_plan_write(actor, plan.programme_opd)
    current = (
        # of=("self",): PostgreSQL cannot lock the nullable side of the join to the head.
        LearningPlan.objects.select_for_update(of=("self",))
        .select_related("programme_opd__opd__head", "programme_opd__programme")
        .get(pk=plan.pk)
    )
    if current.status != PlanStatus.DISETUJUI:
        raise PlanLockedError(
            _("Versi baru hanya dibuat dari rencana yang disetujui; versi ini berstatus “%(status)s”.")
            % {"status": current.get_status_display()},
            code="locked",
        )
    newer = (
        LearningPlan.objects.filter(programme_opd_id=current.programme_opd_id, version__gt=current.version)
        .order_by("version")
        .first()
    )
    if newer is not None:
        raise ValidationError(
            _("Sudah ada versi %(version)s (%(status)s) dari rencana ini: lanjutkan di sana.")
            % {"version": newer.version, "status": newer.get_status_display()},
            code="newer_exists",
        )
    last = LearningPlan.objects.filter(programme_opd_id=current.programme_opd_id).aggregate(v=Max("version"))["v"]
    copy = LearningPlan(
        programme_opd=current.programme_opd,
        version=(last or 0) + 1,
        previous_version=current,
        title=current.title,
        summary=current.summary,
        status=PlanStatus.DRAF,
        created_by=actor,
    )
    copy._history_user = actor
    copy.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Versi baru baru saja dibuat oleh orang lain: muat ulang halaman."), code="newer_exists"
        ) from error
    _copy_activities(current, copy, actor)
    _record(
        copy,
        from_status="",
        to_status=PlanStatus.DRAF,
        actor=actor,
        note=_("Versi %(version)s dibuat untuk mengubah versi %(previous)s yang disetujui.")
        % {"version": copy.version, "previous": current.version},
    )
    notify(
        recipients=[current.programme_opd.opd.head],
        exclude=actor,
        message=_("%(who)s membuat versi %(version)s untuk mengubah %(plan)s; versi yang disetujui tetap berlaku.")
        % {"who": actor.display_name, "version": copy.version, "plan": _plan_label(current)},
        url=_plan_url(copy),
    )
    return copy


def _copy_activities(source, target, actor):
    """Copy every activity of `source` into `target` with its needs and participants; each copy
    remembers its source, so versions can be compared and realisation follows the activity."""
    originals = PlanActivity.objects.filter(plan=source).prefetch_related("needs", "participants").order_by("pk")
    for original in originals:
        duplicate = PlanActivity(plan=target, source_activity=original)
        for name in ACTIVITY_FIELDS:
            setattr(duplicate, name, getattr(original, name))
        duplicate._history_user = actor
        duplicate.save()
        duplicate.needs.set(original.needs.all())
        duplicate.participants.set(original.participants.all())


# --- Activities ---------------------------------------------------------------------------------


def _check_activity_links(*, programme_opd, needs, participants):
    errors = {}
    if any(need.programme_opd_id != programme_opd.pk for need in needs):
        errors["needs"] = _("Pilih kebutuhan belajar dari OPD ini saja.")
    if any(pegawai.opd_id != programme_opd.opd_id for pegawai in participants):
        errors["participants"] = _("Peserta harus pegawai OPD ini.")
    if errors:
        raise ValidationError(errors)


def _apply_activity_fields(activity, fields, *, creating):
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unexpected activity fields: {sorted(unknown)}")
    new_form = fields.get("form", activity.form if activity.form_id else None)
    if new_form is not None and not new_form.is_active and (creating or new_form.pk != activity.form_id):
        raise ValidationError({"form": _("Bentuk pengembangan ini sudah tidak aktif: pilih bentuk lain.")})
    for name, value in fields.items():
        setattr(activity, name, value)
    if activity.jp is None and new_form is not None:
        activity.jp = new_form.default_jp
    if activity.estimated_cost is None:
        activity.estimated_cost = Decimal(0)


@transaction.atomic
def activity_create(*, plan, actor, needs=(), participants=(), **fields):
    """Add an activity to a plan in Draf or Perlu Revisi. JP left empty takes the form's default."""
    check_plan_write(actor, plan.programme_opd)
    _check_plan_editable(plan)
    needs, participants = list(needs), list(participants)
    _check_activity_links(programme_opd=plan.programme_opd, needs=needs, participants=participants)
    activity = PlanActivity(plan=plan)
    _apply_activity_fields(activity, fields, creating=True)
    activity._history_user = actor
    activity.full_clean()
    activity.save()
    activity.needs.set(needs)
    activity.participants.set(participants)
    return activity


@transaction.atomic
def activity_update(*, activity, actor, lock_version, needs=None, participants=None, **fields):
    """Change an activity; refused when the plan is locked or somebody saved it meanwhile."""
    programme_opd = activity.plan.programme_opd
    check_plan_write(actor, programme_opd)
    needs = None if needs is None else list(needs)
    participants = None if participants is None else list(participants)
    _check_activity_links(programme_opd=programme_opd, needs=needs or [], participants=participants or [])
    claimed = PlanActivity.objects.filter(
        pk=activity.pk, lock_version=lock_version, plan__status__in=EDITABLE_STATUSES
    ).update(lock_version=F("lock_version") + 1)
    current = PlanActivity.objects.select_related("plan", "form").filter(pk=activity.pk).first()
    if current is None:
        raise ValidationError(_("Kegiatan ini sudah dihapus oleh orang lain."), code="gone")
    if not claimed:
        if current.plan.status not in EDITABLE_STATUSES:
            raise PlanLockedError(locked_message(current.plan), code="locked")
        raise ConcurrentEditError(current=current, kind=_("Kegiatan"))
    _apply_activity_fields(current, fields, creating=False)
    current._history_user = actor
    current.full_clean()
    current.save()
    if needs is not None:
        current.needs.set(needs)
    if participants is not None:
        current.participants.set(participants)
    return current


@transaction.atomic
def activity_delete(*, activity, actor):
    """Delete an activity of an editable plan; returns what blocks it (e.g. a realisation), [] when deleted."""
    check_plan_write(actor, activity.plan.programme_opd)
    _check_plan_editable(activity.plan)
    activity._history_user = actor
    return delete_if_unused(activity)
