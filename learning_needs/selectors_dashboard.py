"""Figures of the BPSDM dashboard (issue 6), read straight from the recorded work.

Every figure is an aggregate computed by the database: one query annotates each programme
OPD of a page with all its numbers (correlated subqueries, no row multiplication), one query
sums them over the whole selection, one counts the stages, one gives the Widyaiswara load.
Python only turns each result row into percentages and Rupiah, so the number of queries is
the same at 10 or 2,000 programme OPDs. The result is cached briefly (CACHE_SECONDS) per
filter and per user scope; a change shows up when that short cache expires.
"""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import Role
from learning_needs.models import (
    CompetencyGroup,
    Evaluation,
    FieldSession,
    FollowUp,
    JointProgramme,
    JpCredit,
    LearningFamily,
    LearningNeed,
    LearningPlan,
    LearningSettings,
    PlanActivity,
    PlanStatus,
    Problem,
    Realisation,
)
from pilots.models import Assignment, AssignmentRole, Pegawai, ProgrammeOpd, ProgrammeStatus, Stage

CACHE_SECONDS = 60
PAGE_SIZE = 25
WIDYAISWARA_SHOWN = 30

FAMILIES = [LearningFamily.PENGALAMAN, LearningFamily.SOSIAL, LearningFamily.FORMAL]
GROUPS = [CompetencyGroup.TEKNIS, CompetencyGroup.MANAJERIAL, CompetencyGroup.SOSIAL_KULTURAL]
STAGES = list(Stage)

MONEY = DecimalField(max_digits=20, decimal_places=1)

# --- Stage: where each programme OPD stands, derived from the work recorded -----------------

STAGE_RULE = _(
    "Tahap dihitung dari pekerjaan yang tercatat, yang tertinggi berlaku: program selesai → Selesai; "
    "ada evaluasi → Evaluasi; ada realisasi → Implementasi; ada rencana disetujui → Disetujui; "
    "ada rencana diajukan → Review Kepala OPD; ada kebutuhan pembelajaran atau rencana → Perancangan; "
    "ada masalah kinerja → Pemetaan; ada sesi pendampingan → Identifikasi; selain itu Persiapan."
)


