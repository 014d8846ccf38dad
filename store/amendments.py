"""What changed, in a few words: `Change.amendment_note` and how it reads in en/es.

The note is stored as a short code, optionally followed by ":" and a detail taken from the
source (a message number, a date move): "erratum", "replaces:CSMS 64470353",
"dates:effective 2027-01-01 -> 2027-02-01". `render_amendment` turns it into a sentence
in English or Spanish, so the stored value stays language-neutral.

Two cases produce a note:

* an amended change (new content on a known document): the difference between the
  revision kept and the new fields, by `note_for_update`;
* a new document that is itself a correction or update of another (a DOF "FE de erratas",
  a CSMS "UPDATE:" that "replaces CSMS #...", a Federal Register correction), by
  `note_for_new`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from store.text import fold as _fold
from store.text import squash

# code -> (English, Spanish); "{detail}" is the part after the ":" of the stored note.
_TEXTS: dict[str, tuple[str, str]] = {
    "erratum": (
        "Erratum to an earlier publication",
        "Fe de erratas de una publicación anterior",
    ),
    "clarification": (
        "Clarification of an earlier publication",
        "Aclaración de una publicación anterior",
    ),
    "update": (
        "Update of an earlier message",
        "Actualización de un mensaje anterior",
    ),
    "replaces": (
        "Replaces {detail}",
        "Sustituye a {detail}",
    ),
    "fr_correction": (
        "Correction of Federal Register document {detail}",
        "Corrección del documento {detail} del Federal Register",
    ),
    "correction": (
        "Correction of an earlier publication",
        "Corrección de una publicación anterior",
    ),
    "title": (
        "Title changed",
        "Cambió el título",
    ),
    "body": (
        "Text changed",
        "Cambió el texto",
    ),
    "title_body": (
        "Title and text changed",
        "Cambiaron el título y el texto",
    ),
    "file_replaced": (
        "File replaced on the site",
        "Archivo sustituido en el sitio",
    ),
    "dates": (
        "Dates changed: {detail}",
        "Cambiaron las fechas: {detail}",
    ),
    "annex": (
        "Annex added or changed: {detail}",
        "Anexo agregado o modificado: {detail}",
    ),
    "metadata": (
        "Details changed ({detail})",
        "Cambiaron datos ({detail})",
    ),
}
LABELS: dict[str, dict[str, str]] = {c: {"en": en, "es": es} for c, (en, es) in _TEXTS.items()}

_REPLACES = re.compile(r"(?:replace[sd]?|supersede[sd]?|sustituye)\s+CSMS\s*#?\s*(\d{6,9})", re.I)
_ANNEX = re.compile(r"\bAnexos?\s+(\d{1,2}(?:-[A-Z])?)", re.I)
_DATE_KEYS = ("published_on", "effective_on", "comments_close_on")


def note_for_new(source_id: str, fields: Mapping[str, Any]) -> str | None:
    """A note for a new document that corrects or updates another, else None."""
    title = _fold(fields.get("title"))
    head = title[:80]
    extra = fields.get("extra") or {}
    if source_id == "us_federal_register":
        return _federal_register_note(fields, extra, head)
    if source_id == "us_cbp_csms":
        return _csms_note(fields, head)
    if re.match(r"\s*(?:fe\s+de\s+erratas|errata)\b", head):
        return "erratum"
    if re.match(r"\s*(?:aclaracion|nota\s+aclaratoria)\b", head):
        return "clarification"
    return None


def _federal_register_note(
    fields: Mapping[str, Any], extra: Mapping[str, Any], head: str
) -> str | None:
    corrected = extra.get("correction_of")
    if isinstance(corrected, str) and corrected.strip():
        return f"fr_correction:{corrected.strip()[:40]}"
    if (fields.get("doc_type") or "").lower() == "correction" or head.startswith("correction"):
        return "correction"
    return None


def _csms_note(fields: Mapping[str, Any], head: str) -> str | None:
    replaced = _REPLACES.search(f"{fields.get('title') or ''}\n{(fields.get('body') or '')[:3000]}")
    if replaced:
        return f"replaces:CSMS {replaced.group(1)}"
    # "CSMS # 67373639 - UPDATE: ..." : look past the message number.
    subject = re.sub(r"^\s*csms\s*#?\s*[\d-]+\s*[-:\u2013\u2014]?\s*", "", head)
    if re.match(r"(?:correction|corrected)\b", subject):
        return "correction"
    if re.match(r"(?:update|updated)\b", subject):
        return "update"
    return None


def note_for_update(
    source_id: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> str | None:
    """What differs between the stored fields (`before`) and the new ones (`after`)."""
    moved = _moved_dates(before, after)
    if moved:
        return f"dates:{moved}"
    added = _annexes(after.get("body")) - _annexes(before.get("body"))
    if added:
        return "annex:" + ", ".join(f"Anexo {a}" for a in sorted(added))[:80]
    title = squash(before.get("title")) != squash(after.get("title"))
    body = squash(before.get("body")) != squash(after.get("body"))
    if title and body:
        return "title_body"
    if title:
        return "title"
    if body:
        return "file_replaced" if source_id == "mx_sat_normatividad" else "body"
    changed = [
        k for k in ("url", "agency", "doc_type") if squash(before.get(k)) != squash(after.get(k))
    ]
    return f"metadata:{', '.join(changed)}" if changed else None


def _moved_dates(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    moves = []
    for key in _DATE_KEYS:
        old, new = _iso(before.get(key)), _iso(after.get(key))
        if old and new and old != new:
            moves.append(f"{key.removesuffix('_on')} {old} -> {new}")
    return "; ".join(moves)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _annexes(body: Any) -> set[str]:
    return {m.group(1).upper() for m in _ANNEX.finditer(str(body or "")[:20000])}


def render_amendment(note: str | None, language: str) -> str | None:
    """The note as a short sentence in `language` ("en" or "es"); unknown codes read as-is."""
    if not note:
        return None
    code, _, detail = note.partition(":")
    labels = LABELS.get(code)
    if labels is None:
        return note
    language = language if language in ("en", "es") else "en"
    return labels[language].format(detail=_readable(code, detail.strip(), language))


# The stored details name fields and ISO dates; a reader gets words and their own date format.
_FIELD_WORDS = {
    "published": ("publication", "publicación"),
    "effective": ("in force", "entrada en vigor"),
    "comments_close": ("comments close", "cierre de comentarios"),
    "url": ("link", "enlace"),
    "agency": ("agency", "dependencia"),
    "doc_type": ("document type", "tipo de documento"),
}
_DATE_MOVE = re.compile(r"^(\w+) (\d{4}-\d{2}-\d{2}) -> (\d{4}-\d{2}-\d{2})$")


def _readable(code: str, detail: str, language: str) -> str:
    if code == "dates":
        return "; ".join(_date_move(part.strip(), language) for part in detail.split(";"))
    if code == "metadata":
        return ", ".join(_field_word(part.strip(), language) for part in detail.split(","))
    return detail


def _field_word(field: str, language: str) -> str:
    words = _FIELD_WORDS.get(field)
    return field if words is None else words[language == "es"]


def _date_move(part: str, language: str) -> str:
    """ "effective 2027-01-01 -> 2027-02-01" as "in force Jan 1, 2027 → Feb 1, 2027"."""
    found = _DATE_MOVE.match(part)
    if found is None:
        return part
    field, old, new = found.groups()
    days = [_day(value, language) for value in (old, new)]
    return f"{_field_word(field, language)} {days[0]} → {days[1]}"


def _day(iso: str, language: str) -> str:
    from babel.dates import format_date

    try:
        value = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return format_date(value, format="medium", locale="es_MX" if language == "es" else "en_US")
