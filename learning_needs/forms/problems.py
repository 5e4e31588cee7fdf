"""Forms of the problem map: problems (with USG) and the causes of their why-why tree.

Every choice a form offers is scoped to the programme OPD (its units, its sessions, the
causes of this problem), so an id of another OPD's object is refused with a field message.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from intan_wpl.forms import LockVersionMixin
from learning_needs.models import Cause, CauseCategory, CauseNature, FieldSession, Problem
from learning_needs.selectors.problems import descendant_ids
from pilots.models import UnitKerja

USG_CHOICES = [
    (1, _("1 – sangat rendah")),
    (2, _("2 – rendah")),
    (3, _("3 – sedang")),
    (4, _("4 – tinggi")),
    (5, _("5 – sangat tinggi")),
]
SCORE_ERRORS = {
    "required": _("Pilih skor 1 sampai 5."),
    "invalid_choice": _("Skor harus angka bulat 1 sampai 5."),
}
LONG_TEXT_MAX = 5000


def score_field(label, help_text):
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "---------"), *USG_CHOICES],
        coerce=int,
        help_text=help_text,
        error_messages=SCORE_ERRORS,
    )


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.date:%d-%m-%Y} · {obj.topic}"


def opd_sessions_field(programme_opd):
    return SessionChoiceField(
        label=_("Sesi pendampingan yang menemukannya"),
        queryset=FieldSession.objects.filter(programme_opd=programme_opd).order_by("-date", "-start_time"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Sesi %(value)s tidak tercatat di OPD ini."),
            "invalid_pk_value": _("“%(pk)s” bukan nomor sesi yang sah."),
        },
    )


class ProblemForm(LockVersionMixin, forms.ModelForm):
    urgency = score_field(_("Urgency (U): seberapa mendesak"), _("5 = harus ditangani segera."))
    seriousness = score_field(_("Seriousness (S): seberapa serius dampaknya"), _("5 = sangat mengganggu kinerja unit."))
    growth = score_field(_("Growth (G): seberapa cepat memburuk"), _("5 = cepat memburuk bila dibiarkan."))

    class Meta:
        model = Problem
        fields = [
            "title",
            "description",
            "unit",
            "duty_or_indicator",
            "indicator_baseline",
            "urgency",
            "seriousness",
            "growth",
            "sessions",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme_opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme_opd = programme_opd
        self.instance.programme_opd = programme_opd
        self.fields["description"].validators.append(MaxLengthValidator(LONG_TEXT_MAX))
        self.fields["unit"].queryset = UnitKerja.objects.filter(opd=programme_opd.opd_id)
        self.fields["unit"].error_messages["invalid_choice"] = _("Unit kerja ini tidak ada di OPD ini.")
        self.fields["sessions"] = opd_sessions_field(programme_opd)


class CauseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.text if len(obj.text) <= 90 else f"{obj.text[:87]}…"


class CauseForm(LockVersionMixin, forms.ModelForm):
    """A cause under the problem (no parent) or under another cause of the same problem."""

    parent = CauseChoiceField(
        label=_("Penyebab induk (jawaban dari “mengapa?” atas)"),
        queryset=Cause.objects.none(),
        required=False,
        empty_label=_("— langsung di bawah masalah —"),
        error_messages={"invalid_choice": _("Penyebab induk tidak ditemukan pada masalah ini.")},
    )

    class Meta:
        model = Cause
        fields = ["parent", "text", "category", "nature", "sessions"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "maxlength": 300})}
        labels = {"text": _("Penyebab (jawaban “mengapa?”)")}

    def __init__(self, *args, problem, **kwargs):
        super().__init__(*args, **kwargs)
        self.problem = problem
        self.instance.problem = problem
        causes = Cause.objects.filter(problem=problem)
        if self.instance.pk:
            # A cause cannot move under itself or under one of its own descendants.
            causes = causes.exclude(pk__in=descendant_ids(problem, self.instance.pk) | {self.instance.pk})
        self.fields["parent"].queryset = causes
        self.fields["category"].choices = [("", "---------"), *CauseCategory.choices]
        self.fields["category"].error_messages["invalid_choice"] = _("Pilih kategori dari daftar.")
        self.fields["nature"].choices = [("", _("Belum ditentukan")), *CauseNature.choices]
        self.fields["nature"].help_text = _(
            "Kompetensi: diturunkan menjadi kebutuhan belajar. "
            "Non-kompetensi: dijawab dengan rekomendasi tanpa pelatihan."
        )
        self.fields["nature"].error_messages["invalid_choice"] = _("Pilih kompetensi, non-kompetensi, atau kosong.")
        self.fields["sessions"] = opd_sessions_field(problem.programme_opd)

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise ValidationError(_("Tuliskan penyebabnya."))
        return text
