"""The one way a view reaches a learning plan (Rencana Pembelajaran) and its activities.

Reading follows ProgrammeOpd.objects.visible_to (admin all, assigned Widyaiswara, the OPD's
Kepala OPD; anyone else 404). Writing (plan, activities, submit, new version) is for the
Widyaiswara assigned to that programme OPD; reviewing (approve, return) for the Kepala OPD
who heads the plan's OPD. Anyone else in scope gets 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from intan_wpl.formatting import rupiah
from intan_wpl.models import Role
from learning_needs.models import LearningNeed
from learning_needs.selectors.scope import can_write_field_work, get_programme_opd_for_field_work
from learning_plans.models import LearningPlan, PlanActivity, PlanComment, PlanStatus, PlanTransition
from pilots.models import Assignment, AssignmentRole, Pegawai, ProgrammeOpd

EDITABLE_STATUSES = (PlanStatus.DRAF, PlanStatus.PERLU_REVISI)


def can_edit_plans(user, programme_opd):
    """Create and change plans and activities, submit, start a new version."""
    return can_write_field_work(user, programme_opd)


def can_review_plans(user, programme_opd):
    """Approve or return: only the Kepala OPD who heads this plan's OPD."""
    return (
        user.is_authenticated
        and user.role == Role.KEPALA_OPD
        and programme_opd.opd.head_id is not None
        and programme_opd.opd.head_id == user.pk
    )


def check_plan_write(user, programme_opd):
    if not can_edit_plans(user, programme_opd):
        raise PermissionDenied


def check_plan_review(user, programme_opd):
    if not can_review_plans(user, programme_opd):
        raise PermissionDenied


def get_programme_opd_for_plans(user, pk, *, write=False):
    return get_programme_opd_for_field_work(user, pk, write=write)


def _plans_in_scope(user):
    return LearningPlan.objects.visible_to(user).select_related(
        "programme_opd__opd__head",
        "programme_opd__programme",
        "created_by",
        "approved_by",
        "previous_version",
    )


def get_plan_for_user(user, pk, *, write=False, review=False):
    """The plan `pk`: 404 out of scope; 403 when `write` and not the assigned Widyaiswara, or
    when `review` and not the OPD's Kepala OPD."""
    plan = get_object_or_404(_plans_in_scope(user), pk=pk)
    if write:
        check_plan_write(user, plan.programme_opd)
    if review:
        check_plan_review(user, plan.programme_opd)
    return plan


def get_activity_for_user(user, pk, *, write=False):
    activity = get_object_or_404(
        PlanActivity.objects.filter(plan__programme_opd__in=ProgrammeOpd.objects.visible_to(user)).select_related(
            "plan__programme_opd__opd__head", "plan__programme_opd__programme", "form"
        ),
        pk=pk,
    )
    if write:
        check_plan_write(user, activity.plan.programme_opd)
    return activity


PLAN_PAGE_RELATED = (
    "programme_opd__opd__head",
    "programme_opd__programme",
    "created_by",
    "approved_by",
    "previous_version",
)


def plan_in_force(programme_opd):
    """The plan in force of a programme OPD (LearningPlanQuerySet.in_force), or None before the
    first approval. Every figure that counts a plan (realisation, cost, mix, seats) reads this one."""
    return (
        LearningPlan.objects.in_force().filter(programme_opd=programme_opd).select_related(*PLAN_PAGE_RELATED).first()
    )


def plan_in_force_id(programme_opd_ref):
    """The plan in force as a subquery on a programme OPD (an OuterRef), for annotate()."""
    return Subquery(LearningPlan.objects.in_force().filter(programme_opd=programme_opd_ref).values("pk")[:1])


def _working_versions(programme_opd):
    return LearningPlan.objects.filter(programme_opd=programme_opd).order_by("-version")


def working_plan(programme_opd):
    """The version the team works on now: the latest one, whatever its status (a draft of a new
    version is shown as a draft; figures still come from plan_in_force). None before the first."""
    return _working_versions(programme_opd).select_related(*PLAN_PAGE_RELATED).first()


