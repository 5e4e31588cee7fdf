"""Are two planned trainings the same thing written in other words? (issue 11, item 5)

Text is normalised before it is compared: lower case, the synonym phrases of
insights/data/matching_words.json replaced by one token each (SOP / standar operasional prosedur,
TIK / teknologi informasi, ...), Indonesian stop words and the template words every training
title carries ("pelatihan", "bimtek", "peningkatan kapasitas", ...) dropped, and each word cut to
a light stem (prefixes me-/pe-/ber-/ter-/di-/ke-, suffixes -kan/-an/-i/-nya, with the sound
changes of meny-/peny-, mem-/pem-, men-/pen-, meng-/peng-), so "penyusunan" and "menyusun" meet.

The score of a pair (0-1) = TEXT_WEIGHT × Dice of the two titles' content words + COMPETENCY_WEIGHT
when the competencies match (the same name after normalisation, or a Dice of at least
COMPETENCY_MATCH) + CAUSE_WEIGHT when the causes share a category. A pair is a duplicate from
THRESHOLD. docs/duplicates.md holds the labelled pairs' precision and recall
(`manage.py duplicate_eval`), and a test holds both at 0.9 or more."""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
TEXT_WEIGHT = 0.6
COMPETENCY_WEIGHT = 0.25
CAUSE_WEIGHT = 0.15
COMPETENCY_MATCH = 0.6
THRESHOLD = 0.55
MIN_STEM = 4
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def words():
    raw = json.loads((DATA / "matching_words.json").read_text(encoding="utf-8"))
    synonyms = sorted(raw["synonyms"].items(), key=lambda item: -len(item[0]))
    patterns = [(re.compile(rf"\b{re.escape(phrase)}\b"), f" {token} ") for phrase, token in synonyms]
    canonical = set(raw["synonyms"].values())
    return set(raw["stop_words"]), set(raw["template_words"]), patterns, canonical


def _strip_suffix(word):
    for suffix in ("nya", "kan", "an", "i"):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def _strip_prefix(word):
    vowels = "aeiou"
    rules = (
        ("meny", "s"),
        ("peny", "s"),
        ("meng", ""),
        ("peng", ""),
        ("mem", ""),
        ("pem", ""),
        ("men", ""),
        ("pen", ""),
        ("ber", ""),
        ("ter", ""),
        ("per", ""),
        ("me", ""),
        ("pe", ""),
        ("di", ""),
        ("ke", ""),
    )
    for prefix, restore in rules:
        if not word.startswith(prefix) or len(word) - len(prefix) < MIN_STEM - 1:
            continue
        rest = word[len(prefix) :]
        if prefix in ("meng", "peng") and rest[0] in vowels:
            return "k" + rest
        if prefix in ("mem", "pem") and rest[0] in vowels:
            return "p" + rest
        if prefix in ("men", "pen") and rest[0] in vowels:
            return "t" + rest
        return restore + rest
    return word


def stem(word):
    if len(word) <= MIN_STEM:
        return word
    return _strip_prefix(_strip_suffix(word))


def content_words(text):
    """The words of `text` that say what it is about, normalised (see the module docstring)."""
    stop, template, patterns, canonical = words()
    text = " ".join(_WORD.findall((text or "").lower()))
    for pattern, token in patterns:
        text = pattern.sub(token, text)
    result = set()
    for word in text.split():
        if word in canonical:
            result.add(word)
            continue
        if word in stop or word in template or word.isdigit():
            continue
        stemmed = stem(word)
        if stemmed not in template and stemmed not in stop:
            result.add(stemmed)
    return result


def dice(first, second):
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


@dataclass
class PairScore:
    score: float
    text: float
    shared_words: tuple
    same_competency: bool
    same_cause: bool

    @property
    def is_duplicate(self):
        return self.score >= THRESHOLD

    @property
    def reasons(self):
        parts = []
        if self.shared_words:
            parts.append("kata inti sama: " + ", ".join(self.shared_words))
        if self.same_competency:
            parts.append("kompetensi sama")
        if self.same_cause:
            parts.append("kategori penyebab sama")
        return "; ".join(parts) or "tidak ada kesamaan"


def pair_score(first, second):
    """Score two items, each a mapping with title, competency (name) and cause (category)."""
    a, b = content_words(first.get("title")), content_words(second.get("title"))
    text = dice(a, b)
    competency_a, competency_b = first.get("competency") or "", second.get("competency") or ""
    same_competency = bool(competency_a and competency_b) and (
        competency_a.strip().lower() == competency_b.strip().lower()
        or dice(content_words(competency_a), content_words(competency_b)) >= COMPETENCY_MATCH
    )
    same_cause = bool(first.get("cause")) and first.get("cause") == second.get("cause")
    score = TEXT_WEIGHT * text + COMPETENCY_WEIGHT * same_competency + CAUSE_WEIGHT * same_cause
    return PairScore(
        score=round(score, 3),
        text=round(text, 3),
        shared_words=tuple(sorted(a & b)),
        same_competency=same_competency,
        same_cause=same_cause,
    )


def evaluate(pairs):
    """Precision and recall of pair_score on labelled `pairs` ({"a", "b", "duplicate"})."""
    tp = fp = fn = tn = 0
    rows = []
    for pair in pairs:
        result = pair_score(pair["a"], pair["b"])
        predicted, actual = result.is_duplicate, bool(pair["duplicate"])
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not predicted and not actual
        rows.append((pair, result, predicted == actual))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "rows": rows}


def labelled_pairs():
    return json.loads((DATA / "duplicate_pairs.json").read_text(encoding="utf-8"))["pairs"]
