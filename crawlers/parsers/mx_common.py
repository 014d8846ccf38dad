"""Small helpers shared by the Mexican non-DOF parsers (SAT, gob.mx, ANAM, SNICE).

Pure functions only: decoding, Spanish dates, whitespace, header lookup, agency names
and the recognition of bot-check or holding pages that stand in for real content.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from collections.abc import Mapping
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from crawlers.errors import InterstitialError, ParseError
from crawlers.parsers import text

MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
# "26 de noviembre de 2025", "1o. de enero de 2026", "14 de Mayo del 2026".
_SPANISH_DATE_RE = re.compile(
    rf"\b(\d{{1,2}})\s*(?:o\.|º|°)?\s+de\s+({_MONTH_ALT})\s+(?:de|del)\s+(\d{{4}})\b"
)
_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DMY_DATE_RE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")

# Portal slug on gob.mx (or host) -> the agency name the product shows.
AGENCY_BY_PORTAL = {
    "sat": "SAT",
    "se": "Secretaría de Economía",
    "economia": "Secretaría de Economía",
    "stps": "STPS",
    "conasami": "CONASAMI",
    "anam": "ANAM",
    "shcp": "SHCP",
    "prodecon": "PRODECON",
    "imss": "IMSS",
    "sep": "SEP",
}
_AGENCY_BY_HOST = {
    "sat.gob.mx": "SAT",
    "anam.gob.mx": "ANAM",
    "snice.gob.mx": "Secretaría de Economía",
    "economia.gob.mx": "Secretaría de Economía",
    "stps.gob.mx": "STPS",
    "conasami.gob.mx": "CONASAMI",
}

# Markers that only bot checks and holding pages carry (checked in lower case).
_STRONG_INTERSTITIAL_MARKERS = (
    "the requested url was rejected",  # F5 BIG-IP ASM, in front of sat.gob.mx
    "your support id is",
    "cf-chl-",  # Cloudflare challenge
    "attention required! | cloudflare",
    "cf-browser-verification",
    "incapsula incident id",
    "_incapsula_resource",
    "request unsuccessful. incapsula",
    "/cdn-cgi/challenge-platform",
    "ddos protection by",
)
_WEAK_INTERSTITIAL_MARKERS = (
    "just a moment...",
    "access denied",
    "you don't have permission to access",
    "g-recaptcha",
    "h-captcha",
    "hcaptcha.com",
    "captcha",
    "verifica que no eres un robot",
    "no soy un robot",
    "service unavailable",
    "servicio no disponible",
    "sitio en mantenimiento",
    "en mantenimiento",
    "too many requests",
    "please enable javascript",
    "habilita javascript",
    "bad gateway",
    "gateway time-out",
)
_HOLDING_PAGE_MAX_CHARS = 32_000
_LOGIN_MARKERS = ('type="password"', "type='password'", "iniciar sesión", "inicia sesión")


def make_soup(text: str) -> BeautifulSoup:
    """Parse HTML leniently with lxml; a feed or XML body sent by mistake is not a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(text, "lxml")


def clean_text(value: str | None) -> str:
    """Collapse whitespace (NBSP and zero-width characters too) and strip."""
    if not value:
        return ""
    value = value.replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r"\s+", " ", value.replace("\xa0", " ")).strip()


