from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin BPSDM")
    WIDYAISWARA = "widyaiswara", _("Widyaiswara")
    KEPALA_OPD = "kepala_opd", _("Kepala OPD")


class User(AbstractUser):
    """A person who signs in. The role decides which pages and which OPDs they reach."""

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, db_index=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)

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
    def is_bpsdm_admin(self):
        return self.role == Role.ADMIN

    @property
    def is_widyaiswara(self):
        return self.role == Role.WIDYAISWARA

    @property
    def is_kepala_opd(self):
        return self.role == Role.KEPALA_OPD


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
