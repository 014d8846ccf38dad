"""Text folding shared by the store's matchers (store/ must not import crawlers)."""

from __future__ import annotations

import unicodedata
from typing import Any


def fold(text: str | None) -> str:
    """Lower-case, accents and other combining marks dropped: "Número" -> "numero"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    return decomposed.translate(_WITHOUT_MARKS).lower()


def squash(value: Any) -> str:
    """NFC-normalised text with runs of whitespace collapsed to one space; None gives ""."""
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split())


class _MarkTable(dict[int, str | None]):
    """`str.translate` table dropping combining marks, filled as characters are first seen
    (a crawl folds thousands of titles; this is several times faster than a generator)."""

    def __missing__(self, code: int) -> str | None:
        kept = self[code] = None if unicodedata.combining(chr(code)) else chr(code)
        return kept


_WITHOUT_MARKS = _MarkTable()
