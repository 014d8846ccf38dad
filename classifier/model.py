"""Loading a trained model and classifying items: the API the rest of RegWatch calls."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from classifier.batch import BatchPath, BowTextcat
from classifier.decision import DecisionConfig, decide
from classifier.errors import BadInputError, ModelNotFoundError
from classifier.pipeline import make_docs, pattern_component

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "model"
BATCH_SIZE = 512

_CACHE: dict[Path, Classifier] = {}
T = TypeVar("T")


@dataclass(slots=True)
class Prediction:
    """One item's topics: labels above threshold, every label's score, and a review flag."""

    labels: list[str]
    scores: dict[str, float]
    flag_reason: str | None
    model_version: str


class Classifier:
    """A loaded pipeline plus its decision parameters."""

    def __init__(self, nlp: Language, config: DecisionConfig, version: str) -> None:
        self.nlp = nlp
        self.config = config
        self.model_version = version
        self._patterns = pattern_component(nlp)
        # The batch path reproduces the spaCy pipeline's arithmetic several times faster;
        # a pipeline it does not know (another textcat architecture) goes through spaCy.
        self._batch = BatchPath(nlp, config) if BowTextcat.supports(nlp) else None

    def classify(self, items: Iterable[dict[str, object]]) -> list[Prediction]:
        """Classify items (each with `text`, optional `lang`, `source`, `agency`), in order."""
        return list(self.iter_classify(items))

    def iter_classify(self, items: Iterable[dict[str, object]]) -> Iterator[Prediction]:
        """Streaming form of `classify`, for large inputs."""
        if self._batch is None:
            yield from self.iter_classify_docs(items)
            return
        version = self.model_version

        def make(labels: list[str], scores: dict[str, float], reason: str | None) -> Prediction:
            return Prediction(labels, scores, reason, version)

        for batch in batched(_checked(items), BATCH_SIZE):
            yield from self._batch.decide_as(make, batch)

    def iter_classify_docs(self, items: Iterable[dict[str, object]]) -> Iterator[Prediction]:
        """`iter_classify` through spaCy Docs: the reference the batch path must equal."""
        docs = make_docs(self.nlp, self._patterns.tokenizers, _checked(items))
        for doc in self.nlp.pipe(docs, batch_size=BATCH_SIZE):
            yield self.predict_doc(doc)

    def predict_doc(self, doc: Doc) -> Prediction:
        """Turn one processed Doc into a Prediction."""
        hits = doc.user_data.get("rw_hits") or []
        high = [phrase for _, w, phrase, hi in hits if hi and w > 0]
        decision = decide(doc.cats, doc.user_data.get("rw_evidence") or {}, high, self.config)
        return Prediction(
            decision.labels, decision.scores, decision.flag_reason, self.model_version
        )


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last one shorter), as spaCy's `minibatch`."""
    stream = iter(items)
    while batch := list(islice(stream, size)):
        yield batch


def _checked(items: Iterable[dict[str, object]]) -> Iterator[dict[str, object]]:
    for item in items:
        if not isinstance(item, dict):
            raise BadInputError('each item must be a JSON object with a "text" field')
        yield item


def read_version(nlp: Language) -> str:
    """The model version recorded by training."""
    return str(nlp.meta.get("regwatch", {}).get("model_version") or nlp.meta.get("version"))


def load_model(path: str | Path | None = None) -> Classifier:
    """Load a model directory once per process (default: the model shipped in the package)."""
    model_dir = Path(path) if path else DEFAULT_MODEL_DIR
    model_dir = model_dir.resolve()
    if model_dir in _CACHE:
        return _CACHE[model_dir]
    if not (model_dir / "meta.json").is_file():
        raise ModelNotFoundError(
            f"no classifier model at {model_dir}; run `regwatch train --out {model_dir}` first"
        )
    nlp = spacy.load(model_dir)
    config = DecisionConfig.from_dict(nlp.meta.get("regwatch", {}).get("decision"))
    classifier = Classifier(nlp, config, read_version(nlp))
    _CACHE[model_dir] = classifier
    return classifier
