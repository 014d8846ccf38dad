"""Deterministic training: textcat_multilabel on the project's corpus, thresholds tuned held-out."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.language import Language
from spacy.training import Example
from thinc.api import fix_random_seed

from classifier import LABELS
from classifier.corpus import gold_labels, read_corpus
from classifier.decision import DecisionConfig
from classifier.evaluate import score_labels
from classifier.model import Classifier, batched
from classifier.pipeline import PATTERN_COMPONENT, build_nlp, make_docs, pattern_component

ProgressCallback = Callable[[int, int, str], None]
EPOCHS = 12
HOLDOUT = 0.15
THRESHOLD_GRID = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
MIN_GAIN = 0.02


def corpus_version(records: list[dict[str, object]], seed: int) -> str:
    """A version string that changes whenever the corpus or the seed changes."""
    digest = hashlib.sha1(str(seed).encode())
    for rec in records:
        digest.update(json.dumps(rec, sort_keys=True, ensure_ascii=False).encode())
    return "topics-" + digest.hexdigest()[:10]


def to_examples(nlp: Language, records: list[dict[str, object]]) -> list[Example]:
    """spaCy Examples whose reference carries the gold `cats`."""
    tokenizers = pattern_component(nlp).tokenizers
    docs = make_docs(nlp, tokenizers, records)
    return [
        Example.from_dict(doc, {"cats": {lab: float(lab in gold_labels(rec)) for lab in LABELS}})
        for doc, rec in zip(docs, records, strict=True)
    ]


def fit(
    nlp: Language,
    examples: list[Example],
    seed: int,
    epochs: int,
    progress: ProgressCallback | None,
) -> None:
    """Train textcat only; the pattern component has nothing to learn."""
    rng = random.Random(seed)
    optimizer = nlp.initialize(lambda: examples)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in batched(examples, 32):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses, exclude=[PATTERN_COMPONENT])
        if progress:
            loss = losses.get("textcat_multilabel", 0.0)
            progress(epoch + 1, epochs, f"epoch {epoch + 1}: loss {loss:.3f}")


def tune_thresholds(classifier: Classifier, records: list[dict[str, object]]) -> dict[str, float]:
    """Per-label threshold with the best held-out F1, kept at 0.5 unless clearly better.

    The held-out split is drawn from the same templates as the training set and scores
    near 1.0, so a one-example difference there says nothing about real notices: a
    threshold moves only when it gains more than MIN_GAIN F1.
    """
    best = dict.fromkeys(LABELS, 0.5)
    preds = classifier.classify(records)
    for label in LABELS:
        gold = [label in gold_labels(rec) for rec in records]
        ranked = sorted(THRESHOLD_GRID, key=lambda t: abs(t - 0.5))
        f1s = {t: _f1([p.scores[label] >= t for p in preds], gold) for t in ranked}
        top = max(ranked, key=lambda t: f1s[t])
        best[label] = top if f1s[top] > f1s[0.5] + MIN_GAIN else 0.5
    return best


def _f1(pred: list[bool], gold: list[bool]) -> float:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    denom = sum(pred) + sum(gold)
    return 2 * tp / denom if denom else 1.0


def train(
    corpus_paths: Iterable[str | Path],
    out_dir: str | Path,
    seed: int = 0,
    progress: ProgressCallback | None = None,
    extra_examples: list[dict[str, object]] | None = None,
    epochs: int = EPOCHS,
) -> dict[str, object]:
    """Train, tune thresholds on a held-out split, write the model directory; return metrics."""
    fix_random_seed(seed)
    records = read_corpus(corpus_paths) + list(extra_examples or [])
    version = corpus_version(records, seed)
    shuffled = records[:]
    random.Random(seed).shuffle(shuffled)
    cut = max(1, int(len(shuffled) * HOLDOUT)) if len(shuffled) > 20 else 0
    held, train_set = shuffled[:cut], shuffled[cut:]
    nlp = build_nlp()
    fit(nlp, to_examples(nlp, train_set), seed, epochs, progress)
    config = DecisionConfig()
    classifier = Classifier(nlp, config, version)
    if held:
        config.thresholds = tune_thresholds(classifier, held)
    metrics = (
        score_labels([p.labels for p in classifier.classify(held)], [gold_labels(r) for r in held])
        if held
        else {}
    )
    save(nlp, Path(out_dir), version, config, metrics, seed, len(records))
    return {
        "model_version": version,
        "examples": len(records),
        "heldout": metrics,
        "thresholds": config.thresholds,
    }


def save(
    nlp: Language,
    out_dir: Path,
    version: str,
    config: DecisionConfig,
    metrics: dict[str, object],
    seed: int,
    n_examples: int,
) -> None:
    """Write the pipeline with the decision parameters in its meta, plus metrics.json."""
    nlp.meta["name"] = "regwatch_topics"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["regwatch"] = {
        "model_version": version,
        "decision": config.to_dict(),
        "seed": seed,
        "examples": n_examples,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    with open(out_dir / "metrics.json", "w", encoding="utf-8") as fh:
        json.dump({"model_version": version, "heldout": metrics}, fh, indent=2, sort_keys=True)
