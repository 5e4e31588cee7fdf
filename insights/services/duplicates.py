"""Duplication finder (issue 6): needs and planned activities of different OPDs that are the
same or similar, grouped as candidates for one joint programme.

Two items are linked when they belong to different OPDs and
- two learning needs have the same competency, or competency names with trigram similarity
  of at least SIMILARITY_THRESHOLD (technical dictionaries name the same thing per OPD), or
- two planned activities are the same training by insights.selectors.matching (normalised
  titles with synonyms and stems, their needs' competency and cause category; docs/duplicates.md)
  and the admin has not dismissed the pair;
and an activity is linked to the needs it answers (same OPD). A candidate group is a
connected component of those links that spans two or more OPDs.

Similarity is pg_trgm's: lower-cased words of letters and digits, each padded with two
spaces in front and one behind, the set of 3-character pieces, |A ∩ B| / |A ∪ B|. On
PostgreSQL the database computes it (TrigramSimilarity, extension from migration 0007);
on SQLite `trigram_similarity` computes the same number in Python, so both give the same
groups. The threshold is the same on both. Needs are compared through their competencies
(the few competencies in use, not every pair of needs); see docs/performance.md for the cost.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef

from insights.models import DismissedPair, JointProgramme
from insights.selectors.duplicate_links import activity_links
from insights.selectors.joint_programmes import joinable_activities, joint_programme_saving, priced_saving
from insights.selectors.matching import content_words, pair_score
from intan_wpl.formatting import rupiah
from intan_wpl.query import count_subquery, without_jit
from learning_needs.models import Competency, LearningNeed
from learning_plans.models import PlanActivity
from learning_records.models import Realisation

SIMILARITY_THRESHOLD = 0.4

_WORD = re.compile(r"[^\W_]+")


def trigrams(text):
    """pg_trgm's trigram set of `text`."""
    grams = set()
    for word in _WORD.findall((text or "").lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(first, second):
    """pg_trgm's similarity(first, second): shared trigrams over all distinct trigrams."""
    a, b = trigrams(first), trigrams(second)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class DuplicateGroup:
    key: str
    needs: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    opds: list = field(default_factory=list)
    competencies: list = field(default_factory=list)
    people: int = 0
    seats: int = 0
    estimated_cost: Decimal = Decimal(0)
    saving: dict = field(default_factory=dict)
    pairs: list = field(default_factory=list)

    @property
    def title(self):
        if self.competencies:
            return self.competencies[0]
        return self.activities[0]["title"] if self.activities else self.key

    @property
    def can_join(self):
        """Only planned activities can be joined: two or more, of two or more OPDs."""
        return len(self.activities) >= 2 and len({a["opd_id"] for a in self.activities}) >= 2

    @property
    def activity_ids(self):
        return [activity["pk"] for activity in self.activities]

    @property
    def estimated_cost_display(self):
        return rupiah(self.estimated_cost)


def candidate_needs(programme=None):
    """Needs still open for joining: of an active programme OPD and not answered by an activity
    that is already realised or joined."""
    answered = PlanActivity.needs.through.objects.filter(learningneed=OuterRef("pk")).filter(
        Exists(Realisation.objects.filter(activity=OuterRef("planactivity")))
        | Exists(JointProgramme.activities.through.objects.filter(planactivity=OuterRef("planactivity")))
    )
    needs = LearningNeed.objects.filter(programme_opd__is_active=True).exclude(Exists(answered))
    if programme is not None:
        needs = needs.filter(programme_opd__programme=programme)
    return needs


NEED_FIELDS = [
    "pk",
    "programme_opd_id",
    "programme_opd__opd_id",
    "programme_opd__opd__name",
    "programme_opd__opd__abbreviation",
    "competency_id",
    "competency__code",
    "competency__name",
    "competency__group",
    "required_level",
    "current_level",
    "target_positions",
    "target_count",
]
ACTIVITY_FIELDS = [
    "pk",
    "title",
    "plan_id",
    "plan__programme_opd_id",
    "plan__programme_opd__opd_id",
    "plan__programme_opd__opd__name",
    "plan__programme_opd__opd__abbreviation",
    "form__lan_code",
    "form__name",
    "form__family",
    "jp",
    "estimated_cost",
    "participant_count",
    "form_id",
    "plan__programme_opd__programme__start_date",
]


class TrigramMatch(Func):
    """pg_trgm's `%` operator: true when the similarity reaches pg_trgm.similarity_threshold.
    Unlike similarity() in a WHERE clause it can use the trigram GIN indexes (migration 0007)."""

    arg_joiner = " %% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


# The `%` prefilter runs a little below the threshold; the exact similarity() test then decides,
# so float rounding in the operator can never drop a pair that similarity() keeps.
PREFILTER_THRESHOLD = SIMILARITY_THRESHOLD - 0.01


def _set_prefilter_threshold():
    """Within the current transaction, let `%` keep pairs from PREFILTER_THRESHOLD (outside one,
    PostgreSQL's default of 0.3 applies: a looser prefilter, the same result)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [PREFILTER_THRESHOLD])


def _similar_pairs_in_database(queryset, field, *, extra_exclude=None):
    """(pk, pk) pairs of `queryset` rows whose `field` reaches SIMILARITY_THRESHOLD, computed by
    PostgreSQL: one query, each row's partners found through the trigram index."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.contrib.postgres.search import TrigramSimilarity

    partners = queryset.filter(TrigramMatch(F(field), OuterRef(field)), pk__gt=OuterRef("pk"))
    if extra_exclude:
        partners = partners.exclude(**{extra_exclude: OuterRef(extra_exclude)})
    partners = (
        partners.annotate(similarity=TrigramSimilarity(field, OuterRef(field)))
        .filter(similarity__gte=SIMILARITY_THRESHOLD)
        .order_by()
        .values("pk")
    )
    rows = queryset.annotate(similar=ArraySubquery(partners)).values_list("pk", "similar")
    return [(pk, other) for pk, similar in rows for other in similar]


def _similar_pairs_in_python(rows, *, text_key, opd_key=None):
    """The same pairs as _similar_pairs_in_database, computed here (SQLite): every pair compared."""
    grams = [(row["pk"], row[opd_key] if opd_key else None, trigrams(row[text_key])) for row in rows]
    pairs = []
    for i, (pk, opd, first) in enumerate(grams):
        if not first:
            continue
        for other_pk, other_opd, second in grams[i + 1 :]:
            if opd_key and opd == other_opd:
                continue
            if second and len(first & second) / len(first | second) >= SIMILARITY_THRESHOLD:
                pairs.append((pk, other_pk) if pk < other_pk else (other_pk, pk))
    return pairs


def _activity_items(activities):
    """{pk: (opd id, {"title", "competency", "cause"})} for the matcher: the competency and the cause
    category of the first need each activity answers (one query for the links)."""
    items = {
        row["pk"]: (row["plan__programme_opd__opd_id"], {"title": row["title"], "competency": "", "cause": ""})
        for row in activities.values("pk", "title", "plan__programme_opd__opd_id")
    }
    links = (
        PlanActivity.needs.through.objects.filter(planactivity_id__in=list(items))
        .order_by("planactivity_id", "learningneed_id")
        .values_list("planactivity_id", "learningneed__competency__name", "learningneed__cause__category")
    )
    for activity_id, competency, cause in links:
        item = items[activity_id][1]
        if not item["competency"]:
            item["competency"], item["cause"] = competency or "", cause or ""
    return items


def similar_activity_links(activities, dismissed=frozenset()):
    """Links between activities of different OPDs whose connected components are those of every
    pair the matcher (insights.selectors.matching) calls the same training, minus `dismissed`;
    computed without comparing every pair (insights.selectors.duplicate_links)."""
    return activity_links(_activity_items(activities), dismissed)


def similar_competency_pairs(competencies):
    """Pairs of (different) competencies with similar names; a need's similarity is its
    competency's, so this compares the few competencies in use rather than every need."""
    if connection.vendor == "postgresql":
        return _similar_pairs_in_database(competencies, "name")
    return _similar_pairs_in_python(list(competencies.values("pk", "name")), text_key="name")


def _rows(needs, activities):
    need_rows = needs.annotate(
        target_count=count_subquery(
            LearningNeed.target_staff.through.objects.filter(learningneed=OuterRef("pk")), "learningneed"
        )
    ).values(*NEED_FIELDS)
    activity_rows = activities.annotate(
        participant_count=count_subquery(
            PlanActivity.participants.through.objects.filter(planactivity=OuterRef("pk")), "planactivity"
        )
    ).values(*ACTIVITY_FIELDS)
    return list(need_rows), list(activity_rows)


class _Components:
    """Union-find over ("n", pk) / ("a", pk) nodes."""

    def __init__(self):
        self.parent = {}

    def add(self, node):
        self.parent.setdefault(node, node)

    def find(self, node):
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, first, second):
        self.parent[self.find(first)] = self.find(second)


