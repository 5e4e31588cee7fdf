"""Joint programmes: similar planned activities of several OPDs run once by BPSDM (issue 6)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning_needs.models import JointProgramme, LearningPlan, PlanActivity, PlanStatus, Realisation
from learning_needs.selectors_dashboard import rupiah

SAVING_RULE = gettext_lazy(
    "Penghematan = jumlah perkiraan biaya kegiatan yang digabung − biaya satu penyelenggaraan bersama. "
    "Biaya satu penyelenggaraan bersama adalah perkiraan yang diisi Admin BPSDM; bila kosong, dipakai "
    "biaya kegiatan termahal dalam kelompok (satu kali penyelenggaraan menggantikan semuanya)."
)


def joint_programme_saving(costs, joint_run_cost=None):
    """The ONE definition of what joining saves (SAVING_RULE). `costs`: the estimated cost of
    each joined activity; `joint_run_cost`: the admin's estimate of one joint run, if any."""
    costs = [Decimal(cost or 0) for cost in costs]
    separate = sum(costs, Decimal(0))
    joint = Decimal(joint_run_cost) if joint_run_cost is not None else max(costs, default=Decimal(0))
    saving = separate - joint
    return {
        "separate_cost": separate,
        "joint_cost": joint,
        "joint_cost_is_estimate": joint_run_cost is not None,
        "saving": saving,
        "separate_cost_display": rupiah(separate),
        "joint_cost_display": rupiah(joint),
        "saving_display": rupiah(saving),
    }


def joinable_activities(programme=None):
    """Planned activities that may still be joined: in the plan in force of an active programme
    OPD, not realised, not already part of a joint programme."""
    plan_in_force = (
        LearningPlan.objects.filter(programme_opd=OuterRef("plan__programme_opd")).order_by("-version").values("pk")[:1]
    )
    activities = (
        PlanActivity.objects.filter(plan_id=plan_in_force, plan__programme_opd__is_active=True)
        .exclude(plan__status=PlanStatus.DIGANTIKAN)
        .exclude(Exists(Realisation.objects.filter(activity=OuterRef("pk"))))
        .exclude(Exists(JointProgramme.activities.through.objects.filter(planactivity=OuterRef("pk"))))
    )
    if programme is not None:
        activities = activities.filter(plan__programme_opd__programme=programme)
    return activities


@transaction.atomic
def joint_programme_create(*, name, description, activities, created_by, joint_run_cost=None):
    """Create a joint programme linking `activities` (two or more, of two or more OPDs, none
    realised or already joined). The competency is set when all their needs share one."""
    chosen = list(
        PlanActivity.objects.select_for_update(of=("self",))
        .filter(pk__in=[activity.pk for activity in activities])
        .select_related("plan__programme_opd")
    )
    joinable = set(joinable_activities().filter(pk__in=[a.pk for a in chosen]).values_list("pk", flat=True))
    errors = []
    if len(chosen) < 2:
        errors.append(_("Pilih sedikitnya dua kegiatan."))
    if len({activity.plan.programme_opd.opd_id for activity in chosen}) < 2:
        errors.append(_("Program bersama menggabungkan kegiatan dari sedikitnya dua OPD."))
    unavailable = [activity.title for activity in chosen if activity.pk not in joinable]
    if unavailable:
        errors.append(
            _("Kegiatan berikut sudah terealisasi, sudah digabung, atau bukan versi rencana terbaru: %(titles)s")
            % {"titles": ", ".join(unavailable)}
        )
    if errors:
        raise ValidationError({"activities": errors})
    competencies = set(
        PlanActivity.needs.through.objects.filter(planactivity__in=chosen).values_list(
            "learningneed__competency_id", flat=True
        )
    )
    joint = JointProgramme(
        name=name.strip(),
        description=description.strip(),
        joint_run_cost=joint_run_cost,
        competency_id=next(iter(competencies)) if len(competencies) == 1 else None,
        created_by=created_by,
    )
    joint.full_clean()
    joint.save()
    joint.activities.set(chosen)
    from learning_needs.services.duplicates import duplicate_groups_refresh  # the finder imports this module

    transaction.on_commit(duplicate_groups_refresh)
    return joint


def joint_programme_summary(joint):
    """The joined activities with OPD, participants and cost, the distinct participants and the
    saving: three queries whatever the number of activities."""
    activities = list(
        joint.activities.select_related("plan__programme_opd__opd", "plan__programme_opd__programme", "form")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("plan__programme_opd__opd__name", "title", "pk")
    )
    people = PlanActivity.participants.through.objects.filter(planactivity__joint_programmes=joint).aggregate(
        n=Count("pegawai", distinct=True), seats=Count("pk"), jp=Sum("planactivity__jp")
    )
    saving = joint_programme_saving([activity.estimated_cost for activity in activities], joint.joint_run_cost)
    for activity in activities:
        activity.estimated_cost_display = rupiah(activity.estimated_cost)
    return {
        "activities": activities,
        "opd_count": len({activity.plan.programme_opd.opd_id for activity in activities}),
        "people": people["n"] or 0,
        "seats": people["seats"] or 0,
        "saving": saving,
    }
