import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intan_wpl.formatting import format_nip


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin BPSDM")
    WIDYAISWARA = "widyaiswara", _("Widyaiswara")
    KEPALA_OPD = "kepala_opd", _("Kepala OPD")
    KEPALA_BPSDM = "kepala_bpsdm", _("Kepala BPSDM")
    PEGAWAI = "pegawai", _("Pegawai")


# Roles that read every OPD, programme and plan (the province-wide view); the Kepala BPSDM
# reads only: every write check names the role that may write, never this set.
READS_EVERYTHING = frozenset({Role.ADMIN, Role.KEPALA_BPSDM})


class User(AbstractUser):
    """A person who signs in. The role decides which pages and which OPDs they reach."""

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, db_index=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    nip = models.CharField(
        _("NIP"), max_length=18, blank=True, help_text=_("Untuk blok tanda tangan dokumen resmi (Kepala OPD).")
    )
    # Who changed an account's role, name or status; never the password hash or sign-in times.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=[])

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["full_name", "username"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.full_name or self.get_full_name() or self.username

    @property
    def nip_display(self):
        return format_nip(self.nip)

    @property
    def is_bpsdm_admin(self):
        return self.role == Role.ADMIN

    @property
    def is_widyaiswara(self):
        return self.role == Role.WIDYAISWARA

    @property
    def is_kepala_opd(self):
        return self.role == Role.KEPALA_OPD

    @property
    def is_kepala_bpsdm(self):
        return self.role == Role.KEPALA_BPSDM

    @property
    def reads_everything(self):
        """The admin and the Kepala BPSDM read every OPD; only the admin writes (intan_wpl.roles)."""
        return self.role in READS_EVERYTHING

    @property
    def is_pegawai(self):
        return self.role == Role.PEGAWAI


class ExportLog(models.Model):
    """Who exported which personal data, and when (UU 27/2022: log access to exports)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="exports", verbose_name=_("pengguna"))
    kind = models.CharField(_("jenis ekspor"), max_length=60)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    pseudonymised = models.BooleanField(_("NIP disamarkan"), default=False)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("catatan ekspor")
        verbose_name_plural = _("catatan ekspor")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} – {self.user} ({self.created_at:%d-%m-%Y %H.%M})"


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


class JobState(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


def job_result_path(job, filename):
    """Result files under a random name; the name the owner downloads is Job.result_name."""
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"jobs/{uuid.uuid4().hex}.{suffix}"


class Job(models.Model):
    """One run of long work in the background (intan_wpl.jobs): who asked for what, how far it
    is, what it produced. The row is the record of the run; the result file is kept for
    JOB_RESULT_DAYS days (manage.py cleanup_jobs)."""

    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("pemilik"))
    kind = models.CharField(_("jenis"), max_length=60)
    label = models.CharField(_("pekerjaan"), max_length=200)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    step = models.CharField(_("langkah"), max_length=200, blank=True)
    counts = models.JSONField(_("hitungan"), default=dict, blank=True)
    result_file = models.FileField(_("berkas hasil"), upload_to=job_result_path, blank=True)
    result_name = models.CharField(_("nama berkas hasil"), max_length=200, blank=True)
    result_removed_at = models.DateTimeField(_("berkas hasil dihapus"), null=True, blank=True)
    error = models.TextField(_("galat"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_newest")]

    def __str__(self):
        return f"{self.label} ({self.get_state_display()})"

    @property
    def is_finished(self):
        return self.state in (JobState.DONE, JobState.FAILED)


class AuditAction(models.TextChoices):
    CREATED = "+", _("Dibuat")
    CHANGED = "~", _("Diubah")
    DELETED = "-", _("Dihapus")
    IMPORTED = "import", _("Diimpor")
    LOCKOUT_RELEASED = "lockout_released", _("Kunci masuk dilepas")
    OTP_ENROLLED = "otp_enrolled", _("Verifikasi dua langkah diaktifkan")
    OTP_RESET = "otp_reset", _("Verifikasi dua langkah diatur ulang")
    BACKUP_CODES = "backup_codes", _("Kode cadangan dibuat ulang")
    ACTIVATION_ISSUED = "activation_issued", _("Kode aktivasi akun pegawai diterbitkan")


class AuditEntry(models.Model):
    """One line of the portal-wide audit log: who changed what, when, in which OPD.

    Written for every historical record django-simple-history creates (intan_wpl.audit) and
    for security events (a lockout released, a second factor reset). The OPD is kept as ids,
    not keys: this app comes before the registry, and a line stays when its OPD is deleted;
    labels are copied at write time for the same reason."""

    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    user_label = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=20, choices=AuditAction.choices)
    model_label = models.CharField(_("jenis data (kode)"), max_length=100, db_index=True)
    object_kind = models.CharField(_("jenis data"), max_length=100)
    object_id = models.CharField(_("id data"), max_length=40, blank=True)
    object_label = models.CharField(_("data"), max_length=300, blank=True)
    opd_id = models.BigIntegerField(_("id OPD"), null=True, blank=True, db_index=True)
    programme_opd_id = models.BigIntegerField(_("id OPD program"), null=True, blank=True)
    reason = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["model_label", "object_id"], name="audit_object"),
            models.Index(fields=["user", "-created_at"], name="audit_user_time"),
            models.Index(fields=["opd_id", "-created_at"], name="audit_opd_time"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_kind} {self.object_label}"


class FormSubmission(models.Model):
    """A one-time token a form was sent with (intan_wpl.middleware.SubmitOnceMiddleware): the
    second click of a double-clicked "Simpan" finds it and gets the first answer, so a create
    form never makes two records. Kept a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Where the first submission's answer redirected; empty while it runs.
    location = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="one_submission_per_token")]

    def __str__(self):
        return self.token


