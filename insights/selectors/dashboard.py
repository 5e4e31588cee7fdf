"""Figures of the BPSDM dashboard (issue 6), read straight from the recorded work.

Every figure is an aggregate computed by the database: one query annotates each programme
OPD of a page with all its numbers (correlated subqueries, no row multiplication), one query
sums them over the whole selection, one counts the stages, one gives the Widyaiswara load.
Python only turns each result row into percentages and Rupiah, so the number of queries is
the same at 10 or 2,000 programme OPDs. The page's rows are cached briefly (CACHE_SECONDS) per
filter and per user scope; a change shows up when that short cache expires.

The totals over the whole selection are the one part whose work grows with the province (1 to
4 s at 2,000 OPDs, docs/performance.md), so a web request never computes them: a task does
(insights.tasks.refresh_dashboard_totals, started by insights.services.dashboard) and keeps
them in the shared cache with the moment they were computed; the page shows them with that
moment, and asks for a new computation when they are older than CACHE_SECONDS. Without a broker
(`make run`, the tests) the task runs at once, in the request.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insights.models import Stage
from insights.selectors.cost import cost_comparison, plan_costs
from insights.selectors.stages import STAGES, annotate_stage, stage_step
from insights.selectors.surveys import culture_index_by_programme_opd
from intan_wpl.formatting import percent as _percent
from intan_wpl.query import count_subquery, sum_subquery, without_jit
from learning_needs.models import (
    CompetencyGroup,
    FieldSession,
    FollowUp,
    LearningNeed,
    Problem,
    Recommendation,
    RecommendationStatus,
)
from learning_plans.models import LearningFamily, LearningPlan, LearningSettings, PlanActivity, PlanStatus
from learning_plans.selectors.plans import plan_in_force_id, working_plan_value
from learning_records.models import JpCredit
from learning_records.selectors.realisation import realised_jp_by_family
from pilots.models import Assignment, AssignmentRole, Pegawai, ProgrammeOpd

CACHE_SECONDS = 60
# Stored totals are kept this long; after CACHE_SECONDS a page view asks for fresh ones.
TOTALS_KEEP_SECONDS = 24 * 60 * 60
PAGE_SIZE = 25
WIDYAISWARA_SHOWN = 30

FAMILIES = [LearningFamily.PENGALAMAN, LearningFamily.SOSIAL, LearningFamily.FORMAL]
GROUPS = [CompetencyGroup.TEKNIS, CompetencyGroup.MANAJERIAL, CompetencyGroup.SOSIAL_KULTURAL]


MIX_RULE = _(
    "Komposisi rencana dibobot JP × jumlah peserta (minimal 1 per kegiatan) dari rencana yang berlaku "
    "(versi terakhir yang disetujui; draf versi baru belum dihitung); "
    "komposisi realisasi memakai JP yang diakui kepada pegawai dari kegiatan yang terealisasi."
)


# --- Filters ---------------------------------------------------------------------------------


class JpYearSource:
    CHOSEN = "dipilih"
    PERIOD = "periode"
    LATEST = "terakhir"
    NONE = "tahun_ini"


JP_YEAR_NOTES = {
    JpYearSource.CHOSEN: _("tahun yang Anda pilih"),
    JpYearSource.PERIOD: _("tahun periode yang Anda pilih"),
    JpYearSource.LATEST: _("tahun terakhir yang memiliki JP tercatat"),
    JpYearSource.NONE: _("tahun ini: belum ada JP tercatat"),
}


def jp_year_with_source(data, programme):
    """(JP year, why that year) when none is chosen: the period's (its end, else its start), else
    the latest year with credited JP (of the chosen programme's OPDs when one is chosen), else
    the programme's last year, else this year. So coverage never opens on a year without JP
    while another year has it."""
    if data.get("year"):
        return data["year"], JpYearSource.CHOSEN
    anchor = data.get("date_to") or data.get("date_from")
    if anchor:
        return anchor.year, JpYearSource.PERIOD
    credits = JpCredit.objects.all()
    if programme:
        credits = credits.filter(realisation__activity__plan__programme_opd__programme=programme)
    latest = credits.aggregate(latest=Max("year"))["latest"]
    if latest:
        return latest, JpYearSource.LATEST
    return (programme.end_date.year if programme else timezone.localdate().year), JpYearSource.NONE


def default_jp_year(data, programme):
    """The JP year the dashboard counts (jp_year_with_source without the reason)."""
    return jp_year_with_source(data, programme)[0]


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard shows. The period selects sessions (date), follow-ups (their session's
    date), problems and needs (date recorded) and realised JP (realisation end date); the plan
    figures are those of the plan in force. JP coverage counts credits of `year`."""

    programme_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    year: int | None = None
    year_source: str = JpYearSource.CHOSEN

    @property
    def year_note(self):
        return JP_YEAR_NOTES[self.year_source]

    @classmethod
    def from_cleaned(cls, data):
        programme = data.get("programme")
        date_from, date_to = data.get("date_from"), data.get("date_to")
        year, source = jp_year_with_source(data, programme)
        return cls(programme.pk if programme else None, date_from, date_to, year, source)

    def period(self, field):
        q = Q()
        if self.date_from:
            q &= Q(**{f"{field}__gte": self.date_from})
        if self.date_to:
            q &= Q(**{f"{field}__lte": self.date_to})
        return q

    def key(self):
        return f"{self.programme_id}|{self.date_from}|{self.date_to}|{self.year}"

    def to_params(self):
        """The filters as JSON (a background job's params); from_params reads them back."""
        return {
            "programme": self.programme_id,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "year": self.year,
            "year_source": str(self.year_source),
        }

    @classmethod
    def from_params(cls, params):
        def day(value):
            return date.fromisoformat(value) if value else None

        return cls(
            params.get("programme"),
            day(params.get("date_from")),
            day(params.get("date_to")),
            params.get("year"),
            params.get("year_source", JpYearSource.CHOSEN),
        )


def scope_key(user):
    """Cache scope: every admin sees the same figures; anyone else only their own."""
    return "all" if user.reads_everything else f"user{user.pk}"


def dashboard_programme_opds(user, filters):
    """The programme OPDs the dashboard covers for `user` (scope: ProgrammeOpd.visible_to)."""
    queryset = ProgrammeOpd.objects.visible_to(user).filter(is_active=True)
    if filters.programme_id:
        queryset = queryset.filter(programme_id=filters.programme_id)
    return queryset


# --- Per programme OPD figures ----------------------------------------------------------------


def annotate_figures(queryset, filters, learning_settings):
    """Annotate each programme OPD with every number of its dashboard row (one SELECT)."""
    po = OuterRef("pk")
    plan = OuterRef("current_plan_id")
    seats = PlanActivity.participants.through.objects.filter(planactivity__plan=plan)
    # An activity with nobody named yet still counts as one participant (activity_weight).
    unnamed = PlanActivity.objects.filter(plan=plan).exclude(
        Exists(PlanActivity.participants.through.objects.filter(planactivity=OuterRef("pk")))
    )
    needs = LearningNeed.objects.filter(filters.period("created_at__date"), programme_opd=po)
    recommendations = Recommendation.objects.filter(
        filters.period("created_at__date"), cause__problem__programme_opd=po
    )
    active_staff = Pegawai.objects.filter(opd=OuterRef("opd_id"), is_active=True)
    year_jp = sum_subquery(JpCredit.objects.filter(pegawai=OuterRef("pk"), year=filters.year), "pegawai", "jp")
    covered_staff = active_staff.annotate(year_jp=year_jp).filter(year_jp__gte=learning_settings.pns_min_jp)
    queryset = annotate_stage(queryset).annotate(current_plan_id=plan_in_force_id(po))
    return queryset.annotate(
        session_count=count_subquery(
            FieldSession.objects.filter(filters.period("date"), programme_opd=po), "programme_opd"
        ),
        open_follow_up_count=count_subquery(
            FollowUp.objects.filter(filters.period("session__date"), session__programme_opd=po, done=False),
            "session__programme_opd",
        ),
        problem_count=count_subquery(
            Problem.objects.filter(filters.period("created_at__date"), programme_opd=po), "programme_opd"
        ),
        # Non-training recommendations the Kepala OPD follows up (issue 14, item 7).
        recommendation_open=count_subquery(
            recommendations.exclude(status=RecommendationStatus.SELESAI), "cause__problem__programme_opd"
        ),
        recommendation_done=count_subquery(
            recommendations.filter(status=RecommendationStatus.SELESAI), "cause__problem__programme_opd"
        ),
        **{f"need_{group}": count_subquery(needs.filter(competency__group=group), "programme_opd") for group in GROUPS},
        plan_pk=working_plan_value(po, "pk"),
        plan_status=working_plan_value(po, "status"),
        plan_version=working_plan_value(po, "version"),
        plan_in_force_version=Subquery(LearningPlan.objects.filter(pk=plan).values("version")[:1]),
        activity_count=count_subquery(PlanActivity.objects.filter(plan=plan), "plan"),
        wpl_cost=sum_subquery(PlanActivity.objects.filter(plan=plan), "plan", "estimated_cost"),
        seats=count_subquery(seats, "planactivity__plan") + count_subquery(unnamed, "plan"),
        people=Coalesce(
            Subquery(
                seats.order_by().values("planactivity__plan").annotate(n=Count("pegawai", distinct=True)).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        **{
            f"planned_{family}": sum_subquery(
                seats.filter(planactivity__form__family=family), "planactivity__plan", "planactivity__jp"
            )
            + sum_subquery(unnamed.filter(form__family=family), "plan", "jp")
            for family in FAMILIES
        },
        **realised_jp_by_family(po, period=filters.period),
        staff_count=count_subquery(active_staff, "opd"),
        covered_count=count_subquery(covered_staff, "opd"),
        widyaiswara_count=count_subquery(Assignment.objects.filter(programme_opd=po), "programme_opd"),
        ketua_name=Subquery(
            Assignment.objects.filter(programme_opd=po, role=AssignmentRole.KETUA).values("widyaiswara__full_name")[:1]
        ),
    )


SUMMED = [
    "session_count",
    "open_follow_up_count",
    "problem_count",
    "recommendation_open",
    "recommendation_done",
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
    "plan_pk",
    "plan_status",
    "plan_version",
    "plan_in_force_version",
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
    return figures


def _summed_costs(costs):
    return cost_comparison(
        wpl_cost=sum((c["wpl_cost"] for c in costs), Decimal(0)),
        classroom_cost=sum((c["classroom_cost"] for c in costs), Decimal(0)),
        unpriced=sum(c["unpriced"] for c in costs),
    )


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


def dashboard_figures(user, filters, *, page_number=1):
    """Everything the dashboard page shows: one page of rows, cached for CACHE_SECONDS per scope
    and filters, and the totals as last stored (None until a task has computed them). The
    printable report ("all") computes its totals with its rows."""
    page_number = str(page_number or 1)[:12]
    digest = hashlib.sha256(f"{scope_key(user)}|{filters.key()}|{page_number}".encode()).hexdigest()[:32]
    figures = cache.get_or_set(
        f"dashboard:v3:{digest}", lambda: _compute_figures(user, filters, page_number), CACHE_SECONDS
    )
    if page_number != "all":
        stored = stored_totals(user, filters, SimpleNamespace(**figures["settings"]))
        figures = {**figures, "totals": None, "stages": None, "totals_computed_at": None}
        if stored:
            figures.update(totals=stored["totals"], stages=stored["stages"], totals_computed_at=stored["computed_at"])
    return figures


def totals_key(user, filters):
    digest = hashlib.sha256(f"{scope_key(user)}|{filters.key()}".encode()).hexdigest()[:32]
    return f"dashboard-totals:v1:{digest}"


def compute_totals(user, filters, learning_settings=None):
    """The sums over every programme OPD of `user`'s scope, the stage counts and the cost sums, as
    plain numbers with the moment they were computed: the work that grows with the province (run
    by a task, never by a web request, except without a broker)."""
    learning_settings = learning_settings or LearningSettings.load()
    selection = dashboard_programme_opds(user, filters)
    with without_jit():
        annotated = annotate_figures(selection, filters, learning_settings)
        # Aliases must differ from the annotations they sum, or the aggregate replaces them.
        summed = annotated.aggregate(**{f"sum_{name}": Sum(name) for name in SUMMED}, opd_total=Count("pk"))
        costs = list(plan_costs(selection).values())
        stages = dict(
            annotate_stage(selection).order_by().values("stage").annotate(n=Count("pk")).values_list("stage", "n")
        )
    return {
        "summed": {name: summed[f"sum_{name}"] or 0 for name in SUMMED},
        "opd_total": summed["opd_total"],
        "cost": {
            "wpl_cost": sum((c["wpl_cost"] for c in costs), Decimal(0)),
            "classroom_cost": sum((c["classroom_cost"] for c in costs), Decimal(0)),
            "unpriced": sum(c["unpriced"] for c in costs),
        },
        "stages": stages,
        "computed_at": timezone.now(),
    }


def totals_from_raw(raw, learning_settings):
    """What the page shows from compute_totals' numbers (no query)."""
    totals = _decorate(dict(raw["summed"]), learning_settings)
    totals["opd_total"] = raw["opd_total"]
    totals["cost"] = cost_comparison(**raw["cost"])
    stages = [{"stage": stage, "label": stage.label, "count": raw["stages"].get(stage.value, 0)} for stage in STAGES]
    return {"totals": totals, "stages": stages, "computed_at": raw["computed_at"]}


def stored_totals_raw(user, filters):
    """The totals last computed for this scope and filters, or None (never computed, or expired)."""
    return cache.get(totals_key(user, filters))


def stored_totals(user, filters, learning_settings):
    raw = stored_totals_raw(user, filters)
    return totals_from_raw(raw, learning_settings) if raw else None


def dashboard_totals(user, filters):
    """Province totals and stage counts for `user`'s scope, computed now (for jobs: the data pack)."""
    learning_settings = LearningSettings.load()
    return {
        **totals_from_raw(compute_totals(user, filters, learning_settings), learning_settings),
        "learning_settings": learning_settings,
    }


def _report_totals(user, filters, learning_settings):
    stored = totals_from_raw(compute_totals(user, filters, learning_settings), learning_settings)
    return {"totals": stored["totals"], "stages": stored["stages"], "totals_computed_at": stored["computed_at"]}


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
    costs = plan_costs(selection.filter(pk__in=[row["pk"] for row in page_rows]))
    for row in page_rows:
        row["cost"] = _summed_costs([costs[row["pk"]]] if row["pk"] in costs else [])
    culture = culture_index_by_programme_opd(
        [row["pk"] for row in page_rows], learning_settings.culture_min_respondents
    )
    for row in page_rows:
        row["culture"] = culture.get(row["pk"])
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
        **(_report_totals(user, filters, learning_settings) if page_number == "all" else {}),
        "widyaiswara_load": load[:WIDYAISWARA_SHOWN],
        "widyaiswara_more": len(load) > WIDYAISWARA_SHOWN,
        "settings": {
            "pns_min_jp": learning_settings.pns_min_jp,
            "target_pengalaman": learning_settings.target_pengalaman,
            "target_sosial": learning_settings.target_sosial,
            "target_formal": learning_settings.target_formal,
            "mix_tolerance": learning_settings.mix_tolerance,
            "culture_min_respondents": learning_settings.culture_min_respondents,
        },
        "year": str(filters.year),  # a label: never "2.025"
    }


def chart_data(figures):
    """The figures the charts draw (numbers only, for json_script); the tables beside each
    chart show the same numbers."""
    totals = figures["totals"]
    if totals is None:
        return {}  # drawn once the totals are stored (the page swaps itself in)
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
