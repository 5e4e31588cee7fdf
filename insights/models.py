"""What BPSDM reads across pilots (PRODUCT.md step 11): the learning-culture survey of each
programme OPD and the joint programmes formed from duplicated training."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intan_wpl import audit
from learning_needs.models import Competency
from learning_plans.models import DevelopmentForm, PlanActivity
from pilots.models import Pegawai, ProgrammeOpd, ProgrammeOpdScopedQuerySet


class Stage(models.TextChoices):
    """Where an OPD stands on the journey of PRODUCT.md; derived, never typed."""

    PERSIAPAN = "persiapan", _("Persiapan")
    IDENTIFIKASI = "identifikasi", _("Identifikasi kebutuhan")
    PEMETAAN = "pemetaan", _("Pemetaan masalah")
    PERANCANGAN = "perancangan", _("Perancangan strategi")
    REVIEW = "review", _("Review Kepala OPD")
    DISETUJUI = "disetujui", _("Disetujui")
    IMPLEMENTASI = "implementasi", _("Implementasi")
    EVALUASI = "evaluasi", _("Evaluasi")
    SELESAI = "selesai", _("Selesai")


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
    history = HistoricalRecords()

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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skor survei")
        verbose_name_plural = _("skor survei")
        constraints = [models.UniqueConstraint(fields=["survey", "dimension"], name="one_score_per_dimension")]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.score}"


class JointProgramme(models.Model):
    """Similar planned activities of several OPDs merged into one programme run by BPSDM."""

    name = models.CharField(_("nama program bersama"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kompetensi")
    )
    activities = models.ManyToManyField(PlanActivity, related_name="joint_programmes", verbose_name=_("kegiatan"))
    # Empty: one joint run is taken to cost as much as the dearest activity it replaces
    # (insights.selectors.joint_programmes.joint_programme_saving).
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
    history = HistoricalRecords(m2m_fields=[activities])

    class Meta:
        verbose_name = _("program bersama")
        verbose_name_plural = _("program bersama")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class DismissedPair(models.Model):
    """Two planned activities the admin judged not to be the same training: the duplicate finder
    never links them again (the lower id first, so a pair is stored once)."""

    first = models.ForeignKey(PlanActivity, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(PlanActivity, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pasangan bukan duplikat")
        verbose_name_plural = _("pasangan bukan duplikat")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_dismissal_per_pair"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")), name="dismissed_pair_ordered"),
        ]

    def __str__(self):
        return f"{self.first_id} ≠ {self.second_id}"


class DuplicateScan(models.Model):
    """One run of the duplicate finder (a background job, issue 12): the groups it found are
    stored, and the finder's pages read them instead of comparing activities in a request.
    Computed, never edited by a person: no history."""

    programme = models.ForeignKey("pilots.Programme", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    computed_at = models.DateTimeField(_("dihitung"), auto_now_add=True)
    group_count = models.PositiveIntegerField(_("jumlah kelompok"), default=0)
    seconds = models.DecimalField(_("lama hitung (detik)"), max_digits=8, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("hasil pencarian duplikasi")
        verbose_name_plural = _("hasil pencarian duplikasi")
        ordering = ["-computed_at", "-pk"]

    def __str__(self):
        return f"{self.computed_at:%Y-%m-%d %H:%M} ({self.group_count})"


class StoredDuplicateGroup(models.Model):
    """One candidate group of a DuplicateScan, in the finder's order, as the page shows it."""

    scan = models.ForeignKey(DuplicateScan, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=20)
    data = models.JSONField()

    class Meta:
        ordering = ["scan", "position"]
        constraints = [models.UniqueConstraint(fields=["scan", "position"], name="one_group_per_position")]
        indexes = [models.Index(fields=["scan", "key"], name="stored_group_scan_key")]

    def __str__(self):
        return self.key


RUPIAH = {"max_digits": 14, "decimal_places": 0, "default": 0, "validators": [MinValueValidator(0)]}


