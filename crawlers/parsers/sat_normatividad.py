"""SAT 'Normatividad RMF y RGCE' minisite: the yearly page of linked documents, and the files.

The page (``…/NormatividadRMFyRGCE/normatividad_rmf_rgce<YEAR>.html``) is static HTML
whose accordions link, with relative hrefs, to PDF and ZIP files under
``documentos<YEAR>/{rmf,rgce,rfa}/{rmf,rgce,anexos,compiladas,anticipadas}/``. Each
linked file is one document keyed by its normalised path; a new link, or new bytes or a
new ``Last-Modified`` on a known link, is a change. Early versions ("versión
anticipada") are flagged because RGCE rule 1.1.2 gives them effect when posted.

Given the bytes of a linked file instead (the spider's ``file`` follow-ups), the parser
returns the same document with its SHA-256, size and HTTP validators.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from crawlers.errors import ParseError, StructureError
from crawlers.items import DocumentItem, FollowRequest, ParseResult
from crawlers.parsers.mx_common import (
    clean_text,
    decode_body,
    fold,
    header_value,
    join_url,
    looks_like_html,
    looks_truncated_html,
    make_soup,
    parse_spanish_date,
    raise_if_interstitial,
    require_body,
    require_url,
    split_url,
)

SOURCE = "mx_sat_normatividad"
AGENCY = "SAT"
BASE_URL = "https://www.sat.gob.mx/minisitio/NormatividadRMFyRGCE/"
PAGE_URL = BASE_URL + "normatividad_rmf_rgce{year}.html"

DOC_EXTENSIONS = (
    ".pdf", ".zip", ".doc", ".docx", ".xls", ".xlsx", ".xlsm", ".rar", ".7z",
    ".txt", ".csv", ".xml", ".xsd", ".ppt", ".pptx",
)  # fmt: skip
_DOCUMENTOS_RE = re.compile(r"/documentos(\d{4})/", re.IGNORECASE)
_BLOB_RE = re.compile(r"blobwhere=(\d+)", re.IGNORECASE)
_FILE_DATE_RE = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{4})(?!\d)")
_SEP = r"[\s_\-\.]*"
_UNITS = {
    "primera": 1, "segunda": 2, "tercera": 3, "cuarta": 4, "quinta": 5, "sexta": 6,
    "septima": 7, "setima": 7, "octava": 8, "novena": 9,
}  # fmt: skip
_TENS = {"decima": 10, "vigesima": 20}
_ORDINAL = (
    rf"(?:(?:(?P<tens>decima|vigesima){_SEP})?(?P<unit>{'|'.join(_UNITS)})"
    r"|(?P<solo>decima|vigesima|undecima|duodecima))"
)
_NUMERIC_ORD = r"(?P<num>\d{1,2})(?:a|ra|da|ta|va|na|er|o|ma)?\.?"
_VERSION_WORDS = rf"version(?:es)?{_SEP}anticipada"
_VERSION_RE = re.compile(rf"(?:{_ORDINAL}|{_NUMERIC_ORD}){_SEP}{_VERSION_WORDS}")
_MODIFICATION_RE = re.compile(
    rf"(?:{_ORDINAL}|{_NUMERIC_ORD}){_SEP}"
    rf"(?:resolucion{_SEP}de{_SEP})?(?:modificacion(?:es)?|mod\b|rm(?=[_\-\s.]|rmf|rgce|$))"
)
_ANNEX_RE = re.compile(r"anexo[\s_\-]*(\d{1,2})(?:[\s_\-]?([a-z])(?![a-z]))?")
_YEAR_IN_NAME_RE = re.compile(r"(?:rmf|rgce|rfa)[\s_\-]*(?:para)?[\s_\-]*(20\d\d)(?!\d)")
_YEAR_IN_TEXT_RE = re.compile(r"\bpara\s+(?:el\s+)?(20\d\d)\b")
_PAGE_YEAR_RE = re.compile(r"(20\d\d)(?:\D*\.html?)?$")
_GENERIC_TITLES = {
    "", "pdf", "zip", "aqui", "aqui.", "descarga", "descargar", "consulta", "consultar",
    "ver", "ver mas", "documento", "archivo", "liga", "enlace", "link", "click aqui",
    "da clic aqui", "clic aqui", "haz clic aqui", "descargar pdf", "descargar zip",
}  # fmt: skip
_SCRIPTED_LINK_RE = re.compile(
    r"""['"]?([^'"\s()]+\.(?:pdf|zip|docx?|xlsx?))['"]?""", re.IGNORECASE
)
_DATE_CUE_RE = re.compile(r"public|\bdof\b|fecha")
_CONTEXT_TAGS = ("li", "tr", "p", "dd", "td")
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "button", "summary", "caption"}


# --------------------------------------------------------------------------- public API


def parse_response(
    body: bytes,
    url: str,
    date: dt.date | None = None,
    headers: Mapping[str, Any] | None = None,
    *,
    agency: str | None = None,
) -> ParseResult:
    """Parse the yearly normatividad page, or one linked file (PDF, ZIP, …)."""
    require_body(body, "the SAT normatividad page or one of its files")
    url = require_url(url)
    if _is_file_url(url) or _is_binary(body):
        return _parse_file(body, url, headers, agency or AGENCY)
    return _parse_page(body, url, agency or AGENCY)


def sniff_url(body: bytes) -> str:
    """A plausible URL for `body`: a file URL for PDF/ZIP bytes, else the yearly page."""
    if body.lstrip()[:5] == b"%PDF-":
        return BASE_URL + "documentos/documento.pdf"
    if body[:4] == b"PK\x03\x04":
        return BASE_URL + "documentos/documento.zip"
    years = re.findall(rb"documentos(20\d\d)", body) or re.findall(rb"para (20\d\d)", body)
    if years:
        year = max(set(years), key=years.count).decode("ascii")
        return PAGE_URL.format(year=year)
    return BASE_URL + "index.html"


def file_changed(
    old_sha256: str | None,
    old_last_modified: str | None,
    new_sha256: str | None,
    new_last_modified: str | None,
) -> bool:
    """Whether a linked SAT file must be treated as changed.

    The content hash is the truth when both are known (SAT re-uploads identical files
    with a new ``Last-Modified``, and replaces files in place under the same name).
    Without both hashes, ``Last-Modified`` decides; with neither pair comparable the
    answer is True, because an unproven "unchanged" could hide a new rule.
    """
    if not old_sha256 and not old_last_modified:
        return True
    if old_sha256 and new_sha256:
        return old_sha256.strip().lower() != new_sha256.strip().lower()
    if old_last_modified and new_last_modified:
        return _http_date(old_last_modified) != _http_date(new_last_modified)
    return True


def classify_document(
    url: str, text: str = "", page_url: str = "", section: str = ""
) -> dict[str, Any]:
    """What a linked file is, from its href first and its link text second.

    Returns instrument (RMF/RGCE/RFA or None), year, doc_type, early_version,
    anticipated_version, modification and annex. The year comes from the href, not
    the text, because SAT reuses legacy titles on current files. The section heading
    only helps recognise early versions and the instrument.
    """
    path = unquote(urlsplit(url).path)
    folded_path, name = fold(path), fold(path.rsplit("/", 1)[-1])
    folded_text = fold(text)
    early = _is_early(folded_path, f"{folded_text} {fold(section)}")
    instrument = _instrument(folded_path, name, f"{folded_text} {fold(section)}")
    return {
        "instrument": instrument,
        "year": _year(path, name, folded_text, page_url),
        "doc_type": _doc_type(folded_path, name, folded_text, instrument, early),
        "early_version": early,
        "anticipated_version": _ordinal_match(_VERSION_RE, name, folded_text),
        "modification": _ordinal_match(_MODIFICATION_RE, name, folded_text),
        "annex": _annex(name, folded_text),
    }


def external_id_for(url: str) -> str:
    """The stable key of a linked file: its lower-cased path from ``documentos<YEAR>/`` on."""
    parts = urlsplit(url)
    blob = _BLOB_RE.search(parts.query or "")
    if blob:
        return f"blob/{blob.group(1)}"
    path = re.sub(r"/{2,}", "/", unquote(parts.path)).lower()
    match = _DOCUMENTOS_RE.search(path)
    if match:
        return path[match.start() + 1 :]
    return path.lstrip("/") or (parts.hostname or "").lower()


# --------------------------------------------------------------------------- the page


def _parse_page(body: bytes, url: str, agency: str) -> ParseResult:
    text = decode_body(body)
    raise_if_interstitial(text, strong_only=True)
    soup = make_soup(text)
    items = _collect_items(soup, url, agency)
    if not items:
        raise_if_interstitial(text)
        raise StructureError(
            "No links to RMF/RGCE/RFA documents were found on the SAT normatividad page; "
            "the page layout may have changed or this is not that page.",
            "a[href] (or data-href / onclick) to .pdf, .doc(x), .xls(x) or .zip files",
        )
    if looks_truncated_html(text):
        raise ParseError("The SAT normatividad page stops before its end; fetch it again.")
    follow = [
        FollowRequest(url=item.url or "", kind="file", meta={"external_id": item.external_id})
        for item in items
    ]
    return ParseResult(items=items, follow=follow, status="ok", expected_items=True)


def _collect_items(soup: BeautifulSoup, page_url: str, agency: str) -> list[DocumentItem]:
    """Walk the page in order, remembering the last heading as the link's section."""
    found: dict[str, DocumentItem] = {}
    section = ""
    for tag in soup.find_all(True):
        target = _link_target(tag)
        doc_url = _document_url(target, page_url) if target else None
        if doc_url:
            _merge(found, _link_item(tag, doc_url, page_url, section, agency))
            continue
        heading = _heading_text(tag)
        if heading:
            section = heading
    return list(found.values())


