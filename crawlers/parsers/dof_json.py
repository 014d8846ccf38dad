"""The DOF's JSON paths: SIDOF's `/notas/DD-MM-YYYY` and `/notas/nota/{codNota}`, and the
legacy `WS_getDiarioFull.php`, whose nesting switches between a dict and a list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from crawlers.errors import ParseError, RetryableError
from crawlers.items import DocumentItem, ParseResult
from crawlers.parsers import dof_common as common
from crawlers.parsers.text import clean_text

_SIDOF_LISTS = (
    ("NotasMatutinas", "MAT"),
    ("NotasVespertinas", "VES"),
    ("NotasExtraordinarias", "EXT"),
)


def load_json(text: str, what: str) -> Any:
    """Parse JSON text, or raise ParseError naming what the response should have been."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ParseError(f"The {what} response is not valid JSON.") from error


def looks_like_sidof_list(data: Any) -> bool:
    """True for a SIDOF `/notas/DD-MM-YYYY` answer (or an archive day file in its shape)."""
    return isinstance(data, dict) and any(key in data for key, _ in _SIDOF_LISTS)


def looks_like_ws_diario(data: Any) -> bool:
    """True for a legacy `WS_getDiarioFull.php` answer."""
    return isinstance(data, dict) and "ejemplares" in data


def looks_like_sidof_note(data: Any) -> bool:
    """True for a SIDOF `/notas/nota/{codNota}` answer."""
    return isinstance(data, dict) and "Nota" in data


def check_message_code(data: Any, what: str) -> None:
    """SIDOF reports failures inside a 200 answer: messageCode 400, 404, 500..."""
    if not isinstance(data, dict) or "messageCode" not in data:
        return
    try:
        code = int(data["messageCode"])
    except (TypeError, ValueError):
        raise ParseError(f"The {what} carries an unreadable messageCode.") from None
    if code == 200:
        return
    detail = clean_text(str(data.get("response") or ""))[:120]
    if code >= 500 or code == 429:
        raise RetryableError(f"SIDOF answered messageCode {code} ({detail}) for the {what}.")
    raise ParseError(f"SIDOF answered messageCode {code} ({detail}) for the {what}.")


# --- SIDOF /notas/DD-MM-YYYY ------------------------------------------------------------


def parse_sidof_list(
    text: str, url: str, date: dt.date | None, sidof_base: str = common.SIDOF_BASE
) -> ParseResult:
    """One item per titled note of every edition in a SIDOF day listing."""
    data = load_json(text, "SIDOF note list")
    check_message_code(data, "SIDOF note list")
    if not looks_like_sidof_list(data):
        raise ParseError("The SIDOF response has no NotasMatutinas/Vespertinas lists.")
    requested = date or common.parse_dof_date(common.url_path(url).rsplit("/", 1)[-1])
    items = common.dedupe(_sidof_items(data, requested))
    served = {item.published_on for item in items if item.published_on is not None}
    if requested and served and requested not in served:
        common.check_date(min(served), requested, "SIDOF note list")
    weekday = requested is not None and requested.weekday() < 5
    follow = [common.follow_doc_fuente(item, sidof_base) for item in items]
    # An empty weekday is ambiguous on SIDOF (a holiday or a lost day): flag it.
    status = "ok" if items else "no_edition"
    return ParseResult(items=items, follow=follow, status=status, expected_items=weekday)


def _sidof_items(data: dict[str, Any], requested: dt.date | None) -> Iterator[DocumentItem]:
    for key, edition in _SIDOF_LISTS:
        notes = data.get(key) or []
        for note in notes if isinstance(notes, list) else [notes]:
            item = _sidof_item(note, edition, requested) if isinstance(note, dict) else None
            if item is not None:
                yield item


def _sidof_item(
    note: dict[str, Any], edition: str, requested: dt.date | None
) -> DocumentItem | None:
    code = _code(note.get("codNota", note.get("cod_nota", note.get("id"))))
    title = clean_text(_text(note.get("titulo")))
    if not code or not title:  # titleless rows are agency headers or stub duplicates
        return None
    published_on = common.parse_dof_date(note.get("fecha")) or requested
    extra = {
        "branch": clean_text(_text(note.get("nombreCodOrgaUno"))) or None,
        "branch_code": _text(note.get("codOrgaUno")) or None,
        "cod_diario": _text(note.get("codDiario")) or None,
        "page": _text(note.get("pagina")) or None,
        "page_to": _text(note.get("paginaHasta")) or None,
    }
    return DocumentItem(
        source=common.SOURCE,
        external_id=code,
        title=title,
        url=common.official_url(code, published_on),
        published_on=published_on,
        agency=clean_text(_text(note.get("codOrgaDos"))) or None,
        language="es",
        doc_type=common.doc_type_of(title),
        edition=common.normalize_edition(note.get("codEdicion")) or edition,
        section=common.normalize_section(_text(note.get("codSeccion"))),
        extra=extra,
    )


# --- SIDOF /notas/nota/{codNota} --------------------------------------------------------