def _link_needs(components, need_rows, competency_pairs):
    """Needs of different OPDs with the same or a similar competency are linked. Within the needs
    of two such competencies (or one), every pair of different OPDs is linked, so they are one
    component exactly when they span two OPDs or more."""
    by_competency = {}
    for row in need_rows:
        by_competency.setdefault(row["competency_id"], []).append(row)
    clusters = [(competency, competency) for competency in by_competency]
    clusters += [(first, second) for first, second in competency_pairs]
    for first, second in clusters:
        rows = by_competency.get(first, []) + (by_competency.get(second, []) if second != first else [])
        if len({row["programme_opd__opd_id"] for row in rows}) >= 2:
            for row in rows[1:]:
                components.union(("n", rows[0]["pk"]), ("n", row["pk"]))


def duplicate_groups_find(*, programme=None):
    """Candidate groups for joint programmes, most OPDs and highest saving first."""
    needs = candidate_needs(programme)
    activities = joinable_activities(programme)
    with without_jit():
        _set_prefilter_threshold()
        need_rows, activity_rows = _rows(needs, activities)
        competency_pairs = similar_competency_pairs(Competency.objects.filter(pk__in=needs.values("competency_id")))
        dismissed = set(DismissedPair.objects.values_list("first_id", "second_id"))
        activity_pairs = similar_activity_links(activities, dismissed)
    links = PlanActivity.needs.through.objects.filter(
        planactivity__in=activities.values("pk"), learningneed__in=needs.values("pk")
    ).values_list("planactivity_id", "learningneed_id")

    components = _Components()
    for row in need_rows:
        components.add(("n", row["pk"]))
    for row in activity_rows:
        components.add(("a", row["pk"]))
    _link_needs(components, need_rows, competency_pairs)
    for first, second in activity_pairs:
        components.union(("a", first), ("a", second))
    for activity_id, need_id in links:
        components.union(("a", activity_id), ("n", need_id))

    members = {}
    for row in need_rows:
        members.setdefault(components.find(("n", row["pk"])), ([], []))[0].append(row)
    for row in activity_rows:
        members.setdefault(components.find(("a", row["pk"])), ([], []))[1].append(row)

    groups = []
    for group_needs, group_activities in members.values():
        opd_ids = {row["programme_opd__opd_id"] for row in group_needs} | {
            row["plan__programme_opd__opd_id"] for row in group_activities
        }
        if len(opd_ids) >= 2:
            groups.append(_group(group_needs, group_activities, dismissed))
    _add_people(groups)
    groups.sort(key=lambda g: (-len(g.opds), -g.saving["saving"], g.key))
    return groups


