"""Pembelajaran Saya: a Pegawai's own learning page (phone first) and their certificates. Only
the person's own account reaches it; every other role gets 403, another person's credit 404."""

from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import role_required
from learning_plans.models import LearningSettings
from learning_records.hooks import pegawai_tasks
from learning_records.selectors.ledger import credits_of
from learning_records.selectors.my_learning import (
    get_own_credit,
    own_pegawai,
    plan_activities_naming,
    standing,
    upcoming,
)
from learning_records.selectors.reaction import awaiting_reaction
from learning_records.services.realisation import counting_period

TEMPLATES = "learning_records/my_learning"


@role_required(Role.PEGAWAI)
def my_learning(request):
    pegawai = own_pegawai(request.user)
    settings = LearningSettings.load()
    today = timezone.localdate()
    activities, sessions = upcoming(pegawai, today)
    page, query_string = paginate(request, credits_of(pegawai), per_page=20)
    context = {
        "pegawai": pegawai,
        "standing": standing(pegawai, counting_period(pegawai, today), settings),
        "page": page,
        "query_string": query_string,
        "plan_activities": plan_activities_naming(pegawai),
        "upcoming_activities": activities,
        "upcoming_sessions": sessions,
        "tasks": pegawai_tasks(pegawai),
        "awaiting_reaction": awaiting_reaction(pegawai),
    }
    return render(request, f"{TEMPLATES}/my_learning.html", context)


@role_required(Role.PEGAWAI)
def my_certificate(request, pk):
    """The certificate of one of the person's own credits: the uploaded file of external JP, or
    the portal's printable certificate of a realised activity."""
    credit = get_own_credit(request.user, pk)
    if credit.is_external and credit.external.certificate_file:
        file = credit.external.certificate_file
        return FileResponse(file.open("rb"), as_attachment=True, filename=f"sertifikat-{credit.pk}.pdf")
    return render(request, f"{TEMPLATES}/certificate.html", {"credit": credit, "pegawai": credit.pegawai})
