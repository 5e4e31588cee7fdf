"""Forms for Kirkpatrick evaluations: one set of fields per level."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from intan_wpl.forms import DateInput
from learning_records.models import EvaluationLevel


def _score(label, *, low, high, help_text=""):
    return forms.DecimalField(
        label=label,
        min_value=Decimal(low),
        max_value=Decimal(high),
        max_digits=5,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"min": low, "max": high, "step": "0.01"}),
    )


class ReactionForm(forms.Form):
    """Level 1: how the participants rated the activity."""

    respondents = forms.IntegerField(label=_("Jumlah responden"), min_value=1, max_value=100000)
    score = _score(
        _("Skor reaksi rata-rata (1–5)"), low=1, high=5, help_text=_("Rata-rata kuesioner kepuasan peserta.")
    )
    notes = forms.CharField(
        label=_("Catatan"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LearningForm(forms.Form):
    """Level 2: what the participants learned, pre- and post-test on 0-100."""

    respondents = forms.IntegerField(label=_("Jumlah peserta tes"), min_value=1, max_value=100000)
    pre_score = _score(_("Nilai rata-rata pra-tes (0–100)"), low=0, high=100)
    score = _score(_("Nilai rata-rata pasca-tes (0–100)"), low=0, high=100)
    notes = forms.CharField(
        label=_("Catatan"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.Form):
    """Levels 3-4: the problem's own indicator followed from its baseline to a target."""

    indicator = forms.CharField(
        label=_("Indikator yang diukur"),
        max_length=300,
        help_text=_("Diambil dari tugas/indikator SKP masalah kinerja yang dijawab kegiatan ini."),
    )
    baseline = forms.CharField(label=_("Kondisi awal"), max_length=200, required=False)
    target = forms.CharField(
        label=_("Target"), max_length=200, help_text=_("Misalnya: 85% berkas selesai tepat waktu.")
    )
    due_date = forms.DateField(label=_("Tenggat pengukuran"), widget=DateInput())
    result = forms.CharField(label=_("Hasil terukur"), max_length=200, required=False)
    measured_at = forms.DateField(label=_("Tanggal pengukuran"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Catatan"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("result", "").strip() and not cleaned.get("measured_at") and "measured_at" not in self.errors:
            self.add_error("measured_at", _("Isi tanggal pengukuran hasil."))
        if cleaned.get("measured_at") and not cleaned.get("result", "").strip() and "result" not in self.errors:
            self.add_error("result", _("Isi hasil yang terukur pada tanggal itu."))
        return cleaned


LEVEL_FORMS = {
    EvaluationLevel.REACTION: ReactionForm,
    EvaluationLevel.LEARNING: LearningForm,
    EvaluationLevel.BEHAVIOUR: FollowUpForm,
    EvaluationLevel.RESULTS: FollowUpForm,
}


def evaluation_form_for(level, *args, **kwargs):
    return LEVEL_FORMS[EvaluationLevel(level)](*args, **kwargs)