def working_plan_value(programme_opd_ref, field):
    """`field` (status, version, pk) of the working version, as a subquery for annotate()."""
    return Subquery(_working_versions(programme_opd_ref).values(field)[:1])


def plan_activities(plan, *, with_comments=False):
    """The plan's activities with what the plan page and the document show, in a fixed number
    of queries: form, participant count, the needs they answer (with competency)."""
    queryset = (
        PlanActivity.objects.filter(plan=plan)
        .select_related("form")
        .annotate(participant_count=Count("participants", distinct=True))
        .prefetch_related(
            Prefetch(
                "needs",
                queryset=LearningNeed.objects.select_related("competency").order_by("competency__code", "pk"),
            )
        )
        .order_by("start_date", "pk")
    )
    if with_comments:
        queryset = queryset.prefetch_related(
            Prefetch("comments", queryset=PlanComment.objects.select_related("author").order_by("-created_at", "-pk"))
        )
    return queryset


def unanswered_needs(plan):
    """Needs of the plan's programme OPD that no activity of this plan answers."""
    return (
        LearningNeed.objects.filter(programme_opd_id=plan.programme_opd_id)
        .exclude(activities__plan=plan)
        .select_related("competency")
        .order_by("competency__code", "pk")
    )


def plan_versions(programme_opd):
    return list(
        LearningPlan.objects.filter(programme_opd=programme_opd)
        .only("pk", "version", "status", "title", "approved_at", "created_at", "programme_opd_id")
        .order_by("-version")
    )


def plan_timeline(plan):
    """Every transition of the plan, oldest first, with who made it and the review comments."""
    return (
        PlanTransition.objects.filter(plan=plan)
        .select_related("actor")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=PlanComment.objects.filter(activity__isnull=False)
                .select_related("activity")
                .order_by("activity__start_date", "activity_id", "pk"),
            )
        )
        .order_by("created_at", "pk")
    )


def ketua_assignment(programme_opd):
    """The ketua of the Widyaiswara team with the profile (NIP) for the signature block."""
    return (
        Assignment.objects.filter(programme_opd=programme_opd, role=AssignmentRole.KETUA)
        .select_related("widyaiswara__widyaiswara_profile")
        .first()
    )


def plan_writers(programme_opd):
    """The Widyaiswara assigned to the programme OPD (the recipients of review news)."""
    return [assignment.widyaiswara for assignment in programme_opd.assignments.select_related("widyaiswara")]


def programme_opds_with_plans(user):
    """The programme OPDs in the user's scope with every plan version (newest first) and each
    plan's activity count, total JP and cost: a fixed number of queries for any size."""
    plans = (
        LearningPlan.objects.annotate(
            activity_count=Count("activities", distinct=True),
            total_jp=Sum("activities__jp"),
            total_cost=Sum("activities__estimated_cost"),
        )
        .select_related("approved_by")
        .order_by("-version")
    )
    return (
        ProgrammeOpd.objects.visible_to(user)
        .select_related("opd", "programme")
        .prefetch_related(Prefetch("learning_plans", queryset=plans, to_attr="plans"))
        .annotate(need_count=Count("learning_needs", distinct=True))
        .order_by("-programme__start_date", "opd__name", "pk")
    )


def status_filter(queryset, status):
    """Programme OPDs whose latest plan has `status` ("belum" = no plan yet)."""
    if status == "belum":
        return queryset.filter(learning_plans__isnull=True)
    if status in PlanStatus.values:
        return queryset.annotate(latest_status=working_plan_value(OuterRef("pk"), "status")).filter(
            latest_status=status
        )
    return queryset


# --- Comparing two versions ---------------------------------------------------------------------


@dataclass
class FieldDiff:
    label: str
    old: str
    new: str

    @property
    def changed(self):
        return self.old != self.new


@dataclass
class ActivityDiff:
    """One activity across two versions: added (only new), removed (only old), changed or same."""

    old: object
    new: object
    fields: list

    @property
    def state(self):
        if self.old is None:
            return "ditambah"
        if self.new is None:
            return "dihapus"
        return "diubah" if any(f.changed for f in self.fields) else "tetap"

    @property
    def changed_labels(self):
        return [f.label for f in self.fields if f.changed]

    @property
    def title(self):
        return (self.new or self.old).title

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


