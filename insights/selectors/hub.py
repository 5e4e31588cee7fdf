"""The hub of one programme OPD: the journey as six steps (sessions → problem map → needs →
plan → realisation → evaluation), each with what is recorded, its state and the page to open,
counted in one query; the stage comes from the one stage rule (insights.selectors.stages)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from insights.models import Stage
from insights.selectors.stages import STAGE_RULE, annotate_stage
from intan_wpl.query import count_subquery
from learning_needs.models import FieldSession, LearningNeed, Problem
from learning_plans.models import LearningPlan, PlanActivity, PlanStatus
from learning_plans.selectors.plans import working_plan_value
from learning_records.models import Evaluation, Realisation
from pilots.models import ProgrammeOpd

DONE, ONGOING, NOT_STARTED = "selesai", "berjalan", "belum"
STATE_LABELS = {DONE: _("Selesai"), ONGOING: _("Berjalan"), NOT_STARTED: _("Belum dimulai")}


@dataclass
class JourneyStep:
    number: int
    label: str
    url_name: str
    state: str
    summary: str
    is_next: bool = False

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def _figures(programme_opd):
    """Every count the six steps read, in one query."""
    po = OuterRef("pk")
    in_force_activities = PlanActivity.objects.filter(plan__programme_opd=po, plan__in=LearningPlan.objects.in_force())
    return annotate_stage(
        ProgrammeOpd.objects.filter(pk=programme_opd.pk).annotate(
            n_sessions=count_subquery(FieldSession.objects.filter(programme_opd=po), "programme_opd"),
            n_problems=count_subquery(Problem.objects.filter(programme_opd=po), "programme_opd"),
            n_needs=count_subquery(LearningNeed.objects.filter(programme_opd=po), "programme_opd"),
            n_planned=count_subquery(in_force_activities, "plan__programme_opd"),
            n_realised=count_subquery(
                Realisation.objects.filter(
                    activity__plan__programme_opd=po, activity__plan__in=LearningPlan.objects.in_force()
                ),
                "activity__plan__programme_opd",
            ),
            n_evaluated=count_subquery(
                in_force_activities.filter(Exists(Evaluation.objects.filter(activity=OuterRef("pk")))),
                "plan__programme_opd",
            ),
            plan_status=working_plan_value(po, "status"),
        )
    ).values("n_sessions", "n_problems", "n_needs", "n_planned", "n_realised", "n_evaluated", "plan_status", "stage")[0]


def _count_state(count):
    return DONE if count else NOT_STARTED


def _part_state(part, whole):
    if whole and part >= whole:
        return DONE
    return ONGOING if part else NOT_STARTED


def _part(figures, part, whole):
    return {"part": figures[part], "whole": figures[whole]}


def _plan_step(status):
    if status is None:
        return NOT_STARTED, _("Belum ada rencana.")
    label = PlanStatus(status).label
    if status == PlanStatus.DISETUJUI:
        return DONE, _("Rencana disetujui dan berlaku.")
    return ONGOING, _("Versi yang sedang dikerjakan: %(status)s.") % {"status": label}


def opd_journey(programme_opd):
    """(steps, stage label, stage rule) of a programme OPD. The first step not done is marked
    next; a plan in force counts as done even while a newer version is drafted."""
    f = _figures(programme_opd)
    plan_state, plan_summary = _plan_step(f["plan_status"])
    if f["n_planned"] and plan_state != DONE:
        plan_state = DONE
        plan_summary = _("Rencana berlaku; versi baru: %(status)s.") % {"status": PlanStatus(f["plan_status"]).label}
    rows = [
        (_("Sesi pendampingan"), "learning_needs:session_list", _count_state(f["n_sessions"]),
         _("%(n)s sesi tercatat.") % {"n": f["n_sessions"]}),
        (_("Peta masalah"), "learning_needs:problem_list", _count_state(f["n_problems"]),
         _("%(n)s masalah kinerja dipetakan.") % {"n": f["n_problems"]}),
        (_("Kebutuhan belajar"), "learning_needs:need_list", _count_state(f["n_needs"]),
         _("%(n)s kebutuhan belajar.") % {"n": f["n_needs"]}),
        (_("Rencana pembelajaran"), "learning_plans:plan_current", plan_state, plan_summary),
        (_("Realisasi"), "learning_records:realisation_list", _part_state(f["n_realised"], f["n_planned"]),
         _("%(part)s dari %(whole)s kegiatan rencana berlaku terealisasi.") % _part(f, "n_realised", "n_planned")),
        (_("Evaluasi"), "learning_records:evaluation_list", _part_state(f["n_evaluated"], f["n_realised"]),
         _("%(part)s dari %(whole)s kegiatan terealisasi sudah dievaluasi.") % _part(f, "n_evaluated", "n_realised")),
    ]  # fmt: skip
    steps = [JourneyStep(n, *row) for n, row in enumerate(rows, start=1)]
    for step in steps:
        if step.state != DONE:
            step.is_next = True
            break
    return steps, Stage(f["stage"]).label, STAGE_RULE
