"""The DOF daily edition index (`index.php` / `index_111.php`): one flat table whose rows
differ only by CSS class, so the parser walks every element in document order and carries
the current section, branch and issuing agency down to each note link."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from lxml import html as lxml_html

from crawlers.errors import ParseError
from crawlers.items import DocumentItem, ParseResult
from crawlers.parsers import dof_common as common
from crawlers.parsers.text import clean_text

_FECHA_RE = re.compile(
    r"Fecha:\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?:\s*-\s*Edici\S*n\s+([^\s<]+))?",
    re.IGNORECASE,
)
_NO_DATA_RE = re.compile(r"No\s+hay\s+datos\s+para\s+la\s+fecha", re.IGNORECASE)
_CODE_RE = re.compile(r"[?&]codigo=(\d+)", re.IGNORECASE)
_NOTE_HREF_RE = re.compile(
    r"href\s*=\s*[\"']?[^\"'>]*nota_detalle(?:_popup)?\.php\?[^\"'>]*codigo=\d", re.IGNORECASE
)
_CALENDAR_RE = re.compile(r"Defaults\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})")
# Notes before 1999 have no per-note links, only scanned page images.
_FIRST_LINKED_YEAR = 1999


@dataclasses.dataclass
class _RowState:
    """What the walk has seen so far: the headers that apply to the next note link."""

    section: str | None = None
    branch: str | None = None
    agency: str | None = None
    # Only anchors of class "enlaces" are notes, unless the page has none (older layouts).
    strict: bool = True


@dataclasses.dataclass
class _Header:
    """The `Fecha: DD/MM/YYYY - Edición X` line: what the server is actually serving."""

    served: dt.date | None
    edition: str | None


def parse_index(
    text: str, url: str, date: dt.date | None, sidof_base: str = common.SIDOF_BASE
) -> ParseResult:
    """Parse an edition index page into one item (and one docFuente follow) per note."""
    params = common.query_params(url)
    requested = date or common.date_from_query(params)
    header = _read_header(text)
    has_links = bool(_NOTE_HREF_RE.search(text))
    common.raise_if_interstitial(text, has_content=bool(header.served or has_links))
    if header.served is None and not has_links and _NO_DATA_RE.search(text):
        return _no_edition(requested or calendar_date(text), params)
    if header.served is None and not has_links:
        raise ParseError("The page is not a DOF edition index (no date header and no notes).")
    common.check_date(header.served, requested, "edition index")
    root = _parse_tree(text)
    items = _collect_items(root, header, params, requested, strict=True)
    if not items and has_links:
        items = _collect_items(root, header, params, requested, strict=False)
    common.check_date(_link_date(items), requested, "edition index")
    return _build_result(text, items, header, params, requested, sidof_base)


def _build_result(
    text: str,
    items: list[DocumentItem],
    header: _Header,
    params: dict[str, str],
    requested: dt.date | None,
    sidof_base: str,
) -> ParseResult:
    served = header.served or _link_date(items) or requested
    truncated = _looks_truncated(text)
    if truncated and items and _is_cut_off(text, items[-1].external_id):
        items = items[:-1]  # its title was cut mid-word with the page
    if not items and has_note_links(text):
        raise ParseError("The index has note links but none could be read; the layout changed.")
    if not items and (served is None or served.year >= _FIRST_LINKED_YEAR):
        raise ParseError("The index shows an edition but lists no notes; the page may be cut off.")
    follow = [common.follow_doc_fuente(item, sidof_base) for item in items]
    requested_edition = common.normalize_edition(params.get("edicion"))
    status = "ok" if items else "images_only"
    if requested_edition and header.edition and requested_edition != header.edition:
        status = "other_edition"  # the server fell back to another edition of the day
    elif truncated:
        status = "truncated"
    weekday = served is not None and served.weekday() < 5
    return ParseResult(items=items, follow=follow, status=status, expected_items=weekday)


def has_note_links(text: str) -> bool:
    """True where the page links at least one note (nota_detalle.php?codigo=N)."""
    return bool(_NOTE_HREF_RE.search(text))


def calendar_date(text: str) -> dt.date | None:
    """The day the page's calendar widget is set to (present even on no-edition pages)."""
    match = _CALENDAR_RE.search(text)
    if not match:
        return None
    return common.make_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))


