"""Federal Register API responses: searches, single documents, public inspection, and more.

Formats (see ../shared/reference/cbp/NOTES.md section 2):

* ``documents.json`` search: ``{"count", "total_pages", "next_page_url", "results": [...]}``;
  ``next_page_url`` is a cursor (``search_after_cursor``) and is followed exactly as given;
* ``documents/<number>.json``: one document object;
* ``public-inspection-documents/current.json`` (and ``...json?conditions[available_on]=``):
  the same envelope with ``filed_at``, ``filing_type`` ...;
* as second paths, ``documents.rss`` and the GPO full-text XML (``full_text_xml_url``).

``type`` in responses is the display name ("Rule", "Proposed Rule", "Notice",
"Presidential Document"); the filter codes (RULE, PRORULE ...) are mapped to it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import feedparser
from lxml import etree

from crawlers.errors import ParseError
from crawlers.items import DocumentItem, FollowRequest, ParseResult
from crawlers.parsers.text import collapse_space, decode_body

SOURCE = "us_federal_register"
API_BASE = "https://www.federalregister.gov/api/v1"
SEARCH_URL = API_BASE + "/documents.json"
PUBLIC_INSPECTION_URL = API_BASE + "/public-inspection-documents/current.json"
RSS_URL = API_BASE + "/documents.rss"
DEFAULT_FIELDS = (
    "document_number", "title", "type", "subtype", "action", "abstract", "publication_date",
    "effective_on", "comments_close_on", "dates", "html_url", "pdf_url", "json_url",
    "full_text_xml_url", "agencies", "cfr_references", "docket_ids", "regulation_id_numbers",
    "significant", "correction_of", "citation",
)  # fmt: skip
TYPE_NAMES = {
    "RULE": "Rule",
    "PRORULE": "Proposed Rule",
    "NOTICE": "Notice",
    "PRESDOCU": "Presidential Document",
    "UNKNOWN": "Uncategorized Document",
    "CORRECT": "Correction",
}
_PUBLIC_INSPECTION_KEYS = ("filed_at", "filing_type", "pdf_file_size", "num_pages", "toc_doc")
_EXTRA_KEYS = (
    "action", "dates", "cfr_references", "citation", "correction_of", "significant",
    "subtype", "json_url", "full_text_xml_url", "public_inspection_pdf_url", "topics",
    "executive_order_number", "proclamation_number", "presidential_document_number",
    "start_page", "end_page", "volume", "comment_url", "regulations_dot_gov_url",
)  # fmt: skip
_PI_EXTRA_KEYS = ("filed_at", "filing_type", "editorial_note", "toc_subject", "toc_doc",
                  "num_pages", "pdf_update_at", "special_filing")  # fmt: skip
_DOC_NUMBER_IN_URL_RE = re.compile(r"/(?:documents|d)/(?:\d{4}/\d{2}/\d{2}/)?([A-Z]?\d{1,4}-\d+)")
# "{", a JSON array ("[{", "[]", "[1"), or a bare JSON scalar -- not a "[Note ...]" line.
_JSON_START_RE = re.compile(r'\{|\[\s*(?:[\[{\]"\d-]|null|true|false)|null|true|false|-?\d|"')
_URL_DATE_RE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")
_FRDOC_RE = re.compile(r"FR\s+Doc\.?\s*(?:No\.?\s*)?([A-Z]?\d{1,4}-\d+)", re.IGNORECASE)
_XML_ROOTS = {"RULE": "Rule", "PRORULE": "Proposed Rule", "NOTICE": "Notice",
              "PRESDOCU": "Presidential Document"}  # fmt: skip


# ---------------------------------------------------------------- URLs


def build_search_url(
    base: str,
    agencies: Sequence[str],
    since: dt.date | str,
    until: dt.date | str | None = None,
    per_page: int = 1000,
    fields: Sequence[str] = DEFAULT_FIELDS,
    types: Sequence[str] = (),
    order: str = "newest",
) -> str:
    """The documents.json search URL for `agencies` published between `since` and `until`.

    `base` is the API root (``https://www.federalregister.gov/api/v1``) or the full
    ``.../documents.json`` path. Repeated keys stay repeated, brackets are percent-encoded.
    """
    url = base.rstrip("/")
    if not url.endswith((".json", "/documents")):
        url += "/documents.json"
    pairs: list[tuple[str, str]] = [("conditions[agencies][]", a) for a in agencies]
    pairs += [("conditions[type][]", t) for t in types]
    pairs.append(("conditions[publication_date][gte]", _iso(since)))
    if until is not None:
        pairs.append(("conditions[publication_date][lte]", _iso(until)))
    pairs += [("fields[]", f) for f in fields]
    pairs += [("order", order), ("per_page", str(per_page))]
    return f"{url}?{urlencode(pairs)}"


def _iso(value: dt.date | str) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def sniff_url(body: bytes) -> str:
    """A plausible URL for `body`, for the parse command when none is given."""
    text = decode_body(body or b"").lstrip()
    if text.startswith("<"):
        return RSS_URL if re.search(r"<(?:rss|feed)\b", text[:2000]) else _xml_url(text)
    number = re.search(r'"document_number"\s*:\s*"([^"]+)"', text)
    if any(f'"{key}"' in text for key in _PUBLIC_INSPECTION_KEYS[:2]):
        return PUBLIC_INSPECTION_URL
    if '"results"' in text or not number:
        return SEARCH_URL
    return f"{API_BASE}/documents/{number.group(1)}.json"


def _xml_url(text: str) -> str:
    number = _FRDOC_RE.search(text)
    suffix = number.group(1) if number else "document"
    return f"https://www.federalregister.gov/documents/full_text/xml/{suffix}.xml"


# ---------------------------------------------------------------- entry point


def parse_response(
    body: bytes,
    url: str,
    date: dt.date | None = None,
    headers: Mapping[str, Any] | None = None,
) -> ParseResult:
    """Parse one Federal Register API response (JSON, or the RSS / full-text XML paths)."""
    text = decode_body(body or b"", headers).strip()
    if not text:
        raise ParseError("The Federal Register response is empty; fetch it again.")
    if text.startswith("<"):
        return _parse_markup(text, url, date)
    data = _load_json(text)
    public_inspection = "public-inspection" in (url or "") or _looks_public_inspection(data)
    if isinstance(data, list):
        data = {"results": data}
    if not isinstance(data, dict):
        raise ParseError("The Federal Register response is JSON but neither a list nor an object.")
    _raise_on_error_body(data)
    if "results" in data:
        return parse_search(data, public_inspection)
    if "document_number" in data:
        return ParseResult(items=[document_item(data, public_inspection)], expected_items=True)
    if data.get("count") == 0:
        return ParseResult()  # an empty search with "results" left out: nothing new
    raise ParseError("The Federal Register JSON has neither 'results' nor a 'document_number'.")


def _load_json(text: str) -> Any:
    if not _JSON_START_RE.match(text):
        raise ParseError(
            "The Federal Register response is not JSON, RSS or full-text XML; "
            "check that the file is an API response."
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = "ends early" if exc.pos >= len(text) - 1 else f"breaks at character {exc.pos}"
        raise ParseError(
            f"The Federal Register response is not complete JSON (it {where}); fetch it again."
        ) from None


def _raise_on_error_body(data: dict[str, Any]) -> None:
    if "errors" in data and "results" not in data:
        raise ParseError(f"The Federal Register API answered with an error: {_error_text(data)}.")
    if "status" in data and "message" in data and "results" not in data:
        raise ParseError(f"The Federal Register API answered with an error: {data['message']}.")


def _error_text(data: dict[str, Any]) -> str:
    messages = list(_flatten_errors(data.get("errors") or data.get("message")))
    return "; ".join(messages) or "unknown error"


def _flatten_errors(value: Any, path: str = "") -> Iterable[str]:
    # {"errors": {"conditions": {"agencies": ["... is not a valid agency"]}}}
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flatten_errors(inner, f"{path}[{key}]" if path else str(key))
    elif isinstance(value, list):
        for inner in value:
            yield from _flatten_errors(inner, path)
    elif value not in (None, ""):
        text = collapse_space(str(value))
        yield f"{path}: {text}" if path else text


def _looks_public_inspection(data: Any) -> bool:
    results = data.get("results") if isinstance(data, dict) else data
    sample = results[:1] if isinstance(results, list) else [data]
    return any(
        isinstance(doc, dict) and any(key in doc for key in _PUBLIC_INSPECTION_KEYS[:2])
        for doc in sample
    )


# ---------------------------------------------------------------- JSON


def parse_search(data: dict[str, Any], public_inspection: bool = False) -> ParseResult:
    """Items of one search (or public-inspection) page, plus its `next_page_url`."""
    results = data.get("results") or []
    if not isinstance(results, list):
        raise ParseError("The Federal Register 'results' field is not a list.")
    fallback_agency = _agency_from_description(data.get("description"))
    result = ParseResult()
    for index, doc in enumerate(results):
        if not isinstance(doc, dict) or not doc.get("document_number"):
            raise ParseError(
                f"Result {index + 1} of the Federal Register page has no document_number."
            )
        result.items.append(document_item(doc, public_inspection, fallback_agency))
    next_url = data.get("next_page_url")
    if isinstance(next_url, str) and next_url.strip():
        meta = {"count": data.get("count"), "total_pages": data.get("total_pages")}
        result.follow.append(FollowRequest(url=next_url.strip(), kind="listing", meta=meta))
    return result


def document_item(
    doc: dict[str, Any], public_inspection: bool = False, fallback_agency: str | None = None
) -> DocumentItem:
    """One API document object (search result, single document or public inspection)."""
    number = collapse_space(str(doc.get("document_number") or ""))
    if not number:
        raise ParseError("The Federal Register document has no document_number.")
    agencies = agency_names(doc)
    agency = primary_agency(doc) or fallback_agency
    extra = _document_extra(doc, agencies, public_inspection)
    if agency and not agencies:
        extra["agency_inferred"] = True
    return DocumentItem(
        source=SOURCE,
        external_id=number,
        title=_title_of(doc, number),
        url=_text(doc.get("html_url")) or f"https://www.federalregister.gov/d/{number}",
        published_on=parse_date(doc.get("publication_date")),
        agency=agency,
        language="en",
        doc_type=type_name(doc.get("type")),
        effective_on=parse_date(doc.get("effective_on")),
        comments_close_on=parse_date(doc.get("comments_close_on")),
        body=_text(doc.get("abstract")),
        extra=extra,
    )


def _title_of(doc: dict[str, Any], number: str) -> str:
    for key in ("title", "toc_doc", "toc_subject", "action"):
        value = _text(doc.get(key))
        if value:
            return value
    return number


def _document_extra(
    doc: dict[str, Any], agencies: list[str], public_inspection: bool
) -> dict[str, Any]:
    dockets = doc.get("docket_ids") or doc.get("docket_numbers") or []
    extra: dict[str, Any] = {
        "docket_ids": [collapse_space(str(d)) for d in dockets if d],
        "pdf_url": _text(doc.get("pdf_url")),
        "agencies": agencies,
        "regulation_id_numbers": list(doc.get("regulation_id_numbers") or []),
    }
    for key in _EXTRA_KEYS:
        if doc.get(key) not in (None, "", [], {}):
            extra[key] = doc[key]
    if public_inspection:
        extra["public_inspection"] = True
        extra.update({k: doc[k] for k in _PI_EXTRA_KEYS if doc.get(k) not in (None, "")})
    return extra


def agency_names(doc: dict[str, Any]) -> list[str]:
    """Every agency named on the document, in the API's order."""
    names = []
    for agency in doc.get("agencies") or []:
        if isinstance(agency, dict):
            name = _text(agency.get("name")) or _text(agency.get("raw_name"))
        else:
            name = _text(agency)
        if name:
            names.append(name)
    if not names:
        names = [n for n in (_text(a) for a in doc.get("agency_names") or []) if n]
    return list(dict.fromkeys(names))


def primary_agency(doc: dict[str, Any]) -> str | None:
    """The issuing agencies: those that are not the parent of another listed agency.

    A CBP notice lists Homeland Security (the parent) and CBP; CBP is the one that acts.
    """
    agencies = [a for a in doc.get("agencies") or [] if isinstance(a, dict)]
    parents = {a.get("parent_id") for a in agencies if a.get("parent_id")}
    leaves = [a for a in agencies if a.get("id") is None or a.get("id") not in parents]
    found = [_text(a.get("name")) or _text(a.get("raw_name")) for a in leaves or agencies]
    names = list(dict.fromkeys(n for n in found if n))
    if not names:
        names = agency_names(doc)
    return "; ".join(names) or None


def _agency_from_description(description: Any) -> str | None:
    # "Documents from U.S. Citizenship and Immigration Services": the agency filter of a
    # search whose fields[] left out `agencies`; every result matched it.
    match = re.fullmatch(r"Documents from (.+)", collapse_space(str(description or "")))
    return match.group(1) if match else None


def type_name(value: Any) -> str | None:
    """The display name of a document type ("RULE" and "Rule" both give "Rule")."""
    text = _text(value)
    if not text:
        return None
    return TYPE_NAMES.get(text.upper().replace(" ", ""), text)


def parse_date(value: Any) -> dt.date | None:
    """An ISO date (or the date part of an ISO timestamp), else None."""
    text = _text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = collapse_space(str(value))
    return text or None


# ---------------------------------------------------------------- RSS and full-text XML


def _parse_markup(text: str, url: str, date: dt.date | None) -> ParseResult:
    head = text[:2000].lower()
    if head.startswith(("<!doctype html", "<html")) or re.match(r"<(?:head|body|div|p)\b", head):
        raise ParseError(
            "The Federal Register answered with an HTML page instead of JSON; use the API URL."
        )
    if re.search(r"<(?:rss|feed|rdf:rdf)\b", head):
        return parse_rss(text)
    return parse_full_text_xml(text, url, date)


def parse_rss(text: str) -> ParseResult:
    """Items of a documents.rss feed (no effective or comment dates in this format)."""
    feed = feedparser.parse(text.encode("utf-8"))
    if not feed.entries and (feed.bozo or not feed.feed):
        raise ParseError("The Federal Register RSS feed is not well-formed XML.")
    result = ParseResult()
    for entry in feed.entries:
        item = _rss_item(entry)
        if item is not None:
            result.items.append(item)
    return result


def _rss_item(entry: Any) -> DocumentItem | None:
    link = entry.get("link") or entry.get("id") or ""
    number = _DOC_NUMBER_IN_URL_RE.search(link)
    if not number:
        return None
    parsed = entry.get("published_parsed")
    # FR RSS descriptions are escaped twice ("&amp;#39;"), so unescape once more.
    abstract = collapse_space(_unescape_layers(entry.get("summary", ""))) or None
    return DocumentItem(
        source=SOURCE,
        external_id=number.group(1),
        title=collapse_space(entry.get("title", "")) or number.group(1),
        url=link,
        published_on=dt.date(*parsed[:3]) if parsed else _url_date(link),
        agency=collapse_space(entry.get("author", "")) or None,
        language="en",
        body=abstract,
        extra={"rss": True},
    )


def _unescape_layers(text: str, layers: int = 3) -> str:
    for _ in range(layers):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return text


def parse_full_text_xml(text: str, url: str | None, date: dt.date | None) -> ParseResult:
    """One item from the GPO full-text XML of a document (NOTICE, RULE, PRORULE, PRESDOCU)."""
    root = _xml_root(text)
    kind = _XML_ROOTS.get(root.tag)
    if kind is None:
        raise ParseError(f"The XML root <{root.tag}> is not a Federal Register document.")
    number = _FRDOC_RE.search(_xml_text(root.find(".//FRDOC")) or "")
    if not number:
        raise ParseError("The Federal Register XML has no 'FR Doc.' number; it may be cut.")
    item = DocumentItem(
        source=SOURCE,
        external_id=number.group(1),
        title=_xml_text(root.find(".//SUBJECT")) or _xml_text(root.find(".//HD")) or "",
        url=f"https://www.federalregister.gov/d/{number.group(1)}",
        published_on=_url_date(url or "") or date,
        agency=_xml_agency(root),
        language="en",
        doc_type=kind,
        body=_xml_section(root, "SUM"),
        extra=_xml_extra(root),
    )
    return ParseResult(items=[item], expected_items=True)


def _xml_root(text: str) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        raise ParseError(
            f"The Federal Register XML is not well formed (line {line}); it may be cut."
        ) from None


def _xml_text(node: Any) -> str | None:
    if node is None:
        return None
    return collapse_space("".join(node.itertext())) or None


def _xml_section(root: Any, tag: str) -> str | None:
    node = root.find(f".//{tag}")
    if node is None:
        return None
    paragraphs = (_xml_text(p) for p in node.iter("P", "FP"))
    return "\n".join(p for p in paragraphs if p) or None


def _xml_agency(root: Any) -> str | None:
    # "U.S. Customs and Border Protection (CBP), Department of Homeland Security (DHS)."
    # names the acting agency first and its parent after the comma; ";" joins agencies.
    named = _xml_section(root, "AGY")
    if named:
        named = re.sub(r"\s*\([A-Z][A-Za-z]{1,9}\)", "", named).strip(" .")
        agencies = [part.split(",")[0].strip() for part in named.split(";")]
        return "; ".join(a for a in agencies if a) or None
    raw = _xml_text(root.find(".//AGENCY"))
    return raw.title() if raw and raw.isupper() else raw


def _xml_extra(root: Any) -> dict[str, Any]:
    extra: dict[str, Any] = {"full_text_xml": True}
    for tag, key in (("ACT", "action"), ("DATES", "dates"), ("FURINF", "contact")):
        value = _xml_section(root, tag)
        if value:
            extra[key] = value
    return extra


def _url_date(url: str) -> dt.date | None:
    match = _URL_DATE_RE.search(url or "")
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def document_numbers(items: Iterable[DocumentItem]) -> list[str]:
    """The external ids of `items`, in order (handy in tests and spider logs)."""
    return [item.external_id for item in items]
