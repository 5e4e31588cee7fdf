"""Widyaiswara: their accounts and profiles, and their assignments (penugasan) to the OPDs of a
programme. Team rules live here: one ketua per OPD, nobody twice in a team, and a team is never
left with members but no ketua."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Prefetch, Q
from django.utils.translation import gettext as _

from intan_wpl.deletion import blocked_message, blockers_of
from intan_wpl.models import Role, User
from pilots.domain import normalize_nip
from pilots.models import Assignment, AssignmentRole, ProgrammeOpd, WidyaiswaraProfile, current_assignment_q
from pilots.services.programmes import dependents_of

# --- Team rules ------------------------------------------------------------------------------


def _lock_team(programme_opd):
    """Serialise changes to one team (a row lock on PostgreSQL; SQLite locks the whole file)."""
    list(ProgrammeOpd.objects.select_for_update().filter(pk=programme_opd.pk).order_by().values_list("pk"))


def _ketua_of(programme_opd, *, exclude_pk=None):
    queryset = Assignment.objects.filter(programme_opd=programme_opd, role=AssignmentRole.KETUA).select_related(
        "widyaiswara"
    )
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.first()


def _check_not_in_team(programme_opd, widyaiswara):
    if Assignment.objects.filter(programme_opd=programme_opd, widyaiswara=widyaiswara).exists():
        raise ValidationError(
            {
                "widyaiswara": _("%(name)s sudah ditugaskan di %(opd)s pada program ini.")
                % {"name": widyaiswara.display_name, "opd": programme_opd.opd.name}
            }
        )


def _check_ketua_free(programme_opd, *, exclude_pk=None):
    ketua = _ketua_of(programme_opd, exclude_pk=exclude_pk)
    if ketua:
        raise ValidationError(
            {
                "role": _(
                    "%(opd)s sudah memiliki ketua tim (%(name)s). Tambahkan sebagai anggota, lalu pakai "
                    "tombol \u201cJadikan ketua\u201d untuk menggantinya."
                )
                % {"opd": programme_opd.opd.name, "name": ketua.widyaiswara.display_name}
            }
        )


def _appoint_new_ketua_first(programme_opd):
    return _(
        "Ketua tim %(opd)s tidak dapat diturunkan atau dihapus selama masih ada anggota. Tunjuk ketua "
        "baru terlebih dahulu dengan tombol \u201cJadikan ketua\u201d pada salah satu anggota."
    ) % {"opd": programme_opd.opd.name}


def _save(assignment):
    """Save, turning a constraint the database caught (a concurrent change) into a form error."""
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        if (
            Assignment.objects.filter(programme_opd=assignment.programme_opd_id, widyaiswara=assignment.widyaiswara_id)
            .exclude(pk=assignment.pk)
            .exists()
        ):
            raise ValidationError(
                {"widyaiswara": _("Widyaiswara ini sudah ditugaskan di OPD ini pada program ini.")}
            ) from None
        raise ValidationError(
            {"role": _("OPD ini sudah memiliki ketua tim. Muat ulang halaman untuk melihat tim terbaru.")}
        ) from None
    return assignment


@transaction.atomic
def assignment_create(
    *,
    programme_opd,
    widyaiswara,
    role,
    letter_number="",
    letter_date=None,
    start_date=None,
    end_date=None,
):
    """Assign `widyaiswara` to the team of `programme_opd` as ketua tim or anggota."""
    _lock_team(programme_opd)
    if widyaiswara.role != Role.WIDYAISWARA or not widyaiswara.is_active:
        raise ValidationError({"widyaiswara": _("Pilih akun Widyaiswara yang aktif.")})
    _check_not_in_team(programme_opd, widyaiswara)
    if role == AssignmentRole.KETUA:
        _check_ketua_free(programme_opd)
    assignment = Assignment(
        programme_opd=programme_opd,
        widyaiswara=widyaiswara,
        role=role,
        letter_number=letter_number,
        letter_date=letter_date,
        start_date=start_date,
        end_date=end_date,
    )
    # The two team constraints were checked above with clear messages; the database
    # enforces them too and _save() reports a collision as a form error.
    assignment.full_clean(validate_constraints=False)
    return _save(assignment)


@transaction.atomic
def assignment_update(*, assignment, role, letter_number="", letter_date=None, start_date=None, end_date=None):
    """Change the letter, the period or the role. Promotion needs a free ketua seat; a ketua
    is never demoted here (making another member ketua does that)."""
    _lock_team(assignment.programme_opd)
    stored_role = Assignment.objects.filter(pk=assignment.pk).values_list("role", flat=True).get()
    if stored_role == AssignmentRole.KETUA and role != AssignmentRole.KETUA:
        raise ValidationError({"role": _appoint_new_ketua_first(assignment.programme_opd)})
    if role == AssignmentRole.KETUA and stored_role != AssignmentRole.KETUA:
        _check_ketua_free(assignment.programme_opd, exclude_pk=assignment.pk)
    assignment.role = role
    assignment.letter_number = letter_number
    assignment.letter_date = letter_date
    assignment.start_date = start_date
    assignment.end_date = end_date
    assignment.full_clean(validate_constraints=False)
    return _save(assignment)


@transaction.atomic
def assignment_make_ketua(*, assignment):
    """Make `assignment` the ketua tim; the previous ketua (if any) becomes anggota. Atomic.
    Returns the previous ketua's assignment or None."""
    _lock_team(assignment.programme_opd)
    assignment.refresh_from_db(fields=["role"])
    if assignment.role == AssignmentRole.KETUA:
        return None
    previous = _ketua_of(assignment.programme_opd, exclude_pk=assignment.pk)
    if previous:
        # Demote first: the one-ketua constraint must hold after every statement.
        previous.role = AssignmentRole.ANGGOTA
        previous.full_clean(validate_constraints=False)
        previous.save(update_fields=["role"])
    assignment.role = AssignmentRole.KETUA
    assignment.full_clean(validate_constraints=False)
    _save(assignment)
    return previous


