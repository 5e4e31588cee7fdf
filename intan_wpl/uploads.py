"""Uploads that cannot hurt (issue 13, item 4): every upload is checked by what it contains, not
by its name, and by its size; it is stored under a random name with the extension of its real
type (a page saved as "foto.jpg.html" is neither served nor stored as HTML); an XLSX is refused
before any parser unpacks it when its unpacked size or its number of cells passes a setting
(XLSX_MAX_UNPACKED_MB, XLSX_MAX_CELLS). XML inside an XLSX is parsed by openpyxl through
defusedxml (installed), so entity expansion is refused too."""

import re
import uuid
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
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

# The extension a stored file gets, from its real (sniffed) type.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/json": ".json",
    "text/csv": ".csv",
}

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


def stored_name(mime, *, prefix=""):
    """A random file name with the extension of the file's real type (`mime`, as sniffed): nothing
    of the name the user gave is kept on disk (".bin" for a type without a known extension)."""
    return f"{prefix}{uuid.uuid4().hex}{EXTENSIONS.get(mime, '.bin')}"


# --- XLSX before any parser touches it ---------------------------------------------------------

_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_CHUNK = 1024 * 1024


def _xlsx_limits():
    return settings.XLSX_MAX_UNPACKED_MB * 1024 * 1024, settings.XLSX_MAX_CELLS


def check_xlsx_limits(stream, *, max_unpacked_bytes=None, max_cells=None):
    """Refuse an XLSX (a ZIP package) whose parts unpack to more than `max_unpacked_bytes` or whose
    sheets hold more than `max_cells` cells, before openpyxl loads it: a small file that inflates
    to gigabytes ("zip bomb") would otherwise take the worker's memory. The sizes come from the
    package's directory (Python's zipfile never unpacks past them); cells are counted by streaming
    each sheet part in 1 MB pieces, stopping at the limit, so memory stays flat. Raises
    ValidationError in Bahasa Indonesia; rewinds the stream."""
    default_bytes, default_cells = _xlsx_limits()
    max_unpacked_bytes = max_unpacked_bytes or default_bytes
    max_cells = max_cells or default_cells
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as package:
            members = package.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > max_unpacked_bytes:
                raise ValidationError(
                    _(
                        "Berkas Excel ini berukuran %(size)s setelah dibuka (batas %(limit)s), walaupun berkasnya "
                        "sendiri kecil. Simpan hanya lembar dan kolom yang diperlukan, atau pecah menjadi beberapa "
                        "berkas, lalu unggah lagi."
                    )
                    % {"size": filesizeformat(unpacked), "limit": filesizeformat(max_unpacked_bytes)},
                    code="xlsx_too_large_unpacked",
                )
            cells = 0
            for member in members:
                if not _SHEET_PART.match(member.filename):
                    continue
                cells = _count_cells(package, member, cells, max_cells)
    except zipfile.BadZipFile as error:
        raise ValidationError(
            _("Berkas tidak dapat dibuka sebagai buku kerja Excel (.xlsx): berkasnya rusak."), code="bad_xlsx"
        ) from error
    finally:
        stream.seek(0)


def _count_cells(package, member, cells, max_cells):
    tail = b""
    with package.open(member) as part:
        while chunk := part.read(_CHUNK):
            data = tail + chunk
            # A tag cut at the end of the piece is counted with the next one.
            cut = max(0, len(data) - 16)
            cells += len(_CELL_TAG.findall(data, 0, cut))
            tail = data[cut:]
            if cells > max_cells:
                _too_many_cells(max_cells)
    cells += len(_CELL_TAG.findall(tail))
    if cells > max_cells:
        _too_many_cells(max_cells)
    return cells


def _too_many_cells(max_cells):
    raise ValidationError(
        _(
            "Berkas Excel ini berisi lebih dari %(max)s sel. Hapus lembar atau kolom yang tidak diperlukan, "
            "atau pecah menjadi beberapa berkas, lalu unggah lagi."
        )
        % {"max": number_format(max_cells, force_grouping=True)},
        code="xlsx_too_many_cells",
    )
