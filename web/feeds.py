"""Atom, JSON and iCalendar renderings of approved changes: pure functions of rows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

from alerts.digest import DEADLINE_KINDS
from web.i18n import MESSAGES

ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: object) -> str:
    """Text XML 1.0 can carry (scraped pages sometimes hold control characters)."""
    return _XML_ILLEGAL.sub("", str(text or ""))


def display_title(row: Any, lang: str) -> str:
    """A row's title in `lang`, falling back to the other language and the original."""
    own = row.title_en if lang == "en" else row.title_es
    other = row.title_es if lang == "en" else row.title_en
    return own or other or row.doc_title


def display_summary(row: Any, lang: str) -> str | None:
    """A row's summary in `lang`, falling back to the other language."""
    own = row.summary_en if lang == "en" else row.summary_es
    return own or (row.summary_es if lang == "en" else row.summary_en)


def _iso(moment: dt.datetime | None) -> str:
    moment = moment or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    if moment.tzinfo is None:  # SQLite returns naive UTC timestamps
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def render_atom(
    rows: Iterable[Any], title: str, base_url: str, self_path: str, lang: str, now: dt.datetime
) -> bytes:
    """An Atom 1.0 feed of approved changes; ElementTree escapes every scraped string."""
    rows = list(rows)
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": lang})
    _sub(feed, "id", f"{base}{self_path}")
    _sub(feed, "title", title)
    updated = max((r.published_at for r in rows if r.published_at), default=None)
    _sub(feed, "updated", _iso(updated or now))
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "self", "href": f"{base}{self_path}"})
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "alternate", "href": f"{base}/archive"})
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    _sub(author, "name", "RegWatch")
    for row in rows:
        _atom_entry(feed, row, base, lang)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}")
    element.text = _clean(text)
    return element


def _atom_entry(feed: ET.Element, row: Any, base: str, lang: str) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
    page = f"{base}/archive/{row.id}"
    _sub(entry, "id", page)
    _sub(entry, "title", display_title(row, lang))
    _sub(entry, "updated", _iso(row.published_at))
    _sub(entry, "published", _iso(row.published_at))
    ET.SubElement(entry, f"{{{ATOM_NS}}}link", {"rel": "alternate", "href": page})
    if row.url and str(row.url).startswith(("http://", "https://")):
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", {"rel": "related", "href": _clean(row.url)})
    for topic in row.topics or []:
        ET.SubElement(entry, f"{{{ATOM_NS}}}category", {"term": _clean(topic)})
    text = display_summary(row, lang) or f"{row.agency or row.source_id}"
    _sub(entry, "summary", text).set("type", "text")


def change_json(row: Any) -> dict[str, Any]:
    """The public JSON form of an approved change row."""
    return {
        "id": row.id,
        "title_en": row.title_en,
        "title_es": row.title_es,
        "original_title": row.doc_title,
        "summary_en": row.summary_en,
        "summary_es": row.summary_es,
        "language": row.language,
        "source": row.source_id,
        "agency": row.agency,
        "url": row.url,
        "topics": list(row.topics or []),
        "urgent": bool(row.urgent),
        "published_at": _iso(row.published_at) if row.published_at else None,
        "published_on": row.published_on.isoformat() if row.published_on else None,
        "effective_on": row.effective_on.isoformat() if row.effective_on else None,
        "comments_close_on": (row.comments_close_on.isoformat() if row.comments_close_on else None),
    }


def _ics_text(value: object) -> str:
    text = _clean(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets as RFC 5545 requires."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


ICS_KEEP_PAST_DAYS = 30  # a date just passed stays in subscribers' calendars for a month


def row_deadlines(row: Any) -> list[tuple[str, dt.date, str]]:
    """(kind, date, phrase) of a row: its stored deadlines plus the date columns, once each."""
    found: dict[tuple[str, dt.date], str] = {}
    for entry in getattr(row, "deadlines", None) or []:
        try:
            day = dt.date.fromisoformat(str(entry.get("date")))
        except (AttributeError, ValueError):
            continue
        if entry.get("kind") in DEADLINE_KINDS:
            found.setdefault((entry["kind"], day), str(entry.get("text") or ""))
    for kind, column in (("effective", "effective_on"), ("comments_close", "comments_close_on")):
        value = getattr(row, column, None)
        if isinstance(value, dt.date):
            found.setdefault((kind, value), "")
    return sorted(((k, d, t) for (k, d), t in found.items()), key=lambda e: (e[1], e[0]))


def country_of(source_id: str) -> str:
    """ "US" for the US sources, "MX" for the rest."""
    return "US" if str(source_id or "").startswith("us_") else "MX"


def render_ics(rows: Iterable[Any], base_url: str, lang: str, now: dt.datetime) -> str:
    """One deadline calendar for both countries: an all-day event per deadline of each row.

    Kinds: effective dates, comment periods closing, compliance dates, other deadlines.
    UIDs are stable per (change, kind, date), so a re-published feed updates, not duplicates.
    """
    base = base_url.rstrip("/")
    host = re.sub(r"^https?://", "", base).split("/")[0] or "regwatch"
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//RegWatch//Regulatory dates//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:RegWatch",
    ]
    catalog = MESSAGES.get(lang, MESSAGES["en"])  # the pages' labels: "kind_" + kind
    oldest = now.date() - dt.timedelta(days=ICS_KEEP_PAST_DAYS)
    for row in rows:
        for kind, day, phrase in row_deadlines(row):
            if day >= oldest:
                lines += _ics_event(
                    row, kind, day, catalog[f"kind_{kind}"], phrase, (base, host, stamp), lang
                )
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _ics_event(
    row: Any,
    kind: str,
    day: dt.date,
    label: str,
    phrase: str,
    where: tuple[str, str, str],
    lang: str,
) -> list[str]:
    base, host, stamp = where
    end = day + dt.timedelta(days=1)
    page = f"{base}/archive/{row.id}"
    official = str(row.url or "")
    official = official if official.startswith(("http://", "https://")) else ""
    description = "\n".join(part for part in (phrase, official, page) if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:change-{row.id}-{kind}-{day.strftime('%Y%m%d')}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{end.strftime('%Y%m%d')}",
        f"SUMMARY:{_ics_text(label + ': ' + display_title(row, lang))}",
        f"DESCRIPTION:{_ics_text(description)}",
        f"CATEGORIES:{country_of(row.source_id)},{_ics_text(kind)}",
        f"URL:{_ics_uri(official or page)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return lines


def _ics_uri(url: str) -> str:
    """A URI value (not TEXT: no backslash escapes), without characters that break a line."""
    return re.sub(r"[\s\x00-\x1f]", "", _clean(url))
