"""Field work at a programme's OPD: sessions, the problem map with its cause tree,
non-competency recommendations and learning needs (PRODUCT.md steps 3-5)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intan_wpl.models import Role
from pilots.models import Opd, Pegawai, ProgrammeOpd, UnitKerja

SCALE_1_5 = [MinValueValidator(1), MaxValueValidator(5)]


class ProgrammeOpdScopedQuerySet(models.QuerySet):
    """Rows that hang off a ProgrammeOpd (directly via `programme_opd`): same scope as it."""

    programme_opd_path = "programme_opd"

    def visible_to(self, user):
        return self.filter(**{f"{self.programme_opd_path}__in": ProgrammeOpd.objects.visible_to(user)})


# --- Competency dictionary ----------------------------------------------------------------


class CompetencyGroup(models.TextChoices):
    TEKNIS = "teknis", _("Kompetensi Teknis")
    MANAJERIAL = "manajerial", _("Kompetensi Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Kompetensi Sosial Kultural")


class CompetencyQuerySet(models.QuerySet):
    def for_opd(self, opd):
        """The province-wide competencies (manajerial, sosial kultural) plus this OPD's own."""
        return self.filter(Q(opd__isnull=True) | Q(opd=opd))


class Competency(models.Model):
    """A competency from Permen PANRB 38/2017 (opd empty) or an OPD's own technical dictionary."""

    group = models.CharField(_("kelompok"), max_length=20, choices=CompetencyGroup.choices)
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama kompetensi"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    opd = models.ForeignKey(
        Opd,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="competencies",
        verbose_name=_("OPD (kamus teknis)"),
    )

    objects = CompetencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["group", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(opd__isnull=True), name="unique_standard_code"),
            models.UniqueConstraint(fields=["opd", "code"], name="unique_opd_competency_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.group == CompetencyGroup.TEKNIS and not self.opd_id:
            raise ValidationError({"opd": _("Kompetensi teknis milik kamus sebuah OPD.")})


# --- Field sessions -------------------------------------------------------------------------


class SessionKind(models.TextChoices):
    OBSERVASI = "observasi", _("Observasi")
    WAWANCARA = "wawancara", _("Wawancara")
    FGD = "fgd", _("FGD")
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    RAPAT_KOORDINASI = "rapat_koordinasi", _("Rapat koordinasi")
    LAINNYA = "lainnya", _("Lainnya")


class SessionSeries(models.Model):
    """One session planned as several short repeats across shifts (e.g. an RSUD ward), so that
    everybody in the unit is reached; attendance is read across its repeats."""

    programme_opd = models.ForeignKey(
        ProgrammeOpd, on_delete=models.PROTECT, related_name="session_series", verbose_name=_("OPD program")
    )
    topic = models.CharField(_("topik"), max_length=200)
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit kerja")
    )
    target_participants = models.ManyToManyField(
        Pegawai, blank=True, related_name="+", verbose_name=_("peserta sasaran")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeOpdScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rangkaian sesi bergilir")
        verbose_name_plural = _("rangkaian sesi bergilir")
        ordering = ["-created_at"]

    def __str__(self):
        return self.topic


class FieldSession(models.Model):
    """A Sesi Pendampingan: one visit of the Widyaiswara at the OPD."""

    programme_opd = models.ForeignKey(
        ProgrammeOpd, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("OPD program")
    )
    series = models.ForeignKey(
        SessionSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("rangkaian bergilir"),
    )
    shift_label = models.CharField(_("sif"), max_length=40, blank=True, help_text=_("Misalnya: pagi, siang, malam."))
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("mulai (WITA)"))
    end_time = models.TimeField(_("selesai (WITA)"))
    kind = models.CharField(_("jenis sesi"), max_length=20, choices=SessionKind.choices)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    topic = models.CharField(_("topik"), max_length=200)
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit kerja")
    )
    widyaiswara = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="field_sessions",
        limit_choices_to={"role": Role.WIDYAISWARA},
        verbose_name=_("Widyaiswara yang hadir"),
    )
    participants = models.ManyToManyField(
        Pegawai, through="SessionParticipant", related_name="field_sessions", verbose_name=_("peserta")
    )
    notes = models.TextField(_("catatan"), blank=True)
    findings = models.TextField(_("temuan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ProgrammeOpdScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sesi pendampingan")
        verbose_name_plural = _("sesi pendampingan")
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["programme_opd", "-date"], name="session_po_date")]

    def __str__(self):
        return f"{self.topic} ({self.date:%d-%m-%Y})"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Jam selesai harus setelah jam mulai.")})
        if self.unit_id and self.programme_opd_id and self.unit.opd_id != self.programme_opd.opd_id:
            raise ValidationError({"unit": _("Unit kerja ini milik OPD lain.")})


