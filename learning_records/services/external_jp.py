"""JP earned outside the portal (DOMAIN.md: BPSDM classroom courses, e-learning, a ministry's
bimtek count toward the 20 JP): one entry typed by the admin, or many from an XLSX/CSV file
(learning_records.services.external_jp_import). Each entry is credited like a realisation and
marked external wherever it shows (ledger, person page, SIASN export)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intan_wpl.uploads import PDF, stored_name, validate_upload
from learning_records.models import ExternalJp
from learning_records.services.realisation import MAX_JP, credit_external_jp, uncredit_external_jp

FIELDS = ("title", "provider", "form", "start_date", "end_date", "jp", "certificate_number")
CERTIFICATE_MAX_MB = 10


def check_jp(jp):
    """JP of an external entry: more than 0, in half JPs, at most MAX_JP (the ledger's width)."""
    if jp is None:
        return _("Isi jumlah JP.")
    jp = Decimal(jp)
    if jp <= 0:
        return _("JP harus lebih dari 0.")
    if jp > MAX_JP:
        return _("JP terlalu besar (paling banyak %(max)s).") % {"max": MAX_JP}
    if (jp * 2) != (jp * 2).to_integral_value():
        return _("JP ditulis dalam kelipatan 0,5.")
    return None


def entry_errors(entry):
    """Field errors of an ExternalJp that is about to be saved (the model's and the ledger's rules)."""
    errors = {}
    try:
        entry.full_clean(exclude=["certificate_file"])
    except ValidationError as error:
        errors = error.message_dict
    jp_error = check_jp(entry.jp) if "jp" not in errors else None
    if jp_error:
        errors["jp"] = [jp_error]
    if entry.end_date and entry.end_date > timezone.localdate() and "end_date" not in errors:
        errors["end_date"] = [_("Tanggal selesai belum lewat: catat JP setelah kegiatan selesai.")]
    if entry.pegawai_id and entry.title and entry.end_date and "title" not in errors:
        twin = ExternalJp.objects.filter(
            pegawai_id=entry.pegawai_id, end_date=entry.end_date, title__iexact=entry.title
        )
        if twin.exclude(pk=entry.pk).exists():
            errors["title"] = [_("Kegiatan ini sudah tercatat untuk pegawai ini dengan tanggal selesai yang sama.")]
    return errors


@transaction.atomic
def external_jp_create(*, pegawai, recorded_by, certificate_file=None, **fields):
    """Record JP `pegawai` earned elsewhere and credit it. Raises ValidationError by field."""
    entry = ExternalJp(pegawai=pegawai, recorded_by=recorded_by, **{k: v for k, v in fields.items() if k in FIELDS})
    errors = entry_errors(entry)
    if certificate_file:
        try:
            validate_upload(certificate_file, allowed=PDF, label="PDF", max_mb=CERTIFICATE_MAX_MB)
        except ValidationError as error:
            errors["certificate_file"] = error.messages
    if errors:
        raise ValidationError(errors)
    if certificate_file:
        certificate_file.name = stored_name("application/pdf", prefix="sertifikat-")
        entry.certificate_file = certificate_file
    entry.save()
    credit_external_jp(entry)
    return entry


@transaction.atomic
def external_jp_delete(*, entry):
    uncredit_external_jp(entry)
