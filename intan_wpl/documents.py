"""Official documents (the printed plan, the surat tugas): the letterhead every one of them
carries, read from the instance profile, and the one way a document becomes a PDF
(xhtml2pdf: pure Python, no system libraries)."""

import base64
import io
import logging

from intan_wpl.selectors.profile import instance_profile

logger = logging.getLogger(__name__)

LOGO_MIME = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def logo_data_uri(profile):
    """The profile's logo inline (data: URI), so the print page and the PDF renderer need no
    request for it; "" when there is none or it cannot be read."""
    if not profile.logo:
        return ""
    mime = LOGO_MIME.get(profile.logo.name.rsplit(".", 1)[-1].lower(), "image/png")
    try:
        with profile.logo.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        logger.warning("Logo profil instansi %s tidak dapat dibaca.", profile.logo.name)
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def letterhead_context():
    """Context of templates/includes/letterhead.html: `instance` and `letterhead_logo`."""
    profile = instance_profile()
    return {"instance": profile, "letterhead_logo": logo_data_uri(profile)}


def html_to_pdf(html):
    """The PDF bytes of `html`, or None when xhtml2pdf reports errors (logged)."""
    from xhtml2pdf import pisa

    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8", link_callback=_only_inline)
    if result.err:
        logger.error("PDF gagal dibuat (%s kesalahan xhtml2pdf).", result.err)
        return None
    return output.getvalue()


def _only_inline(uri, rel):
    # Nothing is fetched while rendering: images come inline as data: URIs.
    return uri if uri.startswith("data:") else ""
