"""Forms for the OPD registry pages: an OPD and its unit kerja.

Choice fields offer only what may be chosen (a Dinas as parent, an active Kepala OPD as head),
so an id typed into the POST data for anything else is a field error, never a save."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import Role, User
from pilots.models import Opd, OpdKind, UnitKerja
from pilots.services.opds import opd_name_taken, unit_name_taken


class HeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.display_name} ({obj.username})"
        if not obj.is_active:
            label += " – " + str(_("akun nonaktif"))
        return label


class OpdForm(forms.ModelForm):
    head = HeadChoiceField(
        label=_("Kepala OPD"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— belum ditetapkan —"),
        help_text=_("Hanya pengguna aktif dengan peran Kepala OPD. Buat akunnya dulu di menu Pengguna."),
        error_messages={
            "invalid_choice": _("Pilih Kepala OPD dari daftar: hanya pengguna aktif dengan peran Kepala OPD."),
        },
    )

    class Meta:
        model = Opd
        fields = ["name", "abbreviation", "kind", "parent", "address", "head"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "abbreviation": _("Misalnya DPK, DKP, Disbudpar."),
        }
        error_messages = {
            "name": {"unique": _("Sudah ada OPD dengan nama ini.")},
            "parent": {
                "invalid_choice": _("Pilih dinas induk dari daftar: hanya OPD berjenis Dinas yang dapat membawahi UPT.")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Opd.objects.filter(kind=OpdKind.DINAS).order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("— pilih dinas induk —")
        self.fields["parent"].help_text = _("Wajib untuk UPT, dan hanya untuk UPT: dinas yang membawahinya.")
        # The current head stays selectable even if their account was deactivated since, so
        # saving an unrelated change never drops the head without a word.
        heads = Q(role=Role.KEPALA_OPD, is_active=True)
        if self.instance.head_id:
            heads |= Q(pk=self.instance.head_id, role=Role.KEPALA_OPD)
        self.fields["head"].queryset = User.objects.filter(heads).order_by("full_name", "username")

    def clean_name(self):
        name = self.cleaned_data["name"]
        if opd_name_taken(name, exclude_pk=self.instance.pk):
            raise ValidationError(_("Sudah ada OPD bernama “%(name)s”."), params={"name": name})
        return name


class UnitKerjaForm(forms.ModelForm):
    class Meta:
        model = UnitKerja
        fields = ["name", "works_in_shifts"]
        help_texts = {
            "name": _("Misalnya Sekretariat, Bidang Layanan Perpustakaan, Ruang Rawat Inap Mawar."),
            "works_in_shifts": _(
                "Centang untuk unit yang bekerja bergiliran, misalnya ruang rawat inap atau IGD RSUD: "
                "sesi pendampingan perlu dijadwalkan mengikuti sif."
            ),
        }

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.opd = opd
        self.instance.opd = opd

    def clean_name(self):
        name = self.cleaned_data["name"]
        if unit_name_taken(opd=self.opd, name=name, exclude_pk=self.instance.pk):
            raise ValidationError(
                _("%(opd)s sudah memiliki unit kerja bernama “%(name)s”."),
                params={"opd": self.opd.short_name, "name": name},
            )
        return name
