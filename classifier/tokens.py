"""A batch of items' tokens as one byte buffer: token spans and ORTH ids without Python strings.

`FastTokenizer.words` returns each token as a Python string, and the batch path then looked
every string up to get its ORTH id: per token, a string object, a hash and two lookups,
which made up a third of the pipeline's time. Here a batch's tokens are laid out in one
buffer, tokens separated by spaces and items by newlines, and numpy finds the tokens and
computes their ORTH ids (spaCy's `get_string_id`: MurmurHash64A of the UTF-8 bytes with
seed 1, or the reserved symbol's id for the few strings that are spaCy symbols).

- Text the plain-word rule covers (ASCII, no "/", and no apostrophe in English) is
  tokenized for the whole batch at once, with `FastTokenizer.words`'s own blank-and-split
  rule applied to the texts joined by newlines (the rule looks at neighbouring characters
  only, and a newline is neither a letter nor a digit, as the ends of a string are not).
- Other text goes through `FastTokenizer.words` and its tokens are joined with spaces.

`tests/classifier/test_tokens.py` checks spans, ids and texts against `words` and
`get_string_id`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from spacy.strings import hash_string  # type: ignore[attr-defined]  # not in the stub
from spacy.symbols import IDS

from classifier.pipeline import BLANK_OTHERS, FastTokenizer

UInt64s = npt.NDArray[np.uint64]
Int64s = npt.NDArray[np.int64]

_SPACE, _NEWLINE = 32, 10
_MARK = "\x01"  # stands for the apostrophe of an English 's word in a plain form
# `BLANK_OTHERS` keeping the newlines that separate the items and the marks.
_BLANK_KEEPING_NEWLINES = b" \x01" + BLANK_OTHERS[2:_NEWLINE] + b"\n" + BLANK_OTHERS[_NEWLINE + 1 :]
_DIGIT_SLASH = re.compile(r"[0-9]/")
_LONE_APOSTROPHE = re.compile(r"'(?!s\b)")
_APOSTROPHE_S = re.compile(r"'s\b")
_MARKED_S = f" {_MARK}s "
_M = np.uint64(0xC6A4A7935BD1E995)
_R = np.uint64(47)
_SEED = np.uint64(1)
_PADDING = bytes(8)  # so that an 8-byte read at any token start stays in the buffer


class IdSet:
    """A fixed set of uint64 ids, for testing many ids at once.

    A binary search per id costs a cache miss per step; a table of 2^16 flags indexed by
    the ids' low bits (ids are hashes, so their low bits are uniform) first rules out
    nearly every id that is not in the set, and only the rest are searched.
    """

    def __init__(self, ids: Iterable[int]) -> None:
        self.sorted = np.array(sorted(set(ids)), dtype=np.uint64)
        self.flags = np.zeros(1 << 16, dtype=bool)
        self.flags[self.sorted & np.uint64(0xFFFF)] = True

    def positions(self, ids: UInt64s) -> tuple[Int64s, Int64s]:
        """(indices into `ids` of the members, each one's index in `self.sorted`)."""
        maybe = np.flatnonzero(self.flags[ids & np.uint64(0xFFFF)])
        if not len(self.sorted):
            return maybe[:0], maybe[:0]
        at = np.minimum(np.searchsorted(self.sorted, ids[maybe]), len(self.sorted) - 1)
        hit = self.sorted[at] == ids[maybe]
        return maybe[hit], at[hit]


def _symbol_table() -> tuple[IdSet, UInt64s]:
    """spaCy's reserved strings: their plain hashes, and the symbol id of each (same order)."""
    plain = {hash_string(name): value for name, value in IDS.items() if name}
    hashes = IdSet(plain)
    return hashes, np.array([plain[h] for h in hashes.sorted.tolist()], dtype=np.uint64)


_SYMBOL_HASHES, _SYMBOL_IDS = _symbol_table()


@dataclass
class BatchTokens:
    """The tokens of a batch of items, in order."""

    ids: UInt64s  # every token's ORTH id, item after item
    lengths: Int64s  # tokens per item
    texts: list[str]  # per item: its tokens, each followed by one space ("" if none)


def plain_form(text: str, tokenizer: FastTokenizer) -> str | None:
    """`text` made ready for the blank-and-split rule, or None where only `words` will do.

    That rule is `words`'s own for ASCII text without "/" (English without an apostrophe),
    and it gives the same words where no digit precedes a "/" (the pattern's only branch
    that takes a "/" must start with digits and a "/": elsewhere "/" separates words);
    English with apostrophes but no "n't" also qualifies once each `'s` the possessive
    pattern would take as a word is set apart with the apostrophe as `_MARK` (which the
    byte table keeps) and every other apostrophe is blanked.
    """
    if not text.isascii() or _MARK in text or ("/" in text and _DIGIT_SLASH.search(text)):
        return None
    if tokenizer.lang != "en" or "'" not in text:
        return text
    if "n't" in text:
        return None
    return _APOSTROPHE_S.sub(_MARKED_S, _LONE_APOSTROPHE.sub(" ", text))


def batch_tokens(texts: list[str], tokenizers: list[FastTokenizer]) -> BatchTokens:
    """Tokens of normalised `texts`, each with its language's tokenizer (same lengths)."""
    buffer = _token_rows(texts, tokenizers)
    chars = np.frombuffer(buffer, dtype=np.uint8)[: -len(_PADDING)]
    chars[chars == ord(_MARK)] = ord("'")
    _blank_lone_joiners(chars)
    gaps = (chars == _SPACE) | (chars == _NEWLINE)
    inside = ~gaps
    first = inside.copy()
    first[1:] &= gaps[:-1]
    last = inside.copy()
    last[:-1] &= gaps[1:]
    starts = np.flatnonzero(first)
    sizes = np.flatnonzero(last) + 1 - starts
    newlines = np.flatnonzero(chars == _NEWLINE)
    bounds = np.concatenate(([0], np.searchsorted(starts, newlines), [len(starts)]))
    lengths = np.diff(bounds).astype(np.int64)
    keep = inside.copy()
    keep[1:] |= (chars[1:] == _SPACE) & inside[:-1]
    keep[newlines] = True
    spaced = chars[keep].tobytes().decode().split("\n")
    return BatchTokens(string_ids(buffer, starts, sizes), lengths, spaced)


def _token_rows(texts: list[str], tokenizers: list[FastTokenizer]) -> bytearray:
    """The items' rows joined by " \\n", then one space and the padding.

    A row is the plain form's bytes through the table (the batch's plain forms go through
    it at once) or, for the other items, `words`'s tokens joined by spaces.
    """
    forms = list(map(plain_form, texts, tokenizers))
    joined = "\n".join([form or "" for form in forms])
    rows = joined.encode().translate(_BLANK_KEEPING_NEWLINES).split(b"\n")
    for index, form in enumerate(forms):
        if form is None:
            rows[index] = " ".join(tokenizers[index].words(texts[index])).encode()
    return bytearray(b" \n".join(rows) + b" " + _PADDING)


def _blank_lone_joiners(chars: npt.NDArray[np.uint8]) -> None:
    """`LONE_JOINER.sub(" ", ...)` in place: blank each "-" or "." without a letter or
    digit on both sides (in the other items' tokens every one has them, so none changes)."""
    alnum = ((chars >= ord("a")) & (chars <= ord("z"))) | (
        (chars >= ord("0")) & (chars <= ord("9"))
    )
    joiner = (chars == ord("-")) | (chars == ord("."))
    joiner[1:-1] &= ~(alnum[:-2] & alnum[2:])
    chars[joiner] = _SPACE


def string_ids(buffer: bytes | bytearray, starts: Int64s, sizes: Int64s) -> UInt64s:
    """`get_string_id` of each UTF-8 string `buffer[start:start + size]` (sizes > 0).

    `buffer` must hold 8 more bytes after the last string. MurmurHash64A as murmurhash's
    `hash64` computes it: whole 8-byte little-endian blocks, then the last 1-7 bytes.
    """
    words = np.ndarray(shape=(len(buffer) - 7,), dtype="<u8", buffer=buffer, strides=(1,))
    blocks = sizes >> 3
    h = _SEED ^ (sizes.astype(np.uint64) * _M)
    block = 0
    longer = np.flatnonzero(blocks > 0)  # the strings with a whole block at `block`
    while len(longer):
        k = words[starts[longer] + 8 * block] * _M
        k ^= k >> _R
        k *= _M
        h[longer] = (h[longer] ^ k) * _M
        block += 1
        longer = longer[blocks[longer] > block]
    rest = (sizes & 7).astype(np.uint64)
    tail = words[starts + (blocks << 3)] & ((np.uint64(1) << (rest << np.uint64(3))) - np.uint64(1))
    h = np.where(rest > 0, (h ^ tail) * _M, h)
    h ^= h >> _R
    h *= _M
    h ^= h >> _R
    where, which = _SYMBOL_HASHES.positions(h)
    h[where] = _SYMBOL_IDS[which]
    return h
