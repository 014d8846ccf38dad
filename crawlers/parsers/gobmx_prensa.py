"""gob.mx press archives (one Rails CMS for SAT, Economía, STPS, CONASAMI, …).

Two kinds of response, told apart by the URL path:

* the archive listing ``/<portal>/archivo/prensa?idiom=es&order=DESC&page=N``: a grid
  of ``<article>`` cards (``<time datetime>``, ``<h2>`` title, ``a.small-link``) and a
  ``ul.pagination``; or, for clients that do not ask for HTML, the same cards inside
  a jQuery ``$("#prensa").append("…")`` JavaScript body;
* an article page ``/<portal>/prensa/<slug>``: ``<h1>``, the "authority | date | type"
  line, the ``.article-body`` and attachments under ``/cms/uploads/attachment/file/``.

The external id is the article path without query or language prefix, e.g.
``sat/prensa/sat-fortalece-atencion-de-servicios-fiscales-en-yucatan-47-2026``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

from crawlers.errors import ParseError
from crawlers.items import DocumentItem, FollowRequest, ParseResult
from crawlers.parsers.mx_common import (
    AGENCY_BY_PORTAL,
    agency_for,
    clean_text,
    decode_body,
    fold,
    join_url,
    looks_truncated_html,
    make_soup,
    parse_spanish_date,
    raise_if_interstitial,
    require_body,
    require_url,
    slugify,
    split_url,
)

SOURCE = "mx_gobmx_prensa"
BASE_URL = "https://www.gob.mx/"
LISTING_URL = BASE_URL + "{portal}/archivo/prensa?idiom=es&order=DESC&page=1"
SECTIONS = ("prensa", "articulos", "documentos", "agenda", "multimedia", "galerias", "videos")
_LISTING_PATH_RE = re.compile(
    r"^/(?P<portal>[\w\-]+)/(?:(?:es|en)/)?archivo(?:/(?P<section>[\w\-]+))?"
)
_DETAIL_PATH_RE = re.compile(
    r"^/(?P<portal>[\w\-]+)/(?:(?:es|en)/)?(?P<section>"
    + "|".join(SECTIONS)
    + r")/(?P<slug>[^/?#]+)"
)
# Disjoint alternatives (no character can be read two ways) keep this regex linear on
# hostile input; an earlier "\\.|(?!quote)." form backtracked exponentially.
_APPEND_RE = re.compile(
    r"""\.(?:append|html|prepend)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""", re.S
)
_BULLETIN_RE = re.compile(r"(?:-|_com)(\d{2,3})(?:-(\d{4}))?$")
_ATTACHMENT_RE = re.compile(r"/cms/uploads/attachment/file/(\d+)/")
_TYPE_NAMES = {
    "comunicado": "comunicado",
    "comunicados": "comunicado",
    "prensa": "comunicado",
    "comunicado de prensa": "comunicado",
    "boletin": "comunicado",
    "discurso": "discurso",
    "discursos": "discurso",
    "entrevista": "entrevista",
    "entrevistas": "entrevista",
    "articulo": "articulo",
    "articulos": "articulo",
    "documento": "documento",
    "documentos": "documento",
    "aviso": "aviso",
    "avisos": "aviso",
    "nota informativa": "nota_informativa",
    "tarjeta informativa": "nota_informativa",
}
_SECTION_TYPES = {"prensa": "comunicado", "articulos": "articulo", "documentos": "documento"}
_CONTINUE_TEXTS = {"continuar leyendo", "leer mas", "ver mas", "leer", "continue reading"}


# --------------------------------------------------------------------------- public API


def parse_response(
    body: bytes,
    url: str,
    date: dt.date | None = None,
    headers: Mapping[str, Any] | None = None,
    *,
    agency: str | None = None,
) -> ParseResult:
    """Parse a gob.mx archive listing (HTML or JS) or one press article page."""
    require_body(body, "a gob.mx press archive or article page")
    path = urlsplit(require_url(url)).path
    text = decode_body(body)
    raise_if_interstitial(text, strong_only=True)
    if _LISTING_PATH_RE.match(path):
        return _parse_listing(text, url, agency)
    detail = _DETAIL_PATH_RE.match(path)
    if detail:
        return _parse_detail(text, url, detail, agency)
    guessed = sniff_url(body)
    if urlsplit(guessed).path != path and not guessed.endswith("/prensa/articulo"):
        # An unusual but real URL (e.g. a portal's /prensa landing page): trust the body.
        return parse_response(body, guessed, date, headers, agency=agency)
    raise ParseError(
        f"The URL {url!r} is neither a gob.mx archive (/<portal>/archivo/prensa) "
        "nor an article (/<portal>/prensa/<slug>); pass the URL the page came from."
    )


def sniff_url(body: bytes) -> str:
    """A plausible URL for `body`: the archive listing or the article it looks like."""
    text = decode_body(body[:400_000])
    org = re.search(r"""id=["']organization_name["'][^>]*value=["']([\w\-]+)""", text)
    hrefs = re.findall(r"""/([\w\-]+)/(?:(?:es|en)/)?(?:prensa|articulos)/[\w\-%]+""", text)
    is_listing = "small-link" in text or re.search(r"\.append\(", text) or 'id="prensa"' in text
    if is_listing and (org or hrefs):
        portal = org.group(1) if org else max(set(hrefs), key=hrefs.count)
        page = re.search(r"""<li class=["']active["']>\s*<a[^>]*>\s*(\d+)""", text)
        url = LISTING_URL.format(portal=portal)
        return url[:-1] + page.group(1) if page else url
    for pattern in (
        r"""<link[^>]+rel=["']canonical["'][^>]+href=["']([^"']+)""",
        r"""<meta[^>]+property=["']og:url["'][^>]+content=["']([^"']+)""",
    ):
        found = re.search(pattern, text)
        candidate = join_url(BASE_URL, found.group(1)) if found else None
        parts = split_url(candidate)
        if candidate and parts is not None and _DETAIL_PATH_RE.match(parts.path):
            return candidate
    portal = org.group(1) if org else (hrefs[0] if hrefs else "sat")
    return f"{BASE_URL}{portal}/prensa/articulo"


def canonical_url(url: str) -> str:
    """Lower-case host, no fragment, no tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in {"fbclid", "gclid"}
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def external_id_for(url: str) -> str | None:
    """``<portal>/<section>/<slug>`` for an article URL, None for anything else."""
    parts = split_url(url)
    match = _DETAIL_PATH_RE.match(parts.path) if parts is not None else None
    if not match:
        return None
    slug = unquote(match.group("slug")).strip().lower()
    return f"{match.group('portal').lower()}/{match.group('section').lower()}/{slug}"


# --------------------------------------------------------------------------- listing


def _parse_listing(text: str, url: str, agency: str | None) -> ParseResult:
    portal = _LISTING_PATH_RE.match(urlsplit(url).path).group("portal").lower()  # type: ignore[union-attr]
    fragments = _js_fragments(text)
    html = "".join(fragments) if fragments else text
    soup = make_soup(html)
    articles = soup.find_all("article")
    container = soup.find(id=re.compile(r"^(prensa|articulos|documentos|archive)")) or soup.find(
        class_="archives"
    )
    if not articles and container is None and not fragments:
        _raise_unknown_listing(text, url)
    if not fragments and looks_truncated_html(text):
        raise ParseError("The gob.mx archive page stops before its end; fetch it again.")
    items = _listing_items(articles, url, portal, agency or _agency(portal, soup))
    if articles and not items:
        raise ParseError(
            "The gob.mx archive cards carry no title or link any more; the layout changed."
        )
    follow = [FollowRequest(url=i.url or "", kind="detail", meta=_meta(i)) for i in items]
    follow += _pagination(soup, url, bool(fragments), bool(items))
    page = _page_number(url)
    status = "ok" if items else "no_items"
    return ParseResult(items=items, follow=follow, status=status, expected_items=page == 1)


def _raise_unknown_listing(text: str, url: str) -> None:
    raise_if_interstitial(text)
    raise ParseError(
        f"The page at {url} has no gob.mx archive list (no <article> cards, no #prensa "
        "container); the layout changed or this is another site."
    )


def _js_fragments(text: str) -> list[str]:
    """The HTML strings inside ``$("#prensa").append("…")`` calls, decoded."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html")) or "<head" in head:
        return []
    fragments = []
    for match in _APPEND_RE.finditer(text):
        double, single = match.group(1), match.group(2)
        if double is None:
            fragments.append(_js_unescape(single or ""))
            continue
        try:
            fragments.append(json.loads(f'"{double}"'))
        except json.JSONDecodeError:
            fragments.append(_js_unescape(double))
    return fragments