def parse_sidof_note(text: str, url: str, date: dt.date | None) -> ParseResult:
    """The single-note SIDOF answer: metadata plus the note HTML in `cadenaContenido`."""
    from crawlers.parsers.dof_note import html_to_text  # the HTML helpers live there

    data = load_json(text, "SIDOF note")
    check_message_code(data, "SIDOF note")
    if not looks_like_sidof_note(data):
        raise ParseError("The SIDOF response has no Nota object.")
    note = data["Nota"]
    if isinstance(note, list):
        note = note[0] if note and isinstance(note[0], dict) else None
    if not note:  # SIDOF's answer for an unknown or lost note
        return ParseResult(status="not_found")
    code = _code(note.get("codNota")) or _code(common.url_path(url).rsplit("/", 1)[-1])
    title = clean_text(_text(note.get("titulo")))
    if not code or not title:
        raise ParseError("The SIDOF note has no code or no title.")
    published_on = common.parse_dof_date(note.get("fecha")) or date
    item = DocumentItem(
        source=common.SOURCE,
        external_id=code,
        title=title,
        url=common.official_url(code, published_on),
        published_on=published_on,
        language="es",
        doc_type=common.doc_type_of(title),
        edition=common.normalize_edition(note.get("codEdicion")),
        section=common.normalize_section(_text(note.get("codSeccion"))),
        body=html_to_text(_text(note.get("cadenaContenido"))) or None,
    )
    return ParseResult(items=[item])


# --- legacy WS_getDiarioFull ------------------------------------------------------------


@dataclasses.dataclass
class _Context:
    """Headers inherited down the legacy JSON tree."""

    section: str | None = None
    branch: str | None = None
    agency: str | None = None
    edition: str | None = None
    edition_date: dt.date | None = None
    cod_diario: str | None = None
    depth: int = 0


def parse_ws_diario(
    text: str, url: str, date: dt.date | None, sidof_base: str = common.SIDOF_BASE
) -> ParseResult:
    """One item per note of a legacy `WS_getDiarioFull` answer, headers carried down."""
    data = load_json(text, "WS_getDiarioFull")
    if not looks_like_ws_diario(data):
        raise ParseError("The WS_getDiarioFull response has no 'ejemplares'.")
    params = common.query_params(url)
    requested = date or common.date_from_query(params)
    items = common.dedupe(_ws_walk(data.get("ejemplares"), _Context()))
    served = {item.published_on for item in items if item.published_on is not None}
    if requested and served and requested not in served:
        common.check_date(min(served), requested, "WS_getDiarioFull answer")
    weekday = requested is not None and requested.weekday() < 5
    follow = [common.follow_doc_fuente(item, sidof_base) for item in items]
    status = "ok" if items else "no_edition"
    return ParseResult(items=items, follow=follow, status=status, expected_items=weekday)


def _ws_walk(node: Any, ctx: _Context) -> Iterator[DocumentItem]:
    if isinstance(node, list):
        for child in node:
            yield from _ws_walk(child, ctx)
        return
    if not isinstance(node, dict) or ctx.depth > 12:
        return
    if _is_ws_note(node):
        item = _ws_item(node, ctx)
        if item is not None:
            yield item
        return
    ctx = _ws_context(node, ctx)
    for key in ("secciones", "contentsection", "content"):
        if key in node:
            yield from _ws_walk(node[key], ctx)


def _is_ws_note(node: dict[str, Any]) -> bool:
    return "titulo" in node or ("url" in node and "id" in node)


def _ws_context(node: dict[str, Any], ctx: _Context) -> _Context:
    ctx = dataclasses.replace(ctx, depth=ctx.depth + 1)
    if "secciones" in node:  # an ejemplar (one edition)
        edition_date = common.parse_dof_date(node.get("fecha"))
        return dataclasses.replace(
            ctx,
            edition=common.normalize_edition(node.get("edicion")),
            edition_date=edition_date,
            cod_diario=_text(node.get("id")) or None,
        )
    if "secc" in node:
        return dataclasses.replace(ctx, section=common.normalize_section(_text(node["secc"])))
    name = clean_text(_text(node.get("name"))) or None
    if ctx.branch is None:  # the first named group under a section is the branch
        return dataclasses.replace(ctx, branch=name)
    return dataclasses.replace(ctx, agency=name)


def _ws_item(note: dict[str, Any], ctx: _Context) -> DocumentItem | None:
    code = _code(note.get("id")) or _code(_url_code(_text(note.get("url"))))
    title = clean_text(_text(note.get("titulo")))
    if not code or not title:
        return None
    published_on = common.parse_dof_date(note.get("date")) or ctx.edition_date
    return DocumentItem(
        source=common.SOURCE,
        external_id=code,
        title=title,
        url=common.official_url(code, published_on),
        published_on=published_on,
        agency=ctx.agency,
        language="es",
        doc_type=common.doc_type_of(title),
        edition=ctx.edition,
        section=ctx.section,
        extra={"branch": ctx.branch, "cod_diario": ctx.cod_diario},
    )


# --- shared -----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)


# Note codes have six digits (2003-04) or seven (every other year with linked notes); a
# shorter number is a field that changed meaning, not a note.
MIN_CODE_DIGITS = 6


def _code(value: Any) -> str | None:
    text = _text(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    plausible = text.isdigit() and text.isascii() and len(text) >= MIN_CODE_DIGITS
    return text if plausible else None


def _url_code(url: str) -> str | None:
    return common.query_params(url).get("codigo")
