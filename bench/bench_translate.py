"""Translation quality: chrF and glossary-term accuracy, raw Apertium vs RegWatch.

Scores the project's own evaluation titles (alerts/eval/) in each direction, on the whole
set and on its held-out part (titles not looked at while writing the rules). Raw Apertium
is the baseline measured in the same run. Needs apertium-en-es; prints figures, asserts
nothing.
"""

from __future__ import annotations

from alerts.translate import (
    ApertiumTranslator,
    apertium_available,
    apertium_translator,
    load_glossary,
)
from alerts.translate_eval import Pair, chrf, load_pairs, term_accuracy

DIRECTIONS = (("es", "en"), ("en", "es"))


def _scores(outputs: list[str], pairs: list[Pair]) -> tuple[float, float]:
    return (
        chrf(outputs, [p.reference for p in pairs]),
        term_accuracy(outputs, [p.terms for p in pairs]),
    )


def _rows_for(source: str, target: str) -> list[tuple[str, str]]:
    pairs = load_pairs(source, target)
    texts = [p.text for p in pairs]
    raw = ApertiumTranslator().translate(texts, source, target)
    ours = apertium_translator(load_glossary()).translate(texts, source, target)
    rows = []
    for label, index in (
        ("all", list(range(len(pairs)))),
        ("held-out", [i for i, p in enumerate(pairs) if p.heldout]),
    ):
        chosen = [pairs[i] for i in index]
        raw_chrf, raw_terms = _scores([raw[i] for i in index], chosen)
        our_chrf, our_terms = _scores([ours[i] for i in index], chosen)
        name = f"{source}->{target} {label} ({len(chosen)} titles)"
        rows.append((f"{name} chrF apertium / regwatch", f"{raw_chrf:.1f} / {our_chrf:.1f}"))
        rows.append((f"{name} terms % apertium / regwatch", f"{raw_terms:.1f} / {our_terms:.1f}"))
    return rows


def run() -> list[tuple[str, str]]:
    """The figures, as (name, value) rows for bench/run.py."""
    if not apertium_available():
        return [("translate", "skipped: apertium-en-es is not installed")]
    rows: list[tuple[str, str]] = []
    for source, target in DIRECTIONS:
        rows += _rows_for(source, target)
    return rows


def main() -> None:
    """Print the table on its own: `python -m bench.bench_translate`."""
    for name, value in run():
        print(f"{name:<60} {value}")


if __name__ == "__main__":
    main()
