"""Print the duplicate matcher's precision and recall on the labelled pairs kept in the repo
(insights/data/duplicate_pairs.json), with each pair's score and reason; docs/duplicates.md
holds the output of the last run."""

from django.core.management.base import BaseCommand

from insights.selectors.matching import (
    CAUSE_WEIGHT,
    COMPETENCY_WEIGHT,
    TEXT_WEIGHT,
    THRESHOLD,
    evaluate,
    labelled_pairs,
)


class Command(BaseCommand):
    help = "Precision and recall of the duplicate matcher on the labelled pairs."

    def handle(self, *args, **options):
        result = evaluate(labelled_pairs())
        write = self.stdout.write
        write(
            f"Threshold {THRESHOLD}; weights: text {TEXT_WEIGHT}, competency {COMPETENCY_WEIGHT}, "
            f"cause category {CAUSE_WEIGHT}"
        )
        write(f"Pairs: {len(result['rows'])} (duplicates {result['tp'] + result['fn']})")
        write(f"TP {result['tp']}  FP {result['fp']}  FN {result['fn']}  TN {result['tn']}")
        write(f"Precision {result['precision']:.3f}  Recall {result['recall']:.3f}")
        write("")
        write("label  found  score  pair  |  reason")
        for pair, score, _correct in result["rows"]:
            label = "dup" if pair["duplicate"] else "beda"
            found = "dup" if score.is_duplicate else "beda"
            titles = f"{pair['a']['title']} / {pair['b']['title']}"
            write(f"{label:5}  {found:5}  {score.score:.3f}  {titles}  |  {score.reasons}")
