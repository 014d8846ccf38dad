"""SNICE, Secretaría de Economía's foreign-trade portal: the notices block and IMMEX pages.

The home page's "ACTUALIDAD" block lists notices as links preceded by a ``dd.mm.yyyy``
date (``26.06.2026 Comunicado IMMEX suspendidas 2026.``), pointing at files under
``/~oracle/SNICE_DOCS/<NAME>-ACTUALIDAD_<YYYYMMDD>-<YYYYMMDD>.pdf|xlsx`` or at the DOF.
Filler entries ("Sin publicaciones en materia de Comercio Exterior.") are skipped, and so
are the "(Consulta aquí el histórico …)" links beside them. Pages such as ``immex.html``
link documents without dates; those come out with the date in their file name.

The external id is the SNICE file name (lower case), ``dof:<codigo>`` for a DOF note, or
the link without its scheme for anything else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from crawlers.errors import ParseError, StructureError
from crawlers.items import DocumentItem, ParseResult
from crawlers.parsers.mx_common import (
    clean_text,
    decode_body,
    fold,
    join_url,
    looks_truncated_html,
    make_soup,
    raise_if_interstitial,
    require_body,
    require_url,
    split_url,
)

SOURCE = "mx_snice"
AGENCY = "Secretaría de Economía"
HOME_URL = "https://www.snice.gob.mx/cs/avi/snice/home.html"
IMMEX_URL = "https://www.snice.gob.mx/cs/avi/snice/immex.html"
_NOTICE_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")
_FILE_DATES_RE = re.compile(r"_(\d{8})(?:-(\d{8}))?")
_DOC_EXTENSIONS = (".pdf", ".xlsx", ".xls", ".doc", ".docx", ".zip", ".csv", ".ppt", ".pptx")
_FILLER_RE = re.compile(r"^sin\s+(publicaciones|proyectos|avisos|informacion)\b")
_SKIP_RE = re.compile(r"historico|^consulta\s+aqui|^aqui$|^ver\s+mas$|^regresar|^inicio$")
_TYPE_BY_WORD = {
    "aviso": "aviso",
    "avisos": "aviso",
    "comunicado": "comunicado",
    "acuerdo": "acuerdo",
    "decreto": "decreto",
    "resolucion": "resolucion",
    "listado": "listado",
    "lista": "listado",
    "circular": "circular",
    "oficio": "oficio",
}
_BLOCK_TAGS = ("li", "p", "tr", "dd", "dt", "td")
_SCAN_LIMIT = 40
_STOP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}


def parse_response(
    body: bytes,
    url: str,
    date: dt.date | None = None,
    headers: Mapping[str, Any] | None = None,
    *,
    agency: str | None = None,
) -> ParseResult:
    """Parse a SNICE page into one item per dated notice or linked SNICE document."""
    require_body(body, "a SNICE page")
    url = require_url(url or HOME_URL)
    text = decode_body(body)
    raise_if_interstitial(text, strong_only=True)
    soup = make_soup(text)
    items, fillers = _collect(soup, url or HOME_URL, agency or AGENCY)
    if not items and not fillers:
        raise_if_interstitial(text)
        raise StructureError(
            f"No dated notices or SNICE documents were found at {url}; "
            "the SNICE layout may have changed or this is another site.",
            "li/p/tr/td blocks holding a DD/MM/YYYY date and an a[href] notice link",
        )
    if looks_truncated_html(text):
        raise ParseError("The SNICE page stops before its end; fetch it again.")
    status = "ok" if items else "no_items"
    return ParseResult(items=items, status=status, expected_items=not fillers)


def sniff_url(body: bytes) -> str:
    """A plausible URL for `body`: the IMMEX page when its title says so, else home."""
    title = re.search(rb"<title[^>]*>(.*?)</title>", body[:20_000], re.I | re.S)
    if title and b"immex" in title.group(1).lower():
        return IMMEX_URL
    return HOME_URL


def external_id_for(url: str) -> str:
    """The notice's stable key: SNICE file name, ``dof:<codigo>``, or the bare link."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if "snice_docs" in path.lower() or path.lower().endswith(_DOC_EXTENSIONS):
        return path.rsplit("/", 1)[-1].lower()
    if "dof.gob.mx" in (parts.hostname or ""):
        codigo = dict(parse_qsl(parts.query)).get("codigo")
        if codigo and codigo.isdigit():
            return f"dof:{codigo}"
    host = (parts.hostname or "").lower()
    bare = f"{host}{path.rstrip('/')}".lower()
    return f"{bare}?{parts.query}" if parts.query else bare


