"""Single DOF notes: SIDOF's `docFuente/{cod}` Word export, SIDOF's `/notas/{cod}` shell
page, and the legacy `nota_detalle.php` page (also as a plain-text rendering)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lxml import html as lxml_html

from crawlers.errors import ParseError
from crawlers.items import DocumentItem, ParseResult
from crawlers.parsers import dof_common as common
from crawlers.parsers.text import clean_text, fold_ascii

_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_DOF_DATE_RE = re.compile(r"DOF:\s*(\d{1,2}/\d{1,2}/\d{4})")
_HTML_OPEN_RE = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_BODY_OPEN_RE = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_HEAD_RE = re.compile(r"<head\b.*?</head\s*>", re.IGNORECASE | re.DOTALL)
_DETAIL_DIV_RE = re.compile(r"<div[^>]+id\s*=\s*[\"']?DivDetalleNota[^>]*>", re.IGNORECASE)
_SHELL_DATE_RE = re.compile(r"Publicado\s+el:\s*(\d{1,2}-\d{1,2}-\d{4})", re.IGNORECASE)
_SHELL_SECTION_RE = re.compile(r"Secci\S*n:\s*([^<\n]+)", re.IGNORECASE)
_SHELL_EDITION_RE = re.compile(r"Edici\S*n:\s*([^<\n]+)", re.IGNORECASE)
_TAG_RE = re.compile(r"<[a-zA-Z!/?]")
_DOCUMENT_TAGS_RE = re.compile(r"</?(?:html|head|body)\b[^>]*>|<!DOCTYPE[^>]*>", re.IGNORECASE)
_SITE_TITLES = ("DOF - DIARIO OFICIAL", "DIARIO OFICIAL DE LA FEDERACI")
_BLOCK_TAGS = (
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
    "blockquote", "pre", "section", "article",
)  # fmt: skip


def html_to_text(fragment: str) -> str:
    """Readable text of an HTML fragment: one line per block, whitespace collapsed."""
    if not fragment or not fragment.strip():
        return ""
    # Drop document-level tags: lxml treats a fragment that has them as a whole page.
    fragment = _DOCUMENT_TAGS_RE.sub(" ", fragment.replace("\x00", ""))
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError, AssertionError):
        return clean_text(re.sub(r"<[^>]*>", " ", fragment))
    for bad in root.xpath(".//script|.//style|.//title"):
        bad.drop_tree()
    for block in root.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
    lines = (clean_text(line) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _last_title(text: str) -> str:
    titles = [clean_text(t) for t in _TITLE_RE.findall(text)]
    real = [t for t in titles if t and not t.upper().startswith(_SITE_TITLES)]
    return real[-1] if real else ""


def _code_from_path(url: str) -> str | None:
    tail = common.url_path(url).rstrip("/").rsplit("/", 1)[-1]
    return tail if tail.isdigit() and tail.isascii() else None


def _note_item(
    code: str | None, title: str, published_on: dt.date | None, **fields: Any
) -> DocumentItem:
    return DocumentItem(
        source=common.SOURCE,
        external_id=code,  # type: ignore[arg-type]  # None only where no page carries it
        title=title,
        url=common.official_url(code, published_on) if code else None,
        published_on=published_on,
        language="es",
        doc_type=common.doc_type_of(title),
        **fields,
    )


# --- SIDOF docFuente --------------------------------------------------------------------


def parse_doc_fuente(text: str, url: str, date: dt.date | None) -> ParseResult:
    """The note's own Word-export HTML: title from `<title>`, body from `<body>`."""
    title = _last_title(text)
    common.raise_if_interstitial(text, has_content=bool(title))
    body = html_to_text(_body_of(text))
    title = title or _first_line(body)
    if not title:
        raise ParseError("The docFuente page has neither a title nor any text.")
    code = _code_from_path(url)
    item = _note_item(code, title, date, body=body or None)
    return ParseResult(items=[item])


def _body_of(text: str) -> str:
    parts = _sections(text, _BODY_OPEN_RE, "</body")
    if parts:
        return parts[0]
    return _HEAD_RE.sub(" ", text)


def _sections(text: str, opener: re.Pattern[str], closer: str) -> list[str]:
    """The text after each `opener` up to the next `closer` (or the end): no regex
    backtracking over large pages."""
    lowered = text.lower()
    parts = []
    for match in opener.finditer(text):
        end = lowered.find(closer, match.end())
        parts.append(text[match.end() : end if end >= 0 else len(text)])
    return parts


def _first_line(body: str) -> str:
    return next((line for line in body.split("\n") if line.strip()), "")[:500]


# --- SIDOF /notas/{cod} shell -----------------------------------------------------------


