"""The one write to the instance profile (admin page and `manage.py instance_profile`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intan_wpl.models import InstanceProfile
from intan_wpl.profile_defaults import DEFAULT_PROFILE
from intan_wpl.selectors.profile import forget_instance_profile

EDITABLE_FIELDS = tuple(DEFAULT_PROFILE)


@transaction.atomic
def instance_profile_update(*, user=None, logo=None, remove_logo=False, **fields):
    """Save the profile's fields (any of EDITABLE_FIELDS); history records who changed what.
    The cached copy is forgotten at once and again after commit, so the next request of every
    app server reads the new names and time zone."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
    profile = InstanceProfile.objects.select_for_update().filter(pk=1).first()
    if profile is None:
        profile = InstanceProfile(pk=1, **DEFAULT_PROFILE)
    if not InstanceProfile.history.filter(id=1).exists():
        # The installed profile (data migration) has no history record: keep it as the first
        # one, so the first change shows the values it replaced.
        profile._change_reason = _("Profil saat pemasangan")
        profile.save()
    for name, value in fields.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    profile.head_nip = "".join(profile.head_nip.split())
    if profile.head_nip and (len(profile.head_nip) != 18 or not profile.head_nip.isdigit()):
        raise ValidationError({"head_nip": _("NIP terdiri atas 18 angka.")})
    if profile.regencies and profile.city:
        known = {name.casefold() for name in profile.regency_list}
        if not any(profile.city.casefold() in name for name in known):
            raise ValidationError(
                {
                    "city": _("Kota penandatanganan “%(city)s” tidak ada dalam daftar kabupaten dan kota.")
                    % {"city": profile.city}
                }
            )
    old_logo = profile.logo.name if profile.logo else ""
    if remove_logo:
        profile.logo = ""
    if logo is not None:
        profile.logo = logo
    profile.full_clean()
    profile._history_user = user
    profile.save()
    new_logo = profile.logo.name if profile.logo else ""
    if old_logo and old_logo != new_logo:
        storage = InstanceProfile._meta.get_field("logo").storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    forget_instance_profile()
    transaction.on_commit(forget_instance_profile)
    return profile
