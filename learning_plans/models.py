"""The learning strategy (PRODUCT.md steps 6-7): the catalogue of development forms, the
tunable learning settings, and the learning plan of a programme OPD with its activities,
review transitions and comments, in locked versions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intan_wpl import audit
from intan_wpl.validators import check_period
from learning_needs.models import LearningNeed
from pilots.models import Pegawai, ProgrammeOpd, ProgrammeOpdScopedQuerySet


class Jalur(models.TextChoices):
    KLASIKAL = "klasikal", _("Jalur Klasikal")
    NONKLASIKAL = "nonklasikal", _("Jalur Nonklasikal")


class LearningFamily(models.TextChoices):
    """Peraturan LAN 6/2023 Pasal 18: the 70:20:10 families."""

    PENGALAMAN = "pengalaman", _("Pembelajaran Pengalaman (70)")
    SOSIAL = "sosial", _("Pembelajaran Sosial (20)")
    FORMAL = "formal", _("Pembelajaran Formal (10)")


class JpRule(models.TextChoices):
    PER_ACTIVITY = "per_activity", _("JP tetap sesuai rencana kegiatan")
    BY_DURATION = "by_duration", _("Dihitung dari durasi (menit / menit per JP)")


class DevelopmentForm(models.Model):
    """A form of development (Peraturan LAN 10/2018) with its SIASN jenis diklat id."""

    lan_code = models.CharField(_("kode LAN"), max_length=10, unique=True)
    name = models.CharField(_("bentuk pengembangan"), max_length=150)
    jalur = models.CharField(_("jalur"), max_length=12, choices=Jalur.choices)
    siasn_jenis_diklat_id = models.PositiveSmallIntegerField(_("ID jenis diklat SIASN"))
    family = models.CharField(_("kelompok 70:20:10"), max_length=12, choices=LearningFamily.choices)
    jp_rule = models.CharField(_("aturan JP"), max_length=15, choices=JpRule.choices, default=JpRule.PER_ACTIVITY)
    default_jp = models.DecimalField(_("JP bawaan"), max_digits=5, decimal_places=1, default=0)
    typical_cost = models.DecimalField(_("biaya umum (Rp)"), max_digits=14, decimal_places=0, default=0)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bentuk pengembangan")
        verbose_name_plural = _("bentuk pengembangan")
        ordering = ["jalur", "lan_code"]

    def __str__(self):
        return f"{self.lan_code} {self.name}"


class LearningSettings(models.Model):
    """Rules BPSDM may tune (DOMAIN.md: never constants in code). One row, pk=1."""

    pns_min_jp = models.PositiveSmallIntegerField(_("JP minimal PNS per tahun"), default=20)
    pppk_max_jp = models.PositiveSmallIntegerField(_("JP maksimal PPPK per tahun kontrak"), default=24)
    minutes_per_jp = models.PositiveSmallIntegerField(_("menit per JP"), default=45)
    target_pengalaman = models.PositiveSmallIntegerField(_("target pembelajaran pengalaman (%)"), default=70)
    target_sosial = models.PositiveSmallIntegerField(_("target pembelajaran sosial (%)"), default=20)
    target_formal = models.PositiveSmallIntegerField(_("target pembelajaran formal (%)"), default=10)
    mix_tolerance = models.PositiveSmallIntegerField(_("toleransi komposisi (poin %)"), default=10)
    culture_min_respondents = models.PositiveSmallIntegerField(_("responden minimal survei budaya belajar"), default=5)
    # Not read since the unit-cost table (insights.UnitCost) prices classroom alternatives.
    classroom_cost_per_participant = models.DecimalField(
        _("biaya pelatihan klasikal per peserta (Rp)"), max_digits=14, decimal_places=0, default=3500000
    )
    classroom_cost_per_jp = models.DecimalField(
        _("biaya pelatihan klasikal per JP per peserta (Rp)"), max_digits=14, decimal_places=0, default=150000
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("pengaturan pembelajaran")
        verbose_name_plural = _("pengaturan pembelajaran")

    def __str__(self):
        return str(_("Pengaturan pembelajaran"))

    @classmethod
    def load(cls):
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    def clean(self):
        if self.target_pengalaman + self.target_sosial + self.target_formal != 100:
            raise ValidationError(_("Target 70:20:10 harus berjumlah 100%."))


class PlanStatus(models.TextChoices):
    DRAF = "draf", _("Draf")
    DIAJUKAN = "diajukan", _("Diajukan")
    PERLU_REVISI = "perlu_revisi", _("Perlu Revisi")
    DISETUJUI = "disetujui", _("Disetujui")
    DIGANTIKAN = "digantikan", _("Digantikan versi baru")


class LearningPlanQuerySet(ProgrammeOpdScopedQuerySet):
    def in_force(self):
        """The plan in force of each programme OPD: its approved version. There is at most one per
        programme OPD (constraint one_plan_in_force_per_opd): approving a newer version turns the
        one before into Digantikan. A draft, submitted or returned version is never in force, so it
        is shown as what it is and never counted (cost, 70:20:10, seats, realisation, duplicates)."""
        return self.filter(status=PlanStatus.DISETUJUI)


class LearningPlan(models.Model):
    """A Rencana Pembelajaran of one programme OPD, in versions: an approved version is locked."""

    programme_opd = models.ForeignKey(
        ProgrammeOpd, on_delete=models.PROTECT, related_name="learning_plans", verbose_name=_("OPD program")
    )
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    previous_version = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("ringkasan strategi"), blank=True)
    status = models.CharField(_("status"), max_length=15, choices=PlanStatus.choices, default=PlanStatus.DRAF)
    # Optimistic locking: every save increments it; a form posts the value it was built from.
    lock_version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "lock_version"])

    objects = LearningPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana pembelajaran")
        verbose_name_plural = _("rencana pembelajaran")
        ordering = ["programme_opd", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["programme_opd", "version"], name="unique_plan_version_per_opd"),
            models.UniqueConstraint(
                fields=["programme_opd"], condition=models.Q(status="disetujui"), name="one_plan_in_force_per_opd"
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def is_locked(self):
        return self.status in {PlanStatus.DIAJUKAN, PlanStatus.DISETUJUI, PlanStatus.DIGANTIKAN}


class PlanActivity(models.Model):
    """An activity of the learning strategy: answers needs, has a development form and JP."""

    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="activities")
    source_activity = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Same activity in the previous version.",
    )
    needs = models.ManyToManyField(
        LearningNeed, blank=True, related_name="activities", verbose_name=_("kebutuhan yang dijawab")
    )
    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="activities", verbose_name=_("bentuk pengembangan")
    )
    title = models.CharField(_("nama kegiatan"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    participants = models.ManyToManyField(
        Pegawai, blank=True, related_name="planned_activities", verbose_name=_("peserta")
    )
    target_positions = models.CharField(_("jabatan sasaran"), max_length=300, blank=True)
    start_date = models.DateField(_("mulai"), null=True, blank=True)
    end_date = models.DateField(_("selesai"), null=True, blank=True)
    person_in_charge = models.CharField(_("penanggung jawab (PIC)"), max_length=200, blank=True)
    organiser = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    jp = models.DecimalField(_("JP"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    estimated_cost = models.DecimalField(
        _("perkiraan biaya (Rp)"), max_digits=14, decimal_places=0, default=0, validators=[MinValueValidator(0)]
    )
    rhk_indicator = models.CharField(_("RHK / indikator yang ditingkatkan"), max_length=300, blank=True)
    success_measure = models.CharField(_("ukuran keberhasilan"), max_length=300, blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["lock_version"], m2m_fields=[needs, participants])

    class Meta:
        verbose_name = _("kegiatan pembelajaran")
        verbose_name_plural = _("kegiatan pembelajaran")
        ordering = ["start_date", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        check_period(self.start_date, self.end_date)


class PlanTransition(models.Model):
    """Every status change of a plan: who, when, from, to, note."""

    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=15, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=PlanStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat status rencana")
        verbose_name_plural = _("riwayat status rencana")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.plan}: {self.from_status} -> {self.to_status}"


class PlanComment(models.Model):
    """A Kepala OPD's review comment on the whole plan (activity empty) or on one activity."""

    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="comments")
    activity = models.ForeignKey(PlanActivity, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    transition = models.ForeignKey(
        PlanTransition, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("komentar"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("komentar review")
        verbose_name_plural = _("komentar review")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


# Which OPD each row belongs to, for the audit log and the history pages (intan_wpl.audit).
audit.register(DevelopmentForm)
audit.register(LearningSettings)
audit.register(
    LearningPlan,
    programme_opd="programme_opd",
    opd="programme_opd.opd",
    children=[("learning_plans.planactivity", "plan_id")],
)
audit.register(PlanActivity, programme_opd="plan.programme_opd", opd="plan.programme_opd.opd")
