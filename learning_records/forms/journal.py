"""What a Pegawai types into their learning journal, and what their atasan langsung decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intan_wpl.forms import BoundedModelChoiceField, DateInput
from learning_records.models import JournalEntry
from learning_records.selectors.journal import journal_forms, needs_of_opd


class NeedChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.competency.name} (#{obj.pk})"


class JournalEntryForm(forms.ModelForm):
    evidence = forms.FileField(
        label=_("Bukti (PDF atau foto)"),
        required=False,
        help_text=_("Misalnya catatan coaching, foto kegiatan, atau hasil tugas. Paling besar 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )

    class Meta:
        model = JournalEntry
        fields = ["form", "title", "date", "hours", "learned", "need"]
        widgets = {"date": DateInput(), "learned": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "form": _("JP dihitung menurut aturan jenis ini di katalog bentuk pengembangan."),
            "hours": _("Dalam jam, kelipatan setengah jam (1,5 = satu setengah jam)."),
        }

    def __init__(self, *args, pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = journal_forms()
        self.fields["need"] = NeedChoiceField(
            queryset=needs_of_opd(pegawai),
            required=False,
            label=_("Kebutuhan/kompetensi yang dilayani"),
            empty_label=_("(tidak terkait kebutuhan tertentu)"),
        )
        self.fields["hours"].widget.attrs.update({"step": "0.5", "min": "0.5", "max": "24", "inputmode": "decimal"})


class JournalDecisionForm(forms.Form):
    VALIDATE = "validasi"
    RETURN = "kembalikan"
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[(VALIDATE, _("Validasi (JP diakui)")), (RETURN, _("Kembalikan dengan catatan"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Catatan untuk penulis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib diisi bila dikembalikan."),
    )
