"""Money: what the planned workplace learning costs against the classroom training it replaces,
priced with the admin's unit-cost table (UNIT_COST_METHOD): the one formula the plan's cost page,
the dashboard and the data pack use."""

from decimal import Decimal

from django.db.models import Count, OuterRef
from django.utils.translation import gettext_lazy as _

from insights.models import SbmRate, UnitCost
from intan_wpl.formatting import percent as _percent
from intan_wpl.formatting import rupiah
from intan_wpl.query import count_subquery
from learning_plans.models import Jalur, LearningPlan, PlanActivity


def cost_comparison(*, wpl_cost, classroom_cost, unpriced=0):
    """A WPL cost against its classroom alternative (both from plan_costs / plan_cost), ready to show."""
    wpl = Decimal(wpl_cost or 0).quantize(Decimal(1))
    classroom = Decimal(classroom_cost or 0).quantize(Decimal(1))
    savings = classroom - wpl
    return {
        "wpl_cost": wpl,
        "classroom_cost": classroom,
        "savings": savings,
        "savings_pct": _percent(savings, classroom),
        "unpriced": unpriced,
        "wpl_cost_display": rupiah(wpl),
        "classroom_cost_display": rupiah(classroom),
        "savings_display": rupiah(savings),
    }


# --- The unit-cost model (issue 11, item 4) --------------------------------------------------

UNIT_COST_METHOD = _(
    "Biaya satu kegiatan = biaya per penyelenggaraan + biaya per peserta × peserta + biaya per peserta "
    "per hari × peserta × hari + honorarium Widyaiswara per sesi × sesi, dengan hari = JP ÷ JP per hari "
    "(dibulatkan ke atas) dan sesi = JP × sesi Widyaiswara per JP; tarif dari tabel tarif satuan tahun "
    "berlaku terbaru yang tidak melewati tahun program. Alternatif klasikal sebuah kegiatan = bentuk "
    "klasikal termurah yang bertarif, untuk peserta, JP dan kebutuhan yang sama. Kegiatan yang sudah "
    "klasikal dihitung sama di kedua sisi (hemat 0). Kegiatan yang bentuknya belum bertarif tidak "
    "dihitung dan disebut di halaman. Penghematan = alternatif klasikal − biaya WPL."
)


def _ceil_div(numerator, denominator):
    quotient = Decimal(numerator) / Decimal(denominator)
    whole = quotient.to_integral_value(rounding="ROUND_CEILING")
    return max(int(whole), 1)


def price_activity(unit, session_rate, *, jp, participants):
    """What one run of `unit.form` costs for `participants` people over `jp` JP: every term, so
    the page can show the sum (UNIT_COST_METHOD)."""
    people = max(int(participants or 0), 1)
    jp = Decimal(jp or 0)
    days = _ceil_div(jp, unit.jp_per_day) if jp else 1
    sessions = (jp * unit.widyaiswara_sessions_per_jp).quantize(Decimal("0.01"))
    terms = {
        "per_activity": Decimal(unit.per_activity),
        "heads": Decimal(unit.per_head) * people,
        "daily": Decimal(unit.per_day) * people * days,
        "honorarium": (Decimal(session_rate or 0) * sessions).quantize(Decimal(1)),
    }
    return {
        "unit": unit,
        "people": people,
        "days": days,
        "sessions": sessions,
        "session_rate": Decimal(session_rate or 0),
        **terms,
        "total": sum(terms.values(), Decimal(0)),
    }


def unit_costs_for(year):
    """{form id: the UnitCost of the newest validity year not after `year`} and the SbmRate of
    that kind (None when none is entered)."""
    units = {}
    for unit in UnitCost.objects.filter(year__lte=year).select_related("form").order_by("form_id", "-year"):
        units.setdefault(unit.form_id, unit)
    rate = SbmRate.objects.filter(year__lte=year).order_by("-year").first()
    return units, rate


