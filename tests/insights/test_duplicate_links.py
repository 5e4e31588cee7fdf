"""The duplicate finder's links at scale (issue 12): the same components as comparing every
pair of activities, with far fewer comparisons (insights.selectors.duplicate_links)."""

import random

import pytest

from insights.selectors import duplicate_links
from insights.selectors.duplicate_links import activity_links
from insights.selectors.matching import pair_score

TITLES = [
    "Penyusunan SOP pelayanan perizinan",
    "Menyusun standar operasional prosedur layanan OSS",
    "Bimtek penyusunan SOP kearsipan",
    "Workshop menyusun prosedur kerja pengelolaan arsip",
    "Pelatihan TIK untuk pelayanan publik",
    "Coaching pemanfaatan aplikasi e-arsip",
    "Pelatihan penyusunan laporan kinerja instansi",
    "Bimtek SAKIP dan LKjIP",
    "Sosialisasi kebijakan perizinan",
    "Sosialisasi kebijakan kearsipan",
    "Coaching",
]
COMPETENCIES = ["Pelayanan Publik", "Kearsipan", "Manajemen Kinerja", ""]
CAUSES = ["manusia", "metode", ""]


def components(pks, links):
    parent = {pk: pk for pk in pks}

    def find(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for first, second in links:
        parent[find(first)] = find(second)
    groups = {}
    for pk in pks:
        groups.setdefault(find(pk), set()).add(pk)
    return {frozenset(group) for group in groups.values() if len(group) > 1}


def every_pair(items, dismissed):
    pks = sorted(items)
    return [
        (a, b)
        for i, a in enumerate(pks)
        for b in pks[i + 1 :]
        if items[a][0] != items[b][0] and (a, b) not in dismissed and pair_score(items[a][1], items[b][1]).is_duplicate
    ]


def random_items(rng, count, opds):
    """Few signatures on some seeds (large classes spread over many OPDs), many on others."""
    titles = rng.sample(TITLES, rng.randint(1, len(TITLES)))
    competencies = rng.sample(COMPETENCIES, rng.randint(1, len(COMPETENCIES)))
    causes = rng.sample(CAUSES, rng.randint(1, len(CAUSES)))
    return {
        pk: (
            rng.randrange(opds),
            {"title": rng.choice(titles), "competency": rng.choice(competencies), "cause": rng.choice(causes)},
        )
        for pk in range(1, count + 1)
    }


@pytest.mark.parametrize("seed", range(80))
def test_the_components_equal_those_of_every_pair_compared(seed):
    rng = random.Random(seed)
    items = random_items(rng, rng.randint(2, 60), rng.randint(1, 6))
    pks = sorted(items)
    dismissed = set()
    for _ in range(rng.randint(0, 6)):
        a, b = sorted(rng.sample(pks, 2)) if len(pks) >= 2 else (1, 1)
        if a != b:
            dismissed.add((a, b))
    expected = components(pks, every_pair(items, dismissed))
    assert components(pks, activity_links(items, dismissed)) == expected


def test_links_only_join_activities_the_matcher_or_their_opd_block_joins():
    items = {
        1: (1, {"title": "Penyusunan SOP pelayanan perizinan", "competency": "", "cause": ""}),
        2: (2, {"title": "Menyusun standar operasional prosedur layanan OSS", "competency": "", "cause": ""}),
        3: (1, {"title": "Pelatihan budidaya ikan air tawar", "competency": "", "cause": ""}),
        4: (3, {"title": "Coaching", "competency": "", "cause": ""}),
        5: (4, {"title": "Coaching", "competency": "", "cause": ""}),
    }
    assert components(sorted(items), activity_links(items)) == {frozenset({1, 2})}


def test_a_dismissed_pair_stays_apart_even_with_identical_titles():
    item = {"title": "Penyusunan SOP pelayanan perizinan", "competency": "Pelayanan Publik", "cause": "metode"}
    items = {1: (1, item), 2: (2, item)}
    assert components([1, 2], activity_links(items, {(1, 2)})) == set()
    assert components([1, 2], activity_links(items)) == {frozenset({1, 2})}


def test_thousands_of_equal_titles_cost_links_not_pairs(monkeypatch):
    scored = []
    original = duplicate_links.pair_score

    def counting(first, second):
        scored.append(1)
        return original(first, second)

    monkeypatch.setattr(duplicate_links, "pair_score", counting)
    item = {"title": "Bimtek penyusunan SOP kearsipan", "competency": "Kearsipan", "cause": "metode"}
    items = {pk: (pk % 500, dict(item)) for pk in range(1, 5001)}
    links = activity_links(items)
    assert components(sorted(items), links) == {frozenset(items)}
    assert len(scored) == 1
    assert len(links) < 2 * len(items)
