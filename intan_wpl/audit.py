"""Everything on record (issue 13, item 7): the portal-wide audit log.

Every model people edit carries django-simple-history (`history = HistoricalRecords()`), and
registers here which OPD its rows belong to:

    audit.register(FieldSession, programme_opd="programme_opd", opd="programme_opd.opd")

For each historical record simple-history writes (create, change, delete), `_on_history_record`
adds one AuditEntry: who, when, what (kind, id, label at that moment) and the OPD and programme
OPD ids, so the admin's audit page filters by user and OPD with one indexed query per page, and
the history page of an object can be scoped after the object (and its parents) are deleted.
Security events that change no model row (a lockout released, a second factor reset) are written
with `record_event`.

Paths are attribute paths from the object ("session.programme_opd"), the last step a foreign key
read as its id; "self" means the object itself (an OPD, a programme OPD).
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.signals import post_create_historical_record

from intan_wpl.models import AuditEntry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registration:
    model: type
    programme_opd: str | None = None
    opd: str | None = None
    # (model, field) of rows shown on this object's history page with it (a session's participants).
    children: tuple = field(default_factory=tuple)


_REGISTRY = {}


def register(model, *, programme_opd=None, opd=None, children=()):
    """Say which OPD rows of `model` belong to (see the module docstring)."""
    _REGISTRY[model] = Registration(model=model, programme_opd=programme_opd, opd=opd, children=tuple(children))


def registration_for(model):
    return _REGISTRY.get(model) or Registration(model=model)


def registered_models():
    return list(_REGISTRY)


def model_by_label(label):
    """The registered model whose label ("learning_needs.fieldsession") is `label`, or None."""
    for model in _REGISTRY:
        if model._meta.label_lower == label:
            return model
    return None


def _resolve_id(obj, path):
    if not path:
        return None
    if path == "self":
        return obj.pk
    *steps, last = path.split(".")
    try:
        for step in steps:
            obj = getattr(obj, step)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id")
    except ObjectDoesNotExist:
        return None


def scope_of(obj):
    """(programme_opd_id, opd_id) of a model instance (or a historical record's `.instance`)."""
    registration = registration_for(type(obj))
    return _resolve_id(obj, registration.programme_opd), _resolve_id(obj, registration.opd)


def _label(obj):
    try:
        return str(obj)[:300]
    except ObjectDoesNotExist:
        return f"#{obj.pk}"


def _user_label(user):
    if user is None:
        return ""
    return (getattr(user, "display_name", "") or str(user))[:150]


def _on_history_record(sender, instance, history_instance, history_user=None, **kwargs):
    programme_opd_id, opd_id = scope_of(instance)
    AuditEntry.objects.create(
        created_at=history_instance.history_date,
        user=history_user,
        user_label=_user_label(history_user),
        action=history_instance.history_type,
        model_label=type(instance)._meta.label_lower,
        object_kind=capfirst(str(type(instance)._meta.verbose_name))[:100],
        object_id=str(instance.pk),
        object_label=_label(instance),
        programme_opd_id=programme_opd_id,
        opd_id=opd_id,
        reason=(history_instance.history_change_reason or "")[:300],
    )


def connect():
    post_create_historical_record.connect(_on_history_record, dispatch_uid="intan_wpl.audit")


def record_event(*, user, action, obj=None, kind="", label="", reason="", opd_id=None, programme_opd_id=None):
    """An AuditEntry for a change that no historical record carries (a lockout released...)."""
    # obj._meta, not type(obj): request.user is a lazy object standing in for the user.
    model_label = obj._meta.label_lower if obj is not None else ""
    if obj is not None and not kind:
        kind = capfirst(str(obj._meta.verbose_name))
    return AuditEntry.objects.create(
        created_at=timezone.now(),
        user=user if getattr(user, "pk", None) else None,
        user_label=_user_label(user),
        action=action,
        model_label=model_label,
        object_kind=str(kind)[:100],
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(label or (_label(obj) if obj is not None else ""))[:300],
        opd_id=opd_id,
        programme_opd_id=programme_opd_id,
        reason=str(reason)[:300],
    )


def history_scope(model, pk):
    """(programme_opd_id, opd_id, known) for object `pk` of `model`, even when it is deleted:
    from its latest audit line, else from its latest historical record. `known` is False when
    nothing was ever recorded for it."""
    entry = (
        AuditEntry.objects.filter(model_label=model._meta.label_lower, object_id=str(pk))
        .order_by("-created_at", "-pk")
        .values_list("programme_opd_id", "opd_id")
        .first()
    )
    if entry is not None:
        return entry[0], entry[1], True
    record = model.history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date", "-history_id").first()
    if record is None:
        return None, None, False
    programme_opd_id, opd_id = scope_of(record.instance)
    return programme_opd_id, opd_id, True
