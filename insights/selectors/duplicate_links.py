"""Which planned activities of different OPDs the duplicate finder links, without comparing
every pair (issue 12, item 3).

The finder's groups are the connected components of the graph whose edges are the pairs of
activities of different OPDs that the matcher (insights.selectors.matching.pair_score) calls
the same training and that the admin has not dismissed. This module produces the same
components while scoring far fewer pairs:

1. **Classes.** pair_score reads an item's content words, its competency (lower case) and its
   cause category, nothing else; activities with the same three (a *signature*) score the same
   against anyone. Each signature is scored once. An activity that appears in a dismissed pair
   is a class of its own, so dismissals stay exact.
2. **Blocking by word.** A pair with no content word in common scores at most
   COMPETENCY_WEIGHT + CAUSE_WEIGHT, below THRESHOLD, so only classes that share a normalised
   word are candidates (an index of words, as a search engine does). Should the weights ever
   let a competency alone reach the threshold, the competency becomes an index key too.
3. **Blocks and hubs.** Within a class, the activities of one OPD (a *block*) have exactly the
   same partners, so they are in one component when the block has any partner. Between two
   duplicate classes every block is linked to every block of another OPD; linking each block
   to the (at most two) *hub* blocks of the other class that belong to another OPD joins
   exactly the same components with a number of links that grows with the blocks, not with
   their product. `tests/insights/test_duplicate_links.py` checks the result against every pair
   compared one by one on random data.
"""

from dataclasses import dataclass, field

from insights.selectors.matching import CAUSE_WEIGHT, COMPETENCY_WEIGHT, THRESHOLD, content_words, pair_score


@dataclass
class _Class:
    item: dict
    words: frozenset
    single: bool
    blocks: dict = field(default_factory=dict)  # opd id -> [activity pk], in order

    def hubs(self):
        return list(self.blocks.items())[:2]


def signature(item):
    """What pair_score reads of an item: two items with the same signature score the same."""
    return (
        frozenset(content_words(item["title"])),
        (item.get("competency") or "").strip().lower(),
        item.get("cause") or "",
    )


def _classes(items, dismissed):
    touched = {pk for pair in dismissed for pk in pair}
    classes = {}
    for pk in sorted(items):
        opd, item = items[pk]
        key = ("single", pk) if pk in touched else signature(item)
        if key not in classes:
            classes[key] = _Class(item=item, words=frozenset(content_words(item["title"])), single=pk in touched)
        classes[key].blocks.setdefault(opd, []).append(pk)
    return list(classes.values())


def _candidates(classes):
    """Pairs of class indexes that share an index key (and each class with itself)."""
    index = {}
    competency_can_decide = COMPETENCY_WEIGHT + CAUSE_WEIGHT >= THRESHOLD
    for number, cls in enumerate(classes):
        keys = {("w", word) for word in cls.words}
        if competency_can_decide and cls.item.get("competency"):
            keys.add(("c", cls.item["competency"].strip().lower()))
        for key in keys:
            index.setdefault(key, []).append(number)
    pairs = {(number, number) for number, cls in enumerate(classes) if len(cls.blocks) >= 2}
    for members in index.values():
        for position, first in enumerate(members):
            pairs.update((first, second) for second in members[position + 1 :])
    return sorted(pairs)


def activity_links(items, dismissed=frozenset()):
    """Links (pk, pk) whose connected components are those of every duplicate pair of different
    OPDs not in `dismissed`. `items` maps pk -> (opd id, {"title", "competency", "cause"});
    `dismissed` holds (low pk, high pk) pairs."""
    dismissed = {pair for pair in dismissed if pair[0] in items and pair[1] in items}
    classes = _classes(items, dismissed)
    links, active = [], set()
    for first, second in _candidates(classes):
        a, b = classes[first], classes[second]
        if not pair_score(a.item, b.item).is_duplicate:
            continue
        if first == second:
            active.update((first, opd) for opd in a.blocks)
            opds = list(a.blocks)
            links.extend((a.blocks[opds[0]][0], a.blocks[opd][0]) for opd in opds[1:])
            continue
        for (one, one_number), (other, other_number) in ((a, first), (b, second)), ((b, second), (a, first)):
            for opd, members in one.blocks.items():
                for hub_opd, hub_members in other.hubs():
                    low, high = sorted((members[0], hub_members[0]))
                    if opd != hub_opd and (low, high) not in dismissed:
                        links.append((members[0], hub_members[0]))
                        active.update(((one_number, opd), (other_number, hub_opd)))
    for number, opd in active:
        members = classes[number].blocks[opd]
        links.extend((members[0], other) for other in members[1:])
    return links
