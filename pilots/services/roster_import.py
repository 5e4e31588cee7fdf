"""Importing an OPD's staff roster from XLSX/CSV: every row is checked, the admin sees what
would change, then everything is written in one transaction, or nothing is.

Flow (issue 12: the work that grows with the roster runs in jobs, pilots.jobs):
`roster_import_store` (in the request) makes the cheap checks and keeps the upload as a
RosterImport "Sedang diperiksa"; `roster_import_check` (job "Periksa roster") reads and checks
every row and records the result: PREVIEW when every row is sound (the file is kept until commit,
what the preview shows is stored with the time of the check) or REJECTED with the row-by-row
errors (the file is dropped at once). `roster_import_upload` does both in one go.
`roster_import_commit` (job "Impor roster") re-checks against the database and writes in
bulk: a constant number of queries per batch of rows, never one per row. Staff are matched
by NIP, so a re-import updates and never duplicates, and staff moving from another OPD are
moved. The stored upload is deleted after commit (UU 27/2022: keep no more than needed).
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from intan_wpl import audit
from intan_wpl.models import AuditAction
from intan_wpl.uploads import check_xlsx_limits, max_upload_bytes
from pilots.models import Pegawai, RosterImport, RosterImportStatus, UnitKerja
from pilots.services.accounts import accounts_off_roster_deactivate
from pilots.services.roster_analysis import (
    VALUE_FIELDS,
    PlannedCreate,
    RowError,
    analyse_roster,
    plan_summary,
    units_by_key,
)
from pilots.services.roster_reader import (
    read_roster_file,
    sniff_kind,
    table_from_json,
    table_to_json,
)
from pilots.signals import employment_changed

ROSTER_MAX_MB = 10
# A file with thousands of bad rows is not fixed by reading all of them; the first ones show the pattern.
MAX_STORED_ERRORS = 1000
BATCH_SIZE = 500
UPDATE_FIELDS = ["opd", "unit", *VALUE_FIELDS[1:], "updated_at"]


# --- uploads -------------------------------------------------------------------------------


def check_roster_upload(upload):
    """Size and content of an uploaded roster; raise ValidationError in Bahasa Indonesia."""
    limit = max_upload_bytes(ROSTER_MAX_MB)
    if not upload.size:
        raise ValidationError(_("Berkas kosong (0 byte). Pilih berkas yang berisi data."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batas ukuran daftar pegawai %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    return sniff_kind(head)


def _stored_errors(errors):
    stored = [error.as_dict() for error in errors[:MAX_STORED_ERRORS]]
    if len(errors) > MAX_STORED_ERRORS:
        hidden = len(errors) - MAX_STORED_ERRORS
        stored.append(
            RowError(
                row=None,
                letter="",
                column="",
                value="",
                message=_(
                    "Dan %(count)s kesalahan lain yang tidak ditampilkan. Perbaiki kesalahan di atas (polanya "
                    "biasanya sama), lalu unggah lagi."
                )
                % {"count": hidden},
            ).as_dict()
            | {"hidden": hidden}
        )
    return stored


def _delete_stored_file(roster_import):
    name = roster_import.file.name
    if name:
        storage = roster_import.file.storage
        transaction.on_commit(lambda: storage.delete(name))


def _no_progress(percent, step=""):
    """The progress callback when nobody follows the work (the benchmark, the tests, a shell)."""


@transaction.atomic
def roster_import_store(*, opd, uploaded_by, upload, partial=False):
    """The part of an upload done inside the web request (issue 12): the checks that cost little
    (size, kind by content, an XLSX's unpacked size and cells before any parser opens it), then
    the file is kept under a random name as a RosterImport "Sedang diperiksa". Reading and
    checking the rows is roster_import_check, run as the job "Periksa roster".
    Raises ValidationError when the file is refused (nothing is recorded then)."""
    kind = check_roster_upload(upload)
    if kind == "xlsx":
        check_xlsx_limits(upload)
    roster_import = RosterImport(
        opd=opd,
        uploaded_by=uploaded_by,
        original_name=(getattr(upload, "name", "") or "berkas")[-255:],
        status=RosterImportStatus.CHECKING,
        partial_mode=partial,
    )
    upload.seek(0)
    roster_import.file.save(f"{uuid.uuid4().hex}.{kind}", File(upload), save=False)
    try:
        roster_import.full_clean(exclude=["file", "opd", "uploaded_by"])
        roster_import.save()
    except Exception:
        roster_import.file.storage.delete(roster_import.file.name)
        raise
    return roster_import


def _rows_step(done, total):
    return _("Memeriksa baris %(done)s dari %(total)s") % {"done": done, "total": total}


def _read_upload(roster_import):
    if not roster_import.file.name or not roster_import.file.storage.exists(roster_import.file.name):
        raise ValidationError(
            _("Berkas unggahan ini sudah tidak tersimpan. Unggah berkasnya lagi."), code="file_missing"
        )
    with roster_import.file.open("rb") as stream:
        return read_roster_file(stream)


def _record_check(roster_import, plan, partial):
    roster_import.total_rows = plan.total_rows
    roster_import.errors = _stored_errors(plan.errors)
    roster_import.checked_at = timezone.now()
    if plan.errors and not (partial and plan.valid_rows):
        roster_import.status = RosterImportStatus.REJECTED
        roster_import.summary = {}
        return None
    roster_import.status = RosterImportStatus.PREVIEW
    roster_import.created_count = len(plan.creates)
    roster_import.updated_count = len(plan.updates)
    roster_import.unchanged_count = plan.unchanged
    roster_import.summary = plan_summary(plan)
    # Kept until commit: the columns the import reads, not the whole upload (a SIMPEG export
    # carries addresses, birth places...), under a name nobody can guess.
    return ContentFile(table_to_json(plan.table))


def roster_import_check(*, roster_import, progress=None):
    """Read and check every row of a stored upload (the job "Periksa roster") and record the
    result on the RosterImport: PREVIEW, with what the preview shows (the file kept as the
    columns the import reads), or REJECTED with the row-by-row errors (the file dropped).
    With `partial_mode`, a file with bad rows and at least one valid row is a PREVIEW that
    carries its errors. A file that cannot be read at all raises ValidationError and the
    RosterImport is deleted with its file (nothing is recorded, as before the check ran in a job).
    The check replaces any earlier preview of the same OPD that was never committed."""
    progress = progress or _no_progress
    if roster_import.status != RosterImportStatus.CHECKING:
        raise ValidationError(_("Berkas ini sudah diperiksa."), code="checked")
    progress(1, _("Membaca berkas"))
    try:
        table = _read_upload(roster_import)
    except ValidationError:
        _drop(roster_import)
        raise
    progress(10, _("Memeriksa baris"))
    plan = analyse_roster(
        table,
        opd=roster_import.opd,
        progress=lambda done, total: progress(10 + 80 * done // max(total, 1), _rows_step(done, total)),
    )
    progress(92, _("Menyimpan hasil pemeriksaan"))
    kept = _record_check(roster_import, plan, roster_import.partial_mode)
    uploaded = roster_import.file.name
    roster_import.file = ""
    if kept is not None:
        roster_import.file.save(f"{uuid.uuid4().hex}.json", kept, save=False)
    try:
        _save_check(roster_import, uploaded)
    except Exception:
        if roster_import.file.name:
            roster_import.file.storage.delete(roster_import.file.name)
        raise
    return roster_import


@transaction.atomic
def _save_check(roster_import, uploaded):
    locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if locked.status != RosterImportStatus.CHECKING:
        raise ValidationError(_("Berkas ini sudah diperiksa."), code="checked")
    # The upload itself (every column of it) goes once the result is stored.
    storage = roster_import.file.storage
    transaction.on_commit(lambda: storage.delete(uploaded))
    stale = RosterImport.objects.select_for_update().filter(opd=roster_import.opd, status=RosterImportStatus.PREVIEW)
    for old in stale.exclude(pk=roster_import.pk):
        _delete_stored_file(old)
        old.delete()
    roster_import.full_clean(exclude=["file", "opd", "uploaded_by"])
    roster_import.save()


def roster_import_upload(*, opd, uploaded_by, upload, partial=False, progress=None):
    """Store and check an uploaded roster in one go (what the two jobs' first half does; used by
    the benchmark and the tests). Returns the RosterImport, PREVIEW or REJECTED; raises
    ValidationError when the file itself is unusable (nothing is recorded then)."""
    roster_import = roster_import_store(opd=opd, uploaded_by=uploaded_by, upload=upload, partial=partial)
    return roster_import_check(roster_import=roster_import, progress=progress)


def _read_stored(roster_import):
    if not roster_import.file.name or not roster_import.file.storage.exists(roster_import.file.name):
        raise ValidationError(
            _("Berkas unggahan ini sudah tidak tersimpan. Unggah berkasnya lagi."), code="file_missing"
        )
    with roster_import.file.open("rb") as stream:
        try:
            return table_from_json(stream.read())
        except (ValueError, KeyError, TypeError) as error:
            raise ValidationError(
                _("Salinan berkas yang disimpan rusak. Unggah berkasnya lagi."), code="file_damaged"
            ) from error


def roster_import_plan(*, roster_import, answers=None):
    """The plan of a PREVIEW import against today's database (re-reads the kept file). The
    preview page does not call it (it shows the check job's stored summary); the commit runs
    the same analysis inside its transaction."""
    return analyse_roster(_read_stored(roster_import), opd=roster_import.opd, answers=answers)


def _record_history(*, model, nip_or_pk, created, updated, actor, reason):
    """Historical records for rows written in bulk (no save() ran): read back as stored, a
    constant number of queries per batch. The audit log gets one line for the whole import
    (roster_import_commit), not one per person."""
    stored = []
    keys = [*created, *updated]
    for start in range(0, len(keys), 900):
        stored += model.objects.filter(**{f"{nip_or_pk}__in": keys[start : start + 900]})
    created = set(created)
    new = [row for row in stored if getattr(row, nip_or_pk) in created]
    changed = [row for row in stored if getattr(row, nip_or_pk) not in created]
    history = model.history
    history.bulk_history_create(new, batch_size=BATCH_SIZE, default_user=actor, default_change_reason=reason)
    history.bulk_history_create(
        changed, batch_size=BATCH_SIZE, update=True, default_user=actor, default_change_reason=reason
    )


def _link_supervisors(supervisors):
    """Set each named person's atasan langsung (NIP -> NIP, checked by the analysis): the people
    and their supervisors read in one query per batch, written in one bulk update."""
    if not supervisors:
        return
    nips = sorted(set(supervisors) | set(supervisors.values()))
    ids = {}
    for start in range(0, len(nips), 900):
        ids.update(Pegawai.objects.filter(nip__in=nips[start : start + 900]).values_list("nip", "pk"))
    staff = [Pegawai(pk=ids[nip], supervisor_id=ids[boss]) for nip, boss in supervisors.items()]
    Pegawai.objects.bulk_update(staff, ["supervisor"], batch_size=BATCH_SIZE)


def _apply(plan, *, actor, reason):
    """Write the plan: new units, then every new and changed staff member in one bulk upsert
    keyed by NIP (INSERT ... ON CONFLICT (nip) DO UPDATE): a constant number of queries per
    batch of rows, and a changed person keeps their row, so sessions that refer to them stay.
    Each written row gets its historical record and audit line, as a save() would."""
    opd = plan.opd
    now = timezone.now()
    if plan.new_units:
        new_units = [UnitKerja(opd=opd, name=name) for name in plan.new_units.values()]
        for unit in new_units:
            unit.full_clean(exclude=["opd"], validate_unique=False, validate_constraints=False)
        created_units = UnitKerja.objects.bulk_create(new_units, batch_size=BATCH_SIZE)
        UnitKerja.history.bulk_history_create(
            created_units, batch_size=BATCH_SIZE, default_user=actor, default_change_reason=reason
        )
    if not (plan.creates or plan.updates):
        return
    units = units_by_key(opd)
    staff = []
    for planned in [*plan.creates, *plan.updates]:
        row = planned.pegawai if isinstance(planned, PlannedCreate) else planned.candidate
        row.pk = None
        row.opd = opd
        row.unit = units.get(planned.unit_key) if planned.unit_key else None
        row.created_at = row.updated_at = now
        staff.append(row)
    Pegawai.objects.bulk_create(
        staff,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["nip"],
        update_fields=UPDATE_FIELDS,
    )
    _link_supervisors(plan.supervisors)
    _record_history(
        model=Pegawai,
        nip_or_pk="nip",
        created=[planned.pegawai.nip for planned in plan.creates],
        updated=[planned.candidate.nip for planned in plan.updates],
        actor=actor,
        reason=reason,
    )
    reclassified = {
        planned.pegawai.pk
        for planned in plan.updates
        if (planned.pegawai.employment_type, planned.pegawai.contract_start)
        != (planned.candidate.employment_type, planned.candidate.contract_start)
    }
    if reclassified:
        employment_changed.send(sender=Pegawai, pegawai_ids=reclassified)
    accounts_off_roster_deactivate()


def roster_import_commit(*, roster_import, actor=None, answers=None, progress=None):
    """Write a PREVIEW import: all rows in one transaction, or none. Returns the RosterImport,
    COMMITTED, or REJECTED when a re-check found errors (the database changed since the preview).
    An import uploaded in the partial mode (it carries its errors) writes its valid rows and
    keeps the errors. Raises ValidationError when the import cannot be committed at all, or
    while an ambiguous value (`answers`, see roster_mapping) is unanswered. `actor` (by default
    the uploader) is who the staff's history names. `progress(percent, step)` is the job's
    progress bar (the job "Impor roster")."""
    progress = progress or _no_progress
    try:
        with transaction.atomic():
            locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
            locked.opd = roster_import.opd
            if locked.status != RosterImportStatus.PREVIEW:
                raise ValidationError(
                    _("Berkas ini sudah diproses (%(status)s); tidak ada yang diimpor lagi.")
                    % {"status": locked.get_status_display()},
                    code="not_preview",
                )
            partial = bool(locked.errors)
            progress(2, _("Memeriksa ulang terhadap data sekarang"))
            plan = analyse_roster(
                _read_stored(locked),
                opd=locked.opd,
                answers=answers,
                progress=lambda done, total: progress(2 + 58 * done // max(total, 1), _rows_step(done, total)),
            )
            if plan.questions:
                raise ValidationError(
                    _("Pilih dulu arti setiap nilai yang ditanyakan (%(values)s); belum ada yang diimpor.")
                    % {"values": ", ".join(f"«{question.value}»" for question in plan.questions)},
                    code="unanswered",
                )
            locked.total_rows = plan.total_rows
            if plan.errors and not (partial and plan.valid_rows):
                locked.status = RosterImportStatus.REJECTED
                locked.errors = _stored_errors(plan.errors)
            else:
                reason = _("Impor daftar pegawai: %(file)s") % {"file": locked.original_name}
                progress(60, _("Menyimpan data pegawai"))
                _apply(plan, actor=actor or locked.uploaded_by, reason=reason)
                audit.record_event(
                    user=actor or locked.uploaded_by,
                    action=AuditAction.IMPORTED,
                    obj=locked.opd,
                    kind=_("Daftar pegawai"),
                    label=locked.opd.name,
                    reason=_("%(file)s: %(created)s pegawai baru, %(updated)s diperbarui, %(units)s unit kerja baru")
                    % {
                        "file": locked.original_name,
                        "created": len(plan.creates),
                        "updated": len(plan.updates),
                        "units": len(plan.new_units),
                    },
                    opd_id=locked.opd_id,
                )
                locked.status = RosterImportStatus.COMMITTED
                locked.created_count = len(plan.creates)
                locked.updated_count = len(plan.updates)
                locked.unchanged_count = plan.unchanged
                locked.errors = _stored_errors(plan.errors)
                locked.committed_at = timezone.now()
            _delete_stored_file(locked)
            locked.file = ""
            locked.full_clean(exclude=["file", "opd", "uploaded_by"])
            locked.save()
    except IntegrityError as error:
        raise ValidationError(
            _(
                "Data pegawai berubah ketika impor berjalan (mungkin ada impor lain pada saat yang sama). "
                "Tidak ada yang diubah; buka pratinjau lagi lalu ulangi."
            ),
            code="conflict",
        ) from error
    return locked


@transaction.atomic
def _drop(roster_import):
    _delete_stored_file(roster_import)
    roster_import.delete()


@transaction.atomic
def roster_import_abandon(*, roster_import):
    """Drop an upload whose check failed for a reason of the server's (the job logs it): the
    uploaded file, every column of it, is not kept for a check that will not run again."""
    if roster_import.status == RosterImportStatus.CHECKING:
        _drop(roster_import)


@transaction.atomic
def roster_import_discard(*, roster_import):
    """Drop a PREVIEW import that will not be committed, with its stored file."""
    if roster_import.status != RosterImportStatus.PREVIEW:
        raise ValidationError(_("Hanya pratinjau yang belum diimpor yang dapat dibatalkan."), code="not_preview")
    _delete_stored_file(roster_import)
    roster_import.delete()
