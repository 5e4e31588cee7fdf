"""Accounts of the civil servants themselves (role Pegawai, username = NIP).

The admin or the Kepala OPD issues activation for staff of an OPD; each person gets a one-time
code (and a link carrying it) that is shown once, on the printed sheet or in the file for
sending, and kept only as a keyed hash. The person activates with NIP and code and chooses a
password. An account is switched off as soon as its person leaves the roster (made inactive or
deleted): `accounts_off_roster_deactivate` runs after every roster write."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from intan_wpl import audit
from intan_wpl.exports import Column, csv_bytes, record_export, xlsx_bytes
from intan_wpl.formatting import local_datetime
from intan_wpl.models import AuditAction, Role, User
from pilots.domain import normalize_nip
from pilots.models import AccountActivation, Pegawai

ACTIVATION_DAYS = 14
# No 0/O or 1/I/L: the code is read off paper or a phone and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # 31^10, about 2^49; five wrong tries void a code


@dataclass(frozen=True)
class IssuedCode:
    pegawai: Pegawai
    code: str
    expires_at: datetime

    @property
    def code_display(self):
        return f"{self.code[:5]}-{self.code[5:]}"


def _hash(code):
    return salted_hmac("pilots.accounts.activation", code.upper()).hexdigest()


def _clean_code(code):
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _account_for(pegawai):
    """The person's account, made (inactive, without a usable password) on first issue. A NIP that
    is already another role's username is refused: one login never serves two roles."""
    if pegawai.account_id:
        return pegawai.account
    if User.objects.filter(username__iexact=pegawai.nip).exists():
        raise ValidationError(
            _("NIP %(nip)s sudah dipakai sebagai nama pengguna akun lain.") % {"nip": pegawai.nip_display}
        )
    user = User(username=pegawai.nip, full_name=pegawai.name, role=Role.PEGAWAI, is_active=False)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    pegawai.account = user
    pegawai.save(update_fields=["account", "updated_at"])
    return user


@transaction.atomic
def activations_issue(*, actor, opd, staff):
    """Issue a fresh code for each active person of `staff` (Pegawai of `opd`). Returns
    (issued codes, skipped: list of (pegawai, reason)). Earlier unused codes are voided."""
    now = timezone.now()
    issued, skipped = [], []
    for pegawai in (
        staff.filter(opd=opd, is_active=True).select_related("unit", "account").order_by("unit__name", "name")
    ):
        try:
            _account_for(pegawai)
        except ValidationError as error:
            skipped.append((pegawai, " ".join(error.messages)))
            continue
        AccountActivation.objects.filter(pegawai=pegawai, used_at=None, voided_at=None).update(voided_at=now)
        code = _new_code()
        activation = AccountActivation.objects.create(
            pegawai=pegawai, code_hash=_hash(code), expires_at=now + timedelta(days=ACTIVATION_DAYS), issued_by=actor
        )
        issued.append(IssuedCode(pegawai=pegawai, code=code, expires_at=activation.expires_at))
    if issued:
        audit.record_event(
            user=actor,
            action=AuditAction.ACTIVATION_ISSUED,
            obj=opd,
            kind=_("Kode aktivasi akun pegawai"),
            label=opd.name,
            reason=_("%(count)s kode aktivasi diterbitkan") % {"count": len(issued)},
            opd_id=opd.pk,
        )
    return issued, skipped


def _usable_activation(pegawai):
    return (
        AccountActivation.objects.filter(
            pegawai=pegawai,
            used_at=None,
            voided_at=None,
            expires_at__gt=timezone.now(),
            failed_attempts__lt=AccountActivation.MAX_FAILED_ATTEMPTS,
        )
        .order_by("-created_at")
        .first()
    )


def activation_redeem(*, nip, code, password):
    """Activate the account of the person with `nip` with their one-time `code` and set `password`.
    Every failure says the same thing (no hint whether the NIP exists); a wrong code counts
    against the code, which is void after five."""
    refused = ValidationError({"code": [_("NIP atau kode aktivasi tidak cocok, atau kode sudah tidak berlaku.")]})
    pegawai = (
        Pegawai.objects.filter(nip=normalize_nip(nip or ""), is_active=True, account__isnull=False)
        .select_related("account")
        .first()
    )
    activation = _usable_activation(pegawai) if pegawai else None
    if activation is None:
        raise refused
    if not constant_time_compare(activation.code_hash, _hash(_clean_code(code))):
        AccountActivation.objects.filter(pk=activation.pk).update(failed_attempts=F("failed_attempts") + 1)
        raise refused
    user = pegawai.account
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from None
    return _activate(user, activation, password)


@transaction.atomic
def _activate(user, activation, password):
    claimed = AccountActivation.objects.filter(pk=activation.pk, used_at=None).update(used_at=timezone.now())
    if not claimed:  # used by a parallel request a moment ago
        raise ValidationError({"code": [_("Kode aktivasi ini sudah dipakai.")]})
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    return user


def accounts_off_roster_deactivate():
    """Switch off every Pegawai account whose person is no longer on a roster (inactive, or the
    row deleted); unused codes of inactive staff are voided. Returns how many accounts."""
    now = timezone.now()
    AccountActivation.objects.filter(pegawai__is_active=False, used_at=None, voided_at=None).update(voided_at=now)
    leavers = User.objects.filter(role=Role.PEGAWAI, is_active=True).filter(
        Q(pegawai__isnull=True) | Q(pegawai__is_active=False)
    )
    return leavers.update(is_active=False)


ACTIVATION_COLUMNS = [
    Column(_("NIP"), text=True, width=22),
    Column(_("Nama"), width=32),
    Column(_("Unit kerja"), width=28),
    Column(_("Kode aktivasi"), text=True, width=16),
    Column(_("Tautan aktivasi"), width=70),
    Column(_("Berlaku sampai"), text=True, width=18),
]


def activation_file(*, user, opd, issued, link_for, file_format):
    """The issued codes as XLSX or CSV for the OPD to send each person theirs (by email or
    WhatsApp); the export is logged like every file with NIPs."""
    rows = [
        [
            item.pegawai.nip,
            item.pegawai.name,
            item.pegawai.unit.name if item.pegawai.unit else "",
            item.code_display,
            link_for(item),
            local_datetime(item.expires_at),
        ]
        for item in issued
    ]
    if file_format == "csv":
        content = csv_bytes(ACTIVATION_COLUMNS, rows, delimiter=";", bom=True)
    else:
        content = xlsx_bytes(_("Aktivasi"), ACTIVATION_COLUMNS, rows)
    record_export(
        user=user,
        kind="kode_aktivasi_pegawai",
        description=_("Kode aktivasi akun pegawai %(opd)s") % {"opd": opd.name},
        row_count=len(rows),
    )
    return content
