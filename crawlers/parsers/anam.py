"""ANAM (Agencia Nacional de Aduanas de México): the WordPress ``sitemap.rss`` feed.

The SEO plugin's RSS 2.0 feed lists comunicados and technical bulletins that never reach
the DOF, each with ``<guid>``, ``<link>``, ``<title>`` and an RFC 822 ``<pubDate>``. It also
lists index pages ("Comunicados de Prensa 2026", "Boletines…"), which are dropped by title.
The external id is the permalink's path (``comunicado-prensa-24-2026``), or the guid itself
when the guid is not a URL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote

import feedparser

from crawlers.errors import ParseError, StructureError
from crawlers.items import DocumentItem, ParseResult
from crawlers.parsers.mx_common import (
    clean_text,
    decode_body,
    fold,
    header_value,
    make_soup,
    parse_spanish_date,
    raise_if_interstitial,
    require_body,
    split_url,
)

SOURCE = "mx_anam"
AGENCY = "ANAM"
FEED_URL = "https://www.anam.gob.mx/sitemap.rss"
# Navigation and index pages the feed lists next to real publications.
_INDEX_TITLE_RE = re.compile(
    r"^(comunicados(\s+de\s+prensa)?(\s+\d{4})?|boletines(\s+\w+){0,3}(\s+\d{4})?|inicio|home"
    r"|directorio|aviso de privacidad(\s+\w+)?|contacto|mapa del sitio|transparencia"
    r"|preguntas frecuentes|sala de prensa|noticias)$"
)
_TYPE_BY_SLUG = (
    (re.compile(r"comunicado|presa-conjunto"), "comunicado"),
    (re.compile(r"boletin"), "boletin"),
    (re.compile(r"aviso"), "aviso"),
    (re.compile(r"acuerdo"), "acuerdo"),
    (re.compile(r"lineamiento|guia|manual|ficha"), "lineamiento"),
)


def parse_response(
    body: bytes,
    url: str,
    date: dt.date | None = None,
    headers: Mapping[str, Any] | None = None,
    *,
    agency: str | None = None,
) -> ParseResult:
    """Parse ANAM's RSS feed into one item per publication (index pages dropped)."""
    require_body(body, "ANAM's RSS feed")
    feed = _read_feed(body, headers)
    if not _is_feed(feed):
        text = decode_body(body)
        raise_if_interstitial(text)
        raise StructureError(
            f"The response from {url} is not an RSS or Atom feed.",
            "rss > channel > item (title, link, pubDate) or an Atom feed > entry",
        )
    _refuse_truncated(feed, body)
    items = _unique(
        item for entry in feed.entries if (item := _entry_item(entry, agency or AGENCY))
    )
    status = "ok" if items else "no_items"
    return ParseResult(items=items, status=status, expected_items=bool(feed.entries))


def sniff_url(body: bytes) -> str:
    """A plausible URL for `body`: ANAM's feed, whatever the bytes (only one format)."""
    return FEED_URL


def external_id_for(guid: str | None, link: str | None) -> str | None:
    """The permalink path without slashes (``comunicado-prensa-24-2026``), else the guid."""
    for value in (guid, link):
        value = clean_text(value)
        if not value:
            continue
        parts = split_url(value)
        if parts is None:
            continue
        if parts.scheme in ("http", "https") and parts.netloc:
            path = unquote(parts.path).strip("/").lower()
            if path:
                return path
            if parts.query:
                return "?" + parts.query
            continue
        return value
    return None


def _read_feed(body: bytes, headers: Mapping[str, Any] | None) -> Any:
    content_type = header_value(headers, "Content-Type")
    response_headers = {"content-type": content_type} if content_type else None
    # feedparser reports most problems through `bozo`, but a corrupt XML declaration can
    # still escape from its encoding sniffing as a plain exception.
    try:
        return feedparser.parse(body, response_headers=response_headers)
    except (UnicodeError, LookupError, ValueError, TypeError, AttributeError, IndexError) as exc:
        message = f"The response cannot be read as a feed ({type(exc).__name__}); it is damaged."
        raise ParseError(message) from exc


def _is_feed(feed: Any) -> bool:
    return bool(feed.get("version")) or bool(feed.entries)


def _refuse_truncated(feed: Any, body: bytes) -> None:
    """A malformed feed that also lacks its closing tag was cut off in transit."""
    if not feed.get("bozo"):
        return
    tail = body.rstrip()[-64:].lower()
    if not (tail.endswith(b"</rss>") or tail.endswith(b"</feed>") or tail.endswith(b"</rdf:rdf>")):
        raise ParseError("ANAM's feed stops before its end (truncated download); fetch it again.")


def _entry_item(entry: Any, agency: str) -> DocumentItem | None:
    title = clean_text(entry.get("title"))
    link = clean_text(entry.get("link")) or None
    guid = clean_text(entry.get("id")) or None
    external_id = external_id_for(guid, link)
    if not title or not external_id or _INDEX_TITLE_RE.match(fold(title)):
        return None
    raw_date = entry.get("published") or entry.get("updated")
    slug = external_id.rsplit("/", 1)[-1]
    return DocumentItem(
        source=SOURCE,
        external_id=external_id,
        title=title,
        url=link or (guid if guid and guid.startswith("http") else None),
        published_on=_entry_date(raw_date),
        agency=agency,
        language="es",
        doc_type=_doc_type(slug, title),
        body=_summary(entry),
        extra={"guid": guid, "pub_date": raw_date, **_bulletin(slug)},
    )


def _entry_date(raw: str | None) -> dt.date | None:
    """The calendar date as written in the feed (its own offset), not converted to UTC."""
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw.strip()).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return parse_spanish_date(raw)


def _doc_type(slug: str, title: str) -> str:
    for pattern, doc_type in _TYPE_BY_SLUG:
        if pattern.search(slug):
            return doc_type
    folded = fold(title)
    for pattern, doc_type in _TYPE_BY_SLUG:
        if pattern.match(folded):
            return doc_type
    return "aviso"


def _summary(entry: Any) -> str | None:
    summary = entry.get("summary") or ""
    if not summary:
        return None
    return clean_text(make_soup(summary).get_text(" ")) or None


def _bulletin(slug: str) -> dict[str, Any]:
    """Comunicado number and year from slugs like ``comunicado-prensa-conjunto-38-2026-2``."""
    match = re.search(r"-(\d{1,3})-(\d{4})(?:-\d+)?$", slug)
    if not match or not re.search(r"comunicado|presa|boletin", slug):
        return {}
    return {"bulletin_number": int(match.group(1)), "bulletin_year": int(match.group(2))}


def _unique(items: Any) -> list[DocumentItem]:
    found: dict[str, DocumentItem] = {}
    for item in items:
        found.setdefault(item.external_id, item)
    return list(found.values())
