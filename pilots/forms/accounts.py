"""What the admin or Kepala OPD types to issue activation codes, and what a Pegawai types to
activate their account."""

import re

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from pilots.domain import normalize_nip
from pilots.models import UnitKerja


class IssueOutput:
    SHEET = "sheet"
    XLSX = "xlsx"
    CSV = "csv"
    CHOICES = [
        (SHEET, _("Lembar cetak per unit kerja")),
        (XLSX, _("Berkas XLSX untuk dikirim (email/WhatsApp)")),
        (CSV, _("Berkas CSV untuk dikirim (email/WhatsApp)")),
    ]


class ActivationIssueForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("Semua unit kerja"),
    )
    nips = forms.CharField(
        label=_("Hanya NIP berikut"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Satu NIP per baris (boleh dengan spasi). Kosongkan untuk semua pegawai aktif yang dipilih."),
    )
    only_without_account = forms.BooleanField(
        label=_("Lewati pegawai yang akunnya sudah aktif"), required=False, initial=True
    )
    output = forms.ChoiceField(label=_("Hasil"), choices=IssueOutput.CHOICES, initial=IssueOutput.SHEET)

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitKerja.objects.filter(opd=opd).order_by("name")

    def clean_nips(self):
        nips = [normalize_nip(line) for line in re.split(r"[\n,;]+", self.cleaned_data["nips"]) if line.strip()]
        wrong = [nip for nip in nips if not re.fullmatch(r"\d{18}", nip)]
        if wrong:
            raise forms.ValidationError(
                _("Bukan NIP 18 angka: %(nips)s") % {"nips": ", ".join(wrong[:10])}, code="invalid_nip"
            )
        return nips


class ActivationForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=30, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    code = forms.CharField(
        label=_("Kode aktivasi"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "one-time-code"}),
    )
    password1 = forms.CharField(
        label=_("Kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ketik kata sandi yang sama sekali lagi."),
    )

    def clean(self):
        # The password's strength is checked by the service, against the account it is for.
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return self.cleaned_data
