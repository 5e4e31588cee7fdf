"""Money: what the planned workplace learning costs against the classroom training it
replaces (CLASSROOM_RULE), the one formula every page and the data pack use."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from intan_wpl.formatting import percent as _percent
from intan_wpl.formatting import rupiah

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
