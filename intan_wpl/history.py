"""Reading django-simple-history records as a person reads a change log: who, when, what
changed from which value to which. Shared by every history page (templates/includes/history.html).

Records of several models may be mixed (a session with its participants and follow-ups):
each record is compared with the previous record of the same object, so pass every record
of the objects shown (typically `Model.history.filter(...)`), not a page of them.
Queries do not grow with the number of records: foreign keys are resolved with one
`in_bulk` per related model (many-to-many changes, when a model tracks them, cost a
query per changed record).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import models
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIONS = {
    "+": gettext_lazy("Dibuat"),
    "~": gettext_lazy("Diubah"),
    "-": gettext_lazy("Dihapus"),
}
EMPTY = "—"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    action_code: str
    object_kind: str
    object_label: str
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def _user_label(record):
    user = getattr(record, "history_user", None)
    if user is None:
        return _("Sistem")
    return getattr(user, "display_name", None) or str(user)


def _display(model_field, value, resolved):
    if value is None or value == "":
        return EMPTY
    if isinstance(model_field, models.ForeignKey):
        obj = resolved.get(model_field.related_model, {}).get(value)
        return str(obj) if obj is not None else _("#%(pk)s (sudah dihapus)") % {"pk": value}
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, time):
        return formats.time_format(value, "TIME_FORMAT")
    return str(value)


def _m2m_display(model_field, rows, resolved):
    target = model_field.related_model
    name = model_field.m2m_reverse_field_name()
    labels = [str(resolved.get(target, {}).get(row.get(name), row.get(name))) for row in rows]
    return ", ".join(sorted(labels)) or EMPTY


def history_entries(records, *, describe=None, excluded_fields=("id",)):
    """Turn historical records into HistoryEntry rows, newest first.

    `describe(record) -> str` names the object a record is about (default: the record's
    own text, which may cost a query for models whose __str__ follows a foreign key; pass a
    describe that reads select_related fields instead). `excluded_fields` are never shown.
    Select `history_user` with the records (`.select_related("history_user")`).
    """
    records = list(records)
    by_object = defaultdict(list)
    for record in records:
        model = record.instance_type
        by_object[(model, getattr(record, model._meta.pk.attname))].append(record)

    pairs = []
    for object_records in by_object.values():
        object_records.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in object_records:
            delta = None
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous, excluded_fields=excluded_fields)
            pairs.append((record, delta))
            previous = record

    # Resolve every foreign key and many-to-many value shown with one query per model.
    wanted = defaultdict(set)
    for record, delta in pairs:
        if delta is None:
            continue
        model = record.instance_type
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            if isinstance(model_field, models.ForeignKey):
                wanted[model_field.related_model].update(v for v in (change.old, change.new) if v is not None)
            elif isinstance(model_field, models.ManyToManyField):
                name = model_field.m2m_reverse_field_name()
                for row in [*change.old, *change.new]:
                    wanted[model_field.related_model].add(row.get(name))
    resolved = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}

    entries = []
    for record, delta in pairs:
        model = record.instance_type
        changes = []
        if delta is not None:
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                label = capfirst(str(model_field.verbose_name))
                if isinstance(model_field, models.ManyToManyField):
                    old = _m2m_display(model_field, change.old, resolved)
                    new = _m2m_display(model_field, change.new, resolved)
                else:
                    old = _display(model_field, change.old, resolved)
                    new = _display(model_field, change.new, resolved)
                changes.append(FieldChange(label=label, old=old, new=new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_user_label(record),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                action_code=record.history_type,
                object_kind=capfirst(str(model._meta.verbose_name)),
                object_label=describe(record) if describe else str(record.instance),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def redirect_if_deleted(model, pk):
    """For an object's own history page: when object `pk` no longer exists, the portal-wide
    history page (pilots:history), which reads its records (and scope) after deletion; None
    while it exists."""
    if model._default_manager.filter(pk=pk).exists():
        return None
    return redirect("pilots:history", model=model._meta.label_lower, pk=pk)