def _js_unescape(encoded: str) -> str:
    replacements = {"n": "\n", "t": "\t", "r": "", "/": "/", '"': '"', "'": "'", "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: replacements.get(m.group(1), m.group(1)), encoded)


def _listing_items(
    articles: list[Tag], url: str, portal: str, agency: str | None
) -> list[DocumentItem]:
    items: dict[str, DocumentItem] = {}
    section = _LISTING_PATH_RE.match(urlsplit(url).path).group("section") or "prensa"  # type: ignore[union-attr]
    for article in articles:
        item = _card_item(article, url, portal, section, agency)
        if item is not None and item.external_id not in items:
            items[item.external_id] = item
    return list(items.values())


def _card_item(
    article: Tag, page_url: str, portal: str, section: str, agency: str | None
) -> DocumentItem | None:
    link = _card_link(article)
    href = join_url(page_url, str(link["href"]).strip()) if link is not None else None
    if link is None or href is None:
        return None
    external_id = external_id_for(href)
    title = _card_title(article, link)
    if not external_id or not title:
        return None
    stamp, published = _card_date(article)
    tag = article.find(class_=re.compile(r"^tag-"))
    category = clean_text(tag.get_text(" ")) if tag else None
    item_portal = external_id.split("/", 1)[0]
    return DocumentItem(
        source=SOURCE,
        external_id=external_id,
        title=title,
        url=href,
        published_on=published,
        agency=agency if item_portal == portal else _agency(item_portal, None),
        language="es",
        doc_type=_doc_type(category, external_id.split("/")[1] if "/" in external_id else section),
        extra=_card_extra(article, external_id, category, stamp),
    )


def _card_link(article: Tag) -> Tag | None:
    link = article.find("a", class_="small-link", href=True)
    if link is not None:
        return link
    for anchor in article.find_all("a", href=True):
        parts = split_url(join_url(BASE_URL, str(anchor["href"])))
        if parts is not None and _DETAIL_PATH_RE.match(parts.path):
            return anchor
    return None


def _card_title(article: Tag, link: Tag) -> str:
    heading = article.find(["h2", "h3", "h4", "h1"])
    for candidate in (
        clean_text(heading.get_text(" ")) if heading else "",
        clean_text(str(link.get("aria-label") or link.get("title") or "")),
        clean_text(link.get_text(" ")),
    ):
        if candidate and fold(candidate) not in _CONTINUE_TEXTS:
            return candidate
    return ""


def _card_date(article: Tag) -> tuple[str | None, dt.date | None]:
    """The card's ``datetime`` stamp (local Mexico City time) and its calendar date."""
    time = article.find("time")
    if time is None:
        return None, parse_spanish_date(article.get_text(" "))
    stamp = clean_text(str(time.get("datetime") or time.get("date") or "")) or None
    published = parse_spanish_date(stamp) if stamp else None
    return stamp, published or parse_spanish_date(time.get_text(" "))


def _card_extra(
    article: Tag, external_id: str, category: str | None, stamp: str | None
) -> dict[str, Any]:
    image = article.find("img", src=True)
    extra: dict[str, Any] = {
        "portal": external_id.split("/", 1)[0],
        "category": category,
        "published_at_local": stamp,
        "image": str(image["src"]) if image else None,
    }
    extra.update(_bulletin(external_id))
    return extra


def _pagination(
    soup: BeautifulSoup, url: str, js_variant: bool, had_items: bool
) -> list[FollowRequest]:
    """The next archive page: ``rel=next`` when the page has one, else page+1 for JS bodies."""
    nxt = soup.find("a", rel=lambda value: value and "next" in value, href=True)
    if nxt is None:
        nxt = soup.select_one("li.next a[href], a.next[href]")
    page = _page_number(url)
    if nxt is not None:
        target = _keep_idiom(join_url(url, str(nxt["href"])) or url, url)
        if _page_number(target) > page:
            return [FollowRequest(url=target, kind="listing", meta={"page": _page_number(target)})]
        return []
    if js_variant and had_items:
        target = _with_query(url, page=str(page + 1))
        return [FollowRequest(url=target, kind="listing", meta={"page": page + 1, "guessed": True})]
    return []


def _page_number(url: str) -> int:
    value = dict(parse_qsl(urlsplit(url).query)).get("page", "1")
    return int(value) if value.isdigit() else 1


def _keep_idiom(target: str, current: str) -> str:
    idiom = dict(parse_qsl(urlsplit(current).query)).get("idiom")
    if idiom and "idiom" not in dict(parse_qsl(urlsplit(target).query)):
        return _with_query(target, idiom=idiom)
    return target


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _meta(item: DocumentItem) -> dict[str, Any]:
    published = item.published_on.isoformat() if item.published_on else None
    return {"external_id": item.external_id, "published_on": published}


# --------------------------------------------------------------------------- article page


def _parse_detail(text: str, url: str, match: re.Match[str], agency: str | None) -> ParseResult:
    soup = make_soup(text)
    main = soup.find("main") or soup.body or soup
    title = _detail_title(soup, main)
    body_node = main.select_one(".article-body") or main.find("article")
    if not title or (body_node is None and not _looks_like_gobmx(text)):
        raise_if_interstitial(text)
        raise ParseError(
            f"The page at {url} is not a gob.mx article (no title or article body); "
            "the layout changed or this is another site."
        )
    if looks_truncated_html(text):
        raise ParseError("The gob.mx article page stops before its end; fetch it again.")
    portal, section = match.group("portal").lower(), match.group("section").lower()
    authority, kind, meta_date = _detail_metadata(main)
    external_id = external_id_for(url) or ""
    item = DocumentItem(
        source=SOURCE,
        external_id=external_id,
        title=title,
        url=url,
        published_on=meta_date or _detail_date(soup, main),
        agency=agency or _agency(portal, soup),
        language="es",
        doc_type=_doc_type(kind, section),
        body=clean_text(body_node.get_text(" ")) if body_node is not None else None,
        extra={
            "portal": portal,
            "authority": authority,
            "category": kind,
            "attachments": _attachments(main, url),
            **_bulletin(external_id),
        },
    )
    return ParseResult(items=[item], status="ok", expected_items=True)


def _detail_title(soup: BeautifulSoup, main: Tag) -> str:
    heading = main.find("h1") or soup.find("h1")
    if heading is not None and clean_text(heading.get_text(" ")):
        return clean_text(heading.get_text(" "))
    og = soup.find("meta", attrs={"property": "og:title"})
    if og is not None and clean_text(str(og.get("content") or "")):
        return clean_text(str(og["content"]))
    return ""


def _detail_metadata(main: Tag) -> tuple[str | None, str | None, dt.date | None]:
    """(authority, type, date) from the "Autoridad | fecha | tipo" line under the title."""
    for node in main.select("section.small p, .small p, p.small, dl, .pull-left small"):
        parts = [clean_text(part) for part in node.get_text("|").split("|")]
        parts = [part for part in parts if part]
        dated = [parse_spanish_date(part) for part in parts]
        if len(parts) >= 2 and any(dated):
            index = next(i for i, value in enumerate(dated) if value)
            authority = parts[0] if index > 0 else None
            kind = parts[-1] if index < len(parts) - 1 else None
            return authority, kind, dated[index]
    return None, None, None


def _detail_date(soup: BeautifulSoup, main: Tag) -> dt.date | None:
    time = main.find("time") or soup.find("time")
    if time is not None:
        found = parse_spanish_date(str(time.get("datetime") or "")) or parse_spanish_date(
            time.get_text(" ")
        )
        if found:
            return found
    for name in ("article:published_time", "date", "dcterms.date"):
        meta = soup.find("meta", attrs={"property": name}) or soup.find(
            "meta", attrs={"name": name}
        )
        if meta is not None and parse_spanish_date(str(meta.get("content") or "")):
            return parse_spanish_date(str(meta.get("content")))
    label = main.find(string=re.compile(r"Fecha de publicaci", re.I))
    if label is not None and label.parent is not None:
        return parse_spanish_date(label.parent.parent.get_text(" ") if label.parent.parent else "")
    return None


def _attachments(main: Tag, page_url: str) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for anchor in main.find_all("a", href=True):
        href = join_url(page_url, str(anchor["href"]).strip()) or ""
        match = _ATTACHMENT_RE.search(href)
        if match and href not in found:
            name = unquote(urlsplit(href).path.rsplit("/", 1)[-1])
            label = clean_text(anchor.get_text(" ")) or name
            found[href] = {"url": href, "id": int(match.group(1)), "name": name, "label": label}
    return list(found.values())


def _looks_like_gobmx(text: str) -> bool:
    return "gob.mx" in text[:200_000] and "/cms/" in text[:200_000]


# --------------------------------------------------------------------------- shared bits


def _agency(portal: str, soup: BeautifulSoup | None) -> str | None:
    """The configured short name for known portals, else the name in the page title."""
    if portal in AGENCY_BY_PORTAL:
        return AGENCY_BY_PORTAL[portal]
    title = soup.find("title") if soup is not None else None
    if title is not None:
        parts = [clean_text(part) for part in title.get_text().split("|")]
        named = [
            p for p in parts if p and fold(p) not in {"gob.mx", "gobierno", "prensa", "archivo"}
        ]
        if named:
            return named[-1]
    return agency_for(BASE_URL, portal) or portal.upper()


def _doc_type(category: str | None, section: str) -> str:
    if category:
        folded = fold(category).strip(" .")
        if folded in _TYPE_NAMES:
            return _TYPE_NAMES[folded]
        if slugify(category):
            return slugify(category)
    return _SECTION_TYPES.get(section, "comunicado")


def _bulletin(external_id: str) -> dict[str, Any]:
    """SAT slugs end in the bulletin number and year (``…-045-2026``, ``…_com035``)."""
    slug = external_id.rsplit("/", 1)[-1]
    match = _BULLETIN_RE.search(slug)
    if not match or not external_id.startswith("sat/"):
        return {}
    number, year = match.groups()
    return {"bulletin_number": int(number), "bulletin_year": int(year) if year else None}
