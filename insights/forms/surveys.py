"""The learning-culture survey form: respondents and a score per dimension."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from insights.models import SurveyDimension
from intan_wpl.forms import DateInput


class CultureSurveyForm(forms.Form):
    held_on = forms.DateField(label=_("Tanggal survei"), widget=DateInput())
    respondents = forms.IntegerField(label=_("Jumlah responden"), min_value=1, max_value=100000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in SurveyDimension:
            self.fields[f"score_{dimension.value}"] = forms.DecimalField(
                label=dimension.label,
                min_value=Decimal(1),
                max_value=Decimal(5),
                max_digits=3,
                decimal_places=2,
                help_text=_("Skor rata-rata 1–5."),
                widget=forms.NumberInput(attrs={"min": 1, "max": 5, "step": "0.01"}),
            )

    def score_fields(self):
        return [self[f"score_{dimension.value}"] for dimension in SurveyDimension]

    def scores(self):
        return {dimension.value: self.cleaned_data.get(f"score_{dimension.value}") for dimension in SurveyDimension}
