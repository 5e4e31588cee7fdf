from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import render

from intan_wpl.models import Role
from intan_wpl.roles import role_required
from pilots.models import Assignment, Opd, ProgrammeOpd
from pilots.selectors import get_opd_for_user

ALL_ROLES = (Role.ADMIN, Role.WIDYAISWARA, Role.KEPALA_OPD)
PAGE_SIZE = 25


@role_required(*ALL_ROLES)
def home(request):
    """Each role's home page: the OPDs this user works with, as far as their scope reaches."""
    opds = (
        Opd.objects.visible_to(request.user)
        .select_related("head", "parent")
        .annotate(programme_count=Count("programme_opds", distinct=True))
        .order_by("name")
    )
    page = Paginator(opds, PAGE_SIZE).get_page(request.GET.get("page"))
    my_assignments = []
    if request.user.role == Role.WIDYAISWARA:
        my_assignments = (
            Assignment.objects.filter(widyaiswara=request.user)
            .select_related("programme_opd__programme", "programme_opd__opd")
            .order_by("-programme_opd__programme__start_date", "programme_opd__opd__name")
        )
    return render(
        request,
        "pilots/home.html",
        {"page": page, "my_assignments": my_assignments, "role": request.user.role},
    )


@role_required(*ALL_ROLES)
def opd_detail(request, pk):
    opd = get_opd_for_user(request.user, pk)
    programme_opds = (
        ProgrammeOpd.objects.visible_to(request.user)
        .filter(opd=opd)
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("widyaiswara").order_by("role", "widyaiswara__full_name"),
            )
        )
        .order_by("-programme__start_date")
    )
    return render(request, "pilots/opd_detail.html", {"opd": opd, "programme_opds": programme_opds})
