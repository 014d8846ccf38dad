"""The shape of a digest, decided before any template runs (pure: items, languages, now).

A compliance manager reads the top of the email and decides what to open, so:
- a three-line summary (items per topic, how many urgent, the nearest date to act on);
- urgent stories first, then one section per topic, within a topic the nearest deadline
  first and then the newest;
- a *story* is every change sharing a `story_key` (one policy event seen by several
  sources, e.g. a DOF decree and the CBP message about it): one block, counted once;
- each section shows `FULL_ITEMS[frequency]` stories in full; a weekly digest hands the
  rest of its `FULL_BUDGET` to the sections with more (a week of 13 customs items and 3
  others shows 8 customs items in full); the rest are one-line titles with a link to all of
  them on the web, which keeps a weekly digest of 30 items within four phone screens.
Titles: in a full item the official title (the source's language) always comes first; the
translation in the reader's language follows, marked machine or reviewed. A one-line title
(the "N more" lists, related items, the summary) is in the reader's language, a machine
translation marked "MT"; its link leads to the official title. A `both` reader gets the
official title everywhere.
Abstracts: the summary in a language the member reads (a machine translation marked), else
the source's abstract when it is in a language the member reads; never a foreign one, and
never one that only describes the file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import urllib.parse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from alerts import abstracts, rendering

if TYPE_CHECKING:
    from alerts.digest import DigestItem

TOPIC_ORDER = ("customs", "immex", "tax", "labor")
OTHER_TOPIC = "other"
URGENT_SECTION = "urgent"
# Stories shown in full per section; the rest become one-line titles.
FULL_ITEMS = {"instant": 50, "daily": 5, "weekly": 2}
# Stories shown in full across all topic sections (urgent ones come on top, all in full).
FULL_BUDGET = {"weekly": 8}


def full_counts(sizes: Sequence[int], frequency: str) -> list[int]:
    """How many stories each topic section shows in full: `FULL_ITEMS` each, then what is left
    of the frequency's budget, one at a time to each section in reading order."""
    counts = [min(FULL_ITEMS.get(frequency, FULL_ITEMS["daily"]), n) for n in sizes]
    spare = FULL_BUDGET.get(frequency, 0) - sum(counts)
    while spare > 0 and any(c < n for c, n in zip(counts, sizes, strict=True)):
        for index, size in enumerate(sizes):
            if spare > 0 and counts[index] < size:
                counts[index] += 1
                spare -= 1
    return counts


# Long enough to keep the subject of a DOF title ("NORMA Oficial Mexicana NOM-136-STPS-2026,
# Condiciones de seguridad en los centros de trabajo donde se manejen sustancias químicas").
TITLE_CHARS = 190
TRANSLATION_CHARS = 190
ABSTRACT_CHARS = 160
ONE_LINE_CHARS = 95
SUBJECT_TITLE_CHARS = 60

TOPIC_LABELS = {
    "customs": "Customs",
    "immex": "IMMEX and maquila",
    "tax": "Tax",
    "labor": "Labor",
    OTHER_TOPIC: "Other",
    URGENT_SECTION: "Urgent",
}
# Subject phrases per topic, plural-aware ("3 customs changes" / "3 cambios de aduanas").
TOPIC_COUNTS = {
    "customs": ("%(num)s customs change", "%(num)s customs changes"),
    "immex": ("%(num)s IMMEX change", "%(num)s IMMEX changes"),
    "tax": ("%(num)s tax change", "%(num)s tax changes"),
    "labor": ("%(num)s labor change", "%(num)s labor changes"),
}
DEADLINE_LABELS = {
    "effective": "In force %(date)s",
    "comments_close": "Comments close %(date)s",
    "compliance": "Comply by %(date)s",
    "deadline": "Deadline %(date)s",
}
# The same dates once they have passed ("In force Dec 5" read on Dec 7 sounds like news).
PAST_DEADLINE_LABELS = {
    "effective": "In force since %(date)s",
    "comments_close": "Comments closed %(date)s",
    "compliance": "Compliance required since %(date)s",
    "deadline": "Deadline passed %(date)s",
}


