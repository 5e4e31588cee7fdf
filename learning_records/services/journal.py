"""The learning journal (on-the-job and social learning): the person records an entry, their
atasan langsung validates it (JP credited by the development form's rule) or returns it with a
comment; a returned entry may be corrected and sent again. Nobody validates their own entry."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intan_wpl.uploads import IMAGES, PDF, stored_name, validate_upload
from learning_plans.models import LearningSettings
from learning_records.models import JournalEntry, JournalStatus
from learning_records.services.realisation import credit_journal_entry
from pilots.models import ProgrammeOpd

FIELDS = ("form", "title", "date", "hours", "learned", "need")
EVIDENCE_MAX_MB = 10
MAX_HOURS = Decimal(24)


def _errors(entry):
    errors = {}
    try:
        entry.full_clean(exclude=["evidence", "supervisor", "programme_opd"])
    except ValidationError as error:
        errors = error.message_dict
    if "hours" not in errors and entry.hours is not None and not (Decimal(0) < entry.hours <= MAX_HOURS):
        errors["hours"] = [_("Isi lama kegiatan lebih dari 0 dan paling lama 24 jam untuk satu catatan.")]
    if "date" not in errors and entry.date and entry.date > timezone.localdate():
        errors["date"] = [_("Tanggal tidak boleh di masa depan: catat setelah kegiatannya terjadi.")]
    if entry.pegawai.supervisor_id is None:
        errors.setdefault("__all__", []).append(
            _("Atasan langsung Anda belum tercatat di daftar pegawai OPD. Minta admin atau OPD mencatatnya.")
        )
    elif entry.pegawai.supervisor_id == entry.pegawai_id:
        errors.setdefault("__all__", []).append(_("Atasan langsung tidak boleh diri Anda sendiri."))
    if entry.need_id and entry.need.programme_opd.opd_id != entry.pegawai.opd_id:
        errors["need"] = [_("Pilih kebutuhan belajar OPD Anda sendiri.")]
    return errors


def _attach_evidence(entry, evidence, errors):
    if not evidence:
        return
    try:
        mime = validate_upload(evidence, allowed=PDF | IMAGES, label=_("PDF atau foto"), max_mb=EVIDENCE_MAX_MB)
    except ValidationError as error:
        errors["evidence"] = error.messages
        return
    entry.evidence_name = evidence.name[:255]
    evidence.name = stored_name(mime, prefix="bukti-")
    entry.evidence = evidence


def _save(entry, evidence):
    errors = _errors(entry)
    _attach_evidence(entry, evidence, errors)
    if errors:
        raise ValidationError(errors)
    entry.supervisor_id = entry.pegawai.supervisor_id
    entry.programme_opd = (
        ProgrammeOpd.objects.filter(opd_id=entry.pegawai.opd_id, is_active=True)
        .order_by("-programme__start_date")
        .first()
    )
    entry.status = JournalStatus.SUBMITTED
    entry.save()
    return entry


@transaction.atomic
def journal_entry_create(*, pegawai, evidence=None, **fields):
    """Record an entry of `pegawai` and send it to their atasan langsung."""
    entry = JournalEntry(pegawai=pegawai, **{name: value for name, value in fields.items() if name in FIELDS})
    return _save(entry, evidence)


@transaction.atomic
def journal_entry_resubmit(*, entry, evidence=None, **fields):
    """Correct a returned entry and send it again (a validated one is never changed)."""
    entry = JournalEntry.objects.select_for_update().select_related("pegawai").get(pk=entry.pk)
    if entry.status != JournalStatus.RETURNED:
        raise ValidationError(_("Hanya catatan yang dikembalikan atasan yang dapat diubah dan dikirim lagi."))
    for name, value in fields.items():
        if name in FIELDS:
            setattr(entry, name, value)
    return _save(entry, evidence)


@transaction.atomic
def journal_entry_decide(*, entry, actor, validate, comment=""):
    """The atasan langsung (`actor`, a Pegawai account) validates or returns `entry`. Validating
    credits its JP. The author can never decide on their own entry."""
    entry = JournalEntry.objects.select_for_update().select_related("pegawai", "form").get(pk=entry.pk)
    author_account = entry.pegawai.account_id
    if actor.pk == author_account:
        raise ValidationError(_("Anda tidak dapat memvalidasi catatan jurnal Anda sendiri."), code="own_entry")
    supervisor_account = entry.supervisor.account_id if entry.supervisor_id else None
    if supervisor_account is None or actor.pk != supervisor_account:
        raise ValidationError(
            _("Hanya atasan langsung penulis yang dapat memvalidasi catatan ini."), code="not_supervisor"
        )
    if entry.status != JournalStatus.SUBMITTED:
        raise ValidationError(_("Catatan ini sudah diputuskan (%(status)s).") % {"status": entry.get_status_display()})
    comment = (comment or "").strip()
    if not validate and not comment:
        raise ValidationError(
            {"comment": [_("Tulis alasan pengembalian agar penulis tahu apa yang perlu diperbaiki.")]}
        )
    entry.status = JournalStatus.VALIDATED if validate else JournalStatus.RETURNED
    entry.comment = comment
    entry.decided_by = actor
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "comment", "decided_by", "decided_at"])
    if validate:
        credit_journal_entry(entry, LearningSettings.load())
    return entry
