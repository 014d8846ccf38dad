"""Evaluation: per-topic precision/recall/F1, micro and macro F1, throughput, model comparison."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, cast

from classifier import LABELS
from classifier.corpus import gold_labels, read_jsonl

if TYPE_CHECKING:
    from classifier.model import Classifier


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def score_labels(predicted: list[list[str]], gold: list[list[str]]) -> dict[str, object]:
    """Per-topic P/R/F1 with micro and macro F1 (macro over topics with support)."""
    per: dict[str, dict[str, float]] = {}
    totals = [0, 0, 0]
    for label in LABELS:
        tp = sum(label in p and label in g for p, g in zip(predicted, gold, strict=True))
        fp = sum(label in p and label not in g for p, g in zip(predicted, gold, strict=True))
        fn = sum(label not in p and label in g for p, g in zip(predicted, gold, strict=True))
        per[label] = _prf(tp, fp, fn)
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
    supported = [m["f1"] for m in per.values() if m["support"]]
    macro = sum(supported) / len(supported) if supported else 0.0
    return {
        "per_topic": per,
        "micro_f1": _prf(*totals)["f1"],
        "macro_f1": round(macro, 4),
        "documents": len(gold),
    }


def evaluate(classifier: Classifier, path: str | Path) -> dict[str, object]:
    """Score a classifier on a labelled JSON-lines file and time it."""
    records = read_jsonl(path)
    start = time.perf_counter()
    preds = classifier.classify(records)
    elapsed = max(time.perf_counter() - start, 1e-9)
    metrics = score_labels([p.labels for p in preds], [gold_labels(r) for r in records])
    metrics["docs_per_sec"] = round(len(records) / elapsed, 1)
    metrics["model_version"] = classifier.model_version
    return metrics


def compare(
    current: dict[str, object], candidate: dict[str, object]
) -> list[tuple[str, float, float]]:
    """Rows (measure, current, candidate) for F1 per topic, micro and macro."""
    old, new = _per_topic(current), _per_topic(candidate)
    rows = [(f"{lab} F1", old[lab]["f1"], new[lab]["f1"]) for lab in LABELS]
    rows += [
        ("micro F1", cast(float, current["micro_f1"]), cast(float, candidate["micro_f1"])),
        ("macro F1", cast(float, current["macro_f1"]), cast(float, candidate["macro_f1"])),
    ]
    return rows


def _per_topic(metrics: dict[str, object]) -> dict[str, dict[str, float]]:
    return cast(dict[str, dict[str, float]], metrics["per_topic"])