def stage_expression():
    """The Stage of a ProgrammeOpd (OuterRef "pk") as one CASE over EXISTS subqueries: the ONE
    derivation of the stage (STAGE_RULE), highest stage first. Usable in any annotate() on a
    ProgrammeOpd queryset; pilots pages reuse it through annotate_stage()."""
    po = OuterRef("pk")
    plans = LearningPlan.objects.filter(programme_opd=po)
    return Case(
        When(programme__status=ProgrammeStatus.SELESAI, then=Value(Stage.SELESAI)),
        When(Exists(Evaluation.objects.filter(activity__plan__programme_opd=po)), then=Value(Stage.EVALUASI)),
        When(Exists(Realisation.objects.filter(activity__plan__programme_opd=po)), then=Value(Stage.IMPLEMENTASI)),
        # A superseded version was approved before it was replaced.
        When(
            Exists(plans.filter(Q(status=PlanStatus.DISETUJUI) | Q(approved_at__isnull=False))),
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


def current_plan_id(programme_opd_ref):
    """Subquery: the latest version of a programme OPD's learning plan (the plan in force)."""
    return Subquery(LearningPlan.objects.filter(programme_opd=programme_opd_ref).order_by("-version").values("pk")[:1])


# --- Money: the classroom comparison (item 3) ------------------------------------------------

CLASSROOM_RULE = _(
    "Biaya klasikal pembanding = untuk setiap kegiatan rencana, jumlah peserta (minimal 1) × (biaya "
    "klasikal per peserta + biaya klasikal per JP × JP kegiatan). Artinya setiap kegiatan diganti satu "
    "pelatihan klasikal dengan peserta dan JP yang sama. Penghematan = biaya klasikal pembanding − "
    "perkiraan biaya rencana WPL."
)
MIX_RULE = _(
    "Komposisi rencana dibobot JP × jumlah peserta (minimal 1 per kegiatan) dari rencana versi terakhir; "
    "komposisi realisasi memakai JP yang diakui kepada pegawai dari kegiatan yang terealisasi."
)


def classroom_equivalent_cost(*, seats, seat_jp, learning_settings):
    """Cost of classroom training covering the same needs: the ONE formula (CLASSROOM_RULE).

    seats = Σ participants (at least 1) over the plan's activities; seat_jp = Σ that × JP, the
    weight of the planned 70:20:10 mix (learning_needs.services.plans.activity_weight).
    Σ_a n_a × (per_participant + per_jp × jp_a) = per_participant × seats + per_jp × seat_jp.
    """
    per_participant = Decimal(learning_settings.classroom_cost_per_participant)
    per_jp = Decimal(learning_settings.classroom_cost_per_jp)
    return (per_participant * Decimal(seats or 0) + per_jp * Decimal(seat_jp or 0)).quantize(Decimal(1))


def cost_comparison(*, wpl_cost, seats, seat_jp, learning_settings):
    wpl = Decimal(wpl_cost or 0).quantize(Decimal(1))
    classroom = classroom_equivalent_cost(seats=seats, seat_jp=seat_jp, learning_settings=learning_settings)
    savings = classroom - wpl
    return {
        "wpl_cost": wpl,
        "classroom_cost": classroom,
        "savings": savings,
        "savings_pct": _percent(savings, classroom),
        "wpl_cost_display": rupiah(wpl),
        "classroom_cost_display": rupiah(classroom),
        "savings_display": rupiah(savings),
    }


def rupiah(value):
    """Rupiah the Indonesian way, whatever the active language: Rp1.500.000, -Rp250.000."""
    amount = int(Decimal(value or 0).quantize(Decimal(1)))
    grouped = f"{abs(amount):,}".replace(",", ".")
    return f"{'-' if amount < 0 else ''}Rp{grouped}"


def _percent(part, whole):
    whole = Decimal(whole or 0)
    if not whole:
        return None
    return float((Decimal(part or 0) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- Filters ---------------------------------------------------------------------------------


def default_jp_year(data, programme):
    """The JP year when none is chosen: that of the period (its end, else its start), else the
    end of the chosen programme, else the latest year with credited JP, else this year. So a
    finished pilot's coverage shows without picking its year."""
    if data.get("year"):
        return data["year"]
    anchor = data.get("date_to") or data.get("date_from") or (programme.end_date if programme else None)
    if anchor:
        return anchor.year
    return JpCredit.objects.aggregate(latest=Max("year"))["latest"] or timezone.localdate().year


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard shows. The period selects sessions (date), follow-ups (their session's
    date), problems and needs (date recorded) and realised JP (realisation end date); the plan
    figures are those of the plan in force. JP coverage counts credits of `year`."""

    programme_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    year: int | None = None

    @classmethod
    def from_cleaned(cls, data):
        programme = data.get("programme")
        date_from, date_to = data.get("date_from"), data.get("date_to")
        return cls(programme.pk if programme else None, date_from, date_to, default_jp_year(data, programme))

    def period(self, field):
        q = Q()
        if self.date_from:
            q &= Q(**{f"{field}__gte": self.date_from})
        if self.date_to:
            q &= Q(**{f"{field}__lte": self.date_to})
        return q

    def key(self):
        return f"{self.programme_id}|{self.date_from}|{self.date_to}|{self.year}"


def scope_key(user):
    """Cache scope: every admin sees the same figures; anyone else only their own."""
    return "admin" if user.role == Role.ADMIN else f"user{user.pk}"


def dashboard_programme_opds(user, filters):
    """The programme OPDs the dashboard covers for `user` (scope: ProgrammeOpd.visible_to)."""
    queryset = ProgrammeOpd.objects.visible_to(user).filter(is_active=True)
    if filters.programme_id:
        queryset = queryset.filter(programme_id=filters.programme_id)
    return queryset


# --- Per programme OPD figures ----------------------------------------------------------------


def _count(queryset, key):
    counted = queryset.order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _total(queryset, key, field):
    summed = queryset.order_by().values(key).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(summed, output_field=MONEY), Value(Decimal(0)), output_field=MONEY)


def annotate_figures(queryset, filters, learning_settings):
    """Annotate each programme OPD with every number of its dashboard row (one SELECT)."""
    po = OuterRef("pk")
    plan = OuterRef("current_plan_id")
    seats = PlanActivity.participants.through.objects.filter(planactivity__plan=plan)
    # An activity with nobody named yet still counts as one participant (activity_weight).
    unnamed = PlanActivity.objects.filter(plan=plan).exclude(
        Exists(PlanActivity.participants.through.objects.filter(planactivity=OuterRef("pk")))
    )
    credits = JpCredit.objects.filter(
        filters.period("realisation__end_date"), realisation__activity__plan__programme_opd=po
    )
    needs = LearningNeed.objects.filter(filters.period("created_at__date"), programme_opd=po)
    active_staff = Pegawai.objects.filter(opd=OuterRef("opd_id"), is_active=True)
    year_jp = _total(JpCredit.objects.filter(pegawai=OuterRef("pk"), year=filters.year), "pegawai", "jp")
    covered_staff = active_staff.annotate(year_jp=year_jp).filter(year_jp__gte=learning_settings.pns_min_jp)
    latest_plan = LearningPlan.objects.filter(programme_opd=po).order_by("-version")
    queryset = annotate_stage(queryset).annotate(current_plan_id=current_plan_id(po))
    return queryset.annotate(
        session_count=_count(FieldSession.objects.filter(filters.period("date"), programme_opd=po), "programme_opd"),
        open_follow_up_count=_count(
            FollowUp.objects.filter(filters.period("session__date"), session__programme_opd=po, done=False),
            "session__programme_opd",
        ),
        problem_count=_count(
            Problem.objects.filter(filters.period("created_at__date"), programme_opd=po), "programme_opd"
        ),
        **{f"need_{group}": _count(needs.filter(competency__group=group), "programme_opd") for group in GROUPS},
        plan_status=Subquery(latest_plan.values("status")[:1]),
        plan_version=Subquery(latest_plan.values("version")[:1]),
        activity_count=_count(PlanActivity.objects.filter(plan=plan), "plan"),
        wpl_cost=_total(PlanActivity.objects.filter(plan=plan), "plan", "estimated_cost"),
        seats=_count(seats, "planactivity__plan") + _count(unnamed, "plan"),
        people=Coalesce(
            Subquery(
                seats.order_by().values("planactivity__plan").annotate(n=Count("pegawai", distinct=True)).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        **{
            f"planned_{family}": _total(
                seats.filter(planactivity__form__family=family), "planactivity__plan", "planactivity__jp"
            )
            + _total(unnamed.filter(form__family=family), "plan", "jp")
            for family in FAMILIES
        },
        **{
            f"realised_{family}": _total(
                credits.filter(realisation__activity__form__family=family),
                "realisation__activity__plan__programme_opd",
                "jp",
            )
            for family in FAMILIES
        },
        staff_count=_count(active_staff, "opd"),
        covered_count=_count(covered_staff, "opd"),
        widyaiswara_count=_count(Assignment.objects.filter(programme_opd=po), "programme_opd"),
        ketua_name=Subquery(
            Assignment.objects.filter(programme_opd=po, role=AssignmentRole.KETUA).values("widyaiswara__full_name")[:1]
        ),
    )


SUMMED = [
    "session_count",
    "open_follow_up_count",
    "problem_count",
    *[f"need_{group}" for group in GROUPS],
    "activity_count",
    "wpl_cost",
    "seats",
    "people",
    *[f"planned_{family}" for family in FAMILIES],
    *[f"realised_{family}" for family in FAMILIES],
    "staff_count",
    "covered_count",
]

ROW_FIELDS = [
    "pk",
    "opd_id",
    "opd__name",
    "opd__abbreviation",
    "programme_id",
    "programme__name",
    "stage",
    "current_plan_id",
    "plan_status",
    "plan_version",
    "widyaiswara_count",
    "ketua_name",
    *SUMMED,
]


def _mix(figures, prefix):
    total = sum((Decimal(figures[f"{prefix}_{family}"] or 0) for family in FAMILIES), Decimal(0))
    shares = [_percent(figures[f"{prefix}_{family}"], total) for family in FAMILIES]
    return {
        "total": total,
        # e.g. "62:18:21", whole percentages in the 70:20:10 order; empty when nothing is planned.
        "ratio": ":".join(str(Decimal(str(share)).quantize(Decimal(1), ROUND_HALF_UP)) for share in shares)
        if total
        else "",
        "parts": [
            {
                "family": family,
                "label": family.label,
                "value": Decimal(figures[f"{prefix}_{family}"] or 0),
                "percent": _percent(figures[f"{prefix}_{family}"], total),
            }
            for family in FAMILIES
        ],
    }


def _decorate(figures, learning_settings):
    """Turn one row of aggregates into what the page shows (no query)."""
    figures["need_total"] = sum(figures[f"need_{group}"] for group in GROUPS)
    figures["needs_by_group"] = [
        {"group": group, "label": group.label, "count": figures[f"need_{group}"]} for group in GROUPS
    ]
    figures["planned_mix"] = _mix(figures, "planned")
    figures["realised_mix"] = _mix(figures, "realised")
    targets = {
        LearningFamily.PENGALAMAN: learning_settings.target_pengalaman,
        LearningFamily.SOSIAL: learning_settings.target_sosial,
        LearningFamily.FORMAL: learning_settings.target_formal,
    }
    figures["mix_rows"] = [
        {
            "family": planned["family"],
            "label": planned["label"],
            "planned": planned["value"],
            "planned_pct": planned["percent"],
            "realised": realised["value"],
            "realised_pct": realised["percent"],
            "target": targets[planned["family"]],
        }
        for planned, realised in zip(figures["planned_mix"]["parts"], figures["realised_mix"]["parts"], strict=True)
    ]
    figures["coverage_pct"] = _percent(figures["covered_count"], figures["staff_count"])
    figures["cost"] = cost_comparison(
        wpl_cost=figures["wpl_cost"],
        seats=figures["seats"],
        seat_jp=figures["planned_mix"]["total"],
        learning_settings=learning_settings,
    )
    return figures


def _decorate_row(row, learning_settings):
    row = _decorate(row, learning_settings)
    row["stage_label"] = Stage(row["stage"]).label
    row["stage_step"] = stage_step(row["stage"])
    row["plan_status_label"] = PlanStatus(row["plan_status"]).label if row["plan_status"] else None
    return row


def widyaiswara_load(user, filters):
    """Programme OPDs per Widyaiswara, for the Widyaiswara working in `user`'s scope. The load
    counts all their assignments in the selected programme(s): how busy a pendamping is."""
    in_scope = Assignment.objects.filter(programme_opd__in=dashboard_programme_opds(user, filters)).values(
        "widyaiswara_id"
    )
    assignments = Assignment.objects.filter(widyaiswara_id__in=in_scope, programme_opd__is_active=True)
    if filters.programme_id:
        assignments = assignments.filter(programme_opd__programme_id=filters.programme_id)
    rows = (
        assignments.values("widyaiswara_id", "widyaiswara__full_name", "widyaiswara__username")
        .annotate(
            opd_count=Count("programme_opd", distinct=True),
            ketua_count=Count("pk", filter=Q(role=AssignmentRole.KETUA)),
        )
        .order_by("-opd_count", "widyaiswara__full_name", "widyaiswara_id")
    )
    return list(rows[: WIDYAISWARA_SHOWN + 1])


@contextmanager
def without_jit():
    """Run the enclosed queries with PostgreSQL's JIT compiler off. These aggregates carry dozens
    of correlated subqueries, so their estimated cost passes jit_above_cost and PostgreSQL spends
    seconds compiling a plan that runs in milliseconds. SET LOCAL ends with the transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def dashboard_figures(user, filters, *, page_number=1):
    """Everything the dashboard page shows, cached for CACHE_SECONDS per scope and filters."""
    page_number = str(page_number or 1)[:12]
    digest = hashlib.sha256(f"{scope_key(user)}|{filters.key()}|{page_number}".encode()).hexdigest()[:32]
    return cache.get_or_set(
        f"dashboard:v1:{digest}", lambda: _compute_figures(user, filters, page_number), CACHE_SECONDS
    )


def _totals(annotated, learning_settings):
    # Aliases must differ from the annotations they sum, or the aggregate replaces them.
    summed = annotated.aggregate(**{f"sum_{name}": Sum(name) for name in SUMMED}, opd_total=Count("pk"))
    totals = {name: summed[f"sum_{name}"] or 0 for name in SUMMED}
    totals["opd_total"] = summed["opd_total"]
    return _decorate(totals, learning_settings)


def _stage_counts(selection):
    counts = dict(
        annotate_stage(selection).order_by().values("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    return [{"stage": stage, "label": stage.label, "count": counts.get(stage.value, 0)} for stage in STAGES]


def dashboard_totals(user, filters):
    """Province totals and stage counts for `user`'s scope (two queries plus the settings)."""
    learning_settings = LearningSettings.load()
    selection = dashboard_programme_opds(user, filters)
    with without_jit():
        return {
            "totals": _totals(annotate_figures(selection, filters, learning_settings), learning_settings),
            "stages": _stage_counts(selection),
            "learning_settings": learning_settings,
        }


def _compute_figures(user, filters, page_number):
    with without_jit():
        return _figures(user, filters, page_number)


def _figures(user, filters, page_number):
    learning_settings = LearningSettings.load()
    selection = dashboard_programme_opds(user, filters)
    annotated = annotate_figures(selection, filters, learning_settings)
    rows = annotated.order_by("programme__name", "opd__name", "pk").values(*ROW_FIELDS)
    # "all": the printable report lists every programme OPD (still one query).
    page = Paginator(rows, max(selection.count(), 1) if page_number == "all" else PAGE_SIZE).get_page(
        1 if page_number == "all" else page_number
    )
    page_rows = [_decorate_row(row, learning_settings) for row in page.object_list]
    load = widyaiswara_load(user, filters)
    return {
        "rows": page_rows,
        # Shaped like a Page for templates/includes/pagination.html, but plain data for the cache.
        "page": {
            "number": page.number,
            "paginator": {"num_pages": page.paginator.num_pages, "count": page.paginator.count},
            "has_previous": page.has_previous(),
            "has_next": page.has_next(),
            "previous_page_number": page.number - 1,
            "next_page_number": page.number + 1,
            "start_index": page.start_index(),
            "end_index": page.end_index(),
        },
        "totals": _totals(annotated, learning_settings),
        "stages": _stage_counts(selection),
        "widyaiswara_load": load[:WIDYAISWARA_SHOWN],
        "widyaiswara_more": len(load) > WIDYAISWARA_SHOWN,
        "settings": {
            "pns_min_jp": learning_settings.pns_min_jp,
            "target_pengalaman": learning_settings.target_pengalaman,
            "target_sosial": learning_settings.target_sosial,
            "target_formal": learning_settings.target_formal,
            "mix_tolerance": learning_settings.mix_tolerance,
            "classroom_cost_per_participant": rupiah(learning_settings.classroom_cost_per_participant),
            "classroom_cost_per_jp": rupiah(learning_settings.classroom_cost_per_jp),
        },
        "year": str(filters.year),  # a label: never "2.025"
    }


def chart_data(figures):
    """The figures the charts draw (numbers only, for json_script); the tables beside each
    chart show the same numbers."""
    totals = figures["totals"]
    return {
        "stages": {
            "labels": [str(item["label"]) for item in figures["stages"]],
            "series": [{"label": str(_("OPD program")), "values": [item["count"] for item in figures["stages"]]}],
        },
        "needs": {
            "labels": [str(item["label"]) for item in totals["needs_by_group"]],
            "series": [{"label": str(_("Kebutuhan")), "values": [item["count"] for item in totals["needs_by_group"]]}],
        },
        "mix": {
            "labels": [str(part["label"]) for part in totals["planned_mix"]["parts"]],
            "series": [
                {
                    "label": str(_("Rencana (%)")),
                    "values": [part["percent"] or 0 for part in totals["planned_mix"]["parts"]],
                },
                {
                    "label": str(_("Realisasi (%)")),
                    "values": [part["percent"] or 0 for part in totals["realised_mix"]["parts"]],
                },
                {
                    "label": str(_("Target (%)")),
                    "values": [
                        figures["settings"]["target_pengalaman"],
                        figures["settings"]["target_sosial"],
                        figures["settings"]["target_formal"],
                    ],
                },
            ],
            "max": 100,
        },
        "coverage": {
            "labels": [row["opd__abbreviation"] or row["opd__name"] for row in figures["rows"]],
            "series": [
                {
                    "label": str(_("Pegawai dengan JP ≥ minimal (%)")),
                    "values": [row["coverage_pct"] or 0 for row in figures["rows"]],
                }
            ],
            "max": 100,
        },
        "load": {
            "labels": [
                item["widyaiswara__full_name"] or item["widyaiswara__username"] for item in figures["widyaiswara_load"]
            ],
            "series": [
                {
                    "label": str(_("OPD dampingan")),
                    "values": [item["opd_count"] for item in figures["widyaiswara_load"]],
                }
            ],
            "horizontal": True,
        },
    }


# --- Joint programmes -------------------------------------------------------------------------


def get_joint_programme_for_user(user, pk):
    """A joint programme, for the BPSDM admin who forms them: 403 for anyone else, 404 when missing."""
    if user.role != Role.ADMIN:
        raise PermissionDenied
    return get_object_or_404(JointProgramme.objects.select_related("created_by", "competency"), pk=pk)
