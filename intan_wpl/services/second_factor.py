"""Second factor (issue 13, item 2): TOTP for the accounts that hold everything (the admin, the
Kepala BPSDM; every role by setting, OTP_REQUIRED_ROLES), with backup codes and a recorded reset
by another admin or from a shell when a phone is lost (docs/security.md, "Recovery").

Built on django-otp: a TOTPDevice per person (unconfirmed until the first code from the app is
typed back) and a StaticDevice holding the one-time backup codes."""

import secrets

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intan_wpl import audit
from intan_wpl.models import AuditAction

BACKUP_CODE_COUNT = 10
TOTP_NAME = "Aplikasi autentikator"
BACKUP_NAME = "Kode cadangan"


def requires_second_factor(user, *, enrolled=None):
    """Whether `user` must use a second factor: their role is in OTP_REQUIRED_ROLES, or they
    enrolled one themselves (then it is always asked). `enrolled` may be given when known."""
    if not user.is_authenticated:
        return False
    if user.role in settings.OTP_REQUIRED_ROLES:
        return True
    return has_second_factor(user) if enrolled is None else enrolled


def has_second_factor(user):
    return user_has_device(user, confirmed=True)


def enrolment_device(user):
    """The TOTP device being set up for `user` (created unconfirmed on first use, kept across
    page loads so the QR code does not change while they scan it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def _new_backup_codes(user):
    static, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


@transaction.atomic
def second_factor_confirm(*, user, token):
    """Confirm the enrolment device with a code from the app. Returns (device, backup codes) or
    (None, None) when the code is wrong. Any earlier TOTP device of the person is replaced."""
    device = enrolment_device(user)
    if not device.verify_token((token or "").strip()):
        return None, None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    audit.record_event(user=user, action=AuditAction.OTP_ENROLLED, obj=user, label=user.display_name)
    return device, codes


@transaction.atomic
def backup_codes_renew(*, user):
    """New backup codes for an enrolled person (the old ones stop working)."""
    codes = _new_backup_codes(user)
    audit.record_event(user=user, action=AuditAction.BACKUP_CODES, obj=user, label=user.display_name)
    return codes


def second_factor_verify(*, user, token):
    """The device that accepts `token` (a TOTP code or an unused backup code), or None. Each
    device throttles wrong codes (django-otp)."""
    token = "".join((token or "").split())
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_is_allowed()[0] and device.verify_token(token):
                return device
    return None


@transaction.atomic
def second_factor_reset(*, user, actor, via=""):
    """Remove every second-factor device of `user` (a lost phone): they enrol again at their next
    sign-in. Recorded in the audit log with who did it."""
    count = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        count += 1
    audit.record_event(user=actor, action=AuditAction.OTP_RESET, obj=user, label=user.display_name, reason=via)
    return count