class UnitCost(models.Model):
    """What one run of a development form costs, by the admin's unit-cost table for a year
    (honoraria and allowances follow the SBM and the province's own standard): a fixed part per
    run, a part per participant, a part per participant per day, and Widyaiswara sessions per JP
    paid at the year's SBM session rate (SbmRate). insights.selectors.cost prices with it."""

    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("bentuk pengembangan")
    )
    year = models.PositiveSmallIntegerField(_("tahun berlaku"), validators=[MinValueValidator(2000)])
    per_activity = models.DecimalField(_("biaya per penyelenggaraan (Rp)"), **RUPIAH)
    per_head = models.DecimalField(_("biaya per peserta (Rp)"), **RUPIAH)
    per_day = models.DecimalField(_("biaya per peserta per hari (Rp)"), **RUPIAH)
    jp_per_day = models.DecimalField(
        _("JP per hari"), max_digits=4, decimal_places=1, default=8, validators=[MinValueValidator(1)]
    )
    widyaiswara_sessions_per_jp = models.DecimalField(
        _("sesi Widyaiswara per JP"), max_digits=4, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    basis = models.CharField(_("dasar tarif"), max_length=200, blank=True, help_text=_("Misalnya PMK SBM 2025."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tarif satuan")
        verbose_name_plural = _("tarif satuan")
        ordering = ["-year", "form__lan_code"]
        constraints = [models.UniqueConstraint(fields=["form", "year"], name="one_unit_cost_per_form_year")]

    def __str__(self):
        return f"{self.form.lan_code} {self.year}"


class SbmRate(models.Model):
    """The Widyaiswara honorarium per session of a year, at the SBM rate the admin enters."""

    year = models.PositiveSmallIntegerField(_("tahun berlaku"), unique=True, validators=[MinValueValidator(2000)])
    widyaiswara_session_rate = models.DecimalField(_("honorarium Widyaiswara per sesi (Rp)"), **RUPIAH)
    basis = models.CharField(_("dasar tarif"), max_length=200, blank=True, help_text=_("Misalnya PMK SBM 2025."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tarif SBM Widyaiswara")
        verbose_name_plural = _("tarif SBM Widyaiswara")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


# --- Culture questionnaire answered by the Pegawai themselves (issue 14 item 4) -------------


class CultureQuestion(models.Model):
    """One statement of the learning-culture questionnaire, answered on a Likert scale 1-5.
    Items are data: the admin edits them in the Django admin; inactive items are not asked."""

    text = models.CharField(_("pernyataan"), max_length=300)
    dimension = models.CharField(_("dimensi"), max_length=30, choices=SurveyDimension.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("butir kuesioner budaya belajar")
        verbose_name_plural = _("butir kuesioner budaya belajar")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class CultureRound(models.Model):
    """The questionnaire of one programme OPD and phase, open to its Pegawai while `is_open`."""

    programme_opd = models.ForeignKey(
        ProgrammeOpd, on_delete=models.PROTECT, related_name="culture_rounds", verbose_name=_("OPD program")
    )
    phase = models.CharField(_("tahap"), max_length=10, choices=SurveyPhase.choices)
    is_open = models.BooleanField(_("dibuka"), default=True)
    opened_on = models.DateField(_("dibuka tanggal"))
    closed_on = models.DateField(_("ditutup tanggal"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = ProgrammeOpdScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("putaran kuesioner budaya belajar")
        verbose_name_plural = _("putaran kuesioner budaya belajar")
        ordering = ["programme_opd", "phase"]
        constraints = [models.UniqueConstraint(fields=["programme_opd", "phase"], name="one_culture_round_per_phase")]

    def __str__(self):
        return f"{self.programme_opd} – {self.get_phase_display()}"


class CultureParticipation(models.Model):
    """That a Pegawai has answered a round (so they answer once), kept apart from the answers:
    nothing links it to a CultureResponse, and it carries the date only."""

    round = models.ForeignKey(CultureRound, on_delete=models.CASCADE, related_name="participations")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    answered_on = models.DateField(_("tanggal mengisi"))

    class Meta:
        verbose_name = _("keikutsertaan kuesioner")
        verbose_name_plural = _("keikutsertaan kuesioner")
        constraints = [models.UniqueConstraint(fields=["round", "pegawai"], name="one_culture_answer_per_person")]

    def __str__(self):
        return f"{self.round} – {self.pegawai_id}"


class CultureResponse(models.Model):
    """One anonymous filled-in questionnaire of a round. No person, no time, and a random key,
    so that neither its fields nor its insertion order lead back to a CultureParticipation.
    Never edited after it is written: no history (a history row would name the user and time)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(CultureRound, on_delete=models.PROTECT, related_name="responses")

    class Meta:
        verbose_name = _("jawaban kuesioner budaya belajar")
        verbose_name_plural = _("jawaban kuesioner budaya belajar")

    def __str__(self):
        return str(self.round)


class CultureAnswer(models.Model):
    """The Likert score 1-5 a response gives one item (anonymous like its response)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(CultureResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(CultureQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("nilai"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("jawaban butir")
        verbose_name_plural = _("jawaban butir")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_item"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="culture_answer_likert"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.value}"


# Which OPD each row belongs to, for the audit log and the history pages (intan_wpl.audit).
audit.register(
    CultureSurvey,
    programme_opd="programme_opd",
    opd="programme_opd.opd",
    children=[("insights.culturesurveyscore", "survey_id")],
)
audit.register(CultureSurveyScore, programme_opd="survey.programme_opd", opd="survey.programme_opd.opd")
audit.register(JointProgramme)
audit.register(UnitCost)
audit.register(DismissedPair)
audit.register(SbmRate)
audit.register(CultureQuestion)
audit.register(CultureRound, programme_opd="programme_opd", opd="programme_opd.opd")
