"""Forms for programmes, their OPDs, assignments and Widyaiswara. The forms check what a single
field can tell; the rules that need the database live in pilots.services."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intan_wpl.formatting import short_date
from intan_wpl.forms import BoundedModelMultipleChoiceField, ConfirmableWarningsMixin, DateInput
from intan_wpl.models import Role, User
from pilots.models import Assignment, Opd, Programme, WidyaiswaraJenjang
from pilots.services.programmes import DECREE_MAX_MB, check_decree_file


class ProgrammeForm(forms.ModelForm):
    # Not a model field on the form: the service stores it under a random name.
    decree_file = forms.FileField(
        label=_("Berkas SK (PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("PDF hasil pindai SK yang ditandatangani, paling besar %(mb)d MB.") % {"mb": DECREE_MAX_MB},
    )

    class Meta:
        model = Programme
        fields = ["name", "start_date", "end_date", "status", "decree_number", "decree_date"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "decree_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.decree_file:
            self.fields["decree_file"].help_text = _(
                "Sudah ada berkas SK. Pilih berkas baru hanya untuk menggantinya (PDF, paling besar %(mb)d MB)."
            ) % {"mb": DECREE_MAX_MB}

    def clean_decree_file(self):
        decree_file = self.cleaned_data.get("decree_file")
        if decree_file:
            try:
                check_decree_file(decree_file)
            except ValidationError as error:
                raise ValidationError(error.message_dict["decree_file"]) from None
        return decree_file

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors and self.files.get("decree_file") and "decree_file" not in self.errors:
            # Browsers never refill a file input: say so, next to the field. (The bound field
            # copied the help text while validating, so set it there too.)
            reselect = _(
                "Berkas yang tadi dipilih belum tersimpan karena ada isian lain yang perlu diperbaiki. "
                "Pilih berkas PDF itu lagi sebelum menyimpan."
            )
            self.fields["decree_file"].help_text = reselect
            self["decree_file"].help_text = reselect
            self.decree_file_needs_reselect = True


class ProgrammeOpdAddForm(forms.Form):
    opds = BoundedModelMultipleChoiceField(
        label=_("OPD yang ditambahkan"),
        queryset=Opd.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Pilih sedikitnya satu OPD."),
            "invalid_choice": _("OPD %(value)s tidak dapat dipilih: mungkin sudah ada dalam program ini."),
            "invalid_pk_value": _("Pilihan OPD tidak valid."),
        },
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opds"].queryset = (
            Opd.objects.exclude(programme_opds__programme=programme).select_related("parent").order_by("name")
        )
        self.fields["opds"].label_from_instance = lambda opd: (
            f"{opd.name} ({opd.abbreviation})" if opd.abbreviation else opd.name
        )


class ProgrammeOpdActiveForm(forms.Form):
    is_active = forms.BooleanField(required=False, widget=forms.HiddenInput)


class WidyaiswaraChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class AssignmentForm(ConfirmableWarningsMixin, forms.ModelForm):
    widyaiswara = WidyaiswaraChoiceField(
        label=_("Widyaiswara"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Pilih Widyaiswara dari daftar.")},
    )

    class Meta:
        model = Assignment
        fields = ["widyaiswara", "role", "letter_number", "letter_date", "start_date", "end_date"]
        widgets = {
            "letter_date": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["widyaiswara"]
        else:
            self.fields["widyaiswara"].queryset = User.objects.filter(role=Role.WIDYAISWARA, is_active=True).order_by(
                "full_name", "username"
            )

    def unusual_values(self, cleaned):
        """An assignment outside its programme's period is possible (a letter signed before the
        decree) but usually a typing error: confirmed, never silent."""
        programme = self.instance.programme_opd.programme if self.instance.programme_opd_id else None
        warnings = {}
        if programme is None:
            return warnings
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        period = {"start": short_date(programme.start_date), "end": short_date(programme.end_date)}
        if start and programme.start_date and start < programme.start_date:
            warnings["start_date"] = _("Mulai sebelum program dimulai (%(start)s).") % period
        if end and programme.end_date and end > programme.end_date:
            warnings["end_date"] = _("Berakhir sesudah program selesai (%(end)s).") % period
        return warnings

    def service_kwargs(self):
        return self.without_confirmation(self.cleaned_data)


class WidyaiswaraProfileFields(forms.Form):
    """Profile fields shared by the create and the edit form."""

    full_name = forms.CharField(label=_("Nama lengkap (dengan gelar)"), max_length=150)
    email = forms.EmailField(label=_("Surel"), max_length=254, required=False)
    nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        required=False,
        help_text=_("18 digit; boleh dengan spasi, misalnya 19860926 201505 1 001."),
    )
    jenjang = forms.ChoiceField(label=_("Jenjang jabatan"), choices=WidyaiswaraJenjang.choices)
    expertise = forms.CharField(
        label=_("Bidang keahlian"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(label=_("Nomor telepon/WhatsApp"), max_length=30, required=False)


class WidyaiswaraCreateForm(WidyaiswaraProfileFields):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Dipakai untuk masuk. Huruf, angka dan @/./+/-/_ saja."),
    )
    password = forms.CharField(
        label=_("Kata sandi awal"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Paling sedikit 10 karakter, tidak umum, tidak hanya angka, tidak mirip nama pengguna."),
    )
    password_confirm = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = [
        "username",
        "full_name",
        "email",
        "password",
        "password_confirm",
        "nip",
        "jenjang",
        "expertise",
        "phone",
    ]

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        confirm = cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", _("Kedua kata sandi tidak sama."))
        return cleaned

    def service_kwargs(self):
        return {key: value for key, value in self.cleaned_data.items() if key != "password_confirm"}


class WidyaiswaraEditForm(WidyaiswaraProfileFields):
    def service_kwargs(self):
        return dict(self.cleaned_data)
