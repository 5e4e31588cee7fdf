"""Anonymous Likert questionnaires (issue 14, item 4): the culture questionnaire (insights) and
the reaction evaluation (learning_records) check answers and record "has answered" the same way,
here. The answers themselves are stored apart from the person by each app."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

LIKERT_MIN, LIKERT_MAX = 1, 5


def check_likert_answers(questions, values):
    """An answer from 1 to 5 for every one of `questions` in `values` ({question id: value});
    the errors are keyed by the form's field name (item_<id>)."""
    errors = {}
    for question in questions:
        value = values.get(question.pk)
        if value is None:
            errors[f"item_{question.pk}"] = [_("Pilih salah satu jawaban 1–5.")]
        elif not LIKERT_MIN <= int(value) <= LIKERT_MAX:
            errors[f"item_{question.pk}"] = [_("Jawaban antara 1 dan 5.")]
    if errors:
        raise ValidationError(errors)


def record_answered_once(participation, already_message):
    """Save the "has answered" record; a second one (its unique constraint) is refused with
    `already_message`, so one person answers once."""
    participation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:
        raise ValidationError(already_message) from None