def price_both_ways(*, form_id, is_classroom, jp, participants, units, rate):
    """One activity priced as WPL (its own form) and as its classroom alternative: the cheapest
    classroom form with a unit cost; an activity already classroom costs the same on both sides.
    saving is None when a side cannot be priced (no unit cost): never estimated silently."""
    session_rate = rate.widyaiswara_session_rate if rate else 0
    own = units.get(form_id)
    line = {"wpl": None, "classroom": None, "classroom_form": None, "same_form": False, "saving": None}
    if own is None:
        return line
    line["wpl"] = price_activity(own, session_rate, jp=jp, participants=participants)
    if is_classroom:
        line["classroom"], line["classroom_form"], line["same_form"] = line["wpl"], own.form, True
    else:
        options = [
            price_activity(unit, session_rate, jp=jp, participants=participants)
            for unit in units.values()
            if unit.form.jalur == Jalur.KLASIKAL
        ]
        if not options:
            return line
        cheapest = min(options, key=lambda option: (option["total"], option["unit"].form.lan_code))
        line["classroom"], line["classroom_form"] = cheapest, cheapest["unit"].form
    line["saving"] = line["classroom"]["total"] - line["wpl"]["total"]
    return line


def cost_line(activity, units, rate):
    return {
        "activity": activity,
        **price_both_ways(
            form_id=activity.form_id,
            is_classroom=activity.form.jalur == Jalur.KLASIKAL,
            jp=activity.jp,
            participants=activity.participant_count,
            units=units,
            rate=rate,
        ),
    }


def plan_costs(programme_opds):
    """{programme OPD id: {"wpl_cost", "classroom_cost", "unpriced"}} over the activities of the
    plan in force of each of `programme_opds` (a queryset), priced like plan_cost: one query for
    the activities, two per programme year for the tariffs, whatever the number of OPDs."""
    in_force = LearningPlan.objects.in_force().filter(programme_opd__in=programme_opds)
    rows = (
        PlanActivity.objects.filter(plan__in=in_force)
        .annotate(
            participant_count=count_subquery(
                PlanActivity.participants.through.objects.filter(planactivity=OuterRef("pk")), "planactivity"
            )
        )
        .values(
            "plan__programme_opd_id",
            "plan__programme_opd__programme__start_date",
            "form_id",
            "form__jalur",
            "jp",
            "participant_count",
        )
    )
    tariffs = {}
    result = {}
    for row in rows:
        year = row["plan__programme_opd__programme__start_date"].year
        if year not in tariffs:
            tariffs[year] = unit_costs_for(year)
        units, rate = tariffs[year]
        line = price_both_ways(
            form_id=row["form_id"],
            is_classroom=row["form__jalur"] == Jalur.KLASIKAL,
            jp=row["jp"],
            participants=row["participant_count"],
            units=units,
            rate=rate,
        )
        totals = result.setdefault(
            row["plan__programme_opd_id"], {"wpl_cost": Decimal(0), "classroom_cost": Decimal(0), "unpriced": 0}
        )
        if line["saving"] is None:
            totals["unpriced"] += 1
        else:
            totals["wpl_cost"] += line["wpl"]["total"]
            totals["classroom_cost"] += line["classroom"]["total"]
    return result


def plan_cost(plan):
    """Every activity of `plan` priced with the unit-cost table of the programme's year: the lines,
    the totals of the priced lines, and the activities left out for want of a unit cost."""
    year = plan.programme_opd.programme.start_date.year
    units, rate = unit_costs_for(year)
    activities = (
        plan.activities.select_related("form")
        .prefetch_related("needs__competency")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("start_date", "pk")
    )
    lines = [cost_line(activity, units, rate) for activity in activities]
    priced = [line for line in lines if line["saving"] is not None]
    wpl = sum((line["wpl"]["total"] for line in priced), Decimal(0))
    classroom = sum((line["classroom"]["total"] for line in priced), Decimal(0))
    used = {line["wpl"]["unit"].pk: line["wpl"]["unit"] for line in priced}
    used.update({line["classroom"]["unit"].pk: line["classroom"]["unit"] for line in priced})
    return {
        "year": year,
        "rate": rate,
        "lines": lines,
        "unpriced": [line for line in lines if line["saving"] is None],
        "units_used": sorted(used.values(), key=lambda unit: unit.form.lan_code),
        "wpl_total": wpl,
        "classroom_total": classroom,
        "saving_total": classroom - wpl,
        "saving_pct": _percent(classroom - wpl, classroom),
    }
