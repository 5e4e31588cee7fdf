"""Reads for the pilots app: the one way a view reaches an OPD or a programme."""

import re

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from intan_wpl import audit
from intan_wpl.models import AuditEntry, Role, User
from intan_wpl.query import count_subquery
from pilots.models import (
    Assignment,
    Opd,
    Pegawai,
    Programme,
    ProgrammeOpd,
    RosterImport,
    SkpIndicator,
    UnitKerja,
)


def _check_write(user):
    # Only BPSDM admins change the registry; others who can see it read only.
    if user.role != Role.ADMIN:
        raise PermissionDenied


def get_opd_for_user(user, pk, *, write=False):
    """The OPD `pk` if `user` may see it (404 otherwise); 403 when `write` and read-only."""
    opd = get_object_or_404(Opd.objects.visible_to(user).select_related("head", "parent"), pk=pk)
    if write:
        _check_write(user)
    return opd


def get_programme_for_user(user, pk, *, write=False):
    programme = get_object_or_404(Programme.objects.visible_to(user), pk=pk)
    if write:
        _check_write(user)
    return programme


def get_programme_opd_for_user(user, pk, *, write=False):
    programme_opd = get_object_or_404(
        ProgrammeOpd.objects.visible_to(user).select_related("programme", "opd", "opd__head"), pk=pk
    )
    if write:
        _check_write(user)
    return programme_opd


def with_registry_counts(opds):
    """Annotate OPDs with unit_count, staff_count and unassigned_staff_count (active staff only)
    and upt_count (UPTs under a Dinas), one correlated subquery each."""
    active_staff = Pegawai.objects.filter(opd=OuterRef("pk"), is_active=True)
    return opds.annotate(
        unit_count=count_subquery(UnitKerja.objects.filter(opd=OuterRef("pk")), "opd"),
        staff_count=count_subquery(active_staff, "opd"),
        unassigned_staff_count=count_subquery(active_staff.filter(unit__isnull=True), "opd"),
        upt_count=count_subquery(Opd.objects.filter(parent=OuterRef("pk")), "parent"),
    )


def get_opd_with_counts_for_user(user, pk):
    """Like get_opd_for_user (read), with the counts of with_registry_counts in the same query."""
    return get_object_or_404(with_registry_counts(Opd.objects.visible_to(user).select_related("head", "parent")), pk=pk)


def get_unit_for_user(user, pk, *, write=False):
    """The unit kerja `pk` if its OPD is visible to `user` (404 otherwise); 403 when `write` and read-only."""
    unit = get_object_or_404(
        UnitKerja.objects.filter(opd__in=Opd.objects.visible_to(user)).select_related("opd"), pk=pk
    )
    if write:
        _check_write(user)
    return unit


def get_account_for_user(user, pk):
    """A portal account, for the admin who manages accounts: 403 for anyone else, 404 when missing."""
    _check_write(user)
    return get_object_or_404(User, pk=pk)


def get_assignment_for_user(user, pk, *, write=False):
    """An assignment (penugasan) in a programme OPD `user` may see (404 otherwise); 403 when
    `write` and read-only."""
    assignment = get_object_or_404(
        Assignment.objects.filter(programme_opd__in=ProgrammeOpd.objects.visible_to(user)).select_related(
            "widyaiswara", "programme_opd__programme", "programme_opd__opd"
        ),
        pk=pk,
    )
    if write:
        _check_write(user)
    return assignment


def get_widyaiswara_for_user(user, pk):
    """A Widyaiswara account with its profile, for the admin who manages them: 403 for anyone
    else, 404 when `pk` is not a Widyaiswara."""
    _check_write(user)
    return get_object_or_404(User.objects.filter(role=Role.WIDYAISWARA).select_related("widyaiswara_profile"), pk=pk)


# --- staff roster (Pegawai) and roster imports ---


def get_pegawai_for_user(user, pk, *, write=False):
    """A staff member of an OPD `user` may see (404 otherwise); 403 when `write` and read-only."""
    pegawai = get_object_or_404(Pegawai.objects.visible_to(user).select_related("opd", "unit"), pk=pk)
    if write:
        _check_write(user)
    return pegawai


def get_roster_import_for_user(user, pk, *, write=False):
    """A roster upload of an OPD `user` may see (404 otherwise); 403 when `write` and read-only."""
    roster_import = get_object_or_404(
        RosterImport.objects.filter(opd__in=Opd.objects.visible_to(user)).select_related("opd", "uploaded_by"),
        pk=pk,
    )
    if write:
        _check_write(user)
    return roster_import


