"""Writes for portal accounts (admin only): create, edit, set a password.

The rules that keep the registry consistent live here: an admin cannot lock themselves out,
and an account keeps its role while the registry still relies on it (an OPD it heads, the
assignments of a Widyaiswara)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intan_wpl import audit
from intan_wpl.models import AuditAction, Role, User
from pilots.models import Assignment, Opd


def _clean_and_save(user, errors, **save_kwargs):
    try:
        user.full_clean(exclude=["password", *errors])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    user.save(**save_kwargs)
    return user


@transaction.atomic
def user_create(*, username, role, password, full_name="", email=""):
    user = User(username=username.strip(), full_name=full_name.strip(), email=email.strip(), role=role)
    errors = {}
    if User.objects.filter(username__iexact=user.username).exists():
        errors["username"] = [_("Nama pengguna “%(username)s” sudah dipakai.") % {"username": user.username}]
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password"] = error.messages
    user.set_password(password)
    return _clean_and_save(user, errors)


def _role_change_errors(user, previous_role, new_role):
    if previous_role == new_role:
        return []
    if previous_role == Role.KEPALA_OPD:
        headed = list(Opd.objects.filter(head=user).order_by("name").values_list("name", flat=True))
        if headed:
            return [
                _(
                    "%(name)s masih tercatat sebagai Kepala OPD di %(opds)s. "
                    "Tetapkan Kepala OPD lain untuk OPD itu sebelum mengubah perannya."
                )
                % {"name": user.display_name, "opds": ", ".join(headed)}
            ]
    if previous_role == Role.WIDYAISWARA:
        assignment_count = Assignment.objects.filter(widyaiswara=user).count()
        if assignment_count:
            return [
                ngettext(
                    "%(name)s masih memiliki %(count)d penugasan sebagai Widyaiswara. "
                    "Hapus penugasannya terlebih dahulu sebelum mengubah perannya.",
                    "%(name)s masih memiliki %(count)d penugasan sebagai Widyaiswara. "
                    "Hapus penugasannya terlebih dahulu sebelum mengubah perannya.",
                    assignment_count,
                )
                % {"name": user.display_name, "count": assignment_count}
            ]
    return []


@transaction.atomic
def user_update(*, actor, user, role, is_active, full_name="", email="", nip=""):
    """Change an account's name, email, role and active flag on behalf of the admin `actor`."""
    previous = User.objects.select_for_update().only("role", "is_active").get(pk=user.pk)
    errors = {}
    if user.pk == actor.pk:
        if not is_active:
            errors["is_active"] = [_("Anda tidak dapat menonaktifkan akun Anda sendiri.")]
        if role != Role.ADMIN:
            errors["role"] = [_("Anda tidak dapat mengubah peran akun Anda sendiri.")]
    if "role" not in errors:
        role_errors = _role_change_errors(user, previous.role, role)
        if role_errors:
            errors["role"] = role_errors
    user.full_name = full_name.strip()
    user.email = email.strip()
    user.nip = "".join((nip or "").split())
    if user.nip and (len(user.nip) != 18 or not user.nip.isdigit()):
        errors["nip"] = [_("NIP terdiri atas 18 angka.")]
    user.role = role
    user.is_active = is_active
    return _clean_and_save(user, errors, update_fields=["full_name", "nip", "email", "role", "is_active"])


@transaction.atomic
@transaction.atomic
def user_set_password(*, user, password, actor=None):
    """Give `user` a new password chosen by the admin (Django's password validators apply); the
    reset is on the audit log (who reset whose password, never the password)."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    if actor is not None:
        audit.record_event(
            user=actor,
            action=AuditAction.CHANGED,
            obj=user,
            kind=_("Kata sandi"),
            label=user.get_username(),
            reason=_("Kata sandi diatur ulang oleh Admin BPSDM"),
        )
    return user