def fold(value: str) -> str:
    """Lower-case and strip accents, for matching Spanish words in any spelling."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def slugify(value: str) -> str:
    """An ASCII snake_case token, e.g. 'Conferencias de prensa' -> 'conferencias_de_prensa'."""
    return re.sub(r"[^a-z0-9]+", "_", fold(value)).strip("_")


def decode_body(body: bytes, default: str = "utf-8") -> str:
    """Decode a page: BOM, then strict UTF-8, then the declared charset, then cp1252.

    SAT serves UTF-8 without a charset header, so UTF-8 is tried before anything the
    page or server claims; cp1252 is the last resort because it never fails.
    """
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace")
    try:
        return body.decode(default)
    except (UnicodeDecodeError, LookupError):
        pass
    declared = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", body[:4096])
    if declared:
        try:
            return body.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return body.decode("cp1252", errors="replace")


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_spanish_date(text: str | None) -> dt.date | None:
    """The first date in `text`: 'd de <mes> de yyyy', 'yyyy-mm-dd' or 'dd/mm/yyyy'."""
    if not text:
        return None
    folded = fold(text)
    match = _SPANISH_DATE_RE.search(folded)
    if match:
        day, month, year = match.groups()
        return _safe_date(int(year), MONTHS[month], int(day))
    match = _ISO_DATE_RE.search(folded)
    if match:
        return _safe_date(*(int(part) for part in match.groups()))
    match = _DMY_DATE_RE.search(folded)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return _safe_date(year, month, day)
    return None


def header_value(headers: Mapping[str, Any] | None, name: str) -> str | None:
    """A response header as stripped text, whatever the mapping (dict, Scrapy Headers, bytes)."""
    value = text.header_value(headers, name)
    return None if value is None else value.strip()
    return None


def agency_for(url: str, portal: str | None = None) -> str | None:
    """The agency a URL belongs to: gob.mx portal slug first, then the host."""
    if portal and portal.lower() in AGENCY_BY_PORTAL:
        return AGENCY_BY_PORTAL[portal.lower()]
    host = (urlsplit(url).hostname or "").lower()
    for suffix, agency in _AGENCY_BY_HOST.items():
        if host == suffix or host.endswith("." + suffix):
            return agency
    return None


def split_url(url: str | None) -> SplitResult | None:
    """`urlsplit`, or None for a malformed URL (e.g. a stray '[' in the host)."""
    try:
        return urlsplit(url or "")
    except ValueError:
        return None


def join_url(base: str, href: str) -> str | None:
    """`urljoin` that returns None instead of raising on a malformed href or base."""
    try:
        joined = urljoin(base, href)
        urlsplit(joined)
    except ValueError:
        return None
    return joined


def require_url(url: str | None) -> str:
    """The page URL, or a ParseError when it cannot be a URL at all."""
    if split_url(url) is None:
        raise ParseError(f"{url!r} is not a valid URL; pass the address the page came from.")
    return url or ""


def require_body(body: bytes | None, what: str) -> None:
    """Refuse an empty or whitespace-only response before any parsing."""
    if not body or not body.strip():
        raise ParseError(f"The response is empty; expected {what}.")


def raise_if_interstitial(text: str, *, strong_only: bool = False) -> None:
    """Raise InterstitialError if `text` is a bot check, captcha or holding page.

    Weak markers (e.g. 'captcha', 'Access Denied') also occur on real pages, so callers
    check them only after the expected content was not found (`strong_only=False`).
    """
    lowered = text[:200_000].lower()
    for marker in _STRONG_INTERSTITIAL_MARKERS:
        if marker in lowered:
            raise InterstitialError(
                f"The source answered with a bot-check page ({marker!r}) instead of content."
            )
    # Holding pages are small; a long document that merely mentions "captcha" is not one.
    if strong_only or len(text) > _HOLDING_PAGE_MAX_CHARS:
        return
    for marker in _WEAK_INTERSTITIAL_MARKERS:
        if marker in lowered:
            raise InterstitialError(
                f"The source answered with a holding or captcha page ({marker!r}) "
                "instead of content; try again later."
            )
    if any(marker in lowered for marker in _LOGIN_MARKERS):
        raise ParseError("The source answered with a login page instead of public content.")


def looks_truncated_html(text: str) -> bool:
    """True when an HTML document stops before its closing body or html tag."""
    tail = text[-8192:].lower()
    return "</html" not in tail and "</body" not in tail


def looks_like_html(body: bytes) -> bool:
    """True when the bytes start like an HTML document (used to spot error pages)."""
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--"))