STATE_LABELS = {
    "ditambah": _("Ditambahkan"),
    "dihapus": _("Dihapus"),
    "diubah": _("Diubah"),
    "tetap": _("Tidak berubah"),
}


def activity_values(activity):
    """What the comparison shows of an activity, as text, in a fixed order."""
    if activity is None:
        return None

    def date(value):
        return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"

    return [
        (_("Bentuk pengembangan"), f"{activity.form.lan_code} {activity.form.name}"),
        (_("Nama kegiatan"), activity.title),
        (_("Uraian"), activity.description or "—"),
        (_("Kebutuhan yang dijawab"), ", ".join(sorted(str(n.competency) for n in activity.needs.all())) or "—"),
        (_("Peserta"), ", ".join(sorted(p.name for p in activity.participants.all())) or "—"),
        (_("Jabatan sasaran"), activity.target_positions or "—"),
        (_("Jadwal"), f"{date(activity.start_date)} s.d. {date(activity.end_date)}"),
        (_("Penanggung jawab"), activity.person_in_charge or "—"),
        (_("Penyelenggara"), activity.organiser or "—"),
        (_("JP"), formats.number_format(activity.jp, 1)),
        (_("Perkiraan biaya"), rupiah(activity.estimated_cost)),
        (_("RHK / indikator"), activity.rhk_indicator or "—"),
        (_("Ukuran keberhasilan"), activity.success_measure or "—"),
    ]


def _compared_activities(plan):
    return list(
        PlanActivity.objects.filter(plan=plan)
        .select_related("form")
        .prefetch_related(
            Prefetch("needs", queryset=LearningNeed.objects.select_related("competency")),
            Prefetch("participants", queryset=Pegawai.objects.only("pk", "name")),
        )
        .order_by("start_date", "pk")
    )


def compare_versions(first, second):
    """Compare two versions of one programme OPD's plan (older on the left). Activities are
    matched through their source_activity chain, across any versions in between."""
    older, newer = sorted([first, second], key=lambda plan: plan.version)
    old_activities = _compared_activities(older)
    new_activities = _compared_activities(newer)
    source_of = dict(
        PlanActivity.objects.filter(
            plan__programme_opd_id=older.programme_opd_id,
            plan__version__gte=older.version,
            plan__version__lte=newer.version,
        ).values_list("pk", "source_activity_id")
    )
    old_by_pk = {activity.pk: activity for activity in old_activities}
    matched = {}
    for activity in new_activities:
        seen, pk = set(), activity.source_activity_id
        while pk is not None and pk not in seen and pk not in old_by_pk:
            seen.add(pk)
            pk = source_of.get(pk)
        if pk in old_by_pk and pk not in matched.values():
            matched[activity.pk] = pk

    diffs = []
    for activity in new_activities:
        old = old_by_pk.get(matched.get(activity.pk))
        diffs.append(_diff(old, activity))
    kept = set(matched.values())
    diffs.extend(_diff(activity, None) for activity in old_activities if activity.pk not in kept)
    plan_fields = [
        FieldDiff(str(_("Judul")), older.title, newer.title),
        FieldDiff(str(_("Ringkasan strategi")), older.summary or "—", newer.summary or "—"),
    ]
    return {
        "older": older,
        "newer": newer,
        "plan_fields": plan_fields,
        "diffs": diffs,
        "summary": [(state, label, sum(1 for d in diffs if d.state == state)) for state, label in STATE_LABELS.items()],
        "old_activities": old_activities,
        "new_activities": new_activities,
    }


def _diff(old, new):
    old_values, new_values = activity_values(old), activity_values(new)
    base = new_values or old_values
    fields = []
    for index, (label, _value) in enumerate(base):
        fields.append(
            FieldDiff(
                str(label),
                old_values[index][1] if old_values else "",
                new_values[index][1] if new_values else "",
            )
        )
    return ActivityDiff(old=old, new=new, fields=fields)