class SessionParticipant(models.Model):
    session = models.ForeignKey(FieldSession, on_delete=models.CASCADE, related_name="attendance")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="session_attendance")
    attended = models.BooleanField(_("hadir"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peserta sesi")
        verbose_name_plural = _("peserta sesi")
        constraints = [models.UniqueConstraint(fields=["session", "pegawai"], name="participant_once_per_session")]

    def __str__(self):
        return f"{self.pegawai} – {self.session}"


class FollowUp(models.Model):
    """A tindak lanjut agreed in a session: what, who, by when, done or not."""

    session = models.ForeignKey(FieldSession, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField(_("tindak lanjut"), max_length=300)
    person_in_charge = models.CharField(_("penanggung jawab"), max_length=200, blank=True)
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    done = models.BooleanField(_("selesai"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["done", "due_date", "pk"]

    def __str__(self):
        return self.action


class SessionAttachment(models.Model):
    """A photo or document of a session; served only through a scoped view."""

    session = models.ForeignKey(FieldSession, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to="session_attachments/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    mime_type = models.CharField(_("jenis berkas"), max_length=120)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran sesi")
        verbose_name_plural = _("lampiran sesi")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.mime_type.startswith("image/")


# --- Problem map ----------------------------------------------------------------------------


class Problem(models.Model):
    """A performance problem of the OPD (Pemetaan Masalah), ordered by its USG score."""

    programme_opd = models.ForeignKey(
        ProgrammeOpd, on_delete=models.PROTECT, related_name="problems", verbose_name=_("OPD program")
    )
    title = models.CharField(_("masalah kinerja"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit kerja")
    )
    duty_or_indicator = models.CharField(
        _("tugas / indikator SKP terkait"),
        max_length=300,
        help_text=_("Tugas pokok unit atau indikator kinerja (RHK/IKI) yang terganggu oleh masalah ini."),
    )
    indicator_baseline = models.CharField(
        _("kondisi awal indikator"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya: 60% berkas selesai tepat waktu."),
    )
    urgency = models.PositiveSmallIntegerField(_("urgency (U)"), validators=SCALE_1_5)
    seriousness = models.PositiveSmallIntegerField(_("seriousness (S)"), validators=SCALE_1_5)
    growth = models.PositiveSmallIntegerField(_("growth (G)"), validators=SCALE_1_5)
    sessions = models.ManyToManyField(
        FieldSession, blank=True, related_name="problems", verbose_name=_("sesi yang menemukan")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[sessions])

    objects = ProgrammeOpdScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("masalah kinerja")
        verbose_name_plural = _("masalah kinerja")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(urgency__gte=1, urgency__lte=5)
                & Q(seriousness__gte=1, seriousness__lte=5)
                & Q(growth__gte=1, growth__lte=5),
                name="usg_scores_between_1_and_5",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def usg_score(self):
        return (self.urgency or 0) + (self.seriousness or 0) + (self.growth or 0)

    def clean(self):
        if self.unit_id and self.programme_opd_id and self.unit.opd_id != self.programme_opd.opd_id:
            raise ValidationError({"unit": _("Unit kerja ini milik OPD lain.")})


class CauseCategory(models.TextChoices):
    MANUSIA = "manusia", _("Manusia / kompetensi")
    METODE = "metode", _("Metode / SOP")
    SARANA = "sarana", _("Sarana dan prasarana")
    ANGGARAN = "anggaran", _("Anggaran")
    KEBIJAKAN = "kebijakan", _("Kebijakan / regulasi")
    LINGKUNGAN = "lingkungan", _("Lingkungan kerja")
    MOTIVASI = "motivasi", _("Motivasi / budaya kerja")
    KETENAGAAN = "ketenagaan", _("Jumlah / beban ketenagaan")
    LAINNYA = "lainnya", _("Lainnya")


class CauseNature(models.TextChoices):
    KOMPETENSI = "kompetensi", _("Penyebab kompetensi")
    NON_KOMPETENSI = "non_kompetensi", _("Penyebab non-kompetensi")


class Cause(models.Model):
    """A (root) cause of a problem; a tree of why-why of any depth."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="causes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("penyebab induk"),
    )
    text = models.CharField(_("penyebab"), max_length=300)
    category = models.CharField(_("kategori"), max_length=20, choices=CauseCategory.choices)
    nature = models.CharField(
        _("sifat penyebab"),
        max_length=20,
        choices=CauseNature.choices,
        blank=True,
        help_text=_("Kosong = belum ditentukan."),
    )
    sessions = models.ManyToManyField(
        FieldSession, blank=True, related_name="causes", verbose_name=_("sesi yang menemukan")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[sessions])

    class Meta:
        verbose_name = _("akar masalah")
        verbose_name_plural = _("akar masalah")
        ordering = ["pk"]

    def __str__(self):
        return self.text

    def clean(self):
        if self.parent_id and self.problem_id and self.parent.problem_id != self.problem_id:
            raise ValidationError({"parent": _("Penyebab induk milik masalah lain.")})


class RecommendationStatus(models.TextChoices):
    BELUM = "belum", _("Belum dikerjakan")
    PROSES = "proses", _("Sedang dikerjakan")
    SELESAI = "selesai", _("Selesai")


class Recommendation(models.Model):
    """What the OPD fixes without training, for a non-competency cause."""

    cause = models.ForeignKey(Cause, on_delete=models.PROTECT, related_name="recommendations")
    action = models.CharField(_("rekomendasi"), max_length=300)
    person_in_charge = models.CharField(_("penanggung jawab"), max_length=200, blank=True)
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RecommendationStatus.choices, default="belum")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rekomendasi non-pelatihan")
        verbose_name_plural = _("rekomendasi non-pelatihan")
        ordering = ["status", "due_date", "pk"]

    def __str__(self):
        return self.action


class LearningNeed(models.Model):
    """A Kebutuhan Pembelajaran: a competency gap behind a competency cause."""

    programme_opd = models.ForeignKey(
        ProgrammeOpd, on_delete=models.PROTECT, related_name="learning_needs", verbose_name=_("OPD program")
    )
    cause = models.ForeignKey(
        Cause, on_delete=models.PROTECT, related_name="learning_needs", verbose_name=_("akar masalah")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="learning_needs", verbose_name=_("kompetensi")
    )
    required_level = models.PositiveSmallIntegerField(_("level dipersyaratkan"), validators=SCALE_1_5)
    current_level = models.PositiveSmallIntegerField(_("level saat ini"), validators=SCALE_1_5)
    target_positions = models.CharField(_("jabatan sasaran"), max_length=300, blank=True)
    target_staff = models.ManyToManyField(
        Pegawai, blank=True, related_name="learning_needs", verbose_name=_("pegawai sasaran")
    )
    notes = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[target_staff])

    objects = ProgrammeOpdScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kebutuhan pembelajaran")
        verbose_name_plural = _("kebutuhan pembelajaran")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(required_level__gte=1, required_level__lte=5)
                & Q(current_level__gte=1, current_level__lte=5),
                name="competency_levels_between_1_and_5",
            )
        ]

    def __str__(self):
        return f"{self.competency} ({self.programme_opd.opd.short_name})"

    @property
    def gap(self):
        return max((self.required_level or 0) - (self.current_level or 0), 0)

    def clean(self):
        errors = {}
        if self.required_level and self.current_level and self.current_level >= self.required_level:
            errors["current_level"] = _("Level saat ini sudah memenuhi syarat: tidak ada kesenjangan kompetensi.")
        if self.cause_id:
            if self.cause.nature != CauseNature.KOMPETENSI:
                errors["cause"] = _("Kebutuhan pembelajaran hanya dari penyebab kompetensi.")
            elif self.programme_opd_id and self.cause.problem.programme_opd_id != self.programme_opd_id:
                errors["cause"] = _("Akar masalah ini milik OPD lain.")
        if (
            self.competency_id
            and self.programme_opd_id
            and self.competency.opd_id
            and self.competency.opd_id != self.programme_opd.opd_id
        ):
            errors["competency"] = _("Kompetensi teknis ini milik kamus OPD lain.")
        if errors:
            raise ValidationError(errors)


# === Learning strategy, plans, review, realisation, JP and evaluation (issue 5) ==============


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

    objects = ProgrammeOpdScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana pembelajaran")
        verbose_name_plural = _("rencana pembelajaran")
        ordering = ["programme_opd", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["programme_opd", "version"], name="unique_plan_version_per_opd"),
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
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})


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


class Notification(models.Model):
    """A message in the portal for one user (also sent by email)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(_("pesan"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    is_read = models.BooleanField(_("sudah dibaca"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at"]

    def __str__(self):
        return self.message


class Realisation(models.Model):
    """An activity as it was held: dates and who attended (attendance credits JP)."""

    activity = models.OneToOneField(PlanActivity, on_delete=models.PROTECT, related_name="realisation")
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    duration_minutes = models.PositiveIntegerField(
        _("durasi (menit)"), null=True, blank=True, help_text=_("Untuk bentuk yang JP-nya dihitung dari durasi.")
    )
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisasi kegiatan")
        verbose_name_plural = _("realisasi kegiatan")
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.activity} ({self.start_date:%d-%m-%Y})"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})


class JpCredit(models.Model):
    """JP credited to one person for one realised activity, in the year it ended."""

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="credits")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="jp_credits")
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.DecimalField(_("JP diakui"), max_digits=5, decimal_places=1)
    jp_before_cap = models.DecimalField(_("JP sebelum batas"), max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengakuan JP")
        verbose_name_plural = _("pengakuan JP")
        ordering = ["-year", "pegawai__name"]
        constraints = [
            models.UniqueConstraint(fields=["realisation", "pegawai"], name="one_credit_per_person_activity")
        ]
        indexes = [models.Index(fields=["pegawai", "year"], name="jp_credit_person_year")]

    def __str__(self):
        return f"{self.pegawai} {self.year}: {self.jp} JP"


class EvaluationLevel(models.IntegerChoices):
    REACTION = 1, _("Level 1 – Reaksi")
    LEARNING = 2, _("Level 2 – Pembelajaran")
    BEHAVIOUR = 3, _("Level 3 – Perilaku")
    RESULTS = 4, _("Level 4 – Hasil")


class Evaluation(models.Model):
    """Kirkpatrick evaluation of an activity. Levels 1-2 hold scores; 3-4 follow the problem's
    own indicator from a baseline to a result by a due date."""

    activity = models.ForeignKey(PlanActivity, on_delete=models.CASCADE, related_name="evaluations")
    level = models.PositiveSmallIntegerField(_("level"), choices=EvaluationLevel.choices)
    respondents = models.PositiveIntegerField(_("jumlah responden"), null=True, blank=True)
    score = models.DecimalField(
        _("skor rata-rata (1-5) / nilai pasca-tes"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    pre_score = models.DecimalField(_("nilai pra-tes"), max_digits=5, decimal_places=2, null=True, blank=True)
    indicator = models.CharField(_("indikator"), max_length=300, blank=True)
    baseline = models.CharField(_("kondisi awal"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    result = models.CharField(_("hasil terukur"), max_length=200, blank=True)
    due_date = models.DateField(_("tenggat pengukuran"), null=True, blank=True)
    measured_at = models.DateField(_("tanggal pengukuran"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluasi kegiatan")
        verbose_name_plural = _("evaluasi kegiatan")
        ordering = ["activity", "level", "pk"]

    def __str__(self):
        return f"{self.activity} – {self.get_level_display()}"


class SurveyPhase(models.TextChoices):
    SEBELUM = "sebelum", _("Sebelum pendampingan")
    SESUDAH = "sesudah", _("Sesudah pendampingan")


class SurveyDimension(models.TextChoices):
    DUKUNGAN_PIMPINAN = "dukungan_pimpinan", _("Dukungan pimpinan untuk belajar")
    BERBAGI_PENGETAHUAN = "berbagi_pengetahuan", _("Berbagi pengetahuan antarrekan")
    WAKTU_BELAJAR = "waktu_belajar", _("Waktu dan ruang untuk belajar")
    PENERAPAN = "penerapan", _("Penerapan hasil belajar dalam pekerjaan")
    INISIATIF = "inisiatif", _("Inisiatif belajar mandiri")


class CultureSurvey(models.Model):
    """A short learning-culture survey of one programme OPD, before or after the pilot."""

    programme_opd = models.ForeignKey(
        ProgrammeOpd, on_delete=models.PROTECT, related_name="culture_surveys", verbose_name=_("OPD program")
    )
    phase = models.CharField(_("tahap"), max_length=10, choices=SurveyPhase.choices)
    held_on = models.DateField(_("tanggal survei"))
    respondents = models.PositiveIntegerField(_("jumlah responden"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeOpdScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survei budaya belajar")
        verbose_name_plural = _("survei budaya belajar")
        ordering = ["programme_opd", "phase"]
        constraints = [models.UniqueConstraint(fields=["programme_opd", "phase"], name="one_survey_per_phase")]

    def __str__(self):
        return f"{self.programme_opd} – {self.get_phase_display()}"


class CultureSurveyScore(models.Model):
    survey = models.ForeignKey(CultureSurvey, on_delete=models.CASCADE, related_name="scores")
    dimension = models.CharField(_("dimensi"), max_length=30, choices=SurveyDimension.choices)
    score = models.DecimalField(
        _("skor rata-rata (1-5)"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("skor survei")
        verbose_name_plural = _("skor survei")
        constraints = [models.UniqueConstraint(fields=["survey", "dimension"], name="one_score_per_dimension")]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.score}"


# === Joint programmes across OPDs (issue 6) =================================================


class JointProgramme(models.Model):
    """Similar planned activities of several OPDs merged into one programme run by BPSDM."""

    name = models.CharField(_("nama program bersama"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kompetensi")
    )
    activities = models.ManyToManyField(PlanActivity, related_name="joint_programmes", verbose_name=_("kegiatan"))
    # Empty: one joint run is taken to cost as much as the dearest activity it replaces
    # (learning_needs.services.joint_programmes.joint_programme_saving).
    joint_run_cost = models.DecimalField(
        _("perkiraan biaya satu penyelenggaraan bersama (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program bersama")
        verbose_name_plural = _("program bersama")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name
