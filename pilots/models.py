from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import Role


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
        if user.role == Role.ADMIN:
            return self.all()
        if user.role == Role.WIDYAISWARA:
            assigned = Assignment.objects.filter(widyaiswara=user).values("programme_opd__opd_id")
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

    objects = OpdQuerySet.as_manager()

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["name"]

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
        if user.role == Role.ADMIN:
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
    opds = models.ManyToManyField(Opd, through="ProgrammeOpd", related_name="programmes", verbose_name=_("OPD"))

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["-start_date", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})


class ProgrammeOpdQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        if user.role == Role.WIDYAISWARA:
            return self.filter(pk__in=Assignment.objects.filter(widyaiswara=user).values("programme_opd_id"))
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


class AssignmentRole(models.TextChoices):
    KETUA = "ketua", _("Ketua tim")
    ANGGOTA = "anggota", _("Anggota")


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
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
