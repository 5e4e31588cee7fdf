"""The one way a view reaches field work: scoped like its ProgrammeOpd.

Reading follows ProgrammeOpd.objects.visible_to (admin all, assigned Widyaiswara, the OPD's
Kepala OPD). Writing is for the Widyaiswara assigned to that programme OPD only: the admin
and the Kepala OPD read field work but do not write it (issue 4, scope).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, Value, When, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from intan_wpl.models import Role
from learning_needs.models import Cause, Competency, FieldSession, LearningNeed, Problem, Recommendation
from pilots.models import Assignment, ProgrammeOpd


def can_write_field_work(user, programme_opd):
    return (
        user.is_authenticated
        and user.role == Role.WIDYAISWARA
        and Assignment.objects.filter(programme_opd=programme_opd, widyaiswara=user).exists()
    )


def check_field_work_write(user, programme_opd):
    if not can_write_field_work(user, programme_opd):
        raise PermissionDenied


def get_programme_opd_for_field_work(user, pk, *, write=False):
    """The programme OPD `pk` (404 out of scope); with write=True, 403 unless assigned Widyaiswara."""
    programme_opd = get_object_or_404(ProgrammeOpd.objects.visible_to(user).select_related("programme", "opd"), pk=pk)
    if write:
        check_field_work_write(user, programme_opd)
    return programme_opd


def get_scoped_object(user, queryset, pk, *, write=False):
    """Any field-work row with a `programme_opd` FK: 404 out of scope, 403 when write and read-only."""
    obj = get_object_or_404(
        queryset.visible_to(user).select_related("programme_opd__opd", "programme_opd__programme"), pk=pk
    )
    if write:
        check_field_work_write(user, obj.programme_opd)
    return obj


# --- Problem map, causes, recommendations, learning needs, competency dictionary -----------
# (problem-map part of issue 4). Causes, recommendations and needs are reached through their
# problem / programme OPD, so they share its scope.


class NeedPriority:
    """Priority of a learning need: the ONE definition (used by lists, details and the plan).

    score = USG total of the problem (U+S+G, 3-15) x competency gap (required - current, 1-4);
    Tinggi from 24, Sedang from 12, Rendah below 12.
    """

    HIGH_FROM = 24
    MEDIUM_FROM = 12
    TINGGI, SEDANG, RENDAH = "tinggi", "sedang", "rendah"
    LABELS = {TINGGI: _("Tinggi"), SEDANG: _("Sedang"), RENDAH: _("Rendah")}
    HELP = _(
        "Prioritas = skor USG masalah (U+S+G, 3–15) × kesenjangan kompetensi (level dipersyaratkan − "
        "level saat ini, 1–4). Tinggi bila skor ≥ 24, Sedang bila 12–23, Rendah bila di bawah 12."
    )

    @classmethod
    def label(cls, code):
        return cls.LABELS.get(code, "")


def needs_with_priority(queryset):
    """Annotate usg_total, gap_size, priority_score and priority (tinggi/sedang/rendah)."""
    return queryset.annotate(
        usg_total=F("cause__problem__urgency") + F("cause__problem__seriousness") + F("cause__problem__growth"),
        gap_size=F("required_level") - F("current_level"),
    ).annotate(
        priority_score=F("usg_total") * F("gap_size"),
        priority=Case(
            When(priority_score__gte=NeedPriority.HIGH_FROM, then=Value(NeedPriority.TINGGI)),
            When(priority_score__gte=NeedPriority.MEDIUM_FROM, then=Value(NeedPriority.SEDANG)),
            default=Value(NeedPriority.RENDAH),
        ),
    )


def problems_with_usg(queryset):
    """Annotate usg_total and the counts the problem map shows; ordered by USG total, highest first."""
    return queryset.annotate(
        usg_total=F("urgency") + F("seriousness") + F("growth"),
        cause_count=Count("causes", distinct=True),
        competency_cause_count=Count("causes", filter=Q(causes__nature="kompetensi"), distinct=True),
        non_competency_cause_count=Count("causes", filter=Q(causes__nature="non_kompetensi"), distinct=True),
        need_count=Count("causes__learning_needs", distinct=True),
        recommendation_count=Count("causes__recommendations", distinct=True),
        # A subquery, so the sessions do not multiply the joined cause rows above.
        session_count=Coalesce(
            Subquery(
                Problem.sessions.through.objects.filter(problem_id=OuterRef("pk"))
                .order_by()
                .values("problem_id")
                .annotate(total=Count("pk"))
                .values("total")
            ),
            0,
        ),
    ).order_by("-usg_total", "-urgency", "-seriousness", "-growth", "title", "pk")


def get_problem_for_user(user, pk, *, write=False):
    return get_scoped_object(user, Problem.objects.select_related("unit"), pk, write=write)


def get_cause_for_user(user, pk, *, write=False):
    """A cause through its problem's programme OPD: 404 out of scope, 403 when write and read-only."""
    cause = get_object_or_404(
        Cause.objects.filter(problem__programme_opd__in=ProgrammeOpd.objects.visible_to(user)).select_related(
            "problem__programme_opd__opd", "problem__programme_opd__programme", "parent"
        ),
        pk=pk,
    )
    if write:
        check_field_work_write(user, cause.problem.programme_opd)
    return cause