# --------------------------------------------------------------------------- collection


def _collect(soup: BeautifulSoup, page_url: str, agency: str) -> tuple[list[DocumentItem], int]:
    found: dict[str, DocumentItem] = {}
    fillers = 0
    for anchor in soup.find_all("a", href=True):
        title = _strip_date(clean_text(anchor.get_text(" ")))
        if not title or _SKIP_RE.search(fold(title)):
            continue
        href = _absolute(str(anchor["href"]), page_url)
        if href is None:
            continue
        notice_date = _notice_date(anchor)
        if _FILLER_RE.match(fold(title)):
            fillers += notice_date is not None
            continue
        if notice_date is None and not _is_document(href):
            continue
        item = _make_item(title, href, notice_date, agency)
        found.setdefault(item.external_id, item)
    return list(found.values()), fillers


def _absolute(href: str, page_url: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    joined = join_url(page_url, href)
    if joined is None:
        return None
    absolute = quote(joined, safe=":/?#[]@!$&'()*+,;=%~")
    parts = split_url(absolute)
    return absolute if parts is not None and parts.scheme in ("http", "https") else None


def _is_document(href: str) -> bool:
    path = unquote(urlsplit(href).path).lower()
    return "snice_docs" in path or path.endswith(_DOC_EXTENSIONS)


def _strip_date(title: str) -> str:
    return re.sub(r"^\s*\d{1,2}[./]\d{1,2}[./]\d{4}\s*[-–:|]?\s*", "", title)


def _notice_date(anchor: Tag) -> dt.date | None:
    """The ``dd.mm.yyyy`` written in the link, just before it, or after it in its block."""
    own = _date_in(anchor.get_text(" "))
    if own:
        return own
    found = _scan(anchor.previous_elements, anchor)
    if found:
        return found
    block = anchor.find_parent(_BLOCK_TAGS)
    if block is None:
        return None
    after = (el for el in anchor.next_elements if _inside(el, block))
    return _scan(after, anchor)


def _scan(elements: Any, anchor: Tag) -> dt.date | None:
    """The first date among nearby text nodes, stopping at another notice's link."""
    for count, element in enumerate(elements):
        if count > _SCAN_LIMIT:
            return None
        if isinstance(element, Tag):
            if element.name in _STOP_TAGS:
                return None
            if element.name == "a" and element is not anchor and _is_title_link(element):
                return None
            continue
        if isinstance(element, NavigableString) and not _within(element, anchor):
            link = element.find_parent("a")
            if link is not None and _is_title_link(link):
                return None  # the text of another notice's link
            found = _date_in(str(element))
            if found:
                return found
    return None


def _is_title_link(anchor: Tag) -> bool:
    text = fold(clean_text(anchor.get_text(" ")))
    return bool(anchor.get("href")) and len(text) > 3 and not _SKIP_RE.search(text)


def _within(node: Any, ancestor: Tag) -> bool:
    return any(parent is ancestor for parent in getattr(node, "parents", ()))


def _inside(node: Any, block: Tag) -> bool:
    return node is block or _within(node, block)


def _date_in(text: str) -> dt.date | None:
    match = _NOTICE_DATE_RE.search(text or "")
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------------- items


def _make_item(title: str, href: str, notice_date: dt.date | None, agency: str) -> DocumentItem:
    name = unquote(urlsplit(href).path.rsplit("/", 1)[-1]) if _is_document(href) else None
    folded = fold(f"{title} {name or ''}")
    return DocumentItem(
        source=SOURCE,
        external_id=external_id_for(href),
        title=title,
        url=href,
        published_on=notice_date or _file_date(name),
        agency=agency,
        language="es",
        doc_type=_doc_type(title),
        extra={
            "file_name": name,
            "immex": "immex" in folded,
            "dated_notice": notice_date is not None,
            "link_host": (urlsplit(href).hostname or "").lower(),
        },
    )


def _file_date(name: str | None) -> dt.date | None:
    """``…_<upload YYYYMMDD>-<document YYYYMMDD>``: the document date, else the upload date."""
    if not name:
        return None
    match = _FILE_DATES_RE.search(name)
    if not match:
        return None
    for raw in (match.group(2), match.group(1)):
        if raw:
            try:
                return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
            except ValueError:
                continue
    return None


def _doc_type(title: str) -> str:
    words = fold(title).split()
    first = re.sub(r"[^a-z]", "", words[0]) if words else ""
    return _TYPE_BY_WORD.get(first, "aviso")