def header_date(text: str) -> dt.date | None:
    """The date of the page's `Fecha:` header, if it has one."""
    return _read_header(text).served


def _no_edition(requested: dt.date | None, params: dict[str, str]) -> ParseResult:
    # A weekday morning edition is published every working day: its absence is suspicious
    # (a holiday, or the site misbehaving); an evening or extraordinary one often is not.
    edition = common.normalize_edition(params.get("edicion")) or "MAT"
    weekday = requested is not None and requested.weekday() < 5
    return ParseResult(status="no_edition", expected_items=weekday and edition == "MAT")


def _read_header(text: str) -> _Header:
    match = _FECHA_RE.search(_unescape_light(text))
    if not match:
        return _Header(None, None)
    served = common.make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return _Header(served, common.normalize_edition(match.group(4)))


def _unescape_light(text: str) -> str:
    # Only what the Fecha header needs; a full unescape of a 60 kB page is wasted work.
    return text.replace("&oacute;", "ó").replace("&nbsp;", " ").replace("&#243;", "ó")


def _parse_tree(text: str) -> Any:
    try:
        return lxml_html.document_fromstring(text.replace("\x00", ""))
    except (ValueError, TypeError) as error:  # lxml's ParserError is a ValueError
        raise ParseError("The edition index is not readable HTML.") from error


def _collect_items(
    root: Any, header: _Header, params: dict[str, str], requested: dt.date | None, strict: bool
) -> list[DocumentItem]:
    state = _RowState(strict=strict)
    items: list[DocumentItem] = []
    seen: set[str] = set()
    edition = header.edition or common.normalize_edition(params.get("edicion"))
    for element in _elements(root):
        item = _step(element, state, header.served or requested, edition)
        if item is not None and item.external_id not in seen:
            seen.add(item.external_id)
            items.append(item)
    return items


def _elements(root: Any) -> Iterator[Any]:
    yield from root.iter("td", "a", "th")


def _step(
    element: Any, state: _RowState, served: dt.date | None, edition: str | None
) -> DocumentItem | None:
    classes = set((element.get("class") or "").split())
    if element.tag == "a":
        return _note_item(element, classes, state, served, edition)
    if "txt_blanco" in classes:
        label = clean_text(element.text_content())
        if label and not _NO_DATA_RE.search(label):
            state.section, state.branch, state.agency = common.normalize_section(label), None, None
    elif "txt_blanco2" in classes:
        state.branch, state.agency = clean_text(element.text_content()) or None, None
    elif "subtitle_azul" in classes:
        state.agency = clean_text(element.text_content()) or None
    return None


def _note_item(
    anchor: Any, classes: set[str], state: _RowState, served: dt.date | None, edition: str | None
) -> DocumentItem | None:
    href = anchor.get("href") or ""
    match = _CODE_RE.search(href)
    if (
        (state.strict and "enlaces" not in classes)
        or not match
        or "nota_detalle" not in href.lower()
    ):
        return None
    title = clean_text(anchor.text_content())
    if not title:
        return None
    link_date = common.parse_dof_date(common.query_params(href).get("fecha"))
    published_on = served or link_date
    code = match.group(1)
    extra = {"branch": state.branch, "link_date": link_date.isoformat() if link_date else None}
    return DocumentItem(
        source=common.SOURCE,
        external_id=code,
        title=title,
        url=common.official_url(code, published_on),
        published_on=published_on,
        agency=state.agency,
        language="es",
        doc_type=common.doc_type_of(title),
        edition=edition,
        section=state.section,
        extra=extra,
    )


def _link_date(items: list[DocumentItem]) -> dt.date | None:
    dates = {item.extra.get("link_date") for item in items} - {None}
    if len(dates) != 1:
        return None
    return dt.date.fromisoformat(str(dates.pop()))


def _is_cut_off(text: str, code: str) -> bool:
    tail = text[text.rfind(f"codigo={code}") :]
    return "</a>" not in tail.lower() and "</td>" not in tail.lower()


def _looks_truncated(text: str) -> bool:
    return "</html>" not in text[-4096:].lower()
