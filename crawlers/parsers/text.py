"""Decoding and cleaning helpers shared by the parsers.

Government pages lie about their encoding: the DOF sends two `<meta>` charsets
(ISO-8859-1 first, UTF-8 second) over UTF-8 bytes, serves some indexes as cp1252 without
saying so, and mixes entities, decomposed accents and latin-1/UTF-8 mojibake. So bytes
are decoded in a fixed order (HTTP header charset, then strict UTF-8, then cp1252) and
the first `<meta>` is never consulted.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")
# A UTF-8 lead byte read as cp1252/latin-1 followed by one or more continuation bytes
# read the same way: "Ã³" for "ó", "Ã‘" for "Ñ", "â€œ" for a curly quote.
_MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]{1,3}"
)
_LATIN1_FAMILY = {"iso8859-1", "cp1252", "ascii"}  # codecs.lookup() names


def header_value(headers: Mapping[Any, Any] | None, name: str) -> str | None:
    """Return one header as text, whatever the mapping holds (str, bytes or Scrapy lists)."""
    if not headers:
        return None
    wanted = name.lower()
    for key, value in headers.items():
        key_text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key_text.lower() != wanted:
            continue
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else b""
        return value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return None


def header_charset(headers: Mapping[Any, Any] | None) -> str | None:
    """The charset named in a Content-Type header, as a Python codec name, if known."""
    content_type = header_value(headers, "content-type")
    match = _CHARSET_RE.search(content_type or "")
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return None


# cp1252 leaves five bytes undefined; those keep their latin-1 meaning so nothing is lost.
_CP1252_TABLE = {
    b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)
}


def _decode_cp1252(body: bytes) -> str:
    return body.decode("latin-1").translate(_CP1252_TABLE)


def _try_decode(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_body(body: bytes, headers: Mapping[Any, Any] | None = None) -> str:
    """Decode a response body: header charset, then strict UTF-8, then cp1252."""
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
    declared = header_charset(headers)
    as_utf8 = _try_decode(body, "utf-8")
    if declared:
        # A latin-1 label over bytes that are valid, non-ASCII UTF-8 is the DOF's own
        # mislabelling; real latin-1 text practically never forms valid UTF-8 sequences.
        if declared in _LATIN1_FAMILY and as_utf8 is not None and not body.isascii():
            return as_utf8
        text = _try_decode(body, declared)
        if text is not None:
            return text
    if as_utf8 is not None:
        return as_utf8
    return _decode_cp1252(body)


def _char_to_byte(char: str) -> bytes:
    try:
        return char.encode("cp1252")
    except UnicodeEncodeError:
        return char.encode("latin-1")  # the five bytes cp1252 leaves undefined


def _repair_match(match: re.Match[str]) -> str:
    chunk = match.group(0)
    try:
        return b"".join(_char_to_byte(c) for c in chunk).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return chunk


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as cp1252/latin-1 ("SecretarÃ­a" -> "Secretaría")."""
    if "\u00c2" not in text and "\u00c3" not in text and "\u00e2" not in text:
        return text
    return _MOJIBAKE_RE.sub(_repair_match, text)


def collapse_space(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space."""
    return _SPACE_RE.sub(" ", text.replace("\u00a0", " ")).strip()


def clean_text(text: str | None) -> str:
    """Unescape entities, repair mojibake, normalise to NFC and collapse whitespace."""
    if not text:
        return ""
    text = html.unescape(html.unescape(text)) if "&" in text else text
    text = repair_mojibake(text)
    text = unicodedata.normalize("NFC", text)
    return collapse_space(text)


def fold_ascii(text: str) -> str:
    """Upper-case `text` without accents, for comparing labels such as agency names."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return collapse_space(stripped).upper()
