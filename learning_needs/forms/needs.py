"""Forms for learning needs, from competency causes.

Choices are scoped to the programme OPD: its causes, its roster, the standard competencies
plus its own dictionary. An id from another OPD is an invalid choice, never a leak."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from intan_wpl.forms import LockVersionMixin
from learning_needs.forms.problems import LONG_TEXT_MAX
from learning_needs.models import Cause, CauseNature, Competency, LearningNeed
from pilots.models import Pegawai, SkpIndicator

LEVEL_CHOICES = [(level, str(level)) for level in range(1, 6)]
LEVEL_ERRORS = {
    "required": _("Pilih level 1 sampai 5."),
    "invalid_choice": _("Level harus angka bulat 1 sampai 5."),
}


def cause_label(cause):
    text = cause.text if len(cause.text) <= 70 else f"{cause.text[:67]}…"
    return f"{cause.problem.title[:50]} → {text}"


class OpdCauseField(forms.ModelChoiceField):
    """All causes of the OPD validate (so a wrong nature gets a precise message); only the
    causes of the right nature are offered in the list."""

    def __init__(self, *, nature, **kwargs):
        self.nature = nature
        super().__init__(queryset=Cause.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return cause_label(obj)

    def offer(self, queryset):
        self.queryset = queryset.select_related("problem")
        self.widget.choices = [("", "---------")] + [
            (cause.pk, cause_label(cause)) for cause in self.queryset if cause.nature == self.nature
        ]


class GroupedCompetencyIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for competency in self.queryset:
            groups.setdefault(competency.get_group_display(), []).append(self.choice(competency))
        yield from groups.items()


class CompetencyChoiceField(forms.ModelChoiceField):
    iterator = GroupedCompetencyIterator

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.jabatan or obj.get_jabatan_kind_display()}"


class SkpIndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.pegawai.name} · {obj.period} · {obj.rhk} / {obj.indicator}"


class LearningNeedForm(LockVersionMixin, forms.ModelForm):
    cause = OpdCauseField(
        nature=CauseNature.KOMPETENSI,
        label=_("Akar masalah (penyebab kompetensi)"),
        error_messages={"invalid_choice": _("Akar masalah ini tidak ada di OPD ini.")},
    )
    competency = CompetencyChoiceField(
        label=_("Kompetensi"),
        queryset=Competency.objects.none(),
        help_text=_("Manajerial M.01–M.08 dan Sosial Kultural (Perekat Bangsa) berlaku umum; teknis dari kamus OPD."),
        error_messages={"invalid_choice": _("Kompetensi ini tidak ada dalam kamus OPD ini.")},
    )
    required_level = forms.TypedChoiceField(
        label=_("Level dipersyaratkan jabatan"),
        choices=[("", "---------"), *LEVEL_CHOICES],
        coerce=int,
        error_messages=LEVEL_ERRORS,
    )
    current_level = forms.TypedChoiceField(
        label=_("Level saat ini"),
        choices=[("", "---------"), *LEVEL_CHOICES],
        coerce=int,
        error_messages=LEVEL_ERRORS,
    )
    target_staff = StaffChoiceField(
        label=_("Pegawai sasaran"),
        queryset=Pegawai.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Pegawai %(value)s tidak ada dalam daftar pegawai OPD ini."),
            "invalid_pk_value": _("“%(pk)s” bukan nomor pegawai yang sah."),
        },
    )

    skp_indicator = SkpIndicatorChoiceField(
        label=_("Indikator SKP yang dilayani"),
        queryset=SkpIndicator.objects.none(),
        required=False,
        help_text=_("Rencana hasil kerja dan indikator dari SKP (e-Kinerja) pegawai OPD ini, bila sudah diimpor."),
        error_messages={"invalid_choice": _("Indikator SKP ini bukan milik pegawai OPD ini.")},
    )

    class Meta:
        model = LearningNeed
        fields = [
            "cause",
            "competency",
            "required_level",
            "current_level",
            "target_positions",
            "target_staff",
            "skp_indicator",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"target_positions": _("Misalnya: Arsiparis Ahli Pertama; Pengelola Arsip.")}

    def __init__(self, *args, programme_opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme_opd = programme_opd
        self.instance.programme_opd = programme_opd
        self.fields["cause"].offer(Cause.objects.filter(problem__programme_opd=programme_opd).order_by("problem", "pk"))
        self.fields["competency"].queryset = Competency.objects.for_opd(programme_opd.opd_id).order_by("group", "code")
        self.fields["target_staff"].queryset = Pegawai.objects.filter(opd=programme_opd.opd_id, is_active=True)
        self.fields["skp_indicator"].queryset = (
            SkpIndicator.objects.filter(pegawai__opd=programme_opd.opd_id)
            .select_related("pegawai")
            .order_by("pegawai__name", "-year", "period", "rhk", "indicator")
        )
        self.fields["notes"].validators.append(MaxLengthValidator(LONG_TEXT_MAX))

    def clean_cause(self):
        cause = self.cleaned_data["cause"]
        if cause.nature != CauseNature.KOMPETENSI:
            raise ValidationError(
                _(
                    "Kebutuhan belajar hanya diturunkan dari penyebab kompetensi. Penyebab ini %(nature)s: "
                    "tandai dulu sebagai penyebab kompetensi, atau buat rekomendasi non-pelatihan."
                ),
                params={"nature": cause.get_nature_display().lower() if cause.nature else _("belum ditentukan")},
            )
        return cause

    def clean(self):
        cleaned = super().clean()
        required, current = cleaned.get("required_level"), cleaned.get("current_level")
        if required and current and current >= required:
            self.add_error(
                "current_level",
                _("Level saat ini sudah sama atau di atas level dipersyaratkan: tidak ada kesenjangan kompetensi."),
            )
        return cleaned

    def _post_clean(self):
        # The model repeats the gap rule; one message on the field is enough.
        if "current_level" in self.errors:
            self.instance.current_level = None
        super()._post_clean()
