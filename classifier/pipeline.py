"""The spaCy pipeline: language-aware tokenizers, the pattern component and textcat_multilabel.

One `Language` object (blank Spanish) owns the vocabulary and the components; an English
tokenizer shares that vocabulary, so each text is tokenized by the rules of its own
language and then runs through the same components.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from typing import cast

import numpy as np
import numpy.typing as npt
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import TextCategorizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from classifier import LABELS
from classifier.normalize import feature_text
from classifier.patterns import (
    HIGH_IMPACT_PHRASES,
    NEGATIVES,
    REGEX_RULES,
    RULES,
    SOURCE_RULES,
    Rule,
)

PATTERN_COMPONENT = "regwatch_topic_patterns"
ALL_RULES: list[Rule] = [*RULES, *NEGATIVES, *SOURCE_RULES]


_ES_WORDS = {
    "de",
    "la",
    "el",
    "los",
    "las",
    "por",
    "que",
    "se",
    "del",
    "para",
    "y",
    "con",
    "al",
    "en",
    "su",
    "sus",
    "una",
    "un",
    "materia",
    "diverso",
    "mediante",
}
_EN_WORDS = {
    "the",
    "of",
    "and",
    "to",
    "for",
    "on",
    "in",
    "is",
    "this",
    "from",
    "will",
    "with",
    "by",
    "its",
    "under",
    "at",
    "an",
    "notice",
    "are",
    "be",
    "that",
    "as",
    "or",
}
_EN_SOURCES = ("cbp", "federal", "fr_", "csms", "ustr")
_WORD = re.compile(r"[a-z]+")


def detect_lang(text: str, source: str | None = None) -> str:
    """Guess 'es' or 'en' for items that arrive without `lang`.

    Function words decide; on a tie (short titles such as "Drawback; Modernized Drawback
    Provisions") a US source (CBP, Federal Register) means English.
    """
    words = _WORD.findall(text[:400].lower())
    es = sum(w in _ES_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if en == es and source:
        return "en" if any(tag in source.lower() for tag in _EN_SOURCES) else "es"
    return "en" if en > es else "es"


Hit = tuple[str, float, str, bool]  # (label or "*", weight, matched phrase, high impact)


class TopicPatterns:
    """Pattern component: rule hits and per-label evidence into `doc.user_data`.

    `doc.user_data["rw_hits"]` lists the hits, `doc.user_data["rw_evidence"]` the weight
    per label (plain user_data rather than `doc._` extensions, which cost a tenth of the
    whole pipeline's time on short titles).
    """

    def __init__(self, nlp: Language, tokenizers: dict[str, FastTokenizer]) -> None:
        self.tokenizers = tokenizers
        self.hit_of: dict[int, Hit] = {}
        self.matchers = {
            lang: self._build_matcher(nlp, lang, tok) for lang, tok in tokenizers.items()
        }

    def _build_matcher(self, nlp: Language, lang: str, tok: FastTokenizer) -> PhraseMatcher:
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, rule in enumerate(ALL_RULES):
            if lang not in rule.langs:
                continue
            for phrase in rule.phrases:
                key = f"{index}|{phrase}"
                matcher.add(key, [tok(phrase)])
                high = phrase in HIGH_IMPACT_PHRASES or rule.high_impact
                self.hit_of[nlp.vocab.strings[key]] = (rule.label, rule.weight, phrase, high)
        return matcher

    def __call__(self, doc: Doc) -> Doc:
        data = doc.user_data
        matcher = self.matchers.get(data.get("rw_lang", "es")) or self.matchers["es"]
        hits = [self.hit_of[match_id] for match_id, _start, _end in matcher(doc)]
        hits += regex_hits(data.get("rw_text") or doc.text)
        data["rw_hits"] = hits
        data["rw_evidence"] = combine_hits(hits)
        return doc


def regex_hits(text: str) -> list[Hit]:
    """Hits of the regex rules on normalised text (the literal needle is a cheap pre-test)."""
    present = [needle for needle in _NEEDLES if needle in text]
    return _rule_hits(text, present) if present else []


def regex_hits_batch(texts: list[str]) -> dict[int, list[Hit]]:
    """`regex_hits` of each text, keyed by index, for the texts with a hit (others: none)."""
    present = _needles_by_prefix(texts)
    if present is None:
        present = _needles_by_find(texts)
    found = {}
    for index, needles in present.items():
        if hits := _rule_hits(texts[index], needles):
            found[index] = hits
    return found


def _needles_by_find(texts: list[str]) -> dict[int, list[str]]:
    """Index -> the needles in that text: each needle searched once in all texts joined.

    A needle holds no NUL, so an occurrence in the joined text lies inside one text.
    """
    joined = "\0".join(texts)
    ends = list(accumulate(len(text) + 1 for text in texts))
    present: dict[int, list[str]] = {}
    for needle in _NEEDLES:
        at = joined.find(needle)
        while at >= 0:
            index = bisect_right(ends, at)
            present.setdefault(index, []).append(needle)
            at = joined.find(needle, ends[index])
    return present


def _needles_by_prefix(texts: list[str]) -> dict[int, list[str]] | None:
    """`_needles_by_find` in one numpy pass (None if a text holds a NUL).

    The UTF-8 bytes of the texts joined by NULs are read as a little-endian uint32 at
    every offset; a table of 2^16 flags indexed by a multiplicative hash of those four
    bytes rules out nearly every offset that does not start a needle's first four bytes,
    and each remaining one is checked exactly with `bytes.startswith`. An ASCII needle
    occurs in a text exactly when its bytes occur in the text's UTF-8 bytes.
    """
    joined = "\0".join(texts).encode()
    separators = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == 0)
    if len(separators) != len(texts) - 1:
        return None
    data = joined + bytes(3)
    fours = np.ndarray(shape=(len(joined),), dtype="<u4", buffer=data, strides=(1,))
    maybe = np.flatnonzero(_PREFIX_FLAGS[_prefix_slots(fours)])
    maybe = maybe[np.isin(fours[maybe], _PREFIX_VALUES)]
    owners = np.searchsorted(separators, maybe).tolist()
    present: dict[int, list[str]] = {}
    for at, owner, prefix in zip(maybe.tolist(), owners, fours[maybe].tolist(), strict=True):
        for needle, raw in _NEEDLES_OF_PREFIX[prefix]:
            if joined.startswith(raw, at):
                present.setdefault(owner, []).append(needle)
    return present


def _prefix_slots(fours: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    return (fours * np.uint32(0x9E3779B1)) >> np.uint32(16)


def _rule_hits(text: str, present: list[str]) -> list[Hit]:
    hits: list[Hit] = []
    for label, weight, needle, pattern, high in REGEX_RULES:
        found = needle in present and pattern.search(text)
        if found:
            hits.append((label, weight, found.group(0)[:40], high))
    return hits


_NEEDLES = tuple(dict.fromkeys(needle for _, _, needle, _, _ in REGEX_RULES))
assert all(len(needle) >= 4 and needle.isascii() for needle in _NEEDLES)
_NEEDLES_OF_PREFIX: dict[int, list[tuple[str, bytes]]] = {}
for _needle in _NEEDLES:
    _prefix = int.from_bytes(_needle.encode()[:4], "little")
    _NEEDLES_OF_PREFIX.setdefault(_prefix, []).append((_needle, _needle.encode()))
_PREFIX_VALUES = np.array(sorted(_NEEDLES_OF_PREFIX), dtype=np.uint32)
_PREFIX_FLAGS = np.zeros(1 << 16, dtype=bool)
_PREFIX_FLAGS[_prefix_slots(_PREFIX_VALUES)] = True


@lru_cache(maxsize=64)
def _targets(label: str) -> tuple[str, ...]:
    """Labels a rule speaks to: "*" is every label, "a,b" names several (negatives only)."""
    return LABELS if label == "*" else tuple(label.split(","))


def combine_hits(hits: list[Hit]) -> dict[str, float]:
    """Evidence per label: the strongest positive rule, a bonus for corroboration, negatives.

    Taking the maximum rather than the sum keeps a title that repeats a weak word from
    outvoting one strong instrument; the strongest negative is added, so a veto wins.
    """
    if not hits:
        return dict.fromkeys(LABELS, 0.0)
    positives: dict[str, set[tuple[float, str]]] = {label: set() for label in LABELS}
    negative = dict.fromkeys(LABELS, 0.0)
    for label, weight, phrase, _ in hits:
        if weight > 0:
            positives[label].add((weight, phrase))
            continue
        for target in _targets(label):
            negative[target] = min(negative[target], weight)
    evidence: dict[str, float] = {}
    for label in LABELS:
        pos = sorted(positives[label], reverse=True)
        score = pos[0][0] if pos else 0.0
        if len(pos) > 1:
            score += min(pos[1][0], 1.5)
        evidence[label] = score + negative[label]
    return evidence


def evidence_row(hits: list[Hit]) -> list[float]:
    """`combine_hits(hits)` as a list in LABELS order, without its dicts, sets and sorts.

    The two largest weights per label among its distinct (weight, phrase) pairs are what
    `combine_hits` reads from its sorted sets; the float operations are the same.
    """
    width = len(LABELS)
    negative = [0.0] * width
    first = [0.0] * width
    second: list[float | None] = [None] * width
    seen: set[tuple[str, float, str]] = set()
    for label, weight, phrase, _ in hits:
        if weight > 0:
            if (label, weight, phrase) in seen:
                continue
            seen.add((label, weight, phrase))
            i = _INDEX[label]
            if not first[i]:
                first[i] = weight
            elif weight > first[i]:
                first[i], second[i] = weight, first[i]
            elif second[i] is None or weight > cast(float, second[i]):
                second[i] = weight
            continue
        for i in _target_indices(label):
            negative[i] = min(negative[i], weight)
    row = []
    for i in range(width):
        score = first[i]
        below = second[i]
        if below is not None:
            score += min(below, 1.5)
        row.append(score + negative[i])
    return row


_INDEX = {label: i for i, label in enumerate(LABELS)}


@lru_cache(maxsize=64)
def _target_indices(label: str) -> tuple[int, ...]:
    return tuple(_INDEX[target] for target in _targets(label))


def build_nlp(bow_length: int = 2**17, ngram_size: int = 2) -> Language:
    """A blank Spanish pipeline with the pattern component and a BOW textcat_multilabel."""
    nlp = spacy.blank("es")
    nlp.add_pipe(PATTERN_COMPONENT)
    model = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": ngram_size,
        "no_output_layer": False,
        "length": bow_length,
    }
    textcat = cast(
        TextCategorizer,
        nlp.add_pipe("textcat_multilabel", config={"model": model, "threshold": 0.5}),
    )
    for label in LABELS:
        textcat.add_label(label)
    return nlp


@Language.factory(PATTERN_COMPONENT)
def make_topic_patterns(nlp: Language, name: str) -> TopicPatterns:
    """spaCy factory so saved pipelines rebuild the pattern component on load."""
    return TopicPatterns(nlp, english_and_spanish(nlp))


# FastTokenizer.PATTERNS["en"] without its two branches that need "n't" in the text.
_POSSESSIVE = re.compile(r"'s\b|\d+(?:/\d+)+|[a-z0-9]+(?:[-.][a-z0-9]+)*")
# The same two patterns for ASCII text, where \d is [0-9]: every branch starts with the one
# character class (so the regex engine skips to candidate positions in C), lookbehinds tell
# the branches apart, and possessive repeats never backtrack (none of them could give back
# a character the rest of the pattern needs: "/" and "-." are not in the classes they follow).
_ASCII_PLAIN = re.compile(
    r"[a-z0-9](?:(?<=[0-9])[0-9]*+(?:/[0-9]++)++|[a-z0-9]*+(?:[-.][a-z0-9]++)*+)"
)
_ASCII_POSSESSIVE = re.compile(
    r"['a-z0-9](?:(?<=')s\b|(?<=[0-9])[0-9]*+(?:/[0-9]++)++|(?<=[a-z0-9])[a-z0-9]*+(?:[-.][a-z0-9]++)*+)"
)
# ASCII text without "/": a "-" or "." belongs to a word exactly when a letter or digit is
# on both sides, so blanking the others and every character outside [a-z0-9-.] leaves the
# words separated by spaces, for `str.split` (faster than any regex scan).
LONE_JOINER = re.compile(r"[-.](?:(?![a-z0-9])|(?<![a-z0-9].))")
_KEEP = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789-.")
BLANK_OTHERS = bytes(c if c in _KEEP else 32 for c in range(256))


class FastTokenizer:
    """Regex tokenizer over normalised text, with per-language word rules.

    spaCy's rule-based tokenizers ran at about 5,000 titles a second here, which alone
    would miss the throughput target; on text that is already lower-cased and accent-free
    a single regex per language gives the same word boundaries for our patterns at ~25,000.
    Spanish keeps hyphenated keys (t-mec, nom-035-stps-2018), decimals and numeric
    fractions (5/2024) as one token, but splits word/word ("passenger list/crew list");
    English also splits the possessive/contraction clitics ('s, n't) as spaCy's English does.
    Punctuation is dropped: it carries no topic, and every token costs time downstream (the
    regex rules that need it read the normalised string kept in `user_data`).
    """

    PATTERNS = {
        "es": re.compile(r"\d+(?:/\d+)+|[a-z0-9]+(?:[-.][a-z0-9]+)*"),
        "en": re.compile(
            r"'s\b|n't\b|\d+(?:/\d+)+|[a-z0-9]+(?:[-.][a-z0-9]+)*(?=n't\b)|"
            r"[a-z0-9]+(?:[-.][a-z0-9]+)*"
        ),
    }

    def __init__(self, vocab: Vocab, lang: str) -> None:
        self.vocab = vocab
        self.lang = lang
        self.pattern = self.PATTERNS[lang]
        self._plain = self.PATTERNS["es"]
        self._whitespace = Tokenizer(vocab)

    def words(self, text: str) -> list[str]:
        """The tokens of normalised `text`, as strings.

        Without an apostrophe the English pattern's clitic branches cannot match and it
        finds what the Spanish one does; its `(?=n't)` branch backtracks through every
        word, so such text takes the Spanish pattern (three times faster, same tokens), and
        text without "n't" the English pattern less its two "n't" branches. ASCII text
        (nearly all of it) takes the equivalent ASCII forms above, or `str.split` when it
        has no "/"; `tests/classifier/test_batch.py` checks every form against `pattern`.
        """
        if self.lang != "en" or "'" not in text:
            if not text.isascii():
                return self._plain.findall(text)
            if "/" in text:
                return _ASCII_PLAIN.findall(text)
            return LONE_JOINER.sub(" ", text).encode().translate(BLANK_OTHERS).decode().split()
        if "n't" not in text:
            return (_ASCII_POSSESSIVE if text.isascii() else _POSSESSIVE).findall(text)
        return self.pattern.findall(text)

    def __call__(self, text: str) -> Doc:
        # Joining the regex words and letting spaCy's cached whitespace tokenizer build the
        # Doc is faster than Doc(vocab, words=...), which converts every word in Python.
        doc: Doc = self._whitespace(" ".join(self.words(text)))
        # Rebuilding doc.text token by token is slow; the pattern component reads this.
        doc.user_data["rw_text"] = text
        doc.user_data["rw_lang"] = self.lang
        return doc


def infer_source(text: str) -> str | None:
    """The US feed an item without `source` most likely came from, from its own words.

    Only CBP's two feeds are inferred: their items are customs unless a hard negative says
    otherwise, and without the source word a PRA notice on a trade form loses that prior.
    """
    head = text[:600].lower()
    if "csms" in head:
        return "cbp_csms"
    if "customs and border protection" in head:
        return "federal_register_cbp"
    return None


def pattern_component(nlp: Language) -> TopicPatterns:
    """The pipeline's pattern component, typed."""
    return cast(TopicPatterns, nlp.get_pipe(PATTERN_COMPONENT))


def english_and_spanish(nlp: Language) -> dict[str, FastTokenizer]:
    """A tokenizer per language, both writing into the pipeline's vocabulary."""
    return {"es": FastTokenizer(nlp.vocab, "es"), "en": FastTokenizer(nlp.vocab, "en")}


def make_docs(
    nlp: Language, tokenizers: dict[str, FastTokenizer], items: Iterable[dict[str, object]]
) -> Iterator[Doc]:
    """Tokenize each item with its language's tokenizer, feature words included."""
    for item in items:
        text, lang = item_features(item)
        yield tokenizers.get(lang, tokenizers["es"])(text)


def item_features(item: dict[str, object]) -> tuple[str, str]:
    """(feature text, language code) of one input item, as both inference paths read it."""
    text = str(item.get("text") or "")
    source = item.get("source") or infer_source(text)
    lang = str(item.get("lang") or detect_lang(text, str(source or ""))).lower()[:2]
    agency = item.get("agency")
    features = feature_text(text, str(source) if source else None, str(agency) if agency else None)
    return features, lang
