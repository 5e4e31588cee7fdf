"""Writes of joint programmes: similar planned activities of several OPDs joined into one
programme run by BPSDM (issue 6)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from insights.models import JointProgramme
from insights.selectors.joint_programmes import joinable_activities
from learning_plans.models import PlanActivity


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
    # The stored duplicate groups no longer hold these activities: scan again (a job).
    from insights.services.duplicate_scans import duplicate_scans_refresh

    duplicate_scans_refresh(user=created_by)
    return joint
