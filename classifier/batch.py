"""Batched inference: the spaCy pipeline's exact arithmetic for many items at once.

The spaCy path (`make_docs` -> `nlp.pipe` -> `Classifier.predict_doc`) builds a Doc per
item, runs the PhraseMatcher, textcat's n-gram extraction and the decision item by item;
that per-item Python work cost more than the model itself. This path computes the same
quantities a batch at a time and feeds textcat's own trained layers:

- tokens: the same `FastTokenizer` regex, as strings, without building a Doc;
- patterns: a phrase occurs in a token sequence exactly when its space-joined tokens,
  padded with spaces, occur in the padded space-joined sequence (tokens hold no spaces),
  which is what the PhraseMatcher reports; one-word phrases are a set intersection;
- textcat: each token's ORTH id (`get_string_id`, as the vocabulary assigns it), the
  n-gram hashes from thinc's own `ops.ngrams`, per-item unique keys and counts in
  `np.unique`'s order, then the model's sparse linear and logistic layers;
- decision: `decision.decide_batch`.

`tests/classifier/test_batch.py` checks that both paths give identical predictions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.strings import get_string_id
from thinc.types import Ints1d

from classifier import LABELS
from classifier.decision import DecisionConfig, decide_batch_as
from classifier.patterns import HIGH_IMPACT_PHRASES
from classifier.pipeline import (
    ALL_RULES,
    PATTERN_COMPONENT,
    FastTokenizer,
    Hit,
    evidence_row,
    item_features,
    pattern_component,
    regex_hits_batch,
)
from classifier.tokens import BatchTokens, IdSet, batch_tokens

TEXTCAT = "textcat_multilabel"
T = TypeVar("T")
_PAD = np.iinfo(np.uint64).max
UInt64s = npt.NDArray[np.uint64]
Int64s = npt.NDArray[np.int64]
_NO_EVIDENCE = [0.0] * len(LABELS)
_COMMON_WORDS = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "en",
        "y",
        "e",
        "o",
        "a",
        "al",
        "por",
        "para",
        "con",
        "se",
        "que",
        "su",
        "sus",
        "un",
        "una",
        "lo",
        "como",
        "sobre",
        "the",
        "of",
        "and",
        "to",
        "for",
        "on",
        "in",
        "is",
        "by",
        "an",
        "at",
        "as",
        "or",
        "from",
        "with",
        "under",
        "its",
        "this",
        "that",
        "be",
        "are",
    ]
)


class PhraseIndex:
    """The pattern phrases of one language, indexed for matching on token strings."""

    def __init__(self, tokenizer: FastTokenizer) -> None:
        grouped: dict[str, set[Hit]] = {}
        for rule in ALL_RULES:
            if tokenizer.lang not in rule.langs:
                continue
            for phrase in rule.phrases:
                high = phrase in HIGH_IMPACT_PHRASES or rule.high_impact
                key = " ".join(tokenizer.words(phrase))
                grouped.setdefault(key, set()).add((rule.label, rule.weight, phrase, high))
        # By key word: the hits of the one-word phrase, then (padded phrase, hits) pairs. A
        # longer phrase is keyed by its least common-looking word (a phrase is present only
        # if all its words are, so any word would do): few items then test its substring.
        self.by_key: dict[str, tuple[list[Hit], list[tuple[str, tuple[Hit, ...]]]]] = {}
        for phrase_key, hits in grouped.items():
            if not phrase_key:
                continue
            words = phrase_key.split(" ")
            key = min(words, key=lambda w: (w in _COMMON_WORDS, -len(w)))
            single, multi = self.by_key.setdefault(key, ([], []))
            if len(words) == 1:
                single += hits
            else:
                multi.append((f" {phrase_key} ", tuple(hits)))
        self.key_words = frozenset(self.by_key)
        self.by_id = {get_string_id(word): entry for word, entry in self.by_key.items()}

    def hits(self, words: list[str]) -> list[Hit]:
        """Every hit of every phrase present in `words` (each phrase once)."""
        found: list[Hit] = []
        padded = ""
        for word in self.key_words.intersection(words):
            single, multi = self.by_key[word]
            found += single
            if multi:
                padded = padded or f" {' '.join(words)} "
                for needle, hits in multi:
                    if needle in padded:
                        found += hits
        return found

    def hits_of_ids(self, key_ids: Iterable[int], spaced: str) -> list[Hit]:
        """`hits` from the ORTH ids of the words present and `spaced`, the words each
        followed by a space (ids of words that are not key words here are ignored)."""
        found: list[Hit] = []
        padded = ""
        by_id = self.by_id
        for key in key_ids:
            if key not in by_id:
                continue
            single, multi = by_id[key]
            found += single
            if multi:
                padded = padded or f" {spaced}"
                for needle, hits in multi:
                    if needle in padded:
                        found += hits
        return found


class BowTextcat:
    """textcat_multilabel's BOW model applied to token strings instead of Docs."""

    def __init__(self, nlp: Language) -> None:
        model = _textcat(nlp).model
        layers = {layer.name: layer for layer in model.walk()}
        self.ops = model.ops
        self.ngram_size = int(layers["extract_ngrams"].attrs["ngram_size"])
        self.linear = layers["sparse_linear"]
        self.logistic = layers["logistic"]
        labels = list(_textcat(nlp).labels)
        self.columns = [labels.index(label) for label in LABELS]

    @staticmethod
    def supports(nlp: Language) -> bool:
        """Whether `nlp` has the BOW textcat (on ORTH) this class reproduces."""
        if TEXTCAT not in nlp.pipe_names or PATTERN_COMPONENT not in nlp.pipe_names:
            return False
        names = {layer.name: layer for layer in _textcat(nlp).model.walk()}
        extract = names.get("extract_ngrams")
        return (
            extract is not None
            and extract.attrs.get("attr") == ORTH
            and {"sparse_linear", "logistic"} <= names.keys()
            and set(_textcat(nlp).labels) == set(LABELS)
        )

    def predict(self, unigrams: UInt64s, lengths: Int64s) -> npt.NDArray[np.float64]:
        """Probabilities, one row per item, columns in LABELS order.

        `unigrams` holds every item's ORTH ids one item after another, `lengths` their
        token counts.
        """
        keys, counts, per_item = self._features(unigrams, lengths)
        scores = self.linear.predict((keys, counts, per_item))
        probs = np.asarray(self.logistic.predict(scores))
        return probs[:, self.columns].astype(np.float64)

    def _features(self, unigrams: UInt64s, lengths: Int64s) -> tuple[UInt64s, Any, Any]:
        """(keys, counts, lengths) exactly as spaCy's `extract_ngrams` builds them.

        spaCy takes each item's unigram and n-gram hashes and `np.unique`s them one item at
        a time; here every item's keys go into one row of a grid padded with the largest
        uint64 and a single row-wise sort orders them all (the padding sorts last, so each
        row's first keys are that item's keys in `np.unique`'s order).
        """
        items = len(lengths)
        owner = np.repeat(np.arange(items), lengths)
        position = np.arange(len(unigrams)) - (np.cumsum(lengths) - lengths)[owner]
        totals = lengths.copy()
        grams, rows, cols = [unigrams], [owner], [position]
        for n in range(2, self.ngram_size + 1):
            last = len(unigrams) - n + 1
            if last <= 0:
                break
            inside = owner[:last] == owner[n - 1 :]
            grams.append(np.asarray(self.ops.ngrams(n, cast(Ints1d, unigrams)))[inside])
            rows.append(owner[:last][inside])
            cols.append(position[:last][inside] + totals[rows[-1]])
            totals = totals + np.maximum(lengths - n + 1, 0)
        grid = np.full((items, int(totals.max(initial=1))), _PAD, dtype=np.uint64)
        for gram, row, col in zip(grams, rows, cols, strict=True):
            grid[row, col] = gram
        grid.sort(axis=1)
        keys = grid[np.arange(grid.shape[1]) < totals[:, None]]
        owners = np.repeat(np.arange(items), totals)
        new = np.ones(len(keys), dtype=bool)
        new[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
        first = np.flatnonzero(new)
        counts = np.diff(np.append(first, len(keys))).astype("f")
        return keys[first], counts, np.bincount(owners[first], minlength=items).astype("int32")


def _textcat(nlp: Language) -> TextCategorizer:
    return cast(TextCategorizer, nlp.get_pipe(TEXTCAT))


class BatchPath:
    """Classify a batch of items with the loaded pipeline's patterns, textcat and decision."""

    def __init__(self, nlp: Language, config: DecisionConfig) -> None:
        tokenizers: dict[str, FastTokenizer] = pattern_component(nlp).tokenizers
        self.by_lang = {lang: (tok, PhraseIndex(tok)) for lang, tok in tokenizers.items()}
        self.textcat = BowTextcat(nlp)
        key_ids = {key for _, phrases in self.by_lang.values() for key in phrases.by_id}
        self.key_ids = IdSet(key_ids)
        self.config = config

    def decide_as(
        self,
        make: Callable[[list[str], dict[str, float], str | None], T],
        items: Iterable[dict[str, object]],
    ) -> list[T]:
        """The items' decisions, in order, each built as `make(labels, scores, flag_reason)`."""
        texts: list[str] = []
        langs: list[str] = []
        for item in items:
            text, lang = item_features(item)
            texts.append(text)
            langs.append(lang)
        if not texts:
            return []
        regex = regex_hits_batch(texts)
        fallback = self.by_lang["es"]
        pairs = [self.by_lang.get(lang, fallback) for lang in langs]
        tokens = batch_tokens(texts, [tokenizer for tokenizer, _ in pairs])
        present = self._key_ids_present(tokens)
        evidence: list[float] = []  # LABELS-wide rows, one after another
        high: list[Sequence[str]] = []
        for index, (_, phrases) in enumerate(pairs):
            hits = (
                phrases.hits_of_ids(present[index], tokens.texts[index]) if index in present else []
            )
            if index in regex:
                hits += regex[index]
            if hits:
                evidence += evidence_row(hits)
                high.append([phrase for _, w, phrase, hi in hits if hi and w > 0])
            else:
                evidence += _NO_EVIDENCE
                high.append(())
        probs = self.textcat.predict(tokens.ids, tokens.lengths)
        rows = np.array(evidence, dtype=np.float64).reshape(len(texts), len(LABELS))
        return decide_batch_as(make, probs, rows, high, self.config)

    def _key_ids_present(self, tokens: BatchTokens) -> dict[int, set[int]]:
        """Item index -> the ids of its words that are some language's phrase key word."""
        where, _ = self.key_ids.positions(tokens.ids)
        owners = np.searchsorted(np.cumsum(tokens.lengths), where, side="right")
        present: defaultdict[int, set[int]] = defaultdict(set)
        for owner, key in zip(owners.tolist(), tokens.ids[where].tolist(), strict=True):
            present[owner].add(key)
        return present
