"""A short abstract of a document, without the words that say nothing to a reader (pure).

A digest item's abstract is the source's own abstract (Federal Register, CSMS), else the
first sentences of the body. Several sources open their bodies with text that describes
the file, not the rule: SAT's linked files are stored as "Archivo PDF de 551 bytes
publicado en el minisitio ... SHA-256: ...", DOF notes open with the seal ("Al margen un
sello con el Escudo Nacional ..."), press releases with a dateline ("Comunicado 242/2026
Ciudad de México, a 4 de diciembre de 2026."). Those sentences are dropped; an abstract
that is nothing else is no abstract, and DOF recitals ("Que el artículo 9 ...",
"CONSIDERANDO") are legal reasoning, not a summary, so they are not shown either.
"""

from __future__ import annotations

import re
from typing import Any

ABSTRACT_CHARS = 200

# Sentences that only describe the file or the page: never an abstract.
_FILE_WORDS = re.compile(
    r"^(?:"
    r"archivo\s+\w+\s+de\s+[\d.,]+\s+bytes\b"  # SAT files as the spider describes them
    r"|(?:file|document)\s+\w*\s*of\s+[\d.,]+\s+bytes\b"
    r"|sha-?256\s*:"
    r"|contiene\s*:"
    # "This message serves to replace CSMS # 66997350.": the amendment note says it already.
    r"|this\s+message\s+(?:serves\s+to\s+)?(?:replace|supersede)s?\s+csms\s*#?\s*\d+\.?$"
    r"|al\s+margen\s+un\s+sello\b"  # DOF: the seal before every decree
    r"|estados\s+unidos\s+mexicanos\.?-"
    r"|comunicado(?:\s+de\s+prensa)?(?:\s+no\.)?\s*\d+/\d{4}\b"  # press release numbers
    r"|(?:[\w.]+\s+){0,4}[\w.]+,\s+a\s+\d{1,2}\s+de\s+\w+\s+de\s+\d{4}\.?$"  # dateline
    r")",
    re.IGNORECASE,
)
# A body that opens with the recitals has no summary sentence to offer.
_RECITALS = re.compile(
    r"^(?:que\s|considerando\b|c\s*o\s*n\s*s\s*i\s*d\s*e\s*r\s*a\s*n\s*d\s*o)", re.I
)
_SENTENCES = re.compile(r"(?<=[.;!?])\s+")
_DATELINE = re.compile(
    r"^comunicado(?:\s+de\s+prensa)?(?:\s+no\.)?\s*\d+/\d{4}\s+"
    r"(?:[\w.]+\s+){0,4}[\w.]+,\s+a\s+\d{1,2}\s+de\s+\w+\s+de\s+\d{4}\.\s*",
    re.IGNORECASE,
)


def document_abstract(document: Any, title: str | None = None) -> str | None:
    """A short abstract: the source's own abstract, else the first informative sentences of
    the body (without a leading repeat of `title` or of the document's title)."""
    extra = getattr(document, "extra", None) or {}
    raw = extra.get("abstract") if isinstance(extra, dict) else None
    text = " ".join(str(raw or getattr(document, "body", None) or "").split())
    heading = title if title is not None else getattr(document, "title", None)
    return informative(text, ABSTRACT_CHARS, str(heading or "")) or None


def informative(text: str, limit: int, title: str = "") -> str:
    """`text` without a leading repeat of `title` and without the sentences that only
    describe the file, in whole sentences up to `limit` characters; empty when nothing
    informative is left."""
    text = without_title(_DATELINE.sub("", " ".join(text.split())), title)
    kept = [s for s in _SENTENCES.split(text) if s and not _FILE_WORDS.match(s)]
    if not kept or _RECITALS.match(kept[0]):
        return ""
    return shorten_sentences(" ".join(kept), limit)


def is_informative(text: str | None) -> bool:
    """Whether an abstract says something beyond the file's description."""
    return bool(text and informative(text, len(text) + 1))


def without_title(abstract: str, title: str) -> str:
    """The abstract minus a leading repeat of the title (SAT and DOF bodies often open so)."""
    flat, head = " ".join(abstract.split()), " ".join(title.split()).rstrip(".")
    if head and flat.casefold().startswith(head.casefold()):
        return flat[len(head) :].lstrip(" .;:-–—")
    return flat


def shorten_sentences(text: str, limit: int) -> str:
    """Whole sentences up to `limit` characters; one cut sentence with an ellipsis if none fits."""
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCES.split(text):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or shorten(text, limit)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–—")
    return cut + "…"
