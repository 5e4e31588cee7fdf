"""Forms for recommendations: what the OPD fixes without training for a non-competency cause."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from intan_wpl.forms import LockVersionMixin
from learning_needs.forms.needs import OpdCauseField
from learning_needs.forms.problems import LONG_TEXT_MAX
from learning_needs.models import Cause, CauseNature, Recommendation, RecommendationStatus
from pilots.models import UnitKerja


class RecommendationForm(LockVersionMixin, forms.ModelForm):
    cause = OpdCauseField(
        nature=CauseNature.NON_KOMPETENSI,
        label=_("Akar masalah (penyebab non-kompetensi)"),
        error_messages={"invalid_choice": _("Akar masalah ini tidak ada di OPD ini.")},
    )

    class Meta:
        model = Recommendation
        fields = ["cause", "action", "person_in_charge", "due_date", "status"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"action": _("Rekomendasi (apa yang dibenahi tanpa pelatihan)")}
        help_texts = {"person_in_charge": _("Misalnya: Sekretaris Dinas; Kepala Bidang Pengolahan.")}

    def __init__(self, *args, programme_opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme_opd = programme_opd
        self.fields["cause"].offer(Cause.objects.filter(problem__programme_opd=programme_opd).order_by("problem", "pk"))
        self.fields["due_date"].input_formats = ["%Y-%m-%d"]
        self.fields["due_date"].error_messages["invalid"] = _("Tanggal tidak sah (gunakan pemilih tanggal).")
        self.fields["status"].error_messages["invalid_choice"] = _("Pilih status dari daftar.")

    def clean_cause(self):
        cause = self.cleaned_data["cause"]
        if cause.nature != CauseNature.NON_KOMPETENSI:
            raise ValidationError(
                _(
                    "Rekomendasi non-pelatihan hanya untuk penyebab non-kompetensi. Penyebab ini %(nature)s: "
                    "penyebab kompetensi dijawab dengan kebutuhan belajar."
                ),
                params={"nature": cause.get_nature_display().lower() if cause.nature else _("belum ditentukan")},
            )
        return cause


class RecommendationStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=RecommendationStatus.choices,
        error_messages={"invalid_choice": _("Pilih status dari daftar.")},
    )


class RecommendationFollowUpForm(LockVersionMixin, forms.ModelForm):
    """What the Kepala OPD updates on a recommendation sent to their OPD."""

    class Meta:
        model = Recommendation
        fields = ["status", "responsible_unit", "due_date", "progress_note"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "progress_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "progress_note": _("Apa yang sudah dikerjakan dan apa berikutnya. Catatan lama tetap di riwayat.")
        }

    def __init__(self, *args, programme_opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = UnitKerja.objects.filter(opd=programme_opd.opd_id).order_by("name")
        self.fields["responsible_unit"].error_messages["invalid_choice"] = _("Unit ini bukan unit OPD ini.")
        self.fields["due_date"].input_formats = ["%Y-%m-%d"]
        self.fields["due_date"].error_messages["invalid"] = _("Tanggal tidak sah (gunakan pemilih tanggal).")
        self.fields["status"].error_messages["invalid_choice"] = _("Pilih status dari daftar.")
        self.fields["progress_note"].validators.append(MaxLengthValidator(LONG_TEXT_MAX))
