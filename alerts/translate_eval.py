"""Scoring translations: chrF (as sacrebleu computes it) and glossary-term accuracy.

The evaluation pairs live in alerts/eval/{es_en,en_es}.txt, written for the project:
`source ||| reference ||| term; term`, with a `@heldout` line before the held-out part.
"""

from __future__ import annotations

import collections
import dataclasses
import pathlib
import unicodedata
from collections.abc import Sequence

EVAL_DIR = pathlib.Path(__file__).resolve().parent / "eval"
CHAR_ORDER = 6
BETA = 2.0


@dataclasses.dataclass(frozen=True)
class Pair:
    """One evaluation title with its reference and the terms it must contain."""

    text: str
    reference: str
    terms: tuple[str, ...]
    heldout: bool


def load_pairs(source: str, target: str, path: pathlib.Path | None = None) -> list[Pair]:
    """The evaluation pairs of one direction, in file order."""
    path = path or EVAL_DIR / f"{source}_{target}.txt"
    pairs, heldout = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() == "@heldout":
            heldout = True
        if not line.strip() or line.startswith(("#", "@")):
            continue
        parts = [part.strip() for part in line.split("|||")]
        if len(parts) != 3:
            raise ValueError(f"{path.name} line {number} needs source ||| reference ||| terms.")
        terms = tuple(term.strip() for term in parts[2].split(";") if term.strip())
        pairs.append(Pair(parts[0], parts[1], terms, heldout))
    return pairs


def _char_ngrams(text: str, n: int) -> collections.Counter[str]:
    text = "".join(text.split())
    return collections.Counter(text[i : i + n] for i in range(len(text) - n + 1))


def chrf(hypotheses: Sequence[str], references: Sequence[str]) -> float:
    """Corpus chrF (character 6-grams, beta 2, whitespace ignored), on a 0-100 scale.

    Matches and counts are summed over the corpus per n-gram order; precision and recall
    are averaged over the orders and combined into an F-beta score, as sacrebleu's chrF
    does by default.
    """
    totals = [[0, 0, 0] for _ in range(CHAR_ORDER)]  # matches, hypothesis, reference
    for hypothesis, reference in zip(hypotheses, references, strict=True):
        for n in range(1, CHAR_ORDER + 1):
            hyp, ref = _char_ngrams(hypothesis, n), _char_ngrams(reference, n)
            totals[n - 1][0] += sum((hyp & ref).values())
            totals[n - 1][1] += sum(hyp.values())
            totals[n - 1][2] += sum(ref.values())
    orders = [t for t in totals if t[1] > 0 and t[2] > 0]
    if not orders:
        return 0.0
    precision = sum(t[0] / t[1] for t in orders) / len(orders)
    recall = sum(t[0] / t[2] for t in orders) / len(orders)
    if precision + recall == 0:
        return 0.0
    factor = BETA**2
    return 100 * (1 + factor) * precision * recall / (factor * precision + recall)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def term_accuracy(hypotheses: Sequence[str], terms: Sequence[Sequence[str]]) -> float:
    """Share of required terms (case-insensitive) that appear in their hypothesis, 0-100."""
    wanted = found = 0
    for hypothesis, required in zip(hypotheses, terms, strict=True):
        folded = _fold(hypothesis)
        wanted += len(required)
        found += sum(_fold(term) in folded for term in required)
    return 100.0 * found / wanted if wanted else 0.0
