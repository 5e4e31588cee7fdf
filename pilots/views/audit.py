"""Everything on record (issue 13, item 7): the history page of any object, which still opens
after the object is deleted, and the admin's audit log across the portal."""

from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import render
from django.utils.text import capfirst

from intan_wpl.history import history_entries
from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import admin_required, role_required
from pilots.filters.audit import AuditEntryFilter
from pilots.selectors import audit_entries, get_history_model_for_user, history_records, opd_names

LABEL_FIELDS = ("title", "topic", "name", "text", "action", "full_name", "username")


def _describe(record):
    """What a record is about, read from its own columns (no query for a related row)."""
    for name in LABEL_FIELDS:
        value = getattr(record, name, None)
        if value:
            return str(value)
    try:
        return str(record.instance)
    except ObjectDoesNotExist:
        return f"#{getattr(record, record.instance_type._meta.pk.attname)}"


@role_required(*Role.values)
def history(request, model, pk):
    model_class = get_history_model_for_user(request.user, model, pk)
    records = history_records(model_class, pk)
    own = sorted(
        (r for r in records if r.instance_type is model_class and getattr(r, model_class._meta.pk.attname) == pk),
        key=lambda r: (r.history_date, r.history_id),
    )
    last = own[-1] if own else None
    deleted = last is not None and last.history_type == "-"
    entries = history_entries(records, describe=_describe)
    page, query_string = paginate(request, entries, per_page=50)
    return render(
        request,
        "pilots/history.html",
        {
            "kind": capfirst(str(model_class._meta.verbose_name)),
            "label": _describe(last) if last else f"#{pk}",
            "deleted": deleted,
            "deleted_record": last if deleted else None,
            "deleted_by": (last.history_user.display_name if deleted and last.history_user else ""),
            "page": page,
            "query_string": query_string,
        },
    )


@admin_required
def audit_log(request):
    filterset = AuditEntryFilter(request.GET, queryset=audit_entries())
    page, query_string = paginate(request, filterset.qs, per_page=50)
    names = opd_names(page.object_list)
    rows = [(entry, names.get(entry.opd_id, "")) for entry in page.object_list]
    chosen = getattr(filterset.form, "cleaned_data", {})  # validated by filterset.qs above
    return render(
        request,
        "pilots/audit_log.html",
        {
            "filterset": filterset,
            "page": page,
            "rows": rows,
            "query_string": query_string,
            "chosen_user": chosen.get("user"),
            "chosen_opd": chosen.get("opd"),
        },
    )
