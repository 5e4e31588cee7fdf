"""The surat tugas of an assignment: an official letter built from the assignment and the
instance profile (letterhead, signatory), rendered as a PDF and stored with the assignment."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intan_wpl.documents import html_to_pdf, letterhead_context

LETTER_TEMPLATE = "pilots/programmes/surat_tugas_pdf.html"


def letter_context(assignment):
    """Everything the letter says: the print page and the PDF read the same context."""
    programme_opd = assignment.programme_opd
    widyaiswara = assignment.widyaiswara
    profile = getattr(widyaiswara, "widyaiswara_profile", None)
    return {
        **letterhead_context(),
        "assignment": assignment,
        "programme": programme_opd.programme,
        "opd": programme_opd.opd,
        "widyaiswara": widyaiswara,
        "widyaiswara_nip": profile.nip_display if profile and profile.nip else "",
        "widyaiswara_jabatan": profile.get_jenjang_display() if profile else _("Widyaiswara"),
        "period_start": assignment.start_date or programme_opd.programme.start_date,
        "period_end": assignment.end_date or programme_opd.programme.end_date,
    }


def letter_missing_fields(assignment):
    """What the letter cannot be issued without, as messages (empty when it can)."""
    missing = []
    if not assignment.letter_number:
        missing.append(_("Isi nomor surat tugas pada penugasan ini."))
    if not assignment.letter_date:
        missing.append(_("Isi tanggal surat tugas pada penugasan ini."))
    return missing


@transaction.atomic
def assignment_letter_generate(*, assignment, user):
    """Render the surat tugas as a PDF and store it with the assignment (replacing an earlier
    one). Raises ValidationError when the number or date is missing or the PDF fails."""
    missing = letter_missing_fields(assignment)
    if missing:
        raise ValidationError(missing)
    html = render_to_string(LETTER_TEMPLATE, letter_context(assignment))
    pdf = html_to_pdf(html)
    if pdf is None:
        raise ValidationError(_("PDF surat tugas belum dapat dibuat. Gunakan halaman cetak."))
    old_file = assignment.letter_file.name if assignment.letter_file else ""
    name = f"surat-tugas-{slugify(assignment.widyaiswara.display_name) or assignment.widyaiswara_id}.pdf"
    assignment.letter_file.save(name, ContentFile(pdf), save=False)
    assignment.letter_generated_at = timezone.now()
    assignment.letter_generated_by = user
    assignment.full_clean()
    assignment.save(update_fields=["letter_file", "letter_generated_at", "letter_generated_by"])
    if old_file and old_file != assignment.letter_file.name:
        storage = assignment.letter_file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return assignment