def deadline_label(kind: str, day: dt.date, today: dt.date) -> str:
    """The catalog message for a date of this kind, worded for the past when it has passed."""
    labels = PAST_DEADLINE_LABELS if day < today else DEADLINE_LABELS
    return labels.get(kind, labels["deadline"])


# What the summary's "next deadline" prefers when two dates fall on the same day.
DEADLINE_RANK = {"comments_close": 0, "compliance": 1, "deadline": 2, "effective": 3}


# How the meta line names a source: short, so that it fits one phone line with the dates.
SHORT_SOURCES = {
    "dof_daily": "DOF",
    "us_cbp_csms": "CBP CSMS",
    "us_federal_register": "Federal Register",
    "mx_sat_normatividad": "SAT",
    "mx_gobmx_prensa": "gob.mx",
    "mx_anam": "ANAM",
    "mx_snice": "SE SNICE",
}
SHORT_AGENCY_CHARS = 16


def source_label(item: DigestItem) -> str:
    """ "DOF (SHCP)", "CBP CSMS", "ANAM": the source, and the agency when it is short."""
    short = SHORT_SOURCES.get(item.source_id, item.source_name)
    agency = (item.agency or "").strip()
    if agency and len(agency) <= SHORT_AGENCY_CHARS and agency.lower() not in short.lower():
        return f"{short} ({agency})"
    return short


def feedback_placeholder(change_id: int, relevant: bool) -> str:
    """Placeholder of one item's "relevant" / "not relevant" link (filled per recipient)."""
    return f"[%fb{change_id}{'y' if relevant else 'n'}%]"


@dataclasses.dataclass(frozen=True)
class Story:
    """One policy event: its lead item and the related items from other sources."""

    lead: DigestItem
    related: tuple[DigestItem, ...] = ()

    @property
    def items(self) -> tuple[DigestItem, ...]:
        """Lead first."""
        return (self.lead, *self.related)

    @property
    def urgent(self) -> bool:
        """A story is urgent when any of its items is."""
        return any(item.urgent for item in self.items)

    def upcoming(self, today: dt.date) -> list[tuple[str, dt.date]]:
        """Every date of the story's items from `today` on, soonest first."""
        dates = {(k, d) for item in self.items for k, d in item.deadlines if d >= today}
        return sorted(dates, key=lambda pair: (pair[1], DEADLINE_RANK.get(pair[0], 9)))


class Words:
    """Catalog look-ups for the frame locale, plus English for a `both` reader."""

    def __init__(self, locale: str, both: bool) -> None:
        self.locale = locale
        self.main = rendering.translations(locale)
        self.second = rendering.translations("en") if both else None

    def books(self) -> list[Words]:
        """One single-language Words per language shown (two for a `both` reader)."""
        if self.second is None:
            return [self]
        return [Words(self.locale, False), Words("en", False)]

    def one(self, msgid: str, **values: Any) -> str:
        """The string in the frame locale only."""
        return str(self.main.gettext(msgid)) % values if values else str(self.main.gettext(msgid))

    def both(self, msgid: str, **values: Any) -> str:
        """The string in the frame locale, then in English for a `both` reader."""
        text = self.one(msgid, **values)
        if self.second is None:
            return text
        other = str(self.second.gettext(msgid)) % values if values else self.second.gettext(msgid)
        return text if other == text else f"{text} · {other}"

    def plural(self, singular: str, plural: str, n: int, second: bool = True, **values: Any) -> str:
        """Plural-aware string (the catalog's Plural-Forms), English too for `both`."""
        values = {"num": rendering.format_count(n, self.locale), **values}
        text = str(self.main.ngettext(singular, plural, n)) % values
        if self.second is None or not second:
            return text
        other = str(self.second.ngettext(singular, plural, n)) % values
        return text if other == text else f"{text} · {other}"


def reading_order(language: str) -> tuple[str, ...]:
    """Languages a member reads, first the one shown first."""
    return ("es", "en") if language == "both" else (language,)


def primary_topic(item: DigestItem, followed: set[str] | None) -> str:
    """The heading an item goes under: its first topic (in house order) the member follows."""
    for topic in TOPIC_ORDER:
        if topic in item.topics and (followed is None or topic in followed):
            return topic
    return OTHER_TOPIC