def accounts_with_assignment_count():
    """Every account for the admin's user list, with how many assignments each Widyaiswara has
    and the OPDs each Kepala OPD heads: a fixed number of queries for any number of accounts."""
    return (
        User.objects.annotate(
            assignment_count=count_subquery(Assignment.objects.filter(widyaiswara=OuterRef("pk")), "widyaiswara")
        )
        .prefetch_related(Prefetch("headed_opds", queryset=Opd.objects.only("pk", "name", "head_id").order_by("name")))
        .order_by("full_name", "username")
    )


# --- history and the audit log (issue 13, item 7) ---


def _sees_scope(user, programme_opd_id, opd_id):
    if user.reads_everything:
        return True
    if programme_opd_id:
        return ProgrammeOpd.objects.visible_to(user).filter(pk=programme_opd_id).exists()
    if opd_id:
        return Opd.objects.visible_to(user).filter(pk=opd_id).exists()
    return False


def get_history_model_for_user(user, label, pk):
    """The model whose object `pk` the history page shows, when `user` may read its history:
    the admin every object; others an object of a programme OPD (or OPD) they see now, also
    after the object itself is deleted (its scope comes from the audit log). 404 otherwise."""
    model = audit.model_by_label(label)
    if model is None:
        raise Http404
    programme_opd_id, opd_id, known = audit.history_scope(model, pk)
    if not known or not _sees_scope(user, programme_opd_id, opd_id):
        raise Http404
    return model


def history_records(model, pk):
    """Every historical record of object `pk` and of its registered children (a session's
    participants, follow-ups and attachments), with their users."""
    records = list(model.history.filter(**{model._meta.pk.attname: pk}).select_related("history_user"))
    for child_label, field_name in audit.registration_for(model).children:
        child = apps.get_model(child_label)
        records += child.history.filter(**{field_name: pk}).select_related("history_user")
    return records


def audit_entries():
    """The audit log, newest first, with the user (one query per page)."""
    return AuditEntry.objects.select_related("user").order_by("-created_at", "-pk")


def opd_names(entries):
    """{opd_id: short name} of the OPDs named by a page of audit lines (one query)."""
    ids = {entry.opd_id for entry in entries if entry.opd_id}
    return {opd.pk: opd.short_name for opd in Opd.objects.filter(pk__in=ids).only("pk", "name", "abbreviation")}


AUDIT_MATCH_LIMIT = 20


def audit_user_matches(query, *, limit=AUDIT_MATCH_LIMIT):
    """Ids of the accounts whose username or full name contains `query`, at most limit + 1 (one
    bounded query: the audit log's filter never loads every user)."""
    matches = User.objects.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    return list(matches.order_by("full_name", "username").values_list("pk", flat=True)[: limit + 1])


def audit_opd_matches(query, *, limit=AUDIT_MATCH_LIMIT):
    """Ids of the OPDs whose name or abbreviation contains `query`, at most limit + 1."""
    matches = Opd.objects.filter(Q(name__icontains=query) | Q(abbreviation__icontains=query))
    return list(matches.order_by("name").values_list("pk", flat=True)[: limit + 1])


SEARCH_MIN_DIGITS = 4


def search_pegawai(user, query):
    """Staff the user may see whose NIP contains the digits typed (spaces and dots ignored, at
    least SEARCH_MIN_DIGITS) or whose name contains every word typed: the admin searches every
    OPD, the others only the OPDs they reach. Empty for an empty query."""
    query = " ".join(str(query or "").split())[:100]
    if not query:
        return Pegawai.objects.none()
    staff = Pegawai.objects.visible_to(user).select_related("opd", "unit")
    digits = re.sub(r"[\s.\-]", "", query)
    if digits.isdigit():
        if len(digits) < SEARCH_MIN_DIGITS:
            return Pegawai.objects.none()
        return staff.filter(nip__contains=digits).order_by("nip")
    for word in query.split():
        staff = staff.filter(name__icontains=word)
    return staff.order_by("name", "nip")


# --- SKP from e-Kinerja (issue 14, item 5) ---


def skp_indicators_of(opd, *, search=""):
    """The SKP indicators of `opd`'s staff (the caller reached `opd` through get_opd_for_user)."""
    items = SkpIndicator.objects.filter(pegawai__opd=opd).select_related("pegawai")
    if search:
        items = items.filter(
            Q(pegawai__name__icontains=search)
            | Q(pegawai__nip__contains=search)
            | Q(rhk__icontains=search)
            | Q(indicator__icontains=search)
        )
    return items.order_by("pegawai__name", "pegawai__nip", "year", "period", "rhk", "indicator")
