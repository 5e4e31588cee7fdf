"""What the admin types to record JP earned outside the portal: one entry, or a file of them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intan_wpl.forms import DateInput
from learning_plans.models import DevelopmentForm
from learning_records.models import ExternalJp
from pilots.domain import normalize_nip
from pilots.models import Pegawai


class ExternalJpForm(forms.ModelForm):
    nip = forms.CharField(
        label=_("NIP pegawai"),
        max_length=40,
        help_text=_("18 digit; pegawai harus sudah ada pada daftar pegawai OPD-nya."),
    )

    class Meta:
        model = ExternalJp
        fields = ["title", "provider", "form", "start_date", "end_date", "jp", "certificate_number", "certificate_file"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "provider": _("Misalnya BPSDM, LAN (ASN Digital), atau kementerian penyelenggara bimtek."),
            "jp": _("Sesuai sertifikat/STTPP; boleh kelipatan 0,5."),
        }

    field_order = ["nip", *Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = DevelopmentForm.objects.order_by("jalur", "lan_code")
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["certificate_file"].widget = forms.ClearableFileInput(attrs={"accept": "application/pdf"})

    def clean_nip(self):
        nip = normalize_nip(self.cleaned_data["nip"])
        pegawai = Pegawai.objects.select_related("opd").filter(nip=nip).first()
        if pegawai is None:
            raise ValidationError(_("NIP ini tidak terdaftar pada daftar pegawai mana pun."))
        self.pegawai = pegawai
        return nip

    def _post_clean(self):
        # The service checks the model (with the person); the form only reads what was typed.
        pass


class ExternalJpImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas JP eksternal (XLSX atau CSV)"))