def parse_sidof_shell(
    text: str, url: str, date: dt.date | None, sidof_base: str = common.SIDOF_BASE
) -> ParseResult:
    """SIDOF's public note page: metadata in the page, the text in a docFuente iframe."""
    root = _tree(text, "SIDOF note page")
    heading = root.xpath("//*[@id='tituloNota']")
    title = clean_text(heading[0].text_content()) if heading else ""
    common.raise_if_interstitial(text, has_content=bool(title))
    if not title:
        raise ParseError("The SIDOF note page has no title (no #tituloNota heading).")
    code = _code_from_path(url) or _iframe_code(text)
    published_on = common.parse_dof_date(_search(_SHELL_DATE_RE, text)) or date
    item = _note_item(
        code,
        title,
        published_on,
        agency=_shell_agency(root),
        edition=common.normalize_edition(_search(_SHELL_EDITION_RE, text)),
        section=common.normalize_section(_search(_SHELL_SECTION_RE, text)),
    )
    follow = [common.follow_doc_fuente(item, sidof_base)] if code else []
    return ParseResult(items=[item], follow=follow)


def _shell_agency(root: Any) -> str | None:
    # <div class="text-capitalize ..."><b> poder ejecutivo</b> /  SECRETARIA DE CULTURA</div>
    for div in root.xpath("//div[contains(@class,'text-capitalize')][b]"):
        label = clean_text(div.text_content())
        if "/" in label:
            return clean_text(label.split("/", 1)[1]) or None
    return None


def _iframe_code(text: str) -> str | None:
    match = re.search(r"/notas/docFuente/(\d+)", text)
    return match.group(1) if match else None


def _search(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1) if match else None


def _tree(text: str, what: str) -> Any:
    try:
        return lxml_html.document_fromstring(text.replace("\x00", ""))
    except (ValueError, TypeError) as error:
        raise ParseError(f"The {what} is not readable HTML.") from error


# --- dof.gob.mx nota_detalle ------------------------------------------------------------


def parse_nota_detalle(text: str, url: str, date: dt.date | None) -> ParseResult:
    """The legacy note page: `DOF: DD/MM/YYYY`, then a nested Word export of the note."""
    match = _DOF_DATE_RE.search(text)
    detail = _DETAIL_DIV_RE.search(text)
    note_title = _last_title(text[detail.end() :] if detail else text)
    common.raise_if_interstitial(text, has_content=bool(match or note_title))
    if not match and not note_title:
        raise ParseError("The note page has no 'DOF: DD/MM/YYYY' line; it is not a DOF note.")
    served = common.parse_dof_date(match.group(1)) if match else None
    if served == common.EPOCH_DATE:  # the DOF's answer for an unknown codigo
        return ParseResult(status="not_found")
    params = common.query_params(url)
    requested = date or common.parse_dof_date(params.get("fecha"))
    common.check_date(served, requested, "note page")
    if match and not _TAG_RE.search(text):
        return _parse_text_rendering(text, params.get("codigo"), served or requested)
    body = html_to_text(_detail_fragment(text))
    title = note_title or _first_line(body)
    if not title:
        raise ParseError("The note page has a date but no title; it may be cut off.")
    code = params.get("codigo") if (params.get("codigo") or "").isdigit() else None
    item = _note_item(code, title, served or requested, body=body or None)
    return ParseResult(items=[item])


def _detail_fragment(text: str) -> str:
    start = _DETAIL_DIV_RE.search(text) or _DOF_DATE_RE.search(text)
    inner = text[start.end() :] if start else text
    # Bound the body by the nested <HTML> wrapper, not by the div: the div also holds
    # the site's disclaimer table after the note.
    wrapped = _sections(inner, _HTML_OPEN_RE, "</html")
    if wrapped:
        return max(wrapped, key=len)
    return re.split(r"<table", inner, maxsplit=1, flags=re.IGNORECASE)[0]


def _parse_text_rendering(text: str, code: str | None, published_on: dt.date | None) -> ParseResult:
    # A text rendering of the page: "DOF: DD/MM/YYYY", then the title on its own line.
    dateline = _DOF_DATE_RE.search(text)
    assert dateline is not None  # callers choose this reading only when the dateline is there
    after = text[dateline.end() :]
    lines = [clean_text(line) for line in after.split("\n")]
    lines = [line for line in lines if _is_text_line(line)]
    if not lines:
        raise ParseError("The note text has a date but no title; it may be cut off.")
    title = lines[0]
    # Renderings sometimes cut the heading short ("RESOLUCIÓN del H"); the body's first
    # paragraph repeats the title in full.
    if len(lines) > 1 and lines[1].startswith(title) and len(lines[1]) > len(title) + 3:
        title = lines[1]
    code = code if (code or "").isdigit() else None
    return ParseResult(items=[_note_item(code, title, published_on, body="\n".join(lines))])


def _is_text_line(line: str) -> bool:
    if len(line) < 3 or line.startswith("#"):
        return False
    return not fold_ascii(line).startswith("DIARIO OFICIAL DE LA FEDERACION")
