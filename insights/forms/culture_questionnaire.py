"""The questionnaire a Pegawai fills in: one Likert 1-5 radio group per active item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from learning_records.forms.reaction import LIKERT


class CultureQuestionnaireForm(forms.Form):
    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"item_{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=LIKERT,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban 1–5.")},
            )

    def values(self):
        return {question.pk: self.cleaned_data.get(f"item_{question.pk}") for question in self.questions}
