"""Form helpers shared by every app: bounded id choices, and the one way a service's
ValidationError reaches the form the person is looking at."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.template import loader
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import InstanceProfile
from intan_wpl.services.notifications import emails_send_after_commit
from intan_wpl.uploads import validate_upload

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


class LockVersionMixin(forms.Form):
    """The lock_version an edit form was built from (optimistic locking, intan_wpl.concurrency).
    A ModelForm for a new object (no pk yet) has no such field."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and not instance.pk:
            del self.fields["lock_version"]
        elif not self.is_bound and instance is not None:
            self.initial["lock_version"] = instance.lock_version

    def refresh_lock_version(self, value):
        """After a refused save: keep everything typed, but build on the version now stored, so
        saving again is a deliberate choice made after seeing the other person's change."""
        data = self.data.copy()
        data["lock_version"] = value
        self.data = data


def _stored_display(instance, name):
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        return ", ".join(sorted(str(obj) for obj in getattr(instance, name).all())) or "—"
    value = getattr(instance, name)
    if model_field.choices:
        value = getattr(instance, f"get_{name}_display")()
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Ya") if value else gettext("Tidak")
    return str(value)


def conflict_context(form, error):
    """For a page whose save met a ConcurrentEditError: the form keeps everything typed (and now
    builds on the stored version), the reason shows above it, and `rows` lists each field as the
    other person stored it, so both texts are on the page."""
    current = error.current
    form.refresh_lock_version(current.lock_version)
    form.add_error(None, error)
    rows = []
    for name, field in form.fields.items():
        if name == "lock_version":
            continue
        try:
            model_field = current._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (model_field.concrete or model_field.many_to_many):
            continue
        rows.append({"label": field.label, "stored": _stored_display(current, name)})
    return {"current": current, "rows": rows, "changed_by": error.changed_by, "changed_at": error.changed_at}


class ConfirmableWarningsMixin:
    """Values that are unusual but possible (an assignment starting before its programme): the
    first save stops with each warning at its field and a tick box; saved again with the box
    ticked, the values stand. Forms define unusual_values(cleaned) -> {field: message}."""

    CONFIRM_FIELD = "confirm_unusual"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.CONFIRM_FIELD] = forms.BooleanField(
            label=_("Saya sudah memeriksa nilai yang diberi peringatan; simpan apa adanya"),
            required=False,
            widget=forms.HiddenInput,
        )

    def unusual_values(self, cleaned):
        return {}

    def clean(self):
        cleaned = super().clean()
        warnings = self.unusual_values(cleaned)
        if warnings and not cleaned.get(self.CONFIRM_FIELD):
            for name, message in warnings.items():
                self.add_error(name, message)
            self.fields[self.CONFIRM_FIELD].widget = forms.CheckboxInput()
        return cleaned

    def without_confirmation(self, data):
        return {key: value for key, value in data.items() if key != self.CONFIRM_FIELD}


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


class OtpCodeForm(forms.Form):
    """A code from the authenticator app (6 digits) or a backup code (8 digits)."""

    code = forms.CharField(
        label=gettext_lazy("Kode verifikasi"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
        help_text=gettext_lazy("6 angka dari aplikasi autentikator, atau salah satu kode cadangan (8 angka)."),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise ValidationError(gettext_lazy("Kode hanya berisi angka."), code="not_digits")
        return code


class InstanceProfileForm(forms.ModelForm):
    """The admin's page for the instance profile: names, letterhead, zone, regencies, signatory."""

    remove_logo = forms.BooleanField(label=_("Hapus logo"), required=False)

    class Meta:
        model = InstanceProfile
        fields = [
            "province_name",
            "government_name",
            "agency_name",
            "agency_short_name",
            "address",
            "city",
            "time_zone",
            "regencies",
            "decree_issuer_title",
            "head_title",
            "head_name",
            "head_nip",
            "logo",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "regencies": forms.Textarea(attrs={"rows": 8}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):
            validate_upload(logo, allowed={"image/png", "image/jpeg"}, label="PNG/JPEG", max_mb=2)
        return logo

    def service_kwargs(self):
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name != "logo"}
        logo = data.get("logo")
        return {
            **fields,
            "logo": logo if logo and hasattr(logo, "content_type") else None,
            "remove_logo": data.get("remove_logo") or logo is False,
        }


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset form, but the email goes to a worker (intan_wpl.tasks.send_emails)
    after commit instead of over SMTP inside the request. The response is the same whether the
    address exists or not: Django only calls send_mail for accounts it found."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        emails_send_after_commit([{"subject": subject, "body": body, "to": [to_email], "from_email": from_email}])