def get_recommendation_for_user(user, pk, *, write=False):
    recommendation = get_object_or_404(
        Recommendation.objects.filter(
            cause__problem__programme_opd__in=ProgrammeOpd.objects.visible_to(user)
        ).select_related("cause__problem__programme_opd__opd", "cause__problem__programme_opd__programme"),
        pk=pk,
    )
    if write:
        check_field_work_write(user, recommendation.cause.problem.programme_opd)
    return recommendation


def get_need_for_user(user, pk, *, write=False):
    return get_scoped_object(
        user,
        needs_with_priority(LearningNeed.objects.select_related("competency", "cause__problem")),
        pk,
        write=write,
    )


def can_edit_competencies(user, programme_opd):
    """The OPD's technical dictionary: its assigned Widyaiswara and the BPSDM admin edit it."""
    return user.is_authenticated and (user.role == Role.ADMIN or can_write_field_work(user, programme_opd))


def get_programme_opd_for_competencies(user, pk, *, write=False):
    programme_opd = get_programme_opd_for_field_work(user, pk)
    if write and not can_edit_competencies(user, programme_opd):
        raise PermissionDenied
    return programme_opd


def get_competency_for_user(user, programme_opd_pk, pk, *, write=False):
    """An OPD's own competency (standard ones are read-only: 404 here), under a programme OPD."""
    programme_opd = get_programme_opd_for_competencies(user, programme_opd_pk, write=write)
    competency = get_object_or_404(Competency.objects.filter(opd=programme_opd.opd_id), pk=pk)
    return programme_opd, competency


# The why-why tree: all causes of a problem in one query, the tree built in Python without
# recursion (a hostile or careless user may nest hundreds of levels).


class CauseNode:
    def __init__(self, cause, depth, number):
        self.cause = cause
        self.depth = depth
        self.number = number
        self.children = []
        self.closes = range(0)

    @property
    def has_children(self):
        return bool(self.children)


def descendant_ids(problem, cause_pk):
    """Ids of every cause below `cause_pk` (one query for the whole problem)."""
    children = {}
    for pk, parent_id in Cause.objects.filter(problem=problem).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(children.get(cause_pk, []))
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def cause_tree(problem):
    """The problem's causes as a flat pre-order list of CauseNode (depth, number "1.2.3",
    children, and `closes`: how many nested lists end after this node), with each cause's
    sessions, learning needs (with priority) and recommendations prefetched. Query count does
    not depend on the number of causes or the depth."""
    causes = list(
        Cause.objects.filter(problem=problem)
        .order_by("pk")
        .prefetch_related(
            Prefetch("sessions", queryset=FieldSession.objects.order_by("-date", "-start_time")),
            Prefetch(
                "learning_needs",
                queryset=needs_with_priority(LearningNeed.objects.select_related("competency")).order_by(
                    "-priority_score", "pk"
                ),
            ),
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("pk")),
        )
    )
    known = {cause.pk for cause in causes}
    children = {}
    for cause in causes:
        # A parent that is not in this problem cannot happen through the services; treat it as root.
        parent_id = cause.parent_id if cause.parent_id in known else None
        children.setdefault(parent_id, []).append(cause)
    flat = []
    stack = [(cause, 0, str(number)) for number, cause in reversed(list(enumerate(children.get(None, []), 1)))]
    while stack:
        cause, depth, number = stack.pop()
        node = CauseNode(cause, depth, number)
        flat.append(node)
        kids = children.get(cause.pk, [])
        node.children = kids
        stack.extend((kid, depth + 1, f"{number}.{i}") for i, kid in reversed(list(enumerate(kids, 1))))
    for index, node in enumerate(flat):
        if not node.has_children:
            next_depth = flat[index + 1].depth if index + 1 < len(flat) else 0
            node.closes = range(node.depth - next_depth)
    return flat


def cause_chain(cause):
    """The causes from the top of the tree down to `cause`, with the sessions that found them."""
    by_pk = {c.pk: c for c in Cause.objects.filter(problem_id=cause.problem_id)}
    chain, seen = [], set()
    current = by_pk.get(cause.pk)
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = by_pk.get(current.parent_id)
    chain.reverse()
    prefetch_related_objects(chain, "sessions")
    return chain
