"""Writes of the read-only API (issue 14, item 5): issuing and revoking client tokens, and the
log of every call. A token is 40 random characters; only its SHA-256 is stored, so it is shown
once, when issued, and a lost token is replaced by revoking it and issuing a new one."""

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning_records.models import ApiCall, ApiClient
from learning_records.selectors.api import token_digest

TOKEN_BYTES = 30  # 40 characters of URL-safe base64


@dataclass
class IssuedClient:
    client: ApiClient
    token: str  # shown to the admin once, never stored


@transaction.atomic
def api_client_issue(*, name, opd, issued_by):
    token = secrets.token_urlsafe(TOKEN_BYTES)
    client = ApiClient(name=name, opd=opd, issued_by=issued_by, token_hash=token_digest(token), token_prefix=token[:8])
    client.full_clean()
    client.save()
    return IssuedClient(client=client, token=token)


@transaction.atomic
def api_client_revoke(*, client):
    if client.revoked_at is not None:
        raise ValidationError(_("Token klien ini sudah dicabut."))
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    return client


def api_call_record(*, client, path, status, row_count=0, remote_addr=""):
    """One line of the call log, also for refused calls (client None when no valid token)."""
    call = ApiCall.objects.create(
        client=client, path=path[:500], status=status, row_count=row_count, remote_addr=remote_addr[:45]
    )
    if client is not None:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=call.called_at)
    return call
