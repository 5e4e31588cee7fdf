"""The form for the OPD's own technical competency dictionary."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from learning_needs.forms.problems import LONG_TEXT_MAX
from learning_needs.models import Competency, CompetencyGroup


class CompetencyForm(forms.ModelForm):
    """A technical competency of the OPD's own dictionary (group Kompetensi Teknis)."""

    class Meta:
        model = Competency
        fields = ["code", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"code": _("Misalnya: T.DPK.01. Unik dalam kamus OPD ini.")}

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.opd = opd
        self.instance.opd = opd
        self.instance.group = CompetencyGroup.TEKNIS
        self.fields["description"].validators.append(MaxLengthValidator(LONG_TEXT_MAX))

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        taken = Competency.objects.filter(code__iexact=code).filter(opd__isnull=True) | Competency.objects.filter(
            code__iexact=code, opd=self.opd
        )
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Kode %(code)s sudah dipakai dalam kamus ini."), params={"code": code})
        return code