class TimeZoneChoice(models.TextChoices):
    """The three zones of Indonesia (no daylight saving): a province uses one of them."""

    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


# How times are read in each zone ("14.30 WIB"): the abbreviation tzdata gives each zone.
ZONE_ABBREVIATION = {choice.value: datetime.now(ZoneInfo(choice.value)).tzname() for choice in TimeZoneChoice}


class InstanceProfile(models.Model):
    """Who runs this installation: the province and its BPSDM. One row (pk=1), set at install
    (data migration or `manage.py instance_profile`) and edited by the admin; every page,
    document, email and export reads names, the letterhead and the time zone from it."""

    province_name = models.CharField(_("nama provinsi"), max_length=100)
    government_name = models.CharField(
        _("nama pemerintah daerah"), max_length=150, help_text=_("Baris pertama kop surat, mis. Pemerintah Provinsi …")
    )
    agency_name = models.CharField(_("nama instansi"), max_length=150)
    agency_short_name = models.CharField(
        _("singkatan instansi"), max_length=40, help_text=_("Dipakai di judul halaman, mis. BPSDM …")
    )
    address = models.TextField(
        _("alamat kop surat"), help_text=_("Alamat, telepon, surel, laman: satu baris atau lebih.")
    )
    city = models.CharField(
        _("kota tempat penandatanganan"), max_length=100, help_text=_("Ditulis sebelum tanggal surat.")
    )
    time_zone = models.CharField(_("zona waktu"), max_length=40, choices=TimeZoneChoice.choices)
    regencies = models.TextField(_("kabupaten dan kota"), blank=True, help_text=_("Satu nama per baris."))
    decree_issuer_title = models.CharField(
        _("penerbit keputusan program"), max_length=150, help_text=_("Mis. Gubernur …: yang menandatangani SK program.")
    )
    head_title = models.CharField(
        _("jabatan penandatangan surat tugas"), max_length=200, help_text=_("Mis. Kepala Badan … Provinsi …")
    )
    head_name = models.CharField(_("nama penandatangan surat tugas"), max_length=150, blank=True)
    head_nip = models.CharField(_("NIP penandatangan surat tugas"), max_length=18, blank=True)
    logo = models.FileField(_("logo kop surat (PNG/JPEG)"), upload_to="instance/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("profil instansi")
        verbose_name_plural = _("profil instansi")

    def __str__(self):
        return f"{self.agency_short_name} ({self.province_name})"

    @property
    def agency_full_name(self):
        """ "Badan Pengembangan Sumber Daya Manusia Provinsi …": the agency as a sentence names it."""
        return f"{self.agency_name} Provinsi {self.province_name}"

    @property
    def regency_list(self):
        return [line.strip() for line in self.regencies.splitlines() if line.strip()]

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def zone_label(self):
        """The zone as times are read here ("14.30 WIB")."""
        return ZONE_ABBREVIATION.get(self.time_zone, "")

    @property
    def head_nip_display(self):
        return format_nip(self.head_nip)
