"""The project's evaluation set and its scores: chrF and glossary-term accuracy."""

from __future__ import annotations

import pathlib

import pytest

from alerts.translate_eval import chrf, load_pairs, term_accuracy


@pytest.mark.parametrize(("source", "target"), [("es", "en"), ("en", "es")])
def test_eval_set_has_enough_pairs_with_terms_and_a_heldout_part(source: str, target: str) -> None:
    pairs = load_pairs(source, target)
    assert len(pairs) >= 150
    assert len({p.text for p in pairs}) == len(pairs)  # no duplicates
    assert all(p.terms for p in pairs)
    assert all(term.casefold() in p.reference.casefold() for p in pairs for term in p.terms)
    assert 30 <= sum(p.heldout for p in pairs) < len(pairs)


def test_chrf_bounds_and_order() -> None:
    assert chrf(["the customs law"], ["the customs law"]) == pytest.approx(100.0)
    assert chrf(["zzzz"], ["the customs law"]) == pytest.approx(0.0)
    close = chrf(["the customs laws"], ["the customs law"])
    far = chrf(["law of customs"], ["the customs law"])
    assert 100 > close > far > 0
    assert chrf(["the customs law"], ["the  customs\tlaw"]) == pytest.approx(100.0)


def test_chrf_weighs_recall_more_than_precision() -> None:
    reference = ["general foreign trade rules"]
    short = chrf(["general rules"], reference)
    long = chrf(["general foreign trade rules and more words here"], reference)
    assert long > short


def test_term_accuracy_is_case_insensitive() -> None:
    assert term_accuracy(["DECREE on the customs law"], [["Customs Law", "SAT"]]) == 50.0
    assert term_accuracy([], []) == 0.0


def test_a_malformed_eval_line_names_its_line(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "es_en.txt"
    path.write_text("# comment\nonly source ||| reference\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_pairs("es", "en", path)
