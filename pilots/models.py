from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intan_wpl import audit
from intan_wpl.models import Role
from intan_wpl.validators import check_period, check_unit_of_opd
from pilots.domain import (
    GOLONGAN_CHOICES,
    PANGKAT,
    EmploymentType,
    Gender,
    JabatanKind,
    check_golongan,
    format_nip,
    normalize_nip,
    parse_nip,
)


class OpdKind(models.TextChoices):
    SEKRETARIAT_DAERAH = "setda", _("Sekretariat Daerah / Biro")
    SEKRETARIAT_DPRD = "setwan", _("Sekretariat DPRD")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    UPT = "upt", _("UPT")


class OpdQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.reads_everything:
            return self.all()
        if user.role == Role.WIDYAISWARA:
            assigned = Assignment.objects.current().filter(widyaiswara=user).values("programme_opd__opd_id")
            return self.filter(pk__in=assigned)
        if user.role == Role.KEPALA_OPD:
            return self.filter(head=user)
        return self.none()


class Opd(models.Model):
    """An Organisasi Perangkat Daerah: a provincial agency, the unit a pilot runs in."""

    name = models.CharField(_("nama"), max_length=200, unique=True)
    abbreviation = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=OpdKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("dinas induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="upts",
        help_text=_("Wajib untuk UPT: dinas yang membawahinya."),
    )
    address = models.TextField(_("alamat"), blank=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Kepala OPD"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_opds",
        limit_choices_to={"role": Role.KEPALA_OPD},
    )
    history = HistoricalRecords()

    objects = OpdQuerySet.as_manager()

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="unique_opd_name_ci")]

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        return self.abbreviation or self.name

    def clean(self):
        if self.kind == OpdKind.UPT and not self.parent_id:
            raise ValidationError({"parent": _("UPT harus berada di bawah sebuah dinas induk.")})
        if self.kind != OpdKind.UPT and self.parent_id:
            raise ValidationError({"parent": _("Hanya UPT yang memiliki dinas induk.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("OPD tidak dapat menjadi induk dirinya sendiri.")})
        if self.parent_id and self.parent.kind != OpdKind.DINAS:
            raise ValidationError({"parent": _("Induk sebuah UPT harus berupa Dinas.")})
        if self.head_id and self.head.role != Role.KEPALA_OPD:
            raise ValidationError({"head": _("Kepala OPD harus pengguna dengan peran Kepala OPD.")})


class ProgrammeStatus(models.TextChoices):
    PERENCANAAN = "perencanaan", _("Perencanaan")
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.reads_everything:
            return self.all()
        return self.filter(pk__in=ProgrammeOpd.objects.visible_to(user).values("programme_id"))


class Programme(models.Model):
    """A Workplace Learning programme set up by a Keputusan Gubernur, e.g. Pilot INTAN-WPL 2025."""

    name = models.CharField(_("nama program"), max_length=200, unique=True)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PERENCANAAN
    )
    decree_number = models.CharField(_("nomor Keputusan Gubernur"), max_length=120, blank=True)
    decree_date = models.DateField(_("tanggal Keputusan Gubernur"), null=True, blank=True)
    # Not under MEDIA_URL for anyone: served only through the scoped download view.
    decree_file = models.FileField(_("berkas SK (PDF)"), upload_to="decrees/%Y/", blank=True)
    opds = models.ManyToManyField(Opd, through="ProgrammeOpd", related_name="programmes", verbose_name=_("OPD"))
    history = HistoricalRecords()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["-start_date", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        check_period(self.start_date, self.end_date)


class ProgrammeOpdQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.reads_everything:
            return self.all()
        if user.role == Role.WIDYAISWARA:
            return self.filter(pk__in=Assignment.objects.current().filter(widyaiswara=user).values("programme_opd_id"))
        if user.role == Role.KEPALA_OPD:
            return self.filter(opd__head=user)
        return self.none()


class ProgrammeOpd(models.Model):
    """An OPD named in a programme's decree: the place where one pilot runs."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="programme_opds", verbose_name=_("program")
    )
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="programme_opds", verbose_name=_("OPD"))
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    objects = ProgrammeOpdQuerySet.as_manager()

    class Meta:
        verbose_name = _("OPD program")
        verbose_name_plural = _("OPD program")
        ordering = ["programme", "opd__name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "opd"], name="unique_opd_per_programme"),
        ]

    def __str__(self):
        return f"{self.opd} ({self.programme})"


class ProgrammeOpdScopedQuerySet(models.QuerySet):
    """Rows that hang off a ProgrammeOpd (directly via `programme_opd`): same scope as it."""

    programme_opd_path = "programme_opd"

    def visible_to(self, user):
        return self.filter(**{f"{self.programme_opd_path}__in": ProgrammeOpd.objects.visible_to(user)})


class AssignmentRole(models.TextChoices):
    KETUA = "ketua", _("Ketua tim")
    ANGGOTA = "anggota", _("Anggota")


def current_assignment_q(prefix="", *, on=None):
    """THE definition of a current assignment (penugasan), as a Q over Assignment (or, with
    `prefix` such as "assignments__", over a model that reaches it): on the day `on` (today in
    the portal's zone by default) it has started (no start date: from the beginning), has not
    ended (no end date: open-ended), its programme OPD is active and its programme is not
    finished (Selesai). A Widyaiswara reaches an OPD, its staff and its field work only through
    a current assignment, and only current assignments count as load; past work stays readable
    to the admin."""
    on = on or timezone.localdate()
    return (
        (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": on}))
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on}))
        & Q(**{f"{prefix}programme_opd__is_active": True})
        & ~Q(**{f"{prefix}programme_opd__programme__status": "selesai"})
    )


class AssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        """Assignments current on `on` (today by default): see current_assignment_q."""
        return self.filter(current_assignment_q(on=on))


class Assignment(models.Model):
    """A Widyaiswara assigned (penugasan) as pendamping to one OPD of a programme."""

    programme_opd = models.ForeignKey(
        ProgrammeOpd, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("OPD program")
    )
    widyaiswara = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        limit_choices_to={"role": Role.WIDYAISWARA},
        verbose_name=_("Widyaiswara"),
    )
    role = models.CharField(_("peran dalam tim"), max_length=10, choices=AssignmentRole.choices)
    letter_number = models.CharField(_("nomor surat tugas"), max_length=120, blank=True)
    letter_date = models.DateField(_("tanggal surat tugas"), null=True, blank=True)
    start_date = models.DateField(_("mulai bertugas"), null=True, blank=True)
    end_date = models.DateField(_("selesai bertugas"), null=True, blank=True)
    # The surat tugas as generated (PDF), kept with the assignment; served only through a scoped view.
    letter_file = models.FileField(_("berkas surat tugas (PDF)"), upload_to="surat_tugas/%Y/", blank=True)
    letter_generated_at = models.DateTimeField(_("surat tugas dibuat"), null=True, blank=True)
    letter_generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("surat tugas dibuat oleh"),
    )
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan Widyaiswara")
        verbose_name_plural = _("penugasan Widyaiswara")
        ordering = ["programme_opd", "role", "widyaiswara__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme_opd", "widyaiswara"], name="widyaiswara_assigned_once_per_opd"),
            models.UniqueConstraint(
                fields=["programme_opd"], condition=Q(role="ketua"), name="one_ketua_per_programme_opd"
            ),
        ]

    def __str__(self):
        return f"{self.widyaiswara} – {self.programme_opd} ({self.get_role_display()})"

    def clean(self):
        if self.widyaiswara_id and self.widyaiswara.role != Role.WIDYAISWARA:
            raise ValidationError({"widyaiswara": _("Pengguna ini bukan Widyaiswara.")})
        check_period(self.start_date, self.end_date)


class UnitKerja(models.Model):
    """A work unit inside an OPD (bidang, seksi, instalasi, a hospital ward)."""

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="units", verbose_name=_("OPD"))
    name = models.CharField(_("nama unit kerja"), max_length=200)
    works_in_shifts = models.BooleanField(
        _("bekerja dalam sif"), default=False, help_text=_("Misalnya ruang rawat inap RSUD yang bekerja bergiliran.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["opd", "name"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "name"], name="unique_unit_name_per_opd"),
            models.UniqueConstraint("opd", Lower("name"), name="unique_unit_name_per_opd_ci"),
        ]

    def __str__(self):
        return self.name


class PegawaiQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff of the OPDs the user may see: nobody else ever sees a NIP."""
        if not user.is_authenticated:
            return self.none()
        if user.reads_everything:
            return self.all()
        if user.role == Role.PEGAWAI:
            return self.filter(account=user, is_active=True)
        return self.filter(opd__in=Opd.objects.visible_to(user))


class Pegawai(models.Model):
    """A civil servant (PNS or PPPK) on an OPD's roster, keyed by NIP."""

    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="staff", verbose_name=_("OPD"))
    unit = models.ForeignKey(
        UnitKerja,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("unit kerja"),
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    employment_type = models.CharField(
        _("status kepegawaian"), max_length=4, choices=EmploymentType.choices, default=EmploymentType.PNS
    )
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    jabatan_kind = models.CharField(
        _("jenis jabatan"), max_length=20, choices=JabatanKind.choices, default=JabatanKind.PELAKSANA
    )
    golongan = models.CharField(_("golongan/ruang"), max_length=5, choices=GOLONGAN_CHOICES, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    # PPPK only (PP 49/2018): the perjanjian kerja. Its start date decides the year the PPPK JP
    # cap counts in (each contract year runs from the start date's anniversary).
    contract_start = models.DateField(_("mulai perjanjian kerja"), null=True, blank=True)
    contract_end = models.DateField(_("akhir perjanjian kerja"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Atasan langsung: validates the person's learning journal (learning_records.JournalEntry).
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("atasan langsung"),
    )
    # The person's own portal account (role Pegawai, username = NIP), made when activation is
    # issued (pilots.services.accounts); switched off when they leave the roster.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pegawai",
        verbose_name=_("akun"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PegawaiQuerySet.as_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name", "nip"]
        indexes = [models.Index(fields=["opd", "name"], name="pegawai_opd_name")]

    def __str__(self):
        return f"{self.name} ({self.nip_display})"

    @property
    def nip_display(self):
        return format_nip(self.nip)

    @property
    def pangkat(self):
        return PANGKAT.get(self.golongan, "")

    def clean_fields(self, exclude=None):
        # "19860926 201505 1 001" is 21 characters: normalise before the max_length check.
        self.nip = normalize_nip(self.nip)
        super().clean_fields(exclude)

    def clean(self):
        self.nip = normalize_nip(self.nip)
        errors = {}
        try:
            facts = parse_nip(self.nip, self.employment_type)
        except ValidationError as error:
            errors["nip"] = error.messages
        else:
            # A PNS NIP carries the gender; trust it over anything typed.
            self.gender = facts.gender
        try:
            check_golongan(self.golongan, self.employment_type)
        except ValidationError as error:
            errors["golongan"] = error.messages
        try:
            check_unit_of_opd(self.unit_id, self.unit, self.opd_id)
        except ValidationError as error:
            errors.update(error.message_dict)
        errors.update(self._contract_errors())
        if self.supervisor_id and self.supervisor_id == self.pk:
            errors["supervisor"] = [_("Atasan langsung tidak boleh orang yang sama.")]
        if errors:
            raise ValidationError(errors)

    def _contract_errors(self):
        if self.employment_type != EmploymentType.PPPK:
            if self.contract_start or self.contract_end:
                return {"contract_start": [_("Hanya PPPK yang memiliki perjanjian kerja; kosongkan tanggalnya.")]}
            return {}
        try:
            check_period(self.contract_start, self.contract_end, field="contract_end")
        except ValidationError as error:
            return error.message_dict
        if self.contract_end and not self.contract_start:
            return {"contract_start": [_("Isi juga tanggal mulai perjanjian kerja.")]}
        return {}


class AccountActivation(models.Model):
    """A one-time activation code for a Pegawai's account. Only a keyed hash of the code is kept
    (the code itself is shown once, on the sheet or file it was issued in); it expires, it is
    void after MAX_FAILED_ATTEMPTS wrong tries, and issuing a new one voids the earlier ones."""

    MAX_FAILED_ATTEMPTS = 5

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="activations")
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    voided_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kode aktivasi")
        verbose_name_plural = _("kode aktivasi")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.pegawai} ({self.created_at:%d-%m-%Y})"

    @property
    def is_usable(self):
        return (
            self.used_at is None
            and self.voided_at is None
            and self.failed_attempts < self.MAX_FAILED_ATTEMPTS
            and self.expires_at > timezone.now()
        )


class RosterImportStatus(models.TextChoices):
    CHECKING = "checking", _("Sedang diperiksa")
    PREVIEW = "preview", _("Pratinjau")
    COMMITTED = "committed", _("Sudah diimpor")
    REJECTED = "rejected", _("Ditolak (ada kesalahan)")


class RosterImport(models.Model):
    """One roster file uploaded for an OPD: checked in full, then committed all or nothing."""

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="roster_imports", verbose_name=_("OPD"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diunggah oleh")
    )
    file = models.FileField(_("berkas"), upload_to="roster_imports/%Y/", blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=RosterImportStatus.choices, default=RosterImportStatus.PREVIEW
    )
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    created_count = models.PositiveIntegerField(_("pegawai baru"), default=0)
    updated_count = models.PositiveIntegerField(_("pegawai diperbarui"), default=0)
    unchanged_count = models.PositiveIntegerField(_("tidak berubah"), default=0)
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    # The mode chosen at upload: import the valid rows and return the rest (issue 12: the check
    # runs later, in a job, so the choice is kept until then).
    partial_mode = models.BooleanField(_("impor baris yang benar saja"), default=False)
    # What the check found, as the preview shows it (counts, columns, mappings, questions, moves,
    # changes): stored by the check job so that the preview does no work that grows with the roster.
    summary = models.JSONField(_("hasil pemeriksaan"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    committed_at = models.DateTimeField(_("diimpor"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor daftar pegawai")
        verbose_name_plural = _("impor daftar pegawai")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.opd})"


class WidyaiswaraJenjang(models.TextChoices):
    AHLI_PERTAMA = "ahli_pertama", _("Widyaiswara Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Widyaiswara Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Widyaiswara Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Widyaiswara Ahli Utama")


class WidyaiswaraProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="widyaiswara_profile",
        limit_choices_to={"role": Role.WIDYAISWARA},
        verbose_name=_("akun"),
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True, null=True, blank=True)
    jenjang = models.CharField(_("jenjang"), max_length=20, choices=WidyaiswaraJenjang.choices)
    expertise = models.TextField(_("bidang keahlian"), blank=True)
    phone = models.CharField(_("nomor telepon/WhatsApp"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profil Widyaiswara")
        verbose_name_plural = _("profil Widyaiswara")
        ordering = ["user__full_name"]

    def __str__(self):
        return str(self.user)

    @property
    def nip_display(self):
        return format_nip(self.nip or "")

    def clean_fields(self, exclude=None):
        self.nip = normalize_nip(self.nip) or None
        super().clean_fields(exclude)

    def clean(self):
        if self.nip:
            self.nip = normalize_nip(self.nip)
            try:
                parse_nip(self.nip, EmploymentType.PNS)
            except ValidationError as error:
                raise ValidationError({"nip": error.messages}) from None
        else:
            self.nip = None
        if self.user_id and self.user.role != Role.WIDYAISWARA:
            raise ValidationError({"user": _("Akun ini bukan akun Widyaiswara.")})


# Which OPD each row belongs to, for the audit log and the history pages (intan_wpl.audit).
class SkpIndicator(models.Model):
    """One indicator of one rencana hasil kerja (RHK) in a person's SKP for a period, as exported
    from e-Kinerja: the target and, once assessed, the realisation. A learning need may name the
    indicator it serves; the level-4 evaluation reads it before and after (issue 14, item 5)."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="skp_indicators")
    period = models.CharField(_("periode"), max_length=30)
    year = models.PositiveSmallIntegerField(_("tahun"))
    rhk = models.CharField(_("rencana hasil kerja"), max_length=500)
    indicator = models.CharField(_("indikator"), max_length=500)
    target = models.CharField(_("target"), max_length=100)
    realisation = models.CharField(_("realisasi"), max_length=100, blank=True)
    imported_at = models.DateTimeField(_("diimpor"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["imported_at"])

    class Meta:
        verbose_name = _("indikator SKP")
        verbose_name_plural = _("indikator SKP")
        ordering = ["pegawai__name", "year", "period", "rhk", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "period", "rhk", "indicator"], name="one_skp_indicator_per_person_period"
            )
        ]

    def __str__(self):
        return f"{self.indicator} ({self.period})"


audit.register(Opd, opd="self")
audit.register(Programme)
audit.register(ProgrammeOpd, programme_opd="self", opd="opd")
audit.register(Assignment, programme_opd="programme_opd", opd="programme_opd.opd")
audit.register(UnitKerja, opd="opd")
audit.register(Pegawai, opd="opd")
audit.register(WidyaiswaraProfile)
audit.register(SkpIndicator, opd="pegawai.opd")
