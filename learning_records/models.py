"""Realisation of approved activities and the JP each attendee earns (PRODUCT.md step 8),
and the Kirkpatrick evaluation of what was held (step 9)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intan_wpl import audit
from intan_wpl.validators import check_period
from learning_needs.models import LearningNeed
from learning_plans.models import DevelopmentForm, PlanActivity, PlanStatus
from pilots.models import Opd, Pegawai, ProgrammeOpd

# Realisations are recorded for activities of an approved plan; a plan replaced by a newer
# version keeps its realisations (they may be corrected) but takes no new ones.
REALISABLE_STATUSES = (PlanStatus.DISETUJUI, PlanStatus.DIGANTIKAN)
CERTIFICATE_PREFIX = "WPL"


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
        check_period(self.start_date, self.end_date)


class ExternalJp(models.Model):
    """JP a person earned outside the portal (a BPSDM classroom course, e-learning on ASN Digital,
    a ministry's bimtek): recorded by the admin, credited like a realisation, marked external."""

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="external_jp", verbose_name=_("pegawai")
    )
    title = models.CharField(_("nama kegiatan"), max_length=300)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("bentuk pengembangan")
    )
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    jp = models.DecimalField(_("JP"), max_digits=5, decimal_places=1)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    certificate_file = models.FileField(_("berkas sertifikat (PDF)"), upload_to="external_jp/%Y/", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("JP eksternal")
        verbose_name_plural = _("JP eksternal")
        ordering = ["-end_date", "-pk"]
        # The list's order: the newest page is read from this index, not sorted from every row.
        indexes = [models.Index(fields=["-end_date", "-id"], name="external_jp_newest")]

    def __str__(self):
        return f"{self.title} ({self.pegawai.name})"

    def clean(self):
        check_period(self.start_date, self.end_date)


class JournalStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Menunggu validasi")
    VALIDATED = "divalidasi", _("Divalidasi")
    RETURNED = "dikembalikan", _("Dikembalikan")


class JournalEntry(models.Model):
    """Learning on the job or from others (the 70 and the 20) recorded by the person themselves:
    what, when, how long, what was learned, the need it served, evidence. Their atasan langsung
    validates it (JP by the development form's rule, credited like any other) or returns it with
    a comment; the author never validates their own."""

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="journal_entries", verbose_name=_("pegawai")
    )
    # The pilot of the person's OPD the entry counts toward on the dashboard (none outside a pilot).
    programme_opd = models.ForeignKey(
        ProgrammeOpd, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("OPD program")
    )
    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("jenis pembelajaran")
    )
    title = models.CharField(_("apa yang dilakukan"), max_length=300)
    date = models.DateField(_("tanggal"))
    hours = models.DecimalField(_("lama (jam)"), max_digits=4, decimal_places=1)
    learned = models.TextField(_("apa yang dipelajari"))
    need = models.ForeignKey(
        LearningNeed,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kebutuhan/kompetensi yang dilayani"),
    )
    evidence = models.FileField(_("bukti"), upload_to="journal/%Y/", blank=True)
    evidence_name = models.CharField(_("nama berkas bukti"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=JournalStatus.choices, default=JournalStatus.SUBMITTED
    )
    supervisor = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("atasan langsung")
    )
    comment = models.TextField(_("catatan atasan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jurnal pembelajaran")
        verbose_name_plural = _("jurnal pembelajaran")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["supervisor", "status"], name="journal_supervisor_queue")]

    def __str__(self):
        return f"{self.title} ({self.pegawai.name}, {self.date:%d-%m-%Y})"


