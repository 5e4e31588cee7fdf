"""Programmes, their Keputusan Gubernur and the OPDs they name: the writes, and the rows the
registry pages read (with each programme OPD's stage through pilots.hooks)."""

import secrets
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intan_wpl.deletion import blocked_message, blockers_of
from intan_wpl.uploads import PDF, validate_upload
from pilots.hooks import stage_label, with_stage
from pilots.models import Assignment, AssignmentRole, Programme, ProgrammeOpd, ProgrammeStatus

DECREE_MAX_MB = 10
# Programmes whose OPDs still need a team: the load page and the ketua warnings look at these.
ACTIVE_PROGRAMME_STATUSES = (ProgrammeStatus.PERENCANAAN, ProgrammeStatus.BERJALAN)
NAMES_SHOWN = 10


def ketua_exists():
    """Exists() for 'this ProgrammeOpd (OuterRef pk) has a ketua tim'."""
    return Exists(Assignment.objects.filter(programme_opd=OuterRef("pk"), role=AssignmentRole.KETUA))


def programme_opd_rows(queryset):
    """ProgrammeOpd rows as the programme and team pages show them, in a bounded number of
    queries: OPD and its head, programme, stage, member count, whether a ketua exists, and the
    ketua's assignment in `ketua_assignments`."""
    return (
        with_stage(queryset)
        .select_related("opd", "opd__head", "programme")
        .annotate(member_count=Count("assignments", distinct=True), has_ketua=ketua_exists())
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(role=AssignmentRole.KETUA).select_related("widyaiswara"),
                to_attr="ketua_assignments",
            )
        )
        .order_by("opd__name")
    )


def needs_ketua(programme_opd, *, has_ketua):
    """An active OPD of a programme that is not finished must have a ketua tim."""
    return programme_opd.is_active and programme_opd.programme.status in ACTIVE_PROGRAMME_STATUSES and not has_ketua


def decorate_rows(rows):
    """Rows of programme_opd_rows() as a list, each with `stage_label`, `ketua` (an Assignment or
    None) and `needs_ketua`."""
    rows = list(rows)
    for row in rows:
        row.stage_label = stage_label(row)
        row.ketua = row.ketua_assignments[0] if row.ketua_assignments else None
        row.needs_ketua = needs_ketua(row, has_ketua=row.has_ketua)
    return rows


def programme_opds_without_ketua(queryset=None):
    """The OPDs (of `queryset`, default all) that needs_ketua() flags, in one query."""
    if queryset is None:
        queryset = ProgrammeOpd.objects.all()
    return (
        queryset.filter(is_active=True, programme__status__in=ACTIVE_PROGRAMME_STATUSES)
        .exclude(ketua_exists())
        .select_related("opd", "programme")
        .order_by("programme__name", "opd__name")
    )


def team_of(programme_opd):
    """The team of one OPD in one programme, ketua first (one query)."""
    return list(
        programme_opd.assignments.select_related("widyaiswara").order_by(
            Case(When(role=AssignmentRole.KETUA, then=Value(0)), default=Value(1)),
            "widyaiswara__full_name",
            "widyaiswara__username",
        )
    )


def programmes_with_counts(queryset, *, user_programme_opds=None):
    """Annotate programmes with opd_count and missing_ketua_count (active OPDs without a ketua
    in a programme that is not finished).

    `user_programme_opds`: when given (non-admins), opd_count counts only those OPDs.
    """
    opd_filter = Q(programme_opds__in=user_programme_opds) if user_programme_opds is not None else Q()
    counted = queryset.annotate(
        opd_count=Count("programme_opds", filter=opd_filter, distinct=True),
        active_opd_count=Count("programme_opds", filter=Q(programme_opds__is_active=True), distinct=True),
        ketua_count=Count(
            "programme_opds__assignments",
            filter=Q(programme_opds__is_active=True, programme_opds__assignments__role=AssignmentRole.KETUA),
            distinct=True,
        ),
    )
    # At most one ketua per OPD, so active OPDs minus ketua is the number still without one.
    return counted.annotate(
        missing_ketua_count=Case(
            When(status__in=ACTIVE_PROGRAMME_STATUSES, then=F("active_opd_count") - F("ketua_count")),
            default=Value(0),
        )
    )


# --- What depends on an object ----------------------------------------------------------------


def _names(items):
    items = list(items)
    shown = ", ".join(str(item) for item in items[:NAMES_SHOWN])
    if len(items) > NAMES_SHOWN:
        shown += " " + _("dan %(count)d lainnya") % {"count": len(items) - NAMES_SHOWN}
    return shown


def dependents_of(obj):
    """What deleting `obj` would take with it through CASCADE (['3 penugasan Widyaiswara']).

    blockers_of() reports PROTECT/RESTRICT only; a programme's OPDs and an OPD's team cascade,
    so they would vanish silently. Anything that would go with the object blocks deleting it.
    """
    collector = Collector(using=router.db_for_write(type(obj), instance=obj))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError):
        return []  # blockers_of() names these
    found = Counter()
    for model, instances in collector.data.items():
        others = [item for item in instances if not (type(item) is type(obj) and item.pk == obj.pk)]
        if others:
            found[str(model._meta.verbose_name)] += len(others)
    for queryset in collector.fast_deletes:
        count = queryset.count() if hasattr(queryset, "count") else len(queryset)
        if count:
            found[str(queryset.model._meta.verbose_name)] += count
    return [f"{count} {name}" for name, count in sorted(found.items())]


