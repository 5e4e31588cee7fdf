"""Reads of the problem map: problems ordered by USG, the one way a view reaches a problem or a
cause, and the why-why tree built in one query whatever its depth."""

from django.db.models import Count, F, OuterRef, Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404

from intan_wpl.query import count_subquery
from learning_needs.models import Cause, FieldSession, LearningNeed, Problem, Recommendation
from learning_needs.selectors.needs import needs_with_priority
from learning_needs.selectors.scope import check_field_work_write, get_scoped_object
from pilots.models import ProgrammeOpd

# --- Problem map, causes, recommendations, learning needs, competency dictionary -----------
# (problem-map part of issue 4). Causes, recommendations and needs are reached through their
# problem / programme OPD, so they share its scope.


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
        session_count=count_subquery(Problem.sessions.through.objects.filter(problem_id=OuterRef("pk")), "problem_id"),
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