class JpCredit(models.Model):
    """JP credited to one person for one realised activity, in the counting period its end date
    falls in: the calendar year for a PNS, the year of the perjanjian kerja for a PPPK
    (learning_records.services.realisation.counting_period). `year` is the year the period
    starts in, so a PPPK's contract year from 1 April 2025 is ledger year 2025."""

    # Exactly one source: a realisation in the portal, or JP recorded as earned elsewhere.
    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="credits", null=True)
    external = models.OneToOneField(ExternalJp, on_delete=models.CASCADE, related_name="credit", null=True)
    journal = models.OneToOneField(JournalEntry, on_delete=models.CASCADE, related_name="credit", null=True)
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="jp_credits")
    year = models.PositiveSmallIntegerField(_("tahun"))
    end_date = models.DateField(_("tanggal selesai"), null=True)
    period_start = models.DateField(_("awal periode hitung"), null=True)
    period_end = models.DateField(_("akhir periode hitung"), null=True)
    jp = models.DecimalField(_("JP diakui"), max_digits=5, decimal_places=1)
    jp_before_cap = models.DecimalField(_("JP sebelum batas"), max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengakuan JP")
        verbose_name_plural = _("pengakuan JP")
        ordering = ["-year", "pegawai__name"]
        constraints = [
            models.UniqueConstraint(fields=["realisation", "pegawai"], name="one_credit_per_person_activity"),
            models.CheckConstraint(
                condition=Q(realisation__isnull=False, external__isnull=True, journal__isnull=True)
                | Q(realisation__isnull=True, external__isnull=False, journal__isnull=True)
                | Q(realisation__isnull=True, external__isnull=True, journal__isnull=False),
                name="jp_credit_has_one_source",
            ),
        ]
        indexes = [
            models.Index(fields=["pegawai", "year"], name="jp_credit_person_year"),
            # The latest year with credits (the JP overview's default year): a backward scan that
            # stops at its first row in scope, instead of reading every credit (docs/performance.md).
            models.Index(fields=["year"], name="jp_credit_year"),
        ]

    def __str__(self):
        return f"{self.pegawai} {self.year}: {self.jp} JP"

    @property
    def is_external(self):
        return self.external_id is not None

    @property
    def is_journal(self):
        return self.journal_id is not None

    @property
    def certificate_number(self):
        """The person's own certificate number for this activity (docs/jp-rules.md). External JP:
        the number on the certificate as entered (never made up). In the portal:
        "<activity number or WPL>-<realisation id>-<person id>"; read from the right, the last two
        parts are ids, and (realisation, person) is unique: no two certificates share a number,
        whatever number the activity was given."""
        if self.is_external:
            return self.external.certificate_number
        if self.is_journal:
            return ""  # validated on-the-job learning carries no certificate
        prefix = self.realisation.certificate_number or CERTIFICATE_PREFIX
        return f"{prefix}-{self.realisation_id}-{self.pegawai_id}"


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


class ApiClient(models.Model):
    """A system that pulls JP and completed development through the read-only API (E-Kinerja, a
    SIASN integration): one token each, kept only as its SHA-256 (the token itself is shown once,
    when issued). Scope: one OPD, or the whole province when `opd` is empty."""

    name = models.CharField(_("nama sistem"), max_length=120, unique=True)
    opd = models.ForeignKey(
        Opd,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_clients",
        verbose_name=_("cakupan OPD"),
        help_text=_("Kosongkan untuk seluruh provinsi."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("awal token"), max_length=8, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash", "last_used_at"])

    class Meta:
        verbose_name = _("klien API")
        verbose_name_plural = _("klien API")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.revoked_at is None


class ApiCall(models.Model):
    """One call to the API, answered or refused: which client (none when the token was missing
    or unknown), which path with its query, the status and how many rows of personal data left."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, null=True, related_name="calls")
    path = models.CharField(_("alamat"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    remote_addr = models.CharField(_("alamat IP"), max_length=45, blank=True)
    called_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("panggilan API")
        verbose_name_plural = _("panggilan API")
        ordering = ["-called_at", "-pk"]
        indexes = [models.Index(fields=["client", "-called_at"], name="api_call_client_newest")]

    def __str__(self):
        return f"{self.path} {self.status}"


# --- Reaction evaluation (Kirkpatrick level 1) answered by the attendees (issue 14 item 4) ---


class ReactionQuestion(models.Model):
    """One statement of the reaction form, answered on a Likert scale 1-5. Items are data: the
    admin edits them in the Django admin; inactive items are not asked."""

    text = models.CharField(_("pernyataan"), max_length=300)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("butir evaluasi reaksi")
        verbose_name_plural = _("butir evaluasi reaksi")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class ReactionParticipation(models.Model):
    """That an attendee has answered the reaction form of a realised activity (so they answer
    once), kept apart from the answers and carrying the date only."""

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="reaction_participations")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    answered_on = models.DateField(_("tanggal mengisi"))

    class Meta:
        verbose_name = _("keikutsertaan evaluasi reaksi")
        verbose_name_plural = _("keikutsertaan evaluasi reaksi")
        constraints = [models.UniqueConstraint(fields=["realisation", "pegawai"], name="one_reaction_per_person")]

    def __str__(self):
        return f"{self.realisation_id} – {self.pegawai_id}"


class ReactionResponse(models.Model):
    """One anonymous reaction form: no person, no time, a random key (see CultureResponse)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    realisation = models.ForeignKey(Realisation, on_delete=models.PROTECT, related_name="reaction_responses")
    comment = models.TextField(_("komentar"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("jawaban evaluasi reaksi")
        verbose_name_plural = _("jawaban evaluasi reaksi")

    def __str__(self):
        return str(self.realisation_id)


class ReactionAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(ReactionResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ReactionQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("nilai"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("jawaban butir reaksi")
        verbose_name_plural = _("jawaban butir reaksi")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_reaction_answer_per_item"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="reaction_answer_likert"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.value}"


# Which OPD each row belongs to, for the audit log and the history pages (intan_wpl.audit).
audit.register(Realisation, programme_opd="activity.plan.programme_opd", opd="activity.plan.programme_opd.opd")
audit.register(ExternalJp, opd="pegawai.opd")
audit.register(JournalEntry, opd="pegawai.opd")
audit.register(Evaluation, programme_opd="activity.plan.programme_opd", opd="activity.plan.programme_opd.opd")
audit.register(ApiClient, opd="opd")
audit.register(ReactionQuestion)