def _link_target(tag: Tag) -> str | None:
    """The href of a link, or the file a button opens through onclick / data-href."""
    if tag.name in ("a", "area") and tag.get("href") and not str(tag["href"]).startswith("#"):
        return str(tag["href"])
    for attribute in ("data-href", "data-url", "onclick"):
        value = str(tag.get(attribute) or "")
        found = _SCRIPTED_LINK_RE.search(value) if value else None
        if found:
            return found.group(1)
    return None


def _heading_text(tag: Tag) -> str:
    """Text of a heading, accordion toggle or panel title; '' for anything else."""
    classes = " ".join(tag.get("class") or []).lower()
    href = str(tag.get("href") or "")
    toggles = bool(tag.get("data-toggle") or tag.get("data-bs-toggle"))
    is_toggle = tag.name == "a" and (href.startswith("#") or (toggles and not href))
    is_panel = tag.name in ("div", "span") and (
        "panel-title" in classes or "card-header" in classes
    )
    if tag.name in _HEADING_TAGS or is_toggle or is_panel:
        if tag.name == "button" and tag.find("a", href=True):
            return ""
        return clean_text(tag.get_text(" "))[:200]
    return ""


def _document_url(href: str, page_url: str) -> str | None:
    """The absolute URL of a document link, or None for navigation and fragments."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    absolute = join_url(page_url or BASE_URL, href)
    if absolute is None:
        return None
    absolute = quote(absolute, safe=":/?#[]@!$&'()*+,;=%~")
    parts = split_url(absolute)
    if parts is None or parts.scheme not in ("http", "https"):
        return None
    path = parts.path.lower()
    if path.endswith(DOC_EXTENSIONS) or _DOCUMENTOS_RE.search(path):
        return absolute.split("#", 1)[0]
    if "blobwhere=" in parts.query.lower():
        return absolute
    return None


def _link_item(tag: Tag, doc_url: str, page_url: str, section: str, agency: str) -> DocumentItem:
    context = _context_element(tag)
    context_text = clean_text(context.get_text(" ")) if context is not None else ""
    title = _title_for(tag, context_text, doc_url)
    info = classify_document(doc_url, title, page_url, section)
    published = _date_from_name(doc_url)
    if context is not None and _DATE_CUE_RE.search(fold(context_text)):
        published = parse_spanish_date(context_text) or published
    return _make_item(doc_url, title, published, info, agency, section=section or None)


def _make_item(
    doc_url: str,
    title: str,
    published: dt.date | None,
    info: dict[str, Any],
    agency: str,
    **extra: Any,
) -> DocumentItem:
    name = unquote(urlsplit(doc_url).path.rsplit("/", 1)[-1])
    return DocumentItem(
        source=SOURCE,
        external_id=external_id_for(doc_url),
        title=title,
        url=doc_url,
        published_on=published,
        agency=agency,
        language="es",
        doc_type=info["doc_type"],
        extra={
            **{key: value for key, value in info.items() if key != "doc_type"},
            "file_name": name,
            "file_ext": name.rsplit(".", 1)[-1].lower() if "." in name else None,
            **extra,
        },
    )


def _merge(found: dict[str, DocumentItem], item: DocumentItem) -> None:
    """Keep the first link to a file, but take a later, better title for it."""
    known = found.get(item.external_id)
    if known is None:
        found[item.external_id] = item
        return
    if _is_generic(known.title) and not _is_generic(item.title):
        known.title = item.title
    if known.published_on is None:
        known.published_on = item.published_on


def _context_element(tag: Tag) -> Tag | None:
    """The nearest list item, row or paragraph that describes this link and no other.

    A table cell holding only "Descargar" says nothing, so the search goes on up to
    its row; anything holding links to other files is not this link's context.
    """
    own = fold(clean_text(tag.get_text(" ")))
    for parent in tag.parents:
        if parent.name in ("ul", "ol", "table", "tbody", "body", "section", "html"):
            return None
        if parent.name not in _CONTEXT_TAGS:
            continue
        links = {
            str(a["href"]) for a in parent.find_all(["a", "area"], href=True) if _is_doc_href(a)
        }
        if len(links) > 1:
            return None
        rest = fold(clean_text(parent.get_text(" "))).replace(own, "", 1)
        if not _is_generic(rest):
            return parent
    return None


def _is_doc_href(anchor: Tag) -> bool:
    return _document_url(str(anchor.get("href") or ""), BASE_URL) is not None


def _title_for(tag: Tag, context_text: str, doc_url: str) -> str:
    """The link text, or a better label when the link is an icon or 'Descargar'."""
    candidates = [clean_text(tag.get_text(" "))]
    for img in tag.find_all("img"):
        candidates.append(clean_text(str(img.get("alt") or img.get("title") or "")))
    candidates.append(clean_text(str(tag.get("title") or tag.get("aria-label") or "")))
    if context_text:
        own = clean_text(tag.get_text(" "))
        trimmed = clean_text(context_text.replace(own, " ", 1)) if _is_generic(own) else ""
        candidates.append(trimmed or context_text)
    for candidate in candidates:
        if not _is_generic(candidate):
            return candidate[:500]
    return _humanize(doc_url)


def _is_generic(title: str) -> bool:
    folded = fold(title).strip(" .:-()[]")
    return (
        len(folded) < 4
        or folded in _GENERIC_TITLES
        or bool(re.fullmatch(r"[\w\-.%]+\.(pdf|zip|docx?|xlsx?)", folded))
    )


def _humanize(doc_url: str) -> str:
    name = unquote(urlsplit(doc_url).path.rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return clean_text(re.sub(r"[_\-]+", " ", stem)) or name


# --------------------------------------------------------------------------- a file


def _parse_file(
    body: bytes, url: str, headers: Mapping[str, Any] | None, agency: str
) -> ParseResult:
    if looks_like_html(body):
        text = decode_body(body)
        raise_if_interstitial(text)
        raise ParseError(f"Expected a document file at {url} but the server sent an HTML page.")
    kind = _file_kind(body, url)
    extra: dict[str, Any] = {
        "sha256": hashlib.sha256(body).hexdigest(),
        "bytes": len(body),
        "last_modified": header_value(headers, "Last-Modified"),
        "etag": header_value(headers, "ETag"),
        "content_type": header_value(headers, "Content-Type"),
        "file_kind": kind,
    }
    if kind == "pdf":
        _check_pdf(body, url)
    elif kind == "zip":
        extra["members"] = _zip_members(body, url)
    info = classify_document(url, "", "")
    item = _make_item(url, _humanize(url), _date_from_name(url), info, agency, **extra)
    return ParseResult(items=[item], status="ok", expected_items=True)


def _file_kind(body: bytes, url: str) -> str:
    head = body.lstrip()[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if body[:4] == b"PK\x03\x04":
        return "zip"
    if body[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    path = urlsplit(url).path.lower()
    if path.endswith((".pdf", ".zip")):
        raise ParseError(f"The file at {url} is not a valid {path.rsplit('.', 1)[-1].upper()}.")
    return path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "unknown"


def _check_pdf(body: bytes, url: str) -> None:
    if b"%%EOF" not in body[-4096:]:
        raise ParseError(f"The PDF at {url} is truncated (no end-of-file marker); fetch it again.")


def _zip_members(body: bytes, url: str) -> list[dict[str, Any]]:
    """Name, size and SHA-256 of each file inside a ZIP (anticipadas ship as ZIPs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return [
                {
                    "name": info.filename,
                    "bytes": info.file_size,
                    "sha256": hashlib.sha256(archive.read(info)).hexdigest(),
                }
                for info in archive.infolist()
                if not info.is_dir()
            ]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        message = f"The ZIP at {url} is damaged or truncated ({exc}); fetch it again."
        raise ParseError(message) from exc
    except NotImplementedError as exc:  # an unsupported compression method
        raise ParseError(f"The ZIP at {url} uses an unsupported format ({exc}).") from exc


def _is_file_url(url: str) -> bool:
    return urlsplit(url or "").path.lower().endswith(DOC_EXTENSIONS)


def _is_binary(body: bytes) -> bool:
    head = body.lstrip()[:8]
    return head.startswith(b"%PDF-") or body[:4] == b"PK\x03\x04"


# --------------------------------------------------------------------------- classification


def _is_early(folded_path: str, folded_text: str) -> bool:
    if "/anticipada" in folded_path:
        return True
    pattern = re.compile(rf"{_VERSION_WORDS}|anticipad")
    return bool(pattern.search(folded_path.rsplit("/", 1)[-1]) or pattern.search(folded_text))


def _instrument(folded_path: str, name: str, folded_text: str) -> str | None:
    match = re.search(r"/documentos\d{4}/(rmf|rgce|rfa)/", folded_path)
    if match:
        return match.group(1).upper()
    for haystack in (name, folded_text):
        if re.search(r"rgce|comercio\s+exterior", haystack):
            return "RGCE"
        if re.search(r"rfa|facilidades\s+administrativas", haystack):
            return "RFA"
        if re.search(r"rmf|miscelanea", haystack):
            return "RMF"
    return None


def _doc_type(
    folded_path: str, name: str, folded_text: str, instrument: str | None, early: bool
) -> str:
    if early:
        return "version_anticipada"
    folder = folded_path.rsplit("/", 2)[-2] if folded_path.count("/") >= 2 else ""
    by_folder = {"compiladas": "compilada", "compilada": "compilada", "anexos": "anexo"}
    if folder in by_folder:
        return by_folder[folder]
    if "compilad" in name or "compilad" in folded_text:
        return "compilada"
    if name.startswith("anexo") or re.search(r"(?<!\w)anexo", name):
        return "anexo"
    if folder in ("rmf", "rgce", "rfa"):
        return folder
    if instrument:
        return instrument.lower()
    return "anexo" if folded_text.startswith("anexo") else "documento"


def _year(path: str, name: str, folded_text: str, page_url: str) -> int | None:
    match = _DOCUMENTOS_RE.search(path)
    if match:
        return int(match.group(1))
    match = _YEAR_IN_NAME_RE.search(name)
    if match:
        return int(match.group(1))
    page = _PAGE_YEAR_RE.search(urlsplit(page_url).path) if page_url else None
    if page:
        return int(page.group(1))
    match = _YEAR_IN_TEXT_RE.search(folded_text)
    return int(match.group(1)) if match else None


def _ordinal_match(pattern: re.Pattern[str], *haystacks: str) -> int | None:
    for haystack in haystacks:
        match = pattern.search(haystack)
        if match:
            return _ordinal_value(match)
    return None


def _ordinal_value(match: re.Match[str]) -> int | None:
    groups = match.groupdict()
    if groups.get("num"):
        return int(groups["num"])
    if groups.get("solo"):
        return {"decima": 10, "vigesima": 20, "undecima": 11, "duodecima": 12}[groups["solo"]]
    if groups.get("unit"):
        return _TENS.get(groups.get("tens") or "", 0) + _UNITS[groups["unit"]]
    return None


def _annex(name: str, folded_text: str) -> str | None:
    for haystack in (name, folded_text):
        match = _ANNEX_RE.search(haystack)
        if match:
            number, letter = match.groups()
            return f"{int(number)}-{letter.upper()}" if letter else str(int(number))
    return None


def _date_from_name(url: str) -> dt.date | None:
    """The DDMMYYYY date in a SAT file name (``RMF_2026-DOF-28122025.pdf``), if valid."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    for day, month, year in reversed(_FILE_DATE_RE.findall(name)):
        try:
            found = dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
        if 2000 <= found.year <= 2100:
            return found
    return None


def _http_date(value: str) -> str | dt.datetime:
    try:
        return parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return value.strip()