def _opd_label(name, abbreviation):
    return abbreviation or name


MAX_PAIRS_SHOWN = 12
# A group of thousands of activities (national scale) holds millions of pairs; the pairs shown
# are scored among the first activity of each distinct title per OPD, at most this many.
MAX_PAIR_CANDIDATES = 80


def _pair_candidates(activities, dismissed):
    """The activities whose pairs are scored for display: one per OPD and set of content words
    (repeats score the same), plus every activity of a dismissed pair, at most MAX_PAIR_CANDIDATES."""
    touched = {pk for pair in dismissed for pk in pair}
    seen, chosen = set(), []
    for activity in activities:
        key = (activity["opd_id"], frozenset(content_words(activity["title"])))
        if activity["pk"] in touched or key not in seen:
            seen.add(key)
            chosen.append(activity)
    return chosen[:MAX_PAIR_CANDIDATES]


def _pairs(activities, dismissed):
    """The group's activities of different OPDs, pair by pair, with the matcher's score and reason
    (insights.selectors.matching) and whether the admin dismissed the pair."""
    pairs = []
    activities = _pair_candidates(activities, dismissed)
    for index, first in enumerate(activities):
        for second in activities[index + 1 :]:
            if first["opd_id"] == second["opd_id"]:
                continue
            score = pair_score({"title": first["title"]}, {"title": second["title"]})
            low, high = sorted((first["pk"], second["pk"]))
            pairs.append(
                {
                    "first": first,
                    "second": second,
                    "score": score.score,
                    "reason": score.reasons,
                    "dismissed": (low, high) in dismissed,
                }
            )
    pairs.sort(key=lambda pair: (pair["dismissed"], -pair["score"]))
    return pairs[:MAX_PAIRS_SHOWN]


