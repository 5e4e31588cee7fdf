"""Checking uploaded files by what they contain, not by their name, and capping their size."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = {"application/pdf"}
IMAGES = {"image/jpeg", "image/png", "image/webp", "image/heic"}
OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
}
XLSX = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

_LABELS = {
    frozenset(PDF): "PDF",
    frozenset(IMAGES): "JPG/PNG/WEBP/HEIC",
}


def max_upload_bytes(max_mb=None):
    return (max_mb or settings.MAX_UPLOAD_MB) * 1024 * 1024


def sniff_mime(uploaded):
    """The MIME type read from the file's first bytes (None when unknown). Rewinds the file."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None and head.startswith(b"%PDF-"):
        return "application/pdf"
    return kind.mime if kind else None


def validate_upload(uploaded, *, allowed, label, max_mb=None):
    """Raise ValidationError (Indonesian) unless `uploaded` is within the size cap and its
    content is one of the `allowed` MIME types. Returns the sniffed MIME type."""
    limit = max_upload_bytes(max_mb)
    if uploaded.size == 0:
        raise ValidationError(_("Berkas kosong (0 byte). Pilih berkas yang berisi data."), code="empty")
    if uploaded.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batas ukuran %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    mime = sniff_mime(uploaded)
    if mime not in allowed:
        raise ValidationError(
            _("Isi berkas bukan %(label)s (nama berkasnya boleh apa saja, tetapi isinya diperiksa).")
            % {"label": label},
            code="wrong_type",
        )
    return mime
