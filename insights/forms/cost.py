"""What the admin types into the unit-cost table and the SBM session rate."""

from django import forms

from insights.models import SbmRate, UnitCost
from learning_plans.models import DevelopmentForm


class UnitCostForm(forms.ModelForm):
    class Meta:
        model = UnitCost
        fields = [
            "form",
            "year",
            "per_activity",
            "per_head",
            "per_day",
            "jp_per_day",
            "widyaiswara_sessions_per_jp",
            "basis",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = DevelopmentForm.objects.order_by("jalur", "lan_code")


class SbmRateForm(forms.ModelForm):
    class Meta:
        model = SbmRate
        fields = ["year", "widyaiswara_session_rate", "basis"]
