"""Money: what the planned workplace learning costs against the classroom training it
replaces (CLASSROOM_RULE), the one formula every page and the data pack use."""

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from insights.models import SbmRate, UnitCost
from intan_wpl.formatting import percent as _percent
from intan_wpl.formatting import rupiah
from learning_plans.models import Jalur

# --- Money: the classroom comparison (item 3) ------------------------------------------------

CLASSROOM_RULE = _(
    "Biaya klasikal pembanding = untuk setiap kegiatan rencana, jumlah peserta (minimal 1) × (biaya "
    "klasikal per peserta + biaya klasikal per JP × JP kegiatan). Artinya setiap kegiatan diganti satu "
    "pelatihan klasikal dengan peserta dan JP yang sama. Penghematan = biaya klasikal pembanding − "
    "perkiraan biaya rencana WPL."
)


def classroom_equivalent_cost(*, seats, seat_jp, learning_settings):
    """Cost of classroom training covering the same needs: the ONE formula (CLASSROOM_RULE).

    seats = Σ participants (at least 1) over the plan's activities; seat_jp = Σ that × JP, the
    weight of the planned 70:20:10 mix (learning_plans.selectors.mix.activity_weight).
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


def cost_line(activity, units, rate):
    """One activity priced both ways: WPL (its own form) and its classroom alternative."""
    session_rate = rate.widyaiswara_session_rate if rate else 0
    own = units.get(activity.form_id)
    line = {"activity": activity, "wpl": None, "classroom": None, "classroom_form": None, "saving": None}
    if own is None:
        return line
    line["wpl"] = price_activity(own, session_rate, jp=activity.jp, participants=activity.participant_count)
    if activity.form.jalur == Jalur.KLASIKAL:
        line["classroom"], line["classroom_form"], line["same_form"] = line["wpl"], activity.form, True
    else:
        options = [
            price_activity(unit, session_rate, jp=activity.jp, participants=activity.participant_count)
            for unit in units.values()
            if unit.form.jalur == Jalur.KLASIKAL
        ]
        if not options:
            return line
        cheapest = min(options, key=lambda option: (option["total"], option["unit"].form.lan_code))
        line["classroom"], line["classroom_form"], line["same_form"] = cheapest, cheapest["unit"].form, False
    line["saving"] = line["classroom"]["total"] - line["wpl"]["total"]
    return line


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