def stories(items: Sequence[DigestItem]) -> list[Story]:
    """Items with the same story_key become one story; its lead is the most pressing item."""
    by_key: dict[str, list[DigestItem]] = {}
    alone: list[Story] = []
    for item in items:
        if item.story_key:
            by_key.setdefault(item.story_key, []).append(item)
        else:
            alone.append(Story(item))
    grouped = []
    for members in by_key.values():
        ordered = sorted(members, key=_pressing)
        grouped.append(Story(ordered[0], (*ordered[1:], *_references(ordered))))
    return alone + grouped


def _references(members: list[DigestItem]) -> list[DigestItem]:
    """The story's documents that are not in this digest (e.g. the Federal Register notice a
    CSMS message cites), once each, newest first."""
    inside = {item.change_id for item in members}
    found: dict[int, DigestItem] = {}
    for item in members:
        for other in item.references:
            if other.change_id not in inside:
                found.setdefault(other.change_id, other)
    return sorted(found.values(), key=_pressing)


def _pressing(item: DigestItem) -> tuple[bool, int, int]:
    return (not item.urgent, -(item.published_on or dt.date.min).toordinal(), item.change_id)


def story_order(today: dt.date) -> Callable[[Story], tuple[Any, ...]]:
    """Urgent first, then the nearest upcoming date, then the newest publication."""

    def key(story: Story) -> tuple[Any, ...]:
        upcoming = story.upcoming(today)
        nearest = upcoming[0][1].toordinal() if upcoming else dt.date.max.toordinal()
        published = -(story.lead.published_on or dt.date.min).toordinal()
        return (not story.urgent, nearest, published, story.lead.change_id)

    return key


def sections(
    all_stories: Sequence[Story],
    followed: set[str] | None,
    today: dt.date,
) -> list[tuple[str, list[Story]]]:
    """(section key, stories) in reading order: urgent, then topics in house order."""
    ordered = sorted(all_stories, key=story_order(today))
    urgent = [s for s in ordered if s.urgent]
    by_topic: dict[str, list[Story]] = {}
    for story in ordered:
        if not story.urgent:
            by_topic.setdefault(primary_topic(story.lead, followed), []).append(story)
    result = [(URGENT_SECTION, urgent)] if urgent else []
    return result + [(t, by_topic[t]) for t in (*TOPIC_ORDER, OTHER_TOPIC) if t in by_topic]


def topic_counts(all_stories: Sequence[Story], followed: set[str] | None) -> list[tuple[str, int]]:
    """Stories per topic (urgent ones included, each story once), in house order."""
    counts: dict[str, int] = {}
    for story in all_stories:
        topic = primary_topic(story.lead, followed)
        counts[topic] = counts.get(topic, 0) + 1
    return [(t, counts[t]) for t in (*TOPIC_ORDER, OTHER_TOPIC) if t in counts]


def nearest_deadline(
    all_stories: Sequence[Story], today: dt.date
) -> tuple[str, dt.date, Story] | None:
    """The soonest date from today on across the digest, with its story."""
    best: tuple[str, dt.date, Story] | None = None
    for story in all_stories:
        upcoming = story.upcoming(today)
        if upcoming and (best is None or _sooner(upcoming[0], best)):
            best = (upcoming[0][0], upcoming[0][1], story)
    return best


def _sooner(candidate: tuple[str, dt.date], best: tuple[str, dt.date, Story]) -> bool:
    if candidate[1] != best[1]:
        return candidate[1] < best[1]
    return DEADLINE_RANK.get(candidate[0], 9) < DEADLINE_RANK.get(best[0], 9)


# ---------------------------------------------------------------- titles


def official_title(item: DigestItem) -> tuple[str, str]:
    """(language, text) of the title as the source published it, whitespace normalised."""
    lang, text = _official(item)
    return lang, clean(text)


def _official(item: DigestItem) -> tuple[str, str]:
    own = getattr(item, f"title_{item.language}", None) if item.language in ("en", "es") else None
    if own:
        return item.language, own
    for lang in ("es", "en"):
        text = getattr(item, f"title_{lang}")
        if text and getattr(item, f"title_{lang}_origin") in (None, "original", "staff"):
            return lang, text
    lang = "en" if item.title_en else "es"
    return lang, item.title_en or item.title_es or ""


