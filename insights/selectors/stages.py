"""Where each programme OPD stands on the journey, derived from the work recorded (never
typed): the ONE derivation of the stage (STAGE_RULE), used by the dashboard, the home pages
and, through pilots.hooks, the registry pages."""

from django.db.models import (
    Case,
    CharField,
    Exists,
    OuterRef,
    Value,
    When,
)
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from insights.models import Stage
from intan_wpl.query import count_subquery
from learning_needs.models import FieldSession, LearningNeed, Problem
from learning_plans.models import LearningPlan, PlanActivity, PlanStatus
from learning_records.models import Evaluation, Realisation
from pilots.hooks import StageProvider, register_stage_provider
from pilots.models import ProgrammeStatus

STAGES = list(Stage)


# --- Stage: where each programme OPD stands, derived from the work recorded -----------------

STAGE_RULE = _(
    "Tahap dihitung dari pekerjaan yang tercatat, yang tertinggi berlaku: program selesai → Selesai; "
    "ada evaluasi dan sedikitnya separuh kegiatan rencana yang berlaku sudah direalisasikan → Evaluasi; "
    "ada realisasi → Implementasi; ada rencana disetujui → Disetujui; "
    "ada rencana diajukan → Review Kepala OPD; ada kebutuhan pembelajaran atau rencana → Perancangan; "
    "ada masalah kinerja → Pemetaan; ada sesi pendampingan → Identifikasi; selain itu Persiapan."
)


def stage_expression():
    """The Stage of a ProgrammeOpd (OuterRef "pk") as one CASE over EXISTS subqueries: the ONE
    derivation of the stage (STAGE_RULE), highest stage first. Usable in any annotate() on a
    ProgrammeOpd queryset; pilots pages reuse it through annotate_stage()."""
    po = OuterRef("pk")
    plans = LearningPlan.objects.filter(programme_opd=po)
    # One evaluation of an early activity is not the evaluation stage: at least half of the
    # activities of the plan in force must have happened (twice the realised >= the planned).
    planned = count_subquery(
        PlanActivity.objects.filter(plan__programme_opd=po, plan__in=LearningPlan.objects.in_force()),
        "plan__programme_opd",
    )
    realised = count_subquery(
        Realisation.objects.filter(
            activity__plan__programme_opd=po, activity__plan__in=LearningPlan.objects.in_force()
        ),
        "activity__plan__programme_opd",
    )
    return Case(
        When(programme__status=ProgrammeStatus.SELESAI, then=Value(Stage.SELESAI)),
        When(
            Exists(Evaluation.objects.filter(activity__plan__programme_opd=po))
            & GreaterThanOrEqual(realised * 2, planned),
            then=Value(Stage.EVALUASI),
        ),
        When(Exists(Realisation.objects.filter(activity__plan__programme_opd=po)), then=Value(Stage.IMPLEMENTASI)),
        # A superseded version was approved before it was replaced.
        When(
            Exists(plans.in_force()) | Exists(plans.filter(approved_at__isnull=False)),
            then=Value(Stage.DISETUJUI),
        ),
        When(Exists(plans.filter(status=PlanStatus.DIAJUKAN)), then=Value(Stage.REVIEW)),
        When(Exists(LearningNeed.objects.filter(programme_opd=po)) | Exists(plans), then=Value(Stage.PERANCANGAN)),
        When(Exists(Problem.objects.filter(programme_opd=po)), then=Value(Stage.PEMETAAN)),
        When(Exists(FieldSession.objects.filter(programme_opd=po)), then=Value(Stage.IDENTIFIKASI)),
        default=Value(Stage.PERSIAPAN),
        output_field=CharField(),
    )


def annotate_stage(queryset, *, name="stage"):
    """Annotate a ProgrammeOpd queryset with its stage value (a Stage code) under `name`: a
    constant number of queries for any number of OPDs."""
    return queryset.annotate(**{name: stage_expression()})


def stage_step(stage):
    """1-based position of a stage on the journey (for progress display)."""
    return STAGES.index(Stage(stage)) + 1


# --- Joint programmes -------------------------------------------------------------------------


def register_stage_with_registry():
    """Let the registry pages (pilots) show the stage without importing this app."""
    register_stage_provider(StageProvider(annotate=annotate_stage, label=lambda value: Stage(value).label))
