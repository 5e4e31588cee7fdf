"""Writes for the development forms catalogue and the learning settings (issue 5, item 1).

Only the BPSDM admin reaches these (the views say so); the rules live here so that any other
caller gets the same checks."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from intan_wpl.deletion import blockers_of, delete_if_unused
from learning_plans.models import DevelopmentForm, LearningSettings
from learning_plans.signals import learning_settings_changed

FORM_FIELDS = (
    "lan_code",
    "name",
    "jalur",
    "siasn_jenis_diklat_id",
    "family",
    "jp_rule",
    "default_jp",
    "typical_cost",
    "is_active",
)
SETTINGS_FIELDS = (
    "pns_min_jp",
    "pppk_max_jp",
    "minutes_per_jp",
    "target_pengalaman",
    "target_sosial",
    "target_formal",
    "mix_tolerance",
    "culture_min_respondents",
)


def lan_code_taken(code, *, exclude_pk=None):
    return DevelopmentForm.objects.filter(lan_code__iexact=(code or "").strip()).exclude(pk=exclude_pk).exists()


def _validate_form(form):
    errors = {}
    form.lan_code = (form.lan_code or "").strip().upper()
    form.name = (form.name or "").strip()
    if form.lan_code and lan_code_taken(form.lan_code, exclude_pk=form.pk):
        errors["lan_code"] = [_("Kode LAN %(code)s sudah dipakai bentuk lain.") % {"code": form.lan_code}]
    try:
        form.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _save_form(form):
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        raise ValidationError(
            {"lan_code": _("Kode LAN %(code)s sudah dipakai bentuk lain.") % {"code": form.lan_code}}
        ) from None
    return form


@transaction.atomic
def development_form_create(**fields):
    form = DevelopmentForm(**{name: fields[name] for name in FORM_FIELDS if name in fields})
    _validate_form(form)
    return _save_form(form)


@transaction.atomic
def development_form_update(*, form, **fields):
    for name in FORM_FIELDS:
        if name in fields:
            setattr(form, name, fields[name])
    _validate_form(form)
    return _save_form(form)


def development_form_delete_blockers(*, form):
    return blockers_of(form)


def development_form_delete(*, form):
    """Delete a form no activity uses; return what blocks it otherwise (nothing deleted).
    A form in use can be set inactive instead, so new plans no longer offer it."""
    return delete_if_unused(form)


@transaction.atomic
def learning_settings_update(**fields):
    """Save the settings (one row) and announce what changed (learning_plans.signals): the JP
    ledger applies a new PPPK cap at once to every credit already recorded (otherwise the ledger
    and the export would show JP beyond the cap, and the next realisation of the same person would
    silently re-cap the year anyway). Other settings (e.g. minutes per JP) apply to realisations
    recorded or saved again afterwards."""
    settings = LearningSettings.objects.select_for_update().filter(pk=1).first() or LearningSettings.load()
    before = {name: getattr(settings, name) for name in SETTINGS_FIELDS}
    for name in SETTINGS_FIELDS:
        if name in fields:
            setattr(settings, name, fields[name])
    errors = {}
    if settings.minutes_per_jp is not None and settings.minutes_per_jp < 1:
        errors["minutes_per_jp"] = [_("Satu JP minimal 1 menit.")]
    if settings.pppk_max_jp is not None and settings.pppk_max_jp < 1:
        errors["pppk_max_jp"] = [_("Batas JP PPPK minimal 1 JP.")]
    for name in ("target_pengalaman", "target_sosial", "target_formal", "mix_tolerance"):
        value = getattr(settings, name)
        if value is not None and value > 100:
            errors[name] = [_("Persentase paling tinggi 100.")]
    targets = [settings.target_pengalaman, settings.target_sosial, settings.target_formal]
    if None not in targets and sum(targets) != 100 and not errors:
        message = _("Target 70:20:10 berjumlah %(total)s%%; ketiganya harus berjumlah 100%%.") % {"total": sum(targets)}
        for name in ("target_pengalaman", "target_sosial", "target_formal"):
            errors[name] = [message]
    try:
        settings.full_clean(exclude=list(errors))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            # The model repeats the 100% rule as a form-wide error: it is already next to the fields.
            if name == "__all__" and any(n in errors for n in ("target_pengalaman", "target_sosial", "target_formal")):
                continue
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    settings.save()
    changed = {name for name in SETTINGS_FIELDS if getattr(settings, name) != before[name]}
    if changed:
        learning_settings_changed.send(sender=LearningSettings, changed=changed)
    return settings
