"""Sign-in that cannot be turned against us (issue 13, item 1): the client's address for
django-axes, read from the header the deployment's reverse proxy sets (docs/security.md)."""

import ipaddress

from django.conf import settings
from django.utils import timezone


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The address a sign-in attempt comes from (AXES_CLIENT_IP_CALLABLE).

    Without a proxy (CLIENT_IP_PROXY_COUNT 0) it is REMOTE_ADDR. Behind N proxies each proxy appends
    the address it received the request from to CLIENT_IP_HEADER (X-Forwarded-For), so the
    client's address is the N-th from the right: whatever a client wrote into the header itself
    stands further left and is never used. A header that is missing, too short or not an address
    falls back to the leftmost address present, then to REMOTE_ADDR: never to no address, which
    would put every client in one lock."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104 - a label, not a bind
    count = settings.CLIENT_IP_PROXY_COUNT
    header = settings.CLIENT_IP_HEADER
    if not count or not header:
        return remote
    values = [value for value in request.META.get(header, "").split(",") if value.strip()]
    if not values:
        return remote
    candidate = values[-count] if len(values) >= count else values[0]
    return _valid(candidate) or remote


def totp_issuer(device):
    """The name an authenticator app shows beside the code (OTP_TOTP_ISSUER): the portal and the
    agency of this installation's instance profile, unless the deployment sets the name itself."""
    if settings.OTP_TOTP_ISSUER_NAME:
        return settings.OTP_TOTP_ISSUER_NAME
    from intan_wpl.selectors.profile import instance_profile  # settings import this module: no model import at load

    return f"INTAN-WPL {instance_profile().agency_short_name}"


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (AXES_LOCKOUT_CALLABLE) saying until when the sign-in stays locked: the
    last failure of this username from this address plus the cool-off time."""
    # Imported here: settings name this module (AXES_CLIENT_IP_CALLABLE) before apps are ready.
    from axes.helpers import get_client_username
    from axes.models import AccessAttempt
    from django.shortcuts import render

    username = get_client_username(request, credentials) or ""
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=client_ip(request)).order_by("-attempt_time").first()
    )
    locked_until = (attempt.attempt_time if attempt else timezone.now()) + settings.AXES_COOLOFF_TIME
    context = {
        "username": username,
        "locked_until": locked_until,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