def assignment_delete_blockers(assignment):
    """Why `assignment` cannot be removed ([] when it can)."""
    if (
        assignment.role == AssignmentRole.KETUA
        and Assignment.objects.filter(programme_opd=assignment.programme_opd_id).exclude(pk=assignment.pk).exists()
    ):
        return [_appoint_new_ketua_first(assignment.programme_opd)]
    dependants = blockers_of(assignment) + dependents_of(assignment)
    if dependants:
        return [blocked_message(assignment, dependants)]
    return []


@transaction.atomic
def assignment_delete(*, assignment):
    _lock_team(assignment.programme_opd)
    reasons = assignment_delete_blockers(assignment)
    if reasons:
        raise ValidationError(reasons)
    assignment.delete()


# --- Widyaiswara accounts and profiles ----------------------------------------------------------


@transaction.atomic
def widyaiswara_create(*, username, full_name, email, password, jenjang, nip="", expertise="", phone=""):
    """Create the Widyaiswara's account and profile together (both or neither)."""
    user = User(username=username, full_name=full_name, email=email, role=Role.WIDYAISWARA, is_active=True)
    errors = {}
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        errors["password"] = error.messages
    user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    profile = WidyaiswaraProfile(
        user=user, nip=normalize_nip(nip) or None, jenjang=jenjang, expertise=expertise, phone=phone
    )
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    user.save()
    profile.user = user
    profile.save()
    return user


@transaction.atomic
def widyaiswara_update(*, user, full_name, email, jenjang, nip="", expertise="", phone=""):
    """Change a Widyaiswara's name, e-mail and profile (creating the profile if it was missing)."""
    if user.role != Role.WIDYAISWARA:
        raise ValidationError(_("Akun ini bukan akun Widyaiswara."))
    user.full_name = full_name
    user.email = email
    profile = WidyaiswaraProfile.objects.filter(user=user).first() or WidyaiswaraProfile(user=user)
    profile.nip = normalize_nip(nip) or None
    profile.jenjang = jenjang
    profile.expertise = expertise
    profile.phone = phone
    errors = {}
    for obj in (user, profile):
        try:
            obj.full_clean()
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    user.save(update_fields=["full_name", "email"])
    profile.save()
    return user


# --- Reads for the Widyaiswara pages ------------------------------------------------------------


def active_assignment_q(prefix=""):
    """Assignments that count as load: the current ones (pilots.models.current_assignment_q, the
    same rule that gives a Widyaiswara access to the OPD)."""
    return current_assignment_q(prefix)


def widyaiswara_queryset():
    """Every Widyaiswara account with its profile and counts of current OPDs (one query)."""
    return (
        User.objects.filter(role=Role.WIDYAISWARA)
        .select_related("widyaiswara_profile")
        .annotate(
            opd_count=Count("assignments", filter=active_assignment_q("assignments__"), distinct=True),
            ketua_count=Count(
                "assignments",
                filter=active_assignment_q("assignments__") & Q(assignments__role=AssignmentRole.KETUA),
                distinct=True,
            ),
        )
        .annotate(anggota_count=F("opd_count") - F("ketua_count"))
    )


def widyaiswara_load_queryset():
    """widyaiswara_queryset() with each one's current assignments in `current_assignments`,
    heaviest load first."""
    return (
        widyaiswara_queryset()
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(active_assignment_q())
                .select_related("programme_opd__opd", "programme_opd__programme")
                .order_by("programme_opd__programme__name", "programme_opd__opd__name"),
                to_attr="current_assignments",
            )
        )
        .order_by("-opd_count", "full_name", "username")
    )
