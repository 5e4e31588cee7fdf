"""The duplicate matcher on the labelled pairs kept in the repo: true duplicates written in other
words are found, pairs that share only template words are not (docs/duplicates.md)."""

import pytest
from django.core.management import call_command

from insights.selectors.matching import content_words, evaluate, labelled_pairs, pair_score


def test_the_labelled_set_has_at_least_40_pairs_of_both_kinds():
    pairs = labelled_pairs()
    assert len(pairs) >= 40
    assert sum(p["duplicate"] for p in pairs) >= 15 and sum(not p["duplicate"] for p in pairs) >= 15


def test_precision_and_recall_hold_at_0_9():
    result = evaluate(labelled_pairs())
    assert result["precision"] >= 0.9, result
    assert result["recall"] >= 0.9, result


def test_sop_in_other_words_is_one_thing_and_template_words_say_nothing():
    assert content_words("Penyusunan SOP pelayanan perizinan") == content_words(
        "Menyusun standar operasional prosedur layanan perizinan"
    )
    assert content_words("Pelatihan peningkatan kapasitas pegawai") == set()
    assert "tik" in content_words("Pelatihan IT") and "tik" in content_words("Pelatihan teknologi informasi")


def test_each_pair_has_a_score_and_a_reason():
    result = pair_score(
        {"title": "Bimtek penyusunan SOP kearsipan", "competency": "Penyusunan SOP", "cause": "metode"},
        {"title": "Workshop menyusun prosedur kerja arsip", "competency": "Penyusunan SOP", "cause": "metode"},
    )
    assert result.is_duplicate and result.score == 1.0
    assert result.reasons == "kata inti sama: arsip, sop; kompetensi sama; kategori penyebab sama"


@pytest.mark.django_db
def test_the_command_prints_precision_and_recall(capsys):
    call_command("duplicate_eval")
    out = capsys.readouterr().out
    assert "Precision 1.000  Recall 1.000" in out
    assert "Pairs: 44 (duplicates 22)" in out