def programme_delete_blockers(programme):
    """Why `programme` cannot be deleted ([] when it can): its OPDs by name, their teams, and
    anything else that depends on it."""
    reasons = []
    opd_names = list(programme.programme_opds.select_related("opd").values_list("opd__name", flat=True))
    if opd_names:
        reasons.append(
            ngettext("%(count)d OPD dalam program: %(names)s", "%(count)d OPD dalam program: %(names)s", len(opd_names))
            % {"count": len(opd_names), "names": _names(opd_names)}
        )
    assignment_count = Assignment.objects.filter(programme_opd__programme=programme).count()
    if assignment_count:
        reasons.append(_("%(count)d penugasan Widyaiswara") % {"count": assignment_count})
    known = {str(ProgrammeOpd._meta.verbose_name), str(Assignment._meta.verbose_name)}
    reasons += [
        item for item in blockers_of(programme) + dependents_of(programme) if item.split(" ", 1)[1] not in known
    ]
    return reasons


def programme_opd_remove_blockers(programme_opd):
    """Why an OPD cannot leave its programme ([] when it can): its team and any field work."""
    reasons = []
    team = [a.widyaiswara.display_name for a in programme_opd.assignments.select_related("widyaiswara")]
    if team:
        reasons.append(
            ngettext(
                "%(count)d penugasan Widyaiswara: %(names)s", "%(count)d penugasan Widyaiswara: %(names)s", len(team)
            )
            % {"count": len(team), "names": _names(team)}
        )
    known = str(Assignment._meta.verbose_name)
    reasons += [
        item for item in blockers_of(programme_opd) + dependents_of(programme_opd) if item.split(" ", 1)[1] != known
    ]
    return reasons


# --- Programme writes -----------------------------------------------------------------------


def check_decree_file(decree_file):
    """The decree must be a PDF by content, at most DECREE_MAX_MB; ValidationError at the field."""
    try:
        validate_upload(decree_file, allowed=PDF, label="PDF", max_mb=DECREE_MAX_MB)
    except ValidationError as error:
        raise ValidationError({"decree_file": error.messages}) from None


def _attach_decree(programme, decree_file):
    check_decree_file(decree_file)
    # A random stored name: the path reveals nothing and cannot be guessed.
    decree_file.name = f"sk-{secrets.token_hex(12)}.pdf"
    programme.decree_file = decree_file


def _delete_file_after_commit(storage, name):
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def programme_create(
    *,
    name,
    start_date,
    end_date,
    status=ProgrammeStatus.PERENCANAAN,
    decree_number="",
    decree_date=None,
    decree_file=None,
):
    programme = Programme(
        name=name,
        start_date=start_date,
        end_date=end_date,
        status=status,
        decree_number=decree_number,
        decree_date=decree_date,
    )
    if decree_file:
        _attach_decree(programme, decree_file)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def programme_update(
    *, programme, name, start_date, end_date, status, decree_number="", decree_date=None, decree_file=None
):
    """Change a programme; a new decree PDF replaces the old one, whose file goes after commit."""
    stored = Programme.objects.filter(pk=programme.pk).values_list("decree_file", flat=True).get()
    programme.name = name
    programme.start_date = start_date
    programme.end_date = end_date
    programme.status = status
    programme.decree_number = decree_number
    programme.decree_date = decree_date
    if decree_file:
        _attach_decree(programme, decree_file)
    programme.full_clean()
    programme.save()
    if decree_file and stored:
        _delete_file_after_commit(programme.decree_file.storage, stored)
    return programme


@transaction.atomic
def programme_delete(*, programme):
    """Delete a programme nothing depends on; ValidationError saying what blocks it otherwise."""
    blockers = programme_delete_blockers(programme)
    if blockers:
        raise ValidationError(blocked_message(programme, blockers))
    stored = programme.decree_file.name
    storage = programme.decree_file.storage
    programme.delete()
    _delete_file_after_commit(storage, stored)


# --- OPDs of a programme ------------------------------------------------------------------


@transaction.atomic
def programme_opds_add(*, programme, opds):
    """Name `opds` in `programme`; refuses (at the field 'opds') any OPD already in it."""
    opds = list(opds)
    if not opds:
        raise ValidationError({"opds": _("Pilih sedikitnya satu OPD.")})
    present = set(ProgrammeOpd.objects.filter(programme=programme, opd__in=opds).values_list("opd__name", flat=True))
    if present:
        raise ValidationError(
            {"opds": _("Sudah ada dalam program ini: %(names)s.") % {"names": _names(sorted(present))}}
        )
    added = []
    for opd in opds:
        programme_opd = ProgrammeOpd(programme=programme, opd=opd)
        # Uniqueness was checked above with a readable message; the database enforces it too.
        programme_opd.full_clean(validate_constraints=False)
        added.append(programme_opd)
    try:
        with transaction.atomic():
            ProgrammeOpd.objects.bulk_create(added)
    except IntegrityError:
        raise ValidationError(
            {"opds": _("Salah satu OPD baru saja ditambahkan oleh pengguna lain. Muat ulang halaman ini.")}
        ) from None
    return added


@transaction.atomic
def programme_opd_set_active(*, programme_opd, is_active):
    programme_opd.is_active = is_active
    programme_opd.full_clean(validate_constraints=False)
    programme_opd.save(update_fields=["is_active"])
    return programme_opd


@transaction.atomic
def programme_opd_remove(*, programme_opd):
    """Take an OPD out of its programme; refused while a team or field work depends on it."""
    blockers = programme_opd_remove_blockers(programme_opd)
    if blockers:
        raise ValidationError(blocked_message(programme_opd, blockers))
    programme_opd.delete()