def clean(text: str | None) -> str:
    """One line of text: runs of spaces, tabs and line breaks become one space."""
    return " ".join(str(text or "").split())


def translated_title(item: DigestItem, language: str) -> tuple[dict[str, Any] | None, bool]:
    """The translation a reader of `language` needs under the official title.

    Returns (view or None, missing): `missing` is True when the reader needed one and none
    exists yet (the digest then says, once, that titles are in their official language).
    """
    official_lang, _ = official_title(item)
    wanted = [lang for lang in reading_order(language) if lang != official_lang]
    if not wanted:
        return None, False
    lang = wanted[0]
    text = getattr(item, f"title_{lang}")
    if not text:
        return None, True
    reviewed = getattr(item, f"title_{lang}_origin") in ("staff", "original")
    return {"lang": lang, "text": shorten(text, TRANSLATION_CHARS), "reviewed": reviewed}, False


def reader_title(item: DigestItem, language: str) -> str:
    """A title for the subject line: the reader's language when a person wrote or reviewed
    it, else the official title (a subject never carries a raw machine translation)."""
    for lang in reading_order(language):
        text = getattr(item, f"title_{lang}")
        if text and (getattr(item, f"title_{lang}_origin") in ("original", "staff")):
            return clean(text)
    return official_title(item)[1]


@dataclasses.dataclass(frozen=True)
class LineTitle:
    """A title on one line of a list: in the reader's language when a translation exists."""

    text: str
    machine: bool = False  # a machine translation: marked "MT" ("TA" in Spanish)
    missing: bool = False  # the reader needed a translation and there is none yet


def line_title(item: DigestItem, language: str, limit: int = ONE_LINE_CHARS) -> LineTitle:
    """The title a reader of `language` can read at a glance: the official one when it is in
    their language (or they read both), else the translation, else the official one."""
    official_lang, official = official_title(item)
    if language not in ("en", "es") or official_lang == language:
        return LineTitle(_one_line(official, limit))
    text = getattr(item, f"title_{language}")
    if not text:
        return LineTitle(_one_line(official, limit), missing=True)
    machine = getattr(item, f"title_{language}_origin") not in ("staff", "original")
    return LineTitle(_one_line(text, limit), machine=machine)


def _one_line(text: str, limit: int) -> str:
    # A source or date follows the title on the line: a final period would end it early.
    cut = shorten(text, limit)
    return cut[:-1] if cut.endswith(".") and not cut.endswith("..") else cut


def abstract_for(item: DigestItem, language: str) -> dict[str, Any] | None:
    """What the item is about, in a language the member reads, or None.

    The summary (staff's, the source's, or a machine translation of either, marked) in a
    reading language, a person's text before a machine's; else the source's abstract when
    the document is in a reading language. A foreign abstract is left out rather than shown
    to a reader who did not choose that language.
    """
    langs = reading_order(language)
    summaries = [
        (
            getattr(item, f"summary_{lang}_origin") == "machine",
            clean(getattr(item, f"summary_{lang}")),
        )
        for lang in langs
        if getattr(item, f"summary_{lang}")
    ]
    if summaries:
        machine, text = min(summaries, key=lambda pair: pair[0])
        return {"text": abstracts.shorten_sentences(text, ABSTRACT_CHARS), "machine": machine}
    if item.language not in langs or not item.abstract:
        return None
    text = abstracts.informative(item.abstract, ABSTRACT_CHARS, official_title(item)[1])
    return {"text": text, "machine": False} if text else None


shorten = abstracts.shorten


def archive_url(base_url: str, topic: str, since: dt.date | None) -> str:
    """The public archive filtered to a topic (and the digest's first day)."""
    params = {} if topic in (URGENT_SECTION, OTHER_TOPIC) else {"topic": topic}
    if since is not None:
        params["from"] = since.isoformat()
    query = urllib.parse.urlencode(params)
    return f"{base_url.rstrip('/')}/archive" + (f"?{query}" if query else "")
