"""CBP CSMS messages on GovDelivery: the widget JSONP and RSS listings, then bulletin pages.

Formats (see ../shared/reference/cbp/NOTES.md):

* widget: ``GDWidgets[0].update([{"subject", "pub_date", "href"}, ...])`` -- JSONP whose
  ``[0]`` subscript defeats a naive search for the first ``[``;
* account RSS 2.0: the last ~25 bulletins of every CBP topic, so only numbered messages
  (CSMS, CAMS, TIN) are kept;
* bulletin page: ``h1.bulletin_subject``, ``span.dateline`` ("... sent this bulletin at
  01/12/2026 03:50 PM EST"), ``div#bulletin_body`` holding e-mail HTML; legacy topic-update
  bulletins add a "You are subscribed to ..." preamble, a second timestamp and print the
  body twice;
* a text extraction of a bulletin page (what page stores and mirrors keep).

Every entry point is pure: ``parse_response(body, url)`` looks at the content first and
the URL second, so it also works when the URL says nothing.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import html
import json
import re
import warnings
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
from bs4 import BeautifulSoup, Comment, Tag, XMLParsedAsHTMLWarning

from crawlers.errors import InterstitialError, ParseError, StructureError
from crawlers.items import DocumentItem, FollowRequest, ParseResult
from crawlers.parsers.mx_common import looks_truncated_html
from crawlers.parsers.text import collapse_space, decode_body

SOURCE = "us_cbp_csms"
AGENCY = "U.S. Customs and Border Protection"
ACCOUNT = "USDHSCBP"
WIDGET_URL = "https://content.govdelivery.com/accounts/USDHSCBP/widgets/USDHSCBP_WIDGET_2/0.json"
RSS_URL = "https://public.govdelivery.com/accounts/USDHSCBP/feed.rss"
BULLETIN_BASE = "https://content.govdelivery.com/accounts/USDHSCBP/bulletins/"

# "CSMS # 67373639", "CSMS #67735996", "CSMS# 19-000252", "CSMS 55014059",
# "Cargo Systems Messaging Service (CSMS) # 64297292", "CAMS # ...", "TIN# ...".
_NUMBER_RE = re.compile(
    r"\b(?P<family>CSMS|CAMS|TIN)\)?\s*(?:#|No\.?|Number)?\s*(?P<num>\d{2}-\d{4,6}|\d{6,9})\b",
    re.IGNORECASE,
)
_SEPARATOR_RE = re.compile(r"^[\s:\-\u2013\u2014|]+")
_STAMP_RE = re.compile(
    r"(?P<mon>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\s+(?P<hour>\d{1,2}):(?P<min>\d{2})"
    r"(?::\d{2})?\s*(?P<ampm>[AaPp])\.?\s?[Mm]\.?(?:\s*(?P<zone>[A-Z]{1,4})\b)?"
)
# JSONP "GDWidgets[0].update([{" or bare JSON "[{" / "{"; not a text line "[Note ...".
_WIDGET_START_RE = re.compile(r"^(?:[\w$]+(?:\[\d+\])?(?:\.[\w$]+)*\s*\(\s*)?[\[{]\s*[\"{\[\]}]")
_DATELINE_RE = re.compile(r"sent\s+this\s+bulletin\s+at\s+", re.IGNORECASE)
# The whole dateline as a text copy prints it, right after the subject or on its own line.
_TEXT_DATELINE_RE = re.compile(
    r"U\.S\. Customs and Border Protection sent this bulletin at "
    r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2} [AP]M\b"
)
_EMAIL_HEADER_RE = re.compile(
    r"(?:received|return-path|delivered-to|from|to|subject|date|mime-version|message-id"
    r"|x-[\w-]+|content-type|dkim-signature|arc-[\w-]+|authentication-results):[^\n]*\n"
)
_SUBJECT_PREFIXES = ("", "Cargo Systems Messaging Service (")
_ZONE_OFFSETS = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "UTC": 0, "GMT": 0, "Z": 0,
}  # fmt: skip
_EASTERN = zoneinfo.ZoneInfo("America/New_York")
# A cross-reference number: legacy "18-000240" or a new-style 7-9 digit number.
_REF_RE = re.compile(r"(?<![\d.\-/])(\d{2}-\d{4,6}|\d{7,9})(?![\d.\-/])")
_RELATED_RE = re.compile(
    r"\bRelated\s+(?:CSMS|Messages?|Message\s+Numbers?|Bulletins?)\b", re.IGNORECASE
)
_REPLACES_ACTIVE_RE = re.compile(
    r"\b(?:replac(?:e|es|ing)|supersed(?:e|es|ing))\b(?!\s+by)(?P<tail>[^.;\n]{0,240})",
    re.IGNORECASE,
)
_REPLACES_PASSIVE_RE = re.compile(
    r"(?P<head>[^.;\n]{0,240})\b(?:replaced|superseded)\s+by\s+this\s+(?:message|CSMS|bulletin)",
    re.IGNORECASE,
)
_FOOTER_MARKERS = (
    "Update your subscriptions, modify your password",
    "This service is provided to you at no charge",
    "Powered by GovDelivery",
    "Bookmark and Share",
)
_BANNERS = {"cargo systems messaging service", "cargo systems messaging service (csms)"}
_SUBSCRIBED_RE = re.compile(r"You are subscribed to (?P<topic>.+?) for (?P<account>[^.]+)\.")
_BLOCK_TAGS = (
    "p", "div", "tr", "td", "th", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "blockquote", "pre", "section", "article", "header", "footer", "center",
    "dt", "dd",
)  # fmt: skip
_ATTACHMENT_EXTENSIONS = (".pdf", ".xlsx", ".xls", ".docx", ".doc", ".csv", ".zip", ".txt")
_BLOCKED_MARKERS = (
    "access denied", "request access", "are you a robot", "captcha", "just a moment",
    "checking your browser", "incapsula",
)  # fmt: skip


# ---------------------------------------------------------------- entry points


def parse_response(
    body: bytes,
    url: str,
    date: dt.date | None = None,
    headers: Mapping[str, Any] | None = None,
) -> ParseResult:
    """Parse one GovDelivery response: widget JSONP, RSS, bulletin page or its text copy."""
    text = decode_body(body or b"", headers).strip()
    if not text:
        raise ParseError("The CSMS response is empty; fetch the page again.")
    kind = detect_kind(text)
    if kind == "widget":
        return parse_widget(text)
    if kind == "rss":
        return parse_rss(text)
    if kind == "html":
        return parse_bulletin_html(text, url)
    if kind == "email":
        return parse_email(text)
    return parse_bulletin_text(text, url)


def detect_kind(text: str) -> str:
    """Say which format `text` is in: "widget", "rss", "html", "email" or "text"."""
    head = text[:2000].lstrip().lower()
    if _EMAIL_HEADER_RE.match(head):
        return "email"
    if _WIDGET_START_RE.match(head):
        return "widget"
    feed_markers = ("<rss", "<feed", "<rdf:rdf")
    if "<html" not in head and (head.startswith("<?xml") or any(m in head for m in feed_markers)):
        return "rss"
    if head.startswith("<") or "<html" in head or "<body" in head:
        return "html"
    return "text"


def sniff_url(body: bytes) -> str:
    """A plausible URL for `body`, for the parse command when none is given."""
    text = decode_body(body or b"").strip()
    kind = detect_kind(text) if text else "html"
    if kind == "widget":
        return WIDGET_URL
    if kind == "rss":
        return RSS_URL
    canonical = re.search(r"accounts/USDHSCBP/bulletins/([0-9a-f]+)", text, re.IGNORECASE)
    if canonical:
        return BULLETIN_BASE + canonical.group(1).lower()
    number = _NUMBER_RE.search(text)
    if number and number.group("num").isdigit() and len(number.group("num")) == 8:
        return bulletin_url_for(number.group("num"))
    return BULLETIN_BASE


# ---------------------------------------------------------------- subjects, numbers, URLs


def parse_subject(subject: str) -> dict[str, str] | None:
    """Split "CSMS # 67373639 - Title" into family, number (digits only), label and title."""
    match = _NUMBER_RE.search(subject or "")
    if not match:
        return None
    raw = match.group("num")
    rest = _SEPARATOR_RE.sub("", subject[match.end() :]).strip()
    return {
        "family": match.group("family").upper(),
        "number": re.sub(r"\D", "", raw),
        "label": raw,
        "legacy": raw if "-" in raw else "",
        "title": rest,
    }


def clean_subject(subject: str) -> str:
    """Collapse spaces and undo the one layer of entities listings leave ("Parts &amp; ...")."""
    if "&" in subject:
        subject = html.unescape(subject)
    return collapse_space(subject)


def bulletin_url_for(number: str) -> str:
    """Rebuild a bulletin URL from a new-style CSMS number (the slug is the number in hex)."""
    return BULLETIN_BASE + format(int(number), "x")


def canonical_bulletin_url(href: str | None) -> str | None:
    """Map widget, share and account links of one bulletin to its canonical account URL."""
    if not href:
        return None
    href = href.strip()
    widget = re.search(r"/bulletins/gd/([A-Za-z0-9_]+)-([0-9a-fA-F]+)", href)
    if widget:
        return _account_url(widget.group(1), widget.group(2))
    account = re.search(r"/accounts/([A-Za-z0-9_]+)/bulletins/([0-9a-fA-F]+)", href)
    if account:
        return _account_url(account.group(1), account.group(2))
    return href


def bulletin_page_url(url: str | None) -> str | None:
    """The canonical URL of a bulletin page, or None when `url` names no bulletin."""
    canonical = canonical_bulletin_url(url)
    return canonical if canonical and re.search(r"/bulletins/[0-9a-f]+$", canonical) else None


def _account_url(account: str, slug: str) -> str:
    return f"https://content.govdelivery.com/accounts/{account.upper()}/bulletins/{slug.lower()}"


def parse_sent_at(text: str | None) -> dt.datetime | None:
    """Read "01/12/2026 03:50 PM EST" as an aware UTC datetime (no zone: US Eastern)."""
    match = _STAMP_RE.search(text or "")
    if not match:
        return None
    hour = int(match.group("hour")) % 12 + (12 if match.group("ampm").lower() == "p" else 0)
    try:
        naive = dt.datetime(
            int(match.group("year")), int(match.group("mon")), int(match.group("day")),
            hour, int(match.group("min")),
        )  # fmt: skip
    except ValueError:
        return None
    zone = (match.group("zone") or "").upper()
    if zone in _ZONE_OFFSETS:
        local = naive.replace(tzinfo=dt.timezone(dt.timedelta(hours=_ZONE_OFFSETS[zone])))
    else:
        local = naive.replace(tzinfo=_EASTERN)  # "ET" or nothing: CBP sends from Washington
    return local.astimezone(dt.UTC)


# ---------------------------------------------------------------- listings


def parse_widget(text: str) -> ParseResult:
    """Parse the widget JSONP (or bare JSON array) into follow requests and listing items."""
    entries = _widget_entries(text)
    result = ParseResult(expected_items=True)
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        subject = clean_subject(str(entry.get("subject") or ""))
        href = canonical_bulletin_url(str(entry.get("href") or entry.get("url") or ""))
        sent_at = parse_sent_at(str(entry.get("pub_date") or ""))
        _add_listing_entry(result, subject, href, sent_at, "widget", keep_unnumbered=True)
    return result


def _widget_entries(text: str) -> list[Any]:
    start = _widget_array_start(text)
    try:
        value, _ = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"The GovDelivery widget payload is truncated or not JSON (at character {exc.pos})."
        ) from None
    if isinstance(value, dict):
        value = value.get("bulletins") or value.get("items") or value.get("data")
    if not isinstance(value, list):
        raise StructureError(
            "The GovDelivery widget payload holds no list of bulletins.",
            "a JSON array of {subject, pub_date, href} inside GDWidgets[0].update(...)",
        )
    return value


def _widget_array_start(text: str) -> int:
    # The array sits inside "update(...)"; "GDWidgets[0]" has a "[" of its own before it.
    call = re.search(r"\.update\s*\(\s*", text)
    start = call.end() if call else 0
    while start < len(text) and text[start] not in "[{":
        start += 1
    if start >= len(text):
        raise StructureError(
            "The GovDelivery widget payload ends before any JSON array.",
            "GDWidgets[0].update([...]) around the list of bulletins",
        )
    return start


def parse_rss(text: str) -> ParseResult:
    """Parse the account (or topic) RSS feed, keeping numbered CBP messages only."""
    feed = feedparser.parse(text.encode("utf-8"))
    if not feed.entries and (feed.bozo or not feed.feed):
        raise StructureError(
            "The GovDelivery RSS feed is not well-formed XML or holds no channel.",
            "rss > channel > item with title and link",
        )
    result = ParseResult(expected_items=True)
    for entry in feed.entries:
        subject = clean_subject(entry.get("title", ""))
        href = canonical_bulletin_url(entry.get("link") or entry.get("id"))
        sent_at = _feed_time(entry)
        _add_listing_entry(result, subject, href, sent_at, "rss", keep_unnumbered=False)
    return result


def _feed_time(entry: Any) -> dt.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:  # feedparser has already converted the RFC-822 offset to UTC
        year, month, day, hour, minute, second = parsed[:6]
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    return parse_sent_at(entry.get("published") or entry.get("updated"))


def _add_listing_entry(
    result: ParseResult,
    subject: str,
    href: str | None,
    sent_at: dt.datetime | None,
    listing: str,
    keep_unnumbered: bool,
) -> None:
    parts = parse_subject(subject)
    if parts is None and not keep_unnumbered:
        return  # a newsroom or media-release bulletin on the shared account feed
    if href and not href.startswith(("https://", "http://")):
        href = None  # not an address: never follow (or store) it
    if not href and parts and not parts["legacy"]:
        href = bulletin_url_for(parts["number"])
    if not href:
        return
    meta = {"subject": subject, "listing": listing}
    if sent_at:
        meta["sent_at"] = sent_at.isoformat()
    if parts:
        meta["csms_number"] = parts["number"]
        result.items.append(_listing_item(subject, href, sent_at, parts, listing))
    result.follow.append(FollowRequest(url=href, kind="bulletin", meta=meta))


def _listing_item(
    subject: str, href: str, sent_at: dt.datetime | None, parts: dict[str, str], listing: str
) -> DocumentItem:
    extra: dict[str, Any] = {"listing": listing, "family": parts["family"]}
    if sent_at:
        extra["sent_at"] = sent_at.isoformat()
    if parts["legacy"]:
        extra["legacy_number"] = parts["legacy"]
    return DocumentItem(
        source=SOURCE,
        external_id=parts["number"],
        title=subject,
        url=href,
        published_on=sent_at.date() if sent_at else None,
        agency=AGENCY,
        language="en",
        doc_type=parts["family"].lower(),
        extra=extra,
    )


# ---------------------------------------------------------------- bulletin pages


def parse_bulletin_html(text: str, url: str | None = None) -> ParseResult:
    """Parse a GovDelivery bulletin page (modern or legacy layout) into one item.

    A page with no numbered subject but with links to numbered bulletins (a saved copy of
    the cbp.gov CSMS page with its widget drawn, or GovDelivery's bulletin list) is read
    as a listing instead.
    """
    if "<html" in text[:2000].lower() and looks_truncated_html(text):
        raise ParseError("The bulletin page stops before its closing </html>; fetch it again.")
    soup = _soup(text)
    subject = _find_subject(soup)
    page_url = _find_canonical(soup) or bulletin_page_url(url)
    number = _number_for(subject, soup, page_url) if subject else None
    if number is None:
        listing = parse_link_listing(soup)
        if listing.follow:
            return listing
        _raise_if_blocked(text)
        if not subject:
            raise StructureError(
                "The page has no bulletin subject where a GovDelivery bulletin has one.",
                "an h1 (or the <title>) reading 'CSMS # <number> - ...'",
            )
        raise StructureError(
            f"No CSMS number found in the bulletin subject {subject[:80]!r}.",
            "'CSMS # <number>' at the start of the subject",
        )
    sent_at, updated_at = _find_datelines(soup)
    area = _content_area(soup)
    lines = html_to_lines(area) if area is not None else []
    attachments = find_attachments(area, page_url) if area is not None else []
    return _bulletin_result(subject, number, page_url, sent_at, updated_at, lines, attachments)


def _soup(text: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        # XHTML bulletins may open with "<?xml"; they are still read as HTML on purpose.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(text, "lxml")


def parse_link_listing(soup: BeautifulSoup) -> ParseResult:
    """Numbered bulletin links on an HTML page, each with the first timestamp near it."""
    result = ParseResult(expected_items=True)
    seen: set[str] = set()
    for link in soup.find_all("a", href=True):
        href = canonical_bulletin_url(str(link["href"]))
        subject = collapse_space(link.get_text(" "))
        if not href or not re.search(r"/bulletins/[0-9a-f]+$", href) or href in seen:
            continue
        if parse_subject(subject) is None:
            continue
        seen.add(href)
        around = link.parent.get_text(" ") if isinstance(link.parent, Tag) else ""
        sent_at = parse_sent_at(around.replace(link.get_text(" "), " "))
        _add_listing_entry(result, subject, href, sent_at, "html", keep_unnumbered=False)
    return result


def parse_email(text: str) -> ParseResult:
    """Parse a GovDelivery e-mail of a bulletin (subject and Date headers, HTML part)."""
    message = email.message_from_string(text, policy=email.policy.default)
    subject = clean_subject(str(message.get("subject") or ""))
    number = parse_subject(subject)
    if number is None:
        raise ParseError("The e-mail subject carries no CSMS number; it is not a CSMS message.")
    sent_at = _email_date(message.get("date"))
    part = message.get_body(preferencelist=("html", "plain"))
    content = part.get_content() if part is not None else ""
    if part is not None and part.get_content_type() == "text/html":
        soup = _soup(content)
        link = _first_bulletin_link(soup)
        lines = html_to_lines(soup)
        attachments = find_attachments(_soup(content), link)
    else:
        lines = [collapse_space(x) for x in str(content).splitlines() if x.strip()]
        link, attachments = None, []
    return _bulletin_result(subject, number, link, sent_at, None, lines, attachments)


def _email_date(value: Any) -> dt.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError):
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed.astimezone(dt.UTC)


def _first_bulletin_link(soup: BeautifulSoup) -> str | None:
    for link in soup.find_all("a", href=True):
        href = bulletin_page_url(str(link["href"]))
        if href:
            return href
    return None


def parse_bulletin_text(text: str, url: str | None = None) -> ParseResult:
    """Parse a text extraction of a bulletin page (subject, dateline, then the body)."""
    lines = [collapse_space(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    index = next((i for i, line in enumerate(lines) if _TEXT_DATELINE_RE.search(line)), None)
    if index is None:
        _raise_if_blocked(text)
        raise StructureError(
            "The text ends before the bulletin's date line ('sent this bulletin at ...').",
            "a line 'U.S. Customs and Border Protection sent this bulletin at <date>'",
        )
    subject = _text_subject(lines, index)
    if not subject:
        raise StructureError(
            "The bulletin text has no CSMS subject before its date line.",
            "a 'CSMS # <number> - ...' line above the date line",
        )
    sent_at, updated_at = _text_datelines(lines[index], lines[index + 1 : index + 4])
    body_lines = _split_dateline_tail(lines[index]) + lines[index + 1 :]
    number = parse_subject(subject)
    page_url = bulletin_page_url(url)
    return _bulletin_result(subject, number, page_url, sent_at, updated_at, body_lines, [])


def _text_subject(lines: list[str], index: int) -> str:
    # The subject opens the dateline's own line (mirrors) or fills the line above (pages);
    # a CSMS number quoted in the middle of other prose is not a bulletin.
    dateline = _TEXT_DATELINE_RE.search(lines[index])
    assert dateline is not None  # `index` is a line where the dateline was found
    before = lines[index][: dateline.start()].strip()
    candidate = before or (lines[index - 1] if index else "")
    match = _NUMBER_RE.search(candidate)
    if not match or candidate[: match.start()].strip() not in _SUBJECT_PREFIXES:
        return ""
    return collapse_space(candidate[match.start() :] if not before else candidate)


def _text_datelines(line: str, following: list[str]) -> tuple[dt.datetime | None, ...]:
    after = _DATELINE_RE.split(line, maxsplit=1)[-1]
    sent_at = parse_sent_at(after)
    updated_at = None
    if "You are subscribed to" in line or any("You are subscribed" in f for f in following):
        updated_at = next((parse_sent_at(f) for f in following if _STAMP_RE.match(f)), None)
    return sent_at, updated_at


def _split_dateline_tail(line: str) -> list[str]:
    # What follows the timestamp on the same line ("...EDTYou are subscribed ...").
    after = _DATELINE_RE.split(line, maxsplit=1)[-1]
    stamp = _STAMP_RE.search(after)
    tail = after[stamp.end() :] if stamp else ""
    return [collapse_space(tail)] if tail.strip() else []


def _bulletin_result(
    subject: str,
    number: dict[str, str] | None,
    page_url: str | None,
    sent_at: dt.datetime | None,
    updated_at: dt.datetime | None,
    lines: list[str],
    attachments: list[dict[str, str]],
) -> ParseResult:
    if number is None:
        raise ParseError(f"No CSMS number found in the bulletin subject {subject[:80]!r}.")
    preamble, body_lines = strip_boilerplate(lines, subject)
    body = "\n".join(body_lines)
    item = DocumentItem(
        source=SOURCE,
        external_id=number["number"],
        title=subject,
        url=page_url or (bulletin_url_for(number["number"]) if not number["legacy"] else None),
        published_on=sent_at.date() if sent_at else None,
        agency=AGENCY,
        language="en",
        doc_type=number["family"].lower(),
        body=body or None,
        extra=_bulletin_extra(number, sent_at, updated_at, body, attachments, preamble),
    )
    return ParseResult(items=[item], expected_items=True)


def _bulletin_extra(
    number: dict[str, str],
    sent_at: dt.datetime | None,
    updated_at: dt.datetime | None,
    body: str,
    attachments: list[dict[str, str]],
    preamble: dict[str, str],
) -> dict[str, Any]:
    own = {number["number"]}
    extra: dict[str, Any] = {
        "family": number["family"],
        "sent_at": sent_at.isoformat() if sent_at else None,
        "attachments": attachments,
        "related": [n for n in find_related(body) if n not in own],
        "replaces": [n for n in find_replaces(body) if n not in own],
        "number_source": number.get("source", "subject"),
    }
    if number["legacy"]:
        extra["legacy_number"] = number["legacy"]
    if updated_at:
        extra["topic_updated_at"] = updated_at.isoformat()
    extra.update(preamble)
    return extra


def _find_subject(soup: BeautifulSoup) -> str:
    h1 = soup.select_one("h1.bulletin_subject, .bulletin_subject, #bulletin_subject")
    candidates = [h1.get_text(" ") if h1 else ""]
    og = soup.find("meta", attrs={"property": "og:title"})
    candidates.append(str(og.get("content") or "") if og else "")
    script = re.search(r'bulletinSubject:\s*"((?:[^"\\]|\\.)*)"', str(soup))
    candidates.append(_js_string(script.group(1)) if script else "")
    candidates.append(soup.title.get_text(" ") if soup.title else "")
    candidates += [h.get_text(" ") for h in soup.find_all(["h1", "h2"], limit=6)]
    cleaned = [collapse_space(c) for c in candidates if c and c.strip()]
    numbered = next((c for c in cleaned if _NUMBER_RE.search(c)), None)
    return numbered or (cleaned[0] if cleaned and (h1 or og) else "")


def _js_string(value: str) -> str:
    try:
        return str(json.loads(f'"{value}"'))
    except json.JSONDecodeError:
        return value


def _find_canonical(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", rel="canonical")
    href = str(link.get("href") or "") if isinstance(link, Tag) else ""
    return canonical_bulletin_url(href) if href else None


def _find_datelines(soup: BeautifulSoup) -> tuple[dt.datetime | None, dt.datetime | None]:
    dateline = soup.select_one("span.dateline, .dateline")
    text = dateline.get_text(" ") if dateline else ""
    if not _STAMP_RE.search(text):
        whole = collapse_space(soup.get_text(" "))
        found = _DATELINE_RE.split(whole, maxsplit=1)
        text = found[1][:80] if len(found) == 2 else ""
    sent_at = parse_sent_at(text)
    updated_at = _find_topic_update(soup) if sent_at else None
    return sent_at, updated_at


def _find_topic_update(soup: BeautifulSoup) -> dt.datetime | None:
    # Legacy topic-update bulletins print a second, earlier timestamp after the preamble.
    area = _content_area(soup)
    if area is None or "You are subscribed to" not in area.get_text(" "):
        return None
    lines = html_to_lines(area)
    start = next((i for i, line in enumerate(lines) if "You are subscribed to" in line), 0)
    stamps = (parse_sent_at(x) for x in lines[start + 1 : start + 4] if _STAMP_RE.match(x))
    return next(stamps, None)


def _content_area(soup: BeautifulSoup) -> Tag | None:
    content = soup.select_one("#bulletin_content, .bulletin_display")
    if content is None:
        content = soup.select_one("#bulletin_body, .bulletin_body") or soup.body
    if content is None:
        return None
    # Work on a copy so the subject and dateline stay readable in the original soup.
    copy = BeautifulSoup(str(content), "lxml")
    for tag in copy.select("h1.bulletin_subject, #bulletin_footer, .bulletin_footer"):
        tag.decompose()
    # Only the first dateline is the "sent" line; a legacy body carries a second one.
    first = copy.select_one(".dateline")
    if first is not None and _DATELINE_RE.search(first.get_text(" ")):
        first.decompose()
    return copy


def _number_for(subject: str, soup: BeautifulSoup, page_url: str | None) -> dict[str, str] | None:
    parts = parse_subject(subject)
    if parts:
        return parts
    # No number in the subject: the GovDelivery bulletin id equals the CSMS number for
    # messages sent since July 2019; trust it only where the URL's hex slug agrees.
    script = re.search(r"(?:relevant_bulletins|bulletin_analytics)/(\d{6,9})/", str(soup))
    slug = re.search(r"/bulletins/([0-9a-f]+)$", page_url or "")
    if script and slug and int(slug.group(1), 16) == int(script.group(1)):
        return {"family": "CSMS", "number": script.group(1), "label": script.group(1),
                "legacy": "", "title": subject, "source": "bulletin_id"}  # fmt: skip
    return None


def _raise_if_blocked(text: str) -> None:
    lowered = text[:5000].lower()
    if any(marker in lowered for marker in _BLOCKED_MARKERS):
        raise InterstitialError("GovDelivery answered with a block or captcha page; retry later.")


# ---------------------------------------------------------------- body text


def html_to_lines(root: Tag) -> list[str]:
    """Text of `root` as lines broken at block elements, without scripts, styles, comments."""
    for node in root.find_all(["script", "style", "noscript", "head", "title", "meta"]):
        node.decompose()
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.append("\n")
    lines = (collapse_space(line) for line in root.get_text("").split("\n"))
    return [line for line in lines if line]


def strip_boilerplate(lines: list[str], subject: str) -> tuple[dict[str, str], list[str]]:
    """Drop banner, repeated subject, legacy preamble, GovDelivery footer and a doubled body."""
    lines = _cut_footer(lines)
    preamble: dict[str, str] = {}
    subject_key = collapse_space(subject).lower()
    start = 0
    while start < len(lines) and start < 8:
        line = lines[start]
        lowered = line.lower()
        subscribed = _SUBSCRIBED_RE.search(line)
        if subscribed:
            preamble["topic"] = subscribed.group("topic").strip()
        elif not (lowered in _BANNERS or lowered == subject_key or _is_stamp_line(line)
                  or _DATELINE_RE.search(line) or lowered.startswith("having trouble viewing")
                  or lowered == preamble.get("topic", "").lower()):  # fmt: skip
            break
        start += 1
    return preamble, _undouble(lines[start:])


def _is_stamp_line(line: str) -> bool:
    match = _STAMP_RE.match(line)
    return match is not None and len(line) <= match.end() + 2


def _cut_footer(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if any(marker in line for marker in _FOOTER_MARKERS):
            return lines[:index]
    return lines


def _undouble(lines: list[str]) -> list[str]:
    # Legacy topic-update bulletins print the whole body twice, back to back.
    if len(lines) < 2:
        return lines
    first = lines[0]
    for k in range(1, len(lines)):
        if lines[k] == first and lines[k:] == lines[: len(lines) - k] and k * 2 >= len(lines):
            return lines[:k]
    return lines


# ---------------------------------------------------------------- cross-references


def find_related(body: str) -> list[str]:
    """Numbers listed in "Related ..." footers (4+ formats), as digits, in order."""
    found: list[str] = []
    lines = body.splitlines()
    for index, line in enumerate(lines):
        match = _RELATED_RE.search(line)
        if not match:
            continue
        found += _refs_in(line[match.end() :])
        # The numbers may also be listed one per line (or per <li>) below the heading.
        for following in lines[index + 1 : index + 30]:
            if not _is_ref_line(following):
                break
            found += _refs_in(following)
    return _unique(found)


def _is_ref_line(line: str) -> bool:
    return bool(re.match(r"^\W*(?:(?:CSMS|CAMS)\s*#?\s*)?(?:\d{2}-\d{4,6}|\d{7,9})\b", line))


def find_replaces(body: str) -> list[str]:
    """Numbers this message replaces or supersedes ("This message serves to replace ...")."""
    text = body.replace("\n", " \n ")
    found: list[str] = []
    for match in _REPLACES_ACTIVE_RE.finditer(text):
        found += _refs_in(match.group("tail"))
    for match in _REPLACES_PASSIVE_RE.finditer(text):
        found += _refs_in(match.group("head"))
    return _unique(found)


def _refs_in(text: str) -> list[str]:
    return [re.sub(r"\D", "", ref) for ref in _REF_RE.findall(text)]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# ---------------------------------------------------------------- attachments


def find_attachments(root: Tag, base_url: str | None) -> list[dict[str, str]]:
    """Files attached to the bulletin: GovDelivery file_attachments and document links."""
    found: dict[str, dict[str, str]] = {}
    for link in root.find_all("a", href=True):
        href = urljoin(base_url or BULLETIN_BASE, str(link["href"]).strip())
        if not _is_attachment(href) or href in found:
            continue
        title = collapse_space(link.get_text(" ")) or _file_name(href)
        found[href] = {"title": title, "url": href}
    return list(found.values())


def _is_attachment(href: str) -> bool:
    parts = urlsplit(href)
    if parts.scheme not in ("http", "https") or "fancy_images" in parts.path:
        return False
    if "/file_attachments/" in parts.path or "/attachments/" in parts.path:
        return True
    return parts.path.lower().endswith(_ATTACHMENT_EXTENSIONS)


def _file_name(href: str) -> str:
    return unquote(urlsplit(href).path.rsplit("/", 1)[-1])
