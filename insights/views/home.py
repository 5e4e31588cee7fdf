from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse

from insights.models import Stage
from insights.selectors.agenda import AGENDA_DAYS, agenda_for, todo_for
from insights.selectors.stages import annotate_stage
from intan_wpl.icalendar import feed_token
from intan_wpl.listing import paginate
from intan_wpl.models import Role
from intan_wpl.roles import STAFF_ROLES, role_required
from learning_plans.selectors.plans import working_plan_value
from pilots.models import Assignment, Opd, ProgrammeOpd, ProgrammeStatus

ALL_ROLES = STAFF_ROLES


def _my_programme_opds(user):
    """The programme OPDs a Widyaiswara or Kepala OPD works in, with stage, team role and plan
    status: one query whatever their number."""
    queryset = (
        ProgrammeOpd.objects.visible_to(user)
        .exclude(programme__status=ProgrammeStatus.SELESAI)
        .select_related("programme", "opd")
        .annotate(
            plan_pk=working_plan_value(OuterRef("pk"), "pk"),
            plan_status=working_plan_value(OuterRef("pk"), "status"),
            plan_version=working_plan_value(OuterRef("pk"), "version"),
        )
        .order_by("-programme__start_date", "opd__name")
    )
    if user.role == Role.WIDYAISWARA:
        queryset = queryset.annotate(
            team_role=Subquery(
                Assignment.objects.current().filter(programme_opd=OuterRef("pk"), widyaiswara=user).values("role")[:1]
            )
        )
    return annotate_stage(queryset)


@role_required(*ALL_ROLES, Role.PEGAWAI)
def home(request):
    """Each role's home page: the admin the OPD registry, a Pegawai their own learning, the others
    the pilots they work in with the next step of each at hand."""
    user = request.user
    if user.role == Role.PEGAWAI:
        return redirect("learning_records:my_learning")
    context = {
        "role": user.role,
        "todo": todo_for(user),
        "agenda": agenda_for(user),
        "agenda_days": AGENDA_DAYS,
        "feed_url": request.build_absolute_uri(reverse("insights:agenda_feed") + "?kunci=" + feed_token(user)),
    }
    if user.reads_everything:
        opds = (
            Opd.objects.visible_to(user)
            .select_related("head", "parent")
            .annotate(programme_count=Count("programme_opds", distinct=True))
            .order_by("name")
        )
        context["page"], context["query_string"] = paginate(request, opds)
    else:
        context["page"], context["query_string"] = paginate(request, _my_programme_opds(user), per_page=20)
        for programme_opd in context["page"].object_list:
            programme_opd.stage_label = Stage(programme_opd.stage).label
    return render(request, "insights/home.html", context)
