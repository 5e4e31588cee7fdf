"""Field work at a programme's OPD: sessions, the problem map with its cause tree,
non-competency recommendations and learning needs (PRODUCT.md steps 3-5)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intan_wpl import audit
from intan_wpl.models import Role
from intan_wpl.validators import check_unit_of_opd
from pilots.models import Opd, Pegawai, ProgrammeOpd, ProgrammeOpdScopedQuerySet, SkpIndicator, UnitKerja

SCALE_1_5 = [MinValueValidator(1), MaxValueValidator(5)]


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
    history = HistoricalRecords()

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
    history = HistoricalRecords(m2m_fields=[target_participants])

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
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
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
    # Chosen by the browser for each recording: a session queued offline and sent again (a
    # retry, a second tab) is saved once (learning_needs.services.sessions.session_create).
    idempotency_key = models.UUIDField(_("kunci pengiriman"), null=True, blank=True, unique=True, editable=False)
    # Optimistic locking (intan_wpl.concurrency): every save through a form bumps it.
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at", "lock_version"])

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
        if self.programme_opd_id:
            check_unit_of_opd(self.unit_id, self.unit, self.programme_opd.opd_id)


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
    history = HistoricalRecords()

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
    # Optimistic locking (intan_wpl.concurrency): every save through a form bumps it.
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at", "lock_version"], m2m_fields=[sessions])

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
        if self.programme_opd_id:
            check_unit_of_opd(self.unit_id, self.unit, self.programme_opd.opd_id)


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
    # Optimistic locking (intan_wpl.concurrency): every save through a form bumps it.
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["lock_version"], m2m_fields=[sessions])

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
    # The Kepala OPD's follow-up (issue 14, item 7): the unit that carries it out and where it
    # stands; every update is a historical record, so the notes' sequence is kept.
    responsible_unit = models.ForeignKey(
        UnitKerja,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("unit penanggung jawab"),
    )
    progress_note = models.TextField(_("catatan kemajuan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking (intan_wpl.concurrency): every save through a form bumps it.
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["lock_version"])

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
    # The SKP indicator (RHK and indicator, from e-Kinerja) this need serves; the level-4
    # evaluation reads that indicator before and after (issue 14, item 5).
    skp_indicator = models.ForeignKey(
        SkpIndicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_needs",
        verbose_name=_("indikator SKP yang dilayani"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking (intan_wpl.concurrency): every save through a form bumps it.
    lock_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at", "lock_version"], m2m_fields=[target_staff])

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


# Which OPD each row belongs to, for the audit log and the history pages (intan_wpl.audit).
audit.register(Competency, opd="opd")
audit.register(SessionSeries, programme_opd="programme_opd", opd="programme_opd.opd")
audit.register(
    FieldSession,
    programme_opd="programme_opd",
    opd="programme_opd.opd",
    children=[
        ("learning_needs.sessionparticipant", "session_id"),
        ("learning_needs.followup", "session_id"),
        ("learning_needs.sessionattachment", "session_id"),
    ],
)
audit.register(SessionParticipant, programme_opd="session.programme_opd", opd="session.programme_opd.opd")
audit.register(FollowUp, programme_opd="session.programme_opd", opd="session.programme_opd.opd")
audit.register(SessionAttachment, programme_opd="session.programme_opd", opd="session.programme_opd.opd")
audit.register(
    Problem,
    programme_opd="programme_opd",
    opd="programme_opd.opd",
    children=[("learning_needs.cause", "problem_id")],
)
audit.register(Cause, programme_opd="problem.programme_opd", opd="problem.programme_opd.opd")
audit.register(Recommendation, programme_opd="cause.problem.programme_opd", opd="cause.problem.programme_opd.opd")
audit.register(LearningNeed, programme_opd="programme_opd", opd="programme_opd.opd")
