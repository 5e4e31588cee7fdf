"""The reaction form an attendee fills in: a Likert 1-5 radio group per item, a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

LIKERT = [
    (1, _("1 – Sangat tidak setuju")),
    (2, _("2 – Tidak setuju")),
    (3, _("3 – Ragu-ragu")),
    (4, _("4 – Setuju")),
    (5, _("5 – Sangat setuju")),
]


class ReactionForm(forms.Form):
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
        self.fields["comment"] = forms.CharField(
            label=_("Komentar atau saran (boleh dikosongkan)"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Jangan tulis nama Anda: komentar ditampilkan tanpa nama."),
        )

    def values(self):
        return {question.pk: self.cleaned_data.get(f"item_{question.pk}") for question in self.questions}
