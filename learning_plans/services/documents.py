"""The learning plan as an official document (print page, PDF) and the PDF batch (issue 12): one
renderer that the single plan download and the batch job both use."""

import tempfile
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intan_wpl.documents import html_to_pdf, letterhead_context
from learning_plans.models import LearningPlan, PlanStatus
from learning_plans.selectors.mix import MIX_WEIGHT_HELP, plan_mix
from learning_plans.selectors.plans import PLAN_PAGE_RELATED, ketua_assignment, plan_activities
from pilots.models import ProgrammeOpd

PDF_TEMPLATE = "learning_plans/plans/plan_pdf.html"


def plan_document_context(plan):
    """What the print page and the PDF show of `plan`: letterhead, activities, totals, mix, signatures."""
    activities = list(plan_activities(plan))
    ketua = ketua_assignment(plan.programme_opd)
    profile = getattr(ketua.widyaiswara, "widyaiswara_profile", None) if ketua else None
    if plan.status in (PlanStatus.DISETUJUI, PlanStatus.DIGANTIKAN) and plan.approved_at:
        signed_on = timezone.localtime(plan.approved_at).date()
    else:
        signed_on = timezone.localdate()
    head = plan.programme_opd.opd.head
    return {
        **letterhead_context(),
        "plan": plan,
        "programme_opd": plan.programme_opd,
        "opd": plan.programme_opd.opd,
        "activities": activities,
        "totals": {
            "jp": sum((a.jp for a in activities), 0),
            "cost": sum((a.estimated_cost for a in activities), 0),
            "participants": sum(a.participant_count for a in activities),
        },
        "mix": plan_mix(activities=activities),
        "mix_help": MIX_WEIGHT_HELP,
        "head": head,
        "head_jabatan": _("Kepala %(opd)s") % {"opd": plan.programme_opd.opd.name},
        "head_nip": head.nip_display if head else "",
        "ketua": ketua.widyaiswara if ketua else None,
        "ketua_nip": profile.nip_display if profile and profile.nip else "",
        "ketua_jabatan": profile.get_jenjang_display() if profile else "",
        "signed_on": signed_on,
        "is_final": plan.status in (PlanStatus.DISETUJUI, PlanStatus.DIGANTIKAN),
    }


def plan_pdf_render(plan, *, request=None):
    """The PDF bytes of `plan` (xhtml2pdf: pure Python), or None when it could not be made (logged)."""
    html = render_to_string(PDF_TEMPLATE, plan_document_context(plan), request=request)
    return html_to_pdf(html)


def plan_pdf_filename(plan):
    opd = slugify(plan.programme_opd.opd.short_name) or "opd"
    return f"rencana-pembelajaran-{opd}-v{plan.version}.pdf"


def plans_in_force_for_batch(user, *, programme=None):
    """The approved plans in force that `user` may read (ProgrammeOpd.visible_to), of one
    programme or all, by OPD name."""
    scope = ProgrammeOpd.objects.visible_to(user)
    if programme is not None:
        scope = scope.filter(programme=programme)
    return (
        LearningPlan.objects.in_force()
        .filter(programme_opd__in=scope)
        .select_related(*PLAN_PAGE_RELATED)
        .order_by("programme_opd__opd__name", "programme_opd__programme__name", "pk")
    )


def _zip_name(plan, used):
    """A file name from the OPD's full name, in safe characters (a-z, 0-9, -), unique in the ZIP."""
    base = slugify(plan.programme_opd.opd.name)[:80].strip("-") or "opd"
    name = f"{base}-v{plan.version}.pdf"
    if name in used:
        name = f"{base}-{slugify(plan.programme_opd.programme.name)[:40]}-{plan.pk}-v{plan.version}.pdf"
    used.add(name)
    return name


def plan_pdf_batch_build(*, user, programme=None, progress=None):
    """Render the PDF of every plan in force in `user`'s scope (one programme or all) into one
    ZIP in a temporary file. Returns (file, counts); a plan whose PDF fails is named in
    GAGAL.txt inside the ZIP and counted, the others are still delivered."""
    plans = list(plans_in_force_for_batch(user, programme=programme))
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the job runner stores and closes it)
    used, failed = set(), []
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, plan in enumerate(plans, start=1):
            if progress is not None:
                progress(
                    100 * (index - 1) / max(len(plans), 1),
                    _("Rencana %(index)s dari %(total)s: %(opd)s")
                    % {"index": index, "total": len(plans), "opd": plan.programme_opd.opd.name},
                )
            pdf = plan_pdf_render(plan)
            if pdf is None:
                failed.append(plan.programme_opd.opd.name)
                continue
            archive.writestr(_zip_name(plan, used), pdf)
        if failed:
            note = _("PDF rencana berikut gagal dibuat; unduh satu per satu dari halaman rencana:")
            archive.writestr("GAGAL.txt", "\n".join([note, *failed]) + "\n")
    output.seek(0)
    return output, {_("rencana"): len(plans) - len(failed), _("gagal"): len(failed)}
