"""Form fields shared by every app."""

from django import forms
from django.core.exceptions import ValidationError

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
