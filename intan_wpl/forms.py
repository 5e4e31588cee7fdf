"""Form helpers shared by every app: bounded id choices, and the one way a service's
ValidationError reaches the form the person is looking at."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

# The largest primary key a database holds (bigint). A larger number posted as an id makes
# SQLite raise OverflowError inside the query instead of matching nothing, so such ids are
# refused as an invalid choice before any query runs.
MAX_ID = 2**63 - 1


def is_sane_id(value):
    """True unless `value` is a whole number too large for a database key."""
    text = str(value).strip().lstrip("-")
    return not text.isdigit() or int(text) <= MAX_ID


class BoundedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not is_sane_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not is_sane_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(pk)[:30]}
                )
        return super()._check_values(value)


def add_service_errors(form, error, *, field_map=None):
    """Show a service's ValidationError on `form`: each message next to the field it names
    (`field_map` renames a service's field to the form's, e.g. {"participants":
    "participants_chosen"}), above the form when the form has no such field. Nothing the person
    typed is touched, so the page shows their input again with the reasons."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        target = field_map.get(field, field)
        form.add_error(target if target in form.fields and target != NON_FIELD_ERRORS else None, messages)


class DateInput(forms.DateInput):
    """<input type="date">: the browser sends ISO, which the `id` locale reads correctly (it would
    read "03/04/2025" typed by hand as month/day)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """<input type="time">, sent as HH:MM whatever the browser's language."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")
