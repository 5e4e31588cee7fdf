"""Each person's day: what waits for them (plans to review, plans returned for revision,
follow-ups due, roster imports with errors) and the agenda of the coming two weeks (sessions,
activities of plans in force, follow-up deadlines), scoped like every other read."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intan_wpl.formatting import short_date
from intan_wpl.models import Role
from learning_needs.models import FieldSession, FollowUp
from learning_plans.models import LearningPlan, PlanActivity, PlanStatus
from pilots.models import Opd, ProgrammeOpd, RosterImport, RosterImportStatus

AGENDA_DAYS = 14
FOLLOW_UP_NOTICE_DAYS = 7  # a follow-up shows as due a week before its deadline
IMPORT_NOTICE_DAYS = 30


@dataclass
class TodoItem:
    kind: str
    text: str
    url: str


@dataclass
class AgendaItem:
    uid: str
    day: date
    kind: str
    title: str
    where: str
    url: str
    start: time | None = None
    end: time | None = None
    last_day: date | None = None

    def starts_at(self):
        return timezone.make_aware(datetime.combine(self.day, self.start)) if self.start else None

    def ends_at(self):
        return timezone.make_aware(datetime.combine(self.day, self.end)) if self.end else None


def _latest_versions(programme_opds):
    """The working (latest) version of each programme OPD's plan."""
    newer = LearningPlan.objects.filter(programme_opd=OuterRef("programme_opd"), version__gt=OuterRef("version"))
    return LearningPlan.objects.filter(programme_opd__in=programme_opds).exclude(Exists(newer))


def _plans_todo(user, scope):
    plans = _latest_versions(scope).select_related("programme_opd__opd").order_by("programme_opd__opd__name")
    if user.role == Role.KEPALA_OPD:
        return [
            TodoItem(
                _("Tinjau rencana"),
                _("%(opd)s mengajukan rencana pembelajaran.") % {"opd": plan.programme_opd.opd.name},
                reverse("learning_plans:plan_review", args=[plan.pk]),
            )
            for plan in plans.filter(status=PlanStatus.DIAJUKAN, programme_opd__opd__head=user)
        ]
    if user.role == Role.WIDYAISWARA:
        return [
            TodoItem(
                _("Perlu revisi"),
                _("Rencana %(opd)s dikembalikan Kepala OPD untuk direvisi.") % {"opd": plan.programme_opd.opd.name},
                reverse("learning_plans:plan_detail", args=[plan.pk]),
            )
            for plan in plans.filter(status=PlanStatus.PERLU_REVISI)
        ]
    return []


def _follow_ups_todo(scope):
    due = timezone.localdate() + timedelta(days=FOLLOW_UP_NOTICE_DAYS)
    follow_ups = (
        FollowUp.objects.filter(session__programme_opd__in=scope, done=False, due_date__lte=due)
        .select_related("session__programme_opd__opd")
        .order_by("due_date", "pk")
    )
    return [
        TodoItem(
            _("Tindak lanjut jatuh tempo"),
            _("%(action)s (%(opd)s), tenggat %(due)s.")
            % {
                "action": follow_up.action,
                "opd": follow_up.session.programme_opd.opd.short_name,
                "due": short_date(follow_up.due_date),
            },
            reverse("learning_needs:session_detail", args=[follow_up.session_id]),
        )
        for follow_up in follow_ups
    ]


def _imports_todo(user):
    """Rejected roster imports of the last weeks not followed by a committed one for the OPD."""
    since = timezone.now() - timedelta(days=IMPORT_NOTICE_DAYS)
    later = RosterImport.objects.filter(
        opd=OuterRef("opd"), status=RosterImportStatus.COMMITTED, created_at__gt=OuterRef("created_at")
    )
    rejected = (
        RosterImport.objects.filter(opd__in=Opd.objects.visible_to(user), status=RosterImportStatus.REJECTED)
        .filter(created_at__gte=since)
        .exclude(Exists(later))
        .select_related("opd")
        .order_by("-created_at")
    )
    return [
        TodoItem(
            _("Impor dengan kesalahan"),
            _("%(file)s untuk %(opd)s: %(n)s kesalahan.")
            % {"file": item.original_name, "opd": item.opd.short_name, "n": len(item.errors)},
            reverse("pilots:roster_import_preview", args=[item.pk]),
        )
        for item in rejected
    ]


def todo_for(user):
    """What waits for `user`, most pressing first, in a fixed number of queries."""
    scope = ProgrammeOpd.objects.visible_to(user)
    items = _plans_todo(user, scope) + _follow_ups_todo(scope)
    if user.role == Role.ADMIN:
        items += _imports_todo(user)
    return items


def agenda_for(user, *, start=None, days=AGENDA_DAYS):
    """Sessions, activities of plans in force and follow-up deadlines from `start` (today) for
    `days` days, in date order; three queries."""
    start = start or timezone.localdate()
    end = start + timedelta(days=days - 1)
    scope = ProgrammeOpd.objects.visible_to(user)
    items = []
    sessions = FieldSession.objects.filter(programme_opd__in=scope, date__range=(start, end)).select_related(
        "programme_opd__opd"
    )
    for session in sessions:
        items.append(AgendaItem(f"sesi-{session.pk}", session.date, _("Sesi"), session.topic,
                                session.programme_opd.opd.short_name,
                                reverse("learning_needs:session_detail", args=[session.pk]),
                                start=session.start_time, end=session.end_time))  # fmt: skip
    activities = (
        PlanActivity.objects.filter(plan__in=LearningPlan.objects.in_force(), plan__programme_opd__in=scope)
        .filter(Q(start_date__range=(start, end)) | Q(start_date__lt=start, end_date__gte=start))
        .select_related("plan__programme_opd__opd")
    )
    for activity in activities:
        items.append(AgendaItem(f"kegiatan-{activity.pk}", max(activity.start_date, start), _("Kegiatan"),
                                activity.title, activity.plan.programme_opd.opd.short_name,
                                reverse("learning_plans:plan_detail", args=[activity.plan_id]),
                                last_day=activity.end_date))  # fmt: skip
    follow_ups = FollowUp.objects.filter(
        session__programme_opd__in=scope, done=False, due_date__range=(start, end)
    ).select_related("session__programme_opd__opd")
    for follow_up in follow_ups:
        items.append(AgendaItem(f"tindak-lanjut-{follow_up.pk}", follow_up.due_date, _("Tenggat tindak lanjut"),
                                follow_up.action, follow_up.session.programme_opd.opd.short_name,
                                reverse("learning_needs:session_detail", args=[follow_up.session_id])))  # fmt: skip
    items.sort(key=lambda item: (item.day, item.start or time.min, item.title))
    return items
