"""Reads of joint programmes: similar planned activities of several OPDs run once by BPSDM
(issue 6): what may still be joined, what joining saves, one programme and its summary."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from insights.models import JointProgramme
from intan_wpl.formatting import rupiah
from intan_wpl.models import Role
from learning_plans.models import LearningPlan, PlanActivity
from learning_records.models import Realisation

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
    activities = (
        PlanActivity.objects.filter(plan__in=LearningPlan.objects.in_force(), plan__programme_opd__is_active=True)
        .exclude(Exists(Realisation.objects.filter(activity=OuterRef("pk"))))
        .exclude(Exists(JointProgramme.activities.through.objects.filter(planactivity=OuterRef("pk"))))
    )
    if programme is not None:
        activities = activities.filter(plan__programme_opd__programme=programme)
    return activities


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


def get_activity_for_dismissal(user, pk):
    """A planned activity the admin judges in the duplicate finder: 403 for anyone else."""
    if user.role != Role.ADMIN:
        raise PermissionDenied
    return get_object_or_404(PlanActivity.objects.select_related("plan__programme_opd__opd"), pk=pk)


def get_joint_programme_for_user(user, pk):
    """A joint programme, for the BPSDM admin who forms them: 403 for anyone else, 404 when missing."""
    if user.role != Role.ADMIN:
        raise PermissionDenied
    return get_object_or_404(JointProgramme.objects.select_related("created_by", "competency"), pk=pk)
