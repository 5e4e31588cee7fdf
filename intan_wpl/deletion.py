"""Deleting only what nothing depends on, and saying in Bahasa Indonesia what blocks it."""

from collections import Counter

from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def _describe(error):
    found = Counter(str(type(item)._meta.verbose_name) for item in error.args[1])
    return [f"{count} {name}" for name, count in sorted(found.items())]


def blockers_of(obj):
    """What still depends on `obj` through a PROTECT/RESTRICT key, e.g. ['12 pegawai'];
    [] when it may be deleted. Nothing is deleted."""
    try:
        Collector(using=router.db_for_write(type(obj), instance=obj)).collect([obj])
    except (ProtectedError, RestrictedError) as error:
        return _describe(error)
    return []


def delete_if_unused(obj):
    """Delete `obj` and return []; when something depends on it, delete nothing and return the blockers."""
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError) as error:
        return _describe(error)
    return []


def blocked_message(obj, blockers):
    return _("%(object)s tidak dapat dihapus karena masih dipakai oleh: %(blockers)s.") % {
        "object": capfirst(str(obj)),
        "blockers": ", ".join(blockers),
    }
