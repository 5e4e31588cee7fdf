"""The 70:20:10 mix of a plan (Peraturan LAN 6/2023 Pasal 18): the ONE weighting of an activity
(JP x named participants, at least 1), the shares against the target and the warnings when a
family drifts further than the tolerance. The plan page, realisation and the dashboard all
weigh with activity_weight."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from learning_plans.models import LearningFamily, LearningSettings

MIX_WEIGHT_HELP = _(
    "Komposisi 70:20:10 dihitung dengan bobot JP × jumlah peserta: tiap kegiatan berbobot JP-nya dikali "
    "jumlah pegawai yang disebut sebagai peserta (minimal 1, bila sasaran hanya disebut jabatannya). "
    "Persentase satu kelompok = bobot kelompok itu ÷ bobot seluruh kegiatan."
)
FAMILY_ORDER = (LearningFamily.PENGALAMAN, LearningFamily.SOSIAL, LearningFamily.FORMAL)
ONE_DECIMAL = Decimal("0.1")


def activity_weight(*, jp, participant_count):
    """The ONE weighting of the 70:20:10 mix: JP x named participants (at least 1)."""
    return Decimal(jp or 0) * max(int(participant_count or 0), 1)


@dataclass
class MixRow:
    family: str
    label: str
    target: int
    weight: Decimal = Decimal(0)
    jp: Decimal = Decimal(0)
    activity_count: int = 0
    percent: Decimal = Decimal(0)
    deviation: Decimal = Decimal(0)
    deviates: bool = False

    @property
    def short_label(self):
        return self.label.split(" (")[0]


@dataclass
class PlanMix:
    rows: list
    total_weight: Decimal
    tolerance: int
    warnings: list = field(default_factory=list)

    @property
    def has_data(self):
        return self.total_weight > 0

    @property
    def deviates(self):
        return bool(self.warnings)


def plan_mix(*, activities, learning_settings=None):
    """The planned 70:20:10 mix of `activities` (each with .form.family, .jp and an annotated or
    attached .participant_count) against the targets in LearningSettings, with a warning for
    every family more than `mix_tolerance` percentage points off its target."""
    learning_settings = learning_settings or LearningSettings.load()
    targets = {
        LearningFamily.PENGALAMAN: learning_settings.target_pengalaman,
        LearningFamily.SOSIAL: learning_settings.target_sosial,
        LearningFamily.FORMAL: learning_settings.target_formal,
    }
    labels = dict(LearningFamily.choices)
    rows = {family: MixRow(family=family, label=str(labels[family]), target=targets[family]) for family in FAMILY_ORDER}
    for activity in activities:
        row = rows.get(activity.form.family)
        if row is None:
            continue
        row.weight += activity_weight(jp=activity.jp, participant_count=getattr(activity, "participant_count", 0))
        row.jp += Decimal(activity.jp or 0)
        row.activity_count += 1
    total = sum((row.weight for row in rows.values()), Decimal(0))
    mix = PlanMix(rows=list(rows.values()), total_weight=total, tolerance=learning_settings.mix_tolerance)
    if not total:
        return mix
    for row in mix.rows:
        row.percent = (row.weight * 100 / total).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
        row.deviation = row.percent - row.target
        row.deviates = abs(row.deviation) > learning_settings.mix_tolerance
        if row.deviates:
            mix.warnings.append(
                _(
                    "%(family)s %(percent)s%% dari target %(target)s%% (selisih %(deviation)s poin, melebihi "
                    "toleransi %(tolerance)s poin)."
                )
                % {
                    "family": row.short_label,
                    "percent": formats.number_format(row.percent, 1),
                    "target": row.target,
                    "deviation": formats.number_format(abs(row.deviation), 1),
                    "tolerance": learning_settings.mix_tolerance,
                }
            )
    return mix
