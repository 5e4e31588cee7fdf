"""No lost edits (issue 13, item 6): optimistic locking for every edit form, one pattern for
the whole portal (first written for the learning plan, learning_plans.services.plans).

A model that people edit together carries `lock_version` (a PositiveIntegerField); its edit form
posts the value it was built from (intan_wpl.forms.LockVersionMixin); the update service claims
the row with `claim_version`, a compare-and-set that bumps the version only if nobody saved in
between. When somebody did, nothing is written and ConcurrentEditError carries the row as stored
now, so the page shows the other person's text beside what this person typed, and keeps both.
"""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from intan_wpl.formatting import local_datetime


class ConcurrentEditError(ValidationError):
    """Somebody saved the same object after this form was built; nothing was written.
    `current` is the row as it is now, so the page can show it beside what was typed."""

    def __init__(self, *, current, kind):
        self.current = current
        record = current.history.select_related("history_user").order_by("-history_date", "-history_id").first()
        who = _("pengguna lain")
        when = ""
        if record is not None:
            if record.history_user is not None:
                who = record.history_user.display_name
            when = local_datetime(record.history_date)
        self.changed_by = who
        self.changed_at = when
        if when:
            message = _(
                "%(kind)s ini sudah diubah oleh %(who)s pada %(when)s; perubahan Anda belum disimpan. "
                "Periksa isi yang tersimpan sekarang, lalu simpan lagi bila isian Anda tetap ingin dipakai."
            ) % {"kind": kind, "who": who, "when": when}
        else:
            message = _(
                "%(kind)s ini sudah diubah oleh %(who)s; perubahan Anda belum disimpan. "
                "Periksa isi yang tersimpan sekarang, lalu simpan lagi bila isian Anda tetap ingin dipakai."
            ) % {"kind": kind, "who": who}
        super().__init__(message, code="concurrent_edit")


def claim_version(obj, lock_version, *, kind):
    """Compare-and-set on `obj`'s row: bump its lock_version if it is still `lock_version` (the
    value the form was built from), and set the new value on `obj` so the save() that follows
    keeps it. The UPDATE holds the row lock until the caller's transaction ends. `lock_version`
    None (a caller without a form: the demo builders) bumps unconditionally.

    Raises ConcurrentEditError (with the row as stored now) when somebody saved in between, or
    ValidationError code "gone" when the row was deleted; nothing is written then."""
    manager = type(obj)._default_manager
    rows = manager.filter(pk=obj.pk)
    if lock_version is not None:
        rows = rows.filter(lock_version=lock_version)
    if rows.update(lock_version=F("lock_version") + 1):
        obj.lock_version = manager.filter(pk=obj.pk).values_list("lock_version", flat=True).get()
        return obj
    current = manager.filter(pk=obj.pk).first()
    if current is None:
        raise ValidationError(_("%(kind)s ini sudah dihapus oleh orang lain.") % {"kind": kind}, code="gone")
    raise ConcurrentEditError(current=current, kind=kind)
