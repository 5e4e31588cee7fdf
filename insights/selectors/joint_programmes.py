"""Reads of joint programmes: similar planned activities of several OPDs run once by BPSDM
(issue 6): what may still be joined, what joining saves, one programme and its summary."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from insights.models import JointProgramme
from insights.selectors.cost import price_activity, unit_costs_for
from intan_wpl.formatting import rupiah
from intan_wpl.models import Role
from learning_plans.models import LearningPlan, PlanActivity
from learning_records.models import Realisation

SAVING_RULE = gettext_lazy(
    "Penghematan = biaya kegiatan yang digabung bila diselenggarakan sendiri-sendiri − biaya satu "
    "penyelenggaraan bersama. Bila setiap bentuk kegiatan bertarif, keduanya dihitung dengan tabel tarif "
    "satuan: tiap kegiatan dengan pesertanya sendiri, dan satu penyelenggaraan bentuk termahal dengan semua "
    "peserta (orang yang sama dihitung sekali) dan JP terbesar; bila belum, dipakai perkiraan biaya tiap "
    "kegiatan dan biaya kegiatan termahal. Perkiraan Admin BPSDM untuk satu penyelenggaraan bersama, bila "
    "diisi, menggantikan biaya bersama."
)
BASIS_TARIFFS = gettext_lazy("tarif satuan")
BASIS_ESTIMATES = gettext_lazy("perkiraan biaya kegiatan (belum semua bentuk bertarif)")


def joint_programme_saving(costs, joint_run_cost=None, *, joint_price=None, basis=BASIS_ESTIMATES):
    """The ONE definition of what joining saves (SAVING_RULE). `costs`: each joined activity's cost
    run on its own; `joint_price`: one joint run priced with the unit-cost table (None: the
    dearest activity); `joint_run_cost`: the admin's estimate of one joint run, which wins."""
    costs = [Decimal(cost or 0) for cost in costs]
    separate = sum(costs, Decimal(0))
    if joint_run_cost is not None:
        joint = Decimal(joint_run_cost)
    elif joint_price is not None:
        joint = Decimal(joint_price)
    else:
        joint = max(costs, default=Decimal(0))
    saving = separate - joint
    return {
        "separate_cost": separate,
        "joint_cost": joint,
        "joint_cost_is_estimate": joint_run_cost is not None,
        "basis": basis,
        "saving": saving,
        "separate_cost_display": rupiah(separate),
        "joint_cost_display": rupiah(joint),
        "saving_display": rupiah(saving),
    }


def priced_saving(activities, people, joint_run_cost=None):
    """joint_programme_saving for activities given as dicts (form_id, jp, participants,
    estimated_cost, year): with the unit-cost table when every form of them has a tariff, else
    with the activities' own estimates (and the basis says which)."""
    tariffs = {}
    lines = []
    for activity in activities:
        year = activity["year"]
        if year not in tariffs:
            tariffs[year] = unit_costs_for(year)
        units, rate = tariffs[year]
        lines.append((activity, units.get(activity["form_id"]), rate))
    if not lines or any(unit is None for _activity, unit, _rate in lines):
        return joint_programme_saving([a["estimated_cost"] for a in activities], joint_run_cost)
    priced = [
        price_activity(unit, rate.widyaiswara_session_rate if rate else 0, jp=a["jp"], participants=a["participants"])
        for a, unit, rate in lines
    ]
    dearest = max(range(len(priced)), key=lambda index: priced[index]["total"])
    _activity, unit, rate = lines[dearest]
    joint = price_activity(
        unit,
        rate.widyaiswara_session_rate if rate else 0,
        jp=max(a["jp"] for a in activities),
        participants=max(people, 1),
    )
    return joint_programme_saving(
        [p["total"] for p in priced], joint_run_cost, joint_price=joint["total"], basis=BASIS_TARIFFS
    )


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
    saving = priced_saving(
        [
            {
                "form_id": activity.form_id,
                "jp": activity.jp,
                "participants": activity.participant_count,
                "estimated_cost": activity.estimated_cost,
                "year": activity.plan.programme_opd.programme.start_date.year,
            }
            for activity in activities
        ],
        people["n"] or 0,
        joint.joint_run_cost,
    )
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
