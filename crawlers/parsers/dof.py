"""Parser of the DOF daily editions (`dof_daily`): pure functions of (bytes, url, date).

`parse_response` looks at the URL (and, for URLs it does not know, at the body) to pick
one of the DOF's formats:

- `dof.gob.mx/index.php` or `index_111.php?year&month&day&edicion`: the edition index;
- `sidof.segob.gob.mx/dof/sidof/notas/DD-MM-YYYY`: SIDOF's JSON day listing;
- `sidof.segob.gob.mx/dof/sidof/notas/nota/{cod}`: SIDOF's JSON single note;
- `diariooficial.gob.mx/WS_getDiarioFull.php`: the legacy JSON edition;
- `sidof.segob.gob.mx/notas/docFuente/{cod}`: the note's text (what the spider fetches);
- `sidof.segob.gob.mx/notas/{cod}`: SIDOF's public note page;
- `dof.gob.mx/nota_detalle.php?codigo=N&fecha=DD/MM/YYYY`: the legacy note page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from crawlers.errors import CrawlError, ParseError
from crawlers.items import DocumentItem, ParseResult
from crawlers.parsers import dof_common as common
from crawlers.parsers import dof_index, dof_json, dof_note
from crawlers.parsers.text import decode_body

SOURCE = common.SOURCE
SIDOF_BASE = common.SIDOF_BASE

_SIDOF_DAY_RE = re.compile(r"/notas/(\d{1,4}-\d{1,2}-\d{2,4})/?$")
_SIDOF_NOTE_RE = re.compile(r"/notas/nota/\d+/?$")
_SIDOF_SHELL_RE = re.compile(r"/notas/\d+/?$")
_INDEX_RE = re.compile(r"/(?:index(?:_\d+)?\.php)?$", re.IGNORECASE)

# Where a full note page names its own code (the favourites button, Word and popup links).
_DETAIL_CODE_RE = r"(?:Enviar\(\s*'?|nota_to_doc\.php\?codnota=|popup\.php\?codigo=)(\d{6,7})"
_JSON_KINDS = frozenset({"sidof_list", "sidof_note", "ws_diario"})

Parser = Callable[[str, str, "dt.date | None", str], ParseResult]


def parse_response(
    body: bytes,
    url: str,
    date: dt.date | None = None,
    headers: Mapping[Any, Any] | None = None,
    *,
    sidof_base: str = SIDOF_BASE,
) -> ParseResult:
    """Parse one DOF or SIDOF response; raise a CrawlError subclass when it cannot."""
    try:
        return parse_unguarded(body, url, date, headers, sidof_base=sidof_base)
    except CrawlError:
        raise
    except Exception as error:  # noqa: BLE001 - the crawl's edge: a page must not crash it
        raise ParseError(
            f"The DOF parser could not read this page ({type(error).__name__}); "
            "report it with the saved response."
        ) from error


def parse_unguarded(
    body: bytes,
    url: str,
    date: dt.date | None = None,
    headers: Mapping[Any, Any] | None = None,
    *,
    sidof_base: str = SIDOF_BASE,
) -> ParseResult:
    """`parse_response` without its safety net, so tests see real bugs."""
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise ParseError("The DOF parser needs the response body as bytes.")
    text = decode_body(bytes(body), headers)
    if not text.strip():
        raise ParseError("The response body is empty.")
    kind = kind_from_url(url) or sniff_kind(text)
    if kind is None:
        raise ParseError("The page is in no DOF format this parser knows.")
    if kind in _JSON_KINDS and text.lstrip()[:1] not in ("{", "["):
        common.raise_if_interstitial(text, has_content=False)
        raise ParseError("The DOF/SIDOF service answered with a non-JSON page.")
    return _PARSERS[kind](text, url or "", date, sidof_base)


def kind_from_url(url: str | None) -> str | None:
    """Which DOF format a URL serves, judged by its path alone (None where unsure)."""
    path = common.url_path(url or "")
    lowered = path.lower()
    if "ws_getdiariofull" in lowered:
        return "ws_diario"
    if "nota_detalle" in lowered:
        return "nota_detalle"
    if "/notas/docfuente/" in lowered:
        return "doc_fuente"
    if _SIDOF_NOTE_RE.search(path):
        return "sidof_note"
    if _SIDOF_DAY_RE.search(path):
        return "sidof_list"
    if _SIDOF_SHELL_RE.search(path):
        return "sidof_shell"
    if "index" in lowered and _INDEX_RE.search(path):
        return "index"
    if path in ("", "/") and common.date_from_query(common.query_params(url or "")):
        return "index"
    return None


def sniff_kind(text: str) -> str | None:
    """Which DOF format a body is in, judged by its content (for unknown URLs)."""
    head = text.lstrip()[:1]
    if head in ("{", "["):
        return _sniff_json(text)
    if dof_index.has_note_links(text) or "txt_blanco" in text or "No hay datos para la" in text:
        return "index"
    if "DivDetalleNota" in text or re.search(r"DOF:\s*\d{1,2}/\d{1,2}/\d{4}", text):
        return "nota_detalle"
    if 'id="tituloNota"' in text or "id='tituloNota'" in text:
        return "sidof_shell"
    if re.search(r"<title[^>]*>", text, re.IGNORECASE) and "<body" in text.lower():
        return "doc_fuente"
    return None


def _sniff_json(text: str) -> str | None:
    try:
        data = dof_json.load_json(text, "DOF")
    except ParseError:
        return None
    if dof_json.looks_like_ws_diario(data):
        return "ws_diario"
    if dof_json.looks_like_sidof_note(data):
        return "sidof_note"
    if dof_json.looks_like_sidof_list(data) or isinstance(data, dict) and "messageCode" in data:
        return "sidof_list"
    return None


def sniff_url(body: bytes, filename: str | None = None) -> str:
    """A plausible URL for a saved DOF response, for `regwatch parse` without --url."""
    text = decode_body(bytes(body or b""))
    source = re.match(r"\s*#\s*SOURCE:\s*(\S+)", text)
    if source:
        return source.group(1)
    kind = sniff_kind(text) or "index"
    code = _code_hint(text, kind) or _filename_code(filename)
    when = page_date(text)
    return _URL_BUILDERS[kind](code, when, text)


def _filename_code(filename: str | None) -> str | None:
    # Note codes are six or seven digits (677048 in 2003, 5795797 in 2026); dates in file
    # names are four-digit years or eight digits, so they never match.
    match = re.search(r"(?<!\d)(\d{6,7})(?!\d)", filename or "")
    return match.group(1) if match else None


def _code_hint(text: str, kind: str) -> str | None:
    patterns = {
        "sidof_shell": r"/notas/docFuente/(\d+)",
        "sidof_note": r"\"codNota\"\s*:\s*\"?(\d+)",
        "nota_detalle": _DETAIL_CODE_RE,
    }
    match = re.search(patterns[kind], text) if kind in patterns else None
    return match.group(1) if match else None


def _dmy(when: dt.date | None, sep: str) -> str:
    return when.strftime(f"%d{sep}%m{sep}%Y") if when else ""


def _index_url(code: str | None, when: dt.date | None, text: str) -> str:
    when = when or _link_date(text)
    url = f"{common.OFFICIAL_BASE}/index.php"
    if when:
        url += f"?year={when.year}&month={when.month:02d}&day={when.day:02d}"
        header = re.search(r"Fecha:[^<]*Edici\S*n\s+(\w+)", text)
        edition = common.normalize_edition(header.group(1)) if header else None
        url += f"&edicion={edition}" if edition else ""
    return url


def _link_date(text: str) -> dt.date | None:
    match = re.search(r"nota_detalle\.php\?codigo=\d+&(?:amp;)?fecha=(\d{1,2}/\d{1,2}/\d{4})", text)
    return common.parse_dof_date(match.group(1)) if match else None


def _sidof_list_url(code: str | None, when: dt.date | None, text: str) -> str:
    return f"{SIDOF_BASE}/dof/sidof/notas/{_dmy(when, '-')}".rstrip("/")


def _sidof_note_url(code: str | None, when: dt.date | None, text: str) -> str:
    return f"{SIDOF_BASE}/dof/sidof/notas/nota/{code or ''}".rstrip("/")


def _ws_url(code: str | None, when: dt.date | None, text: str) -> str:
    url = "http://diariooficial.gob.mx/WS_getDiarioFull.php"
    return url + (f"?year={when.year}&month={when.month:02d}&day={when.day:02d}" if when else "")


def _doc_fuente_url(code: str | None, when: dt.date | None, text: str) -> str:
    return common.doc_fuente_url(code or "")


def _shell_url(code: str | None, when: dt.date | None, text: str) -> str:
    return f"{SIDOF_BASE}/notas/{code or ''}"


def _detail_url(code: str | None, when: dt.date | None, text: str) -> str:
    query = "&".join(
        part for part in (f"codigo={code}" if code else "", f"fecha={_dmy(when, '/')}") if part
    )
    return f"{common.OFFICIAL_BASE}/nota_detalle.php?{query}"


_URL_BUILDERS: dict[str, Callable[[str | None, dt.date | None, str], str]] = {
    "index": _index_url,
    "sidof_list": _sidof_list_url,
    "sidof_note": _sidof_note_url,
    "ws_diario": _ws_url,
    "doc_fuente": _doc_fuente_url,
    "sidof_shell": _shell_url,
    "nota_detalle": _detail_url,
}


def page_date(text: str) -> dt.date | None:
    """The date a DOF page says it serves (header, note dates, calendar), if any."""
    kind = sniff_kind(text)
    if kind == "index":
        return dof_index.header_date(text) or dof_index.calendar_date(text)
    match = re.search(r"(?:DOF:|Publicado el:)\s*(\d{1,2}[/-]\d{1,2}[/-]\d{4})", text)
    if match:
        return common.parse_dof_date(match.group(1))
    match = re.search(r"\"(?:fecha|date)\"\s*:\s*\"([^\"]+)\"", text)
    return common.parse_dof_date(match.group(1)) if match else None


def merge_note(listing: Mapping[str, Any], note: DocumentItem) -> DocumentItem:
    """Fill a docFuente item from the listing item it was followed from.

    The listing knows the agency, section, edition and date; the note page knows the body
    and the full title. Keeping the listing's title avoids a spurious "amended" revision
    every time the same note is reached through a different path.
    """
    fields: dict[str, Any] = {
        key: listing.get(key)
        for key in ("title", "url", "agency", "doc_type", "edition", "section")
        if listing.get(key)
    }
    published = listing.get("published_on")
    if isinstance(published, str):
        fields["published_on"] = common.parse_dof_date(published)
    extra = dict(note.extra, full_title=note.title)
    return dataclasses.replace(note, **fields, extra=extra)


def _index(text: str, url: str, date: dt.date | None, sidof_base: str) -> ParseResult:
    return dof_index.parse_index(text, url, date, sidof_base)


def _sidof_list(text: str, url: str, date: dt.date | None, sidof_base: str) -> ParseResult:
    return dof_json.parse_sidof_list(text, url, date, sidof_base)


def _sidof_note(text: str, url: str, date: dt.date | None, sidof_base: str) -> ParseResult:
    return dof_json.parse_sidof_note(text, url, date)


def _ws_diario(text: str, url: str, date: dt.date | None, sidof_base: str) -> ParseResult:
    return dof_json.parse_ws_diario(text, url, date, sidof_base)


def _doc_fuente(text: str, url: str, date: dt.date | None, sidof_base: str) -> ParseResult:
    return dof_note.parse_doc_fuente(text, url, date)


def _sidof_shell(text: str, url: str, date: dt.date | None, sidof_base: str) -> ParseResult:
    return dof_note.parse_sidof_shell(text, url, date, sidof_base)


def _nota_detalle(text: str, url: str, date: dt.date | None, sidof_base: str) -> ParseResult:
    return dof_note.parse_nota_detalle(text, url, date)


_PARSERS: dict[str, Parser] = {
    "index": _index,
    "sidof_list": _sidof_list,
    "sidof_note": _sidof_note,
    "ws_diario": _ws_diario,
    "doc_fuente": _doc_fuente,
    "sidof_shell": _sidof_shell,
    "nota_detalle": _nota_detalle,
}

__all__ = [
    "DocumentItem",
    "merge_note",
    "page_date",
    "parse_response",
    "sniff_kind",
    "sniff_url",
]