def _group(need_rows, activity_rows, dismissed=frozenset()):
    need_rows.sort(key=lambda row: (row["programme_opd__opd__name"], row["pk"]))
    activity_rows.sort(key=lambda row: (row["plan__programme_opd__opd__name"], row["pk"]))
    needs = [
        {
            "pk": row["pk"],
            "opd_id": row["programme_opd__opd_id"],
            "opd": _opd_label(row["programme_opd__opd__name"], row["programme_opd__opd__abbreviation"]),
            "programme_opd_id": row["programme_opd_id"],
            "competency": f"{row['competency__code']} {row['competency__name']}",
            "competency_id": row["competency_id"],
            "gap": max(row["required_level"] - row["current_level"], 0),
            "target_positions": row["target_positions"],
            "target_count": row["target_count"],
        }
        for row in need_rows
    ]
    activities = [
        {
            "pk": row["pk"],
            "title": row["title"],
            "opd_id": row["plan__programme_opd__opd_id"],
            "opd": _opd_label(row["plan__programme_opd__opd__name"], row["plan__programme_opd__opd__abbreviation"]),
            "plan_id": row["plan_id"],
            "form": f"{row['form__lan_code']} {row['form__name']}",
            "jp": row["jp"],
            "participants": row["participant_count"],
            "estimated_cost": row["estimated_cost"],
            "estimated_cost_display": rupiah(row["estimated_cost"]),
            "form_id": row["form_id"],
            "year": row["plan__programme_opd__programme__start_date"].year,
        }
        for row in activity_rows
    ]
    opds = {}
    for row in need_rows:
        opds[row["programme_opd__opd_id"]] = row["programme_opd__opd__name"]
    for row in activity_rows:
        opds[row["plan__programme_opd__opd_id"]] = row["plan__programme_opd__opd__name"]
    competency_counts = {}
    for need in needs:
        competency_counts[need["competency"]] = competency_counts.get(need["competency"], 0) + 1
    key = f"a{min(a['pk'] for a in activities)}" if activities else f"n{min(n['pk'] for n in needs)}"
    costs = [activity["estimated_cost"] for activity in activities]
    return DuplicateGroup(
        key=key,
        needs=needs,
        activities=activities,
        opds=sorted(opds.values()),
        competencies=sorted(competency_counts, key=lambda name: (-competency_counts[name], name)),
        seats=sum(activity["participants"] for activity in activities),
        estimated_cost=sum(costs, Decimal(0)),
        saving=joint_programme_saving([]),  # priced once the distinct people are known (_add_people)
        pairs=_pairs(activities, dismissed),
    )


def _add_people(groups):
    """Distinct participants of each group's activities (one query for all groups)."""
    group_of = {activity["pk"]: group for group in groups for activity in group.activities}
    if not group_of:
        return
    people = {}
    rows = PlanActivity.participants.through.objects.filter(planactivity_id__in=list(group_of)).values_list(
        "planactivity_id", "pegawai_id"
    )
    for activity_id, pegawai_id in rows:
        people.setdefault(group_of[activity_id].key, set()).add(pegawai_id)
    for group in groups:
        group.people = len(people.get(group.key, ()))
        if len(group.activities) >= 2:
            group.saving = priced_saving(group.activities, group.people)
