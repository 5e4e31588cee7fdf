"""Forms of the BPSDM dashboard pages: filters, joint programme, data pack (issue 6)."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from insights.models import JointProgramme
from intan_wpl.forms import DateInput
from pilots.models import Programme


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class DashboardFilterForm(forms.Form):
    """Programme and period. Offers only the programmes the user may see, so another OPD's
    programme id is refused as an invalid choice."""

    programme = ProgrammeChoiceField(
        label=_("Program"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Semua program"),
        error_messages={"invalid_choice": _("Program ini tidak tersedia untuk Anda.")},
    )
    date_from = forms.DateField(label=_("Periode dari"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("sampai"), required=False, widget=DateInput())
    year = forms.IntegerField(
        label=_("Tahun JP"),
        required=False,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Kosong = tahun akhir periode, tahun akhir program, atau tahun terakhir yang memiliki JP."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by("-start_date", "name")

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("Tanggal akhir periode tidak boleh sebelum tanggal awal."))
        return data

    def valid_filters(self):
        """The filters that passed validation: a bad field is shown with its message and ignored."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


class DuplicateFilterForm(forms.Form):
    programme = ProgrammeChoiceField(
        label=_("Program"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Semua program"),
        error_messages={"invalid_choice": _("Program ini tidak tersedia.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by("-start_date", "name")

    def selected_programme(self):
        if self.is_valid():
            return self.cleaned_data.get("programme")
        return None


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        opd = obj.plan.programme_opd.opd
        return f"{obj.title} — {opd.abbreviation or opd.name}"


class JointProgrammeForm(forms.ModelForm):
    """Name, description, the group's activities to join (only those are offered) and an
    optional estimate of one joint run."""

    activities = ActivityChoiceField(
        label=_("Kegiatan yang digabung"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Pilih kegiatan yang akan digabung."),
            "invalid_choice": _("Kegiatan yang dipilih tidak termasuk kelompok ini."),
            "invalid_pk_value": _("Pilihan kegiatan tidak sah."),
        },
    )

    class Meta:
        model = JointProgramme
        fields = ["name", "description", "activities", "joint_run_cost"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "joint_run_cost": _(
                "Opsional. Kosongkan bila satu penyelenggaraan bersama diperkirakan sama dengan biaya "
                "kegiatan termahal dalam kelompok."
            ),
        }

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = activities
        self.fields["name"].error_messages["required"] = _("Nama program bersama wajib diisi.")
        self.fields["joint_run_cost"].localize = False
        self.fields["joint_run_cost"].widget.attrs.update({"min": 0, "step": 1, "inputmode": "numeric"})


class DataPackForm(forms.Form):
    programme = ProgrammeChoiceField(
        label=_("Program"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Semua program"),
        error_messages={"invalid_choice": _("Program ini tidak tersedia.")},
    )
    show_real_nip = forms.BooleanField(
        label=_("Tampilkan NIP asli"),
        required=False,
        help_text=_("Tanpa centang, NIP diganti kode samaran yang tetap dan nama pegawai tidak disertakan."),
    )
    reason = forms.CharField(
        label=_("Alasan menampilkan NIP asli"),
        required=False,
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila NIP asli ditampilkan; dicatat dalam catatan ekspor (UU 27/2022)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by("-start_date", "name")

    def clean(self):
        data = super().clean()
        reason = (data.get("reason") or "").strip()
        data["reason"] = reason
        if data.get("show_real_nip") and len(reason) < 10:
            self.add_error("reason", _("Tuliskan alasan (minimal 10 karakter) untuk menampilkan NIP asli."))
        return data
