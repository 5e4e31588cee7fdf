"""The instance profile as every page, document, email and export reads it.

Read on every request (the time zone is activated from it), so it is kept in its own cache
alias ("instance": Redis in production, shared by every app server; a separate in-memory
cache otherwise, which `cache.clear()` of the default cache leaves alone). Saving the
profile forgets the cached copy (intan_wpl.services.profile)."""

from django.core.cache import caches
from django.db import DatabaseError
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.functional import lazy

from intan_wpl.models import ZONE_ABBREVIATION, InstanceProfile
from intan_wpl.profile_defaults import DEFAULT_PROFILE

CACHE_ALIAS = "instance"
CACHE_KEY = "intan-wpl:instance-profile:v1"
PROFILE_FIELDS = tuple(DEFAULT_PROFILE) + ("logo",)


def _cache():
    return caches[CACHE_ALIAS]


def get_instance_profile():
    """The profile row (created from the defaults when a fresh or flushed database has none)."""
    profile, _created = InstanceProfile.objects.get_or_create(pk=1, defaults=DEFAULT_PROFILE)
    return profile


def instance_profile():
    """The profile as an unsaved InstanceProfile built from the cache: no query once cached."""
    values = _cache().get(CACHE_KEY)
    if values is None:
        try:
            profile = get_instance_profile()
        except DatabaseError:
            # Before the first migrate (e.g. `manage.py check` on a new server): the defaults.
            return InstanceProfile(pk=1, **DEFAULT_PROFILE)
        values = model_to_dict(profile, fields=PROFILE_FIELDS)
        values["logo"] = profile.logo.name if profile.logo else ""
        _cache().set(CACHE_KEY, values, timeout=None)
    return InstanceProfile(pk=1, **values)


def forget_instance_profile():
    global forget_count
    forget_count += 1
    _cache().delete(CACHE_KEY)


# How often the cached profile was forgotten in this process (tests restore it after a change).
forget_count = 0


def zone_label():
    """The abbreviation of the zone in force now (the profile's, activated per request), e.g. WIB."""
    name = timezone.get_current_timezone_name()
    return ZONE_ABBREVIATION.get(name) or timezone.localtime().tzname()


# For labels defined at import time ("Mulai (WIB)"): read when the label is rendered.
zone_label_lazy = lazy(zone_label, str)
