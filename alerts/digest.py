"""Building a digest: a pure function of (changes, member, locale, now) -> Message.

The content of a digest (subject, text, HTML) depends only on the items, the reading
locale, the period and the shape of the member's subscriptions; the per-recipient links
are placeholders filled by substitutions. So members who get identical content share one
rendering and, with SendGrid, one API request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import Any

from alerts import abstracts, rendering
from alerts import digest_layout as layout
from alerts.links import Links
from store.amendments import render_amendment

TOPIC_ORDER = layout.TOPIC_ORDER
OTHER_TOPIC = layout.OTHER_TOPIC
MANAGE = "[%manage%]"
UNSUBSCRIBE_ALL = "[%unsubscribe_all%]"
ONE_CLICK = "List-Unsubscribe=One-Click"


def unsubscribe_placeholder(index: int) -> str:
    """Placeholder of the n-th per-subscription unsubscribe link."""
    return f"[%unsubscribe_{index}%]"


@dataclasses.dataclass(frozen=True)
class DigestItem:
    """What a digest shows of one published change (copied out of the ORM rows)."""

    change_id: int
    topics: tuple[str, ...]
    source_id: str
    source_name: str
    language: str
    url: str | None = None
    agency: str | None = None
    published_on: dt.date | None = None
    effective_on: dt.date | None = None
    comments_close_on: dt.date | None = None
    title_en: str | None = None
    title_es: str | None = None
    title_en_origin: str | None = None
    title_es_origin: str | None = None
    summary_en: str | None = None
    summary_es: str | None = None
    summary_en_origin: str | None = None
    summary_es_origin: str | None = None
    urgent: bool = False
    kind: str = "new"  # new | amended
    amendment_note: str | None = None
    # (kind, date): kind is effective | comments_close | compliance | deadline
    deadlines: tuple[tuple[str, dt.date], ...] = ()
    story_key: str | None = None
    abstract: str | None = None
    # Documents of the same story that are not in the digest (not published in this period,
    # or judged off-topic on their own): shown as related links under the story, never as items.
    references: tuple[DigestItem, ...] = ()

    def __post_init__(self) -> None:
        if not self.deadlines and (self.effective_on or self.comments_close_on):
            found = [("effective", self.effective_on), ("comments_close", self.comments_close_on)]
            dated = tuple((kind, day) for kind, day in found if day is not None)
            object.__setattr__(self, "deadlines", dated)

    @classmethod
    def from_change(cls, change: Any) -> DigestItem:
        """Copy a store Change (with its Document and Source loaded) into an item."""
        document = change.document
        source = document.source
        texts: dict[str, Any] = {f: getattr(change, f) for f in _TEXT_FIELDS}
        texts.update({f"{f}_origin": _origin(getattr(change, f"{f}_origin")) for f in _TEXT_FIELDS})
        return cls(
            change_id=change.id,
            topics=tuple(change.topics or ()),
            source_id=document.source_id,
            source_name=(source.name if source is not None else None) or document.source_id,
            language=document.language or "es",
            url=document.url,
            agency=document.agency,
            published_on=document.published_on,
            effective_on=document.effective_on,
            comments_close_on=document.comments_close_on,
            urgent=bool(change.urgent),
            kind=_origin(getattr(change, "kind", None)) or "new",
            amendment_note=getattr(change, "amendment_note", None) or None,
            deadlines=document_deadlines(document),
            story_key=getattr(change, "story_key", None) or None,
            abstract=document_abstract(document, _first_text(change, document)),
            **texts,
        )


_TEXT_FIELDS = ("title_en", "title_es", "summary_en", "summary_es")
DEADLINE_KINDS = ("effective", "comments_close", "compliance", "deadline")


def document_deadlines(document: Any) -> tuple[tuple[str, dt.date], ...]:
    """The dates a document announces: its `deadlines` list when the store has one, else the
    effective and comment-close columns. Unknown kinds and unreadable dates are skipped."""
    found: list[tuple[str, dt.date]] = []
    for entry in getattr(document, "deadlines", None) or ():
        kind, day = _deadline(entry)
        if kind is not None and day is not None:
            found.append((kind, day))
    if not found:
        if getattr(document, "effective_on", None):
            found.append(("effective", document.effective_on))
        if getattr(document, "comments_close_on", None):
            found.append(("comments_close", document.comments_close_on))
    return tuple(sorted(set(found), key=lambda pair: (pair[1], pair[0])))


def _deadline(entry: Any) -> tuple[str | None, dt.date | None]:
    if not isinstance(entry, dict) or entry.get("kind") not in DEADLINE_KINDS:
        return None, None
    value = entry.get("date")
    if isinstance(value, dt.date):
        return str(entry["kind"]), value
    try:
        return str(entry["kind"]), dt.date.fromisoformat(str(value))
    except ValueError:
        return None, None


document_abstract = abstracts.document_abstract


def _first_text(change: Any, document: Any) -> str:
    own = getattr(change, f"title_{getattr(document, 'language', None) or 'es'}", None)
    return str(own or getattr(document, "title", None) or "")


def _origin(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


@dataclasses.dataclass(frozen=True)
class SubscriptionView:
    """The part of a subscription an email talks about."""

    id: int
    frequency: str
    topics: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Recipient:
    """A member as the digest sees them."""

    id: int
    email: str
    language: str  # en | es | both
    subscriptions: tuple[SubscriptionView, ...] = ()
    name: str = ""


@dataclasses.dataclass(frozen=True)
class Content:
    """Rendered content shared by every recipient of the same items and locale."""

    key: str
    subject: str
    text: str
    html: str
    categories: tuple[str, ...]
    subscription_count: int
    feedback_ids: tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True)
class Message:
    """One email ready to send."""

    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str]
    categories: tuple[str, ...] = ()


def reading_languages(language: str) -> tuple[str, ...]:
    """The languages a member reads, first the one shown first."""
    return ("es", "en") if language == "both" else (language,)


def frame_locale(language: str) -> str:
    """The catalog used for the email's own words: a `both` member reads the frame in Spanish."""
    return "es" if language == "both" else language


def member_topics(subscriptions: Iterable[SubscriptionView]) -> set[str] | None:
    """Topics a member follows across these subscriptions; None means every topic."""
    topics: set[str] = set()
    for subscription in subscriptions:
        if not subscription.topics:
            return None
        topics.update(subscription.topics)
    return topics


def primary_topic(item: DigestItem, followed: set[str] | None) -> str:
    """The heading an item goes under: its first topic (in house order) the member follows."""
    for topic in TOPIC_ORDER:
        if topic in item.topics and (followed is None or topic in followed):
            return topic
    return OTHER_TOPIC


def content_key(
    items: Sequence[DigestItem],
    language: str,
    frequency: str,
    subscriptions: Sequence[SubscriptionView],
) -> str:
    """Identity of a digest's content: same key, same bytes for every recipient."""
    followed = member_topics(subscriptions)
    placed = sorted((item.change_id, primary_topic(item, followed)) for item in items)
    shape = [(s.frequency, sorted(s.topics)) for s in subscriptions]
    raw = repr((language, frequency, placed, shape))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


def render_digest(
    items: Sequence[DigestItem],
    language: str,
    frequency: str,
    subscriptions: Sequence[SubscriptionView],
    now: dt.datetime,
    timezone: str = "America/Tijuana",
    footer: Footer | None = None,
) -> Content:
    """Render a digest with link placeholders; raises ValueError on an empty digest."""
    if not items:
        raise ValueError("an empty digest is never rendered")
    footer = footer or Footer()
    locale = frame_locale(language)
    words = layout.Words(locale, language == "both")
    today = now.astimezone(zoneinfo.ZoneInfo(timezone)).date()
    view = _view(items, language, frequency, subscriptions, today, words, footer)
    context = {
        **view,
        "frequency": frequency,
        "generated": rendering.format_moment(now, locale, timezone),
        "subscriptions": _subscription_links(subscriptions),
        "manage_url": MANAGE,
        "unsubscribe_all_url": UNSUBSCRIBE_ALL,
        "both": language == "both",
        "footer": footer,
    }
    rendered = rendering.render("digest", locale, context)
    return Content(
        key=content_key(items, language, frequency, subscriptions),
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        categories=("regwatch-digest", frequency, language),
        subscription_count=len(subscriptions),
        feedback_ids=tuple(view["feedback_ids"]),
    )


@dataclasses.dataclass(frozen=True)
class Footer:
    """Who sends the digest (CAN-SPAM: the sender's name and postal address) and where."""

    organization: str = "RegWatch"
    postal_address: str = ""
    base_url: str = ""
    # False when no machine translator is configured or reachable: the digest says so.
    translator_available: bool = True

    @classmethod
    def from_settings(cls, settings: Any) -> Footer:
        """The association's name, postal address and public URL from settings."""
        return cls(
            organization=getattr(settings, "organization_name", "") or "RegWatch",
            postal_address=getattr(settings, "organization_address", "") or "",
            base_url=getattr(settings, "public_base_url", "") or "",
        )


def _view(
    items: Sequence[DigestItem],
    language: str,
    frequency: str,
    subscriptions: Sequence[SubscriptionView],
    today: dt.date,
    words: layout.Words,
    footer: Footer,
) -> dict[str, Any]:
    """Everything the templates print, already decided and worded."""
    followed = member_topics(subscriptions)
    stories = layout.stories(items)
    sections = layout.sections(stories, followed, today)
    marks = Marks()
    rendered_sections = _sections(sections, frequency, language, today, words, footer, marks)
    _limit_feedback(rendered_sections)
    summary = _summary(stories, followed, today, words, language)
    return {
        "heading": words.both(_HEADINGS.get(frequency, _HEADINGS["daily"])),
        "summary": summary,
        "preheader": " ".join(line["text"] for line in summary if not line["second"]),
        "sections": rendered_sections,
        "subject_line": _subject(stories, followed, words, language, today),
        "untranslated_note": _untranslated_note(marks.missing, footer, words),
        "machine_note": words.one(MACHINE_NOTE) if marks.machine else "",
        "feedback_ids": [
            e["id"] for s in rendered_sections for e in s["entries"] if e["feedback_yes"]
        ],
    }


def _sections(
    sections: Sequence[tuple[str, list[layout.Story]]],
    frequency: str,
    language: str,
    today: dt.date,
    words: layout.Words,
    footer: Footer,
    marks: Marks,
) -> list[dict[str, Any]]:
    """Every section rendered: urgent stories all in full, topics by the weekly budget."""
    topics = [group for key, group in sections if key != layout.URGENT_SECTION]
    limits = iter(layout.full_counts([len(group) for group in topics], frequency))
    return [
        _section(
            key,
            group,
            len(group) if key == layout.URGENT_SECTION else next(limits),
            language,
            today,
            words,
            footer,
            marks,
        )
        for key, group in sections
    ]


# Each feedback link is a per-recipient substitution; SendGrid allows 10,000 bytes of them
# per recipient, so only the first items of a very long digest carry the two links.
MAX_FEEDBACK_ITEMS = 30


def _limit_feedback(sections: list[dict[str, Any]]) -> None:
    entries = [entry for section in sections for entry in section["entries"]]
    for entry in entries[MAX_FEEDBACK_ITEMS:]:
        entry["feedback_yes"] = entry["feedback_no"] = ""


_HEADINGS = {
    "instant": "Your RegWatch alert",
    "daily": "Your daily RegWatch digest",
    "weekly": "Your weekly RegWatch digest",
}
UNTRANSLATED = "Titles without a translation are shown in their official language."
MACHINE_NOTE = "MT: machine translation; the official title is on the linked page."


@dataclasses.dataclass
class Marks:
    """What the rendered items needed to say once: a missing translation, an MT marker."""

    missing: bool = False
    machine: bool = False

    def line(
        self, item: DigestItem, language: str, limit: int, reference: bool = False
    ) -> dict[str, Any]:
        """A one-line title view (text and MT marker), noting what it needed. A story's
        reference outside the digest is not translated by the digest's run: its official
        title alone does not call for the note."""
        title = layout.line_title(item, language, limit)
        self.missing = self.missing or (title.missing and not reference)
        self.machine = self.machine or title.machine
        return {"title": title.text, "machine": title.machine}


NO_TRANSLATOR = (
    "Machine translation is not available right now: titles are in their official language."
)


def _untranslated_note(missing: bool, footer: Footer, words: layout.Words) -> str:
    if not missing:
        return ""
    return words.both(UNTRANSLATED if footer.translator_available else NO_TRANSLATOR)


def _section(
    key: str,
    group: list[layout.Story],
    limit: int,
    language: str,
    today: dt.date,
    words: layout.Words,
    footer: Footer,
    marks: Marks,
) -> dict[str, Any]:
    full, rest = group[:limit], group[limit:]
    since = min((s.lead.published_on for s in group if s.lead.published_on), default=None)
    return {
        "key": key,
        "label": words.both(layout.TOPIC_LABELS[key]),
        "count": len(group),
        "entries": [_entry(s, language, today, words, marks) for s in full],
        "more": [_one_line(s, language, today, words, marks) for s in rest],
        "more_label": words.plural("%(num)s more:", "%(num)s more:", len(rest), second=False),
        "see_all_url": layout.archive_url(footer.base_url, key, since) if footer.base_url else "",
    }


def _entry(
    story: layout.Story, language: str, today: dt.date, words: layout.Words, marks: Marks
) -> dict[str, Any]:
    item = story.lead
    official_lang, official = layout.official_title(item)
    translation, lacking = layout.translated_title(item, language)
    marks.missing = marks.missing or lacking
    outside = {ref.change_id for member in story.items for ref in member.references}
    return {
        "id": item.change_id,
        "urgent": story.urgent,
        "url": item.url or "",
        "official": layout.shorten(official, layout.TITLE_CHARS),
        "official_lang": official_lang,
        "translation": translation,
        "badge": words.one("Amended") if item.kind == "amended" else words.one("New"),
        "amended": item.kind == "amended",
        "meta": _meta(item, today, words),
        "note": layout.shorten(
            render_amendment(item.amendment_note, words.locale) or "", layout.ABSTRACT_CHARS
        ),
        "abstract": layout.abstract_for(item, language),
        "related": [_related(other, language, marks, outside) for other in story.related],
        "feedback_yes": layout.feedback_placeholder(item.change_id, True),
        "feedback_no": layout.feedback_placeholder(item.change_id, False),
    }


def _meta(item: DigestItem, today: dt.date, words: layout.Words) -> list[dict[str, Any]]:
    """The one meta line: source, publication date, then each announced date."""
    parts = [{"text": layout.source_label(item), "soon": False}]
    if item.published_on:
        shown = rendering.format_short_day(item.published_on, words.locale, today.year)
        parts.append({"text": words.one("Published %(date)s", date=shown), "soon": False})
    for kind, day in item.deadlines:
        soon = today <= day <= today + dt.timedelta(days=SOON_DAYS)
        parts.append({"text": _deadline_text(kind, day, today, words), "soon": soon})
    if not item.published_on and not item.deadlines:
        parts.append({"text": words.one("No date given"), "soon": False})
    return parts


SOON_DAYS = 14


def _deadline_text(kind: str, day: dt.date, today: dt.date, words: layout.Words) -> str:
    """ "Comments close Dec 15" / "In force since Dec 5": one announced date, worded."""
    shown = rendering.format_short_day(day, words.locale, today.year)
    return words.one(layout.deadline_label(kind, day, today), date=shown)


def _related(item: DigestItem, language: str, marks: Marks, outside: set[int]) -> dict[str, Any]:
    reference = item.change_id in outside
    return {
        **marks.line(item, language, layout.ONE_LINE_CHARS, reference=reference),
        "source": layout.source_label(item),
        "url": item.url or "",
    }


def _one_line(
    story: layout.Story, language: str, today: dt.date, words: layout.Words, marks: Marks
) -> dict[str, Any]:
    """A story as one line: its title, the source and the day it was published (two notices
    with the same title, e.g. SNICE's weekly lists, differ by their day)."""
    item = story.lead
    day = rendering.format_short_day(item.published_on, words.locale, today.year)
    return {
        **marks.line(item, language, layout.ONE_LINE_CHARS),
        "url": item.url or "",
        "source": ", ".join(part for part in (layout.source_label(item), day) if part),
        "soon": _soon_date(story, today, words),
        "related": len(story.related),
    }


def _soon_date(story: layout.Story, today: dt.date, words: layout.Words) -> str:
    """The story's next date when it is close (a deadline must not hide in the list)."""
    upcoming = story.upcoming(today)
    if not upcoming or upcoming[0][1] > today + dt.timedelta(days=SOON_DAYS):
        return ""
    kind, day = upcoming[0]
    return _deadline_text(kind, day, today, words)


def _summary(
    stories: Sequence[layout.Story],
    followed: set[str] | None,
    today: dt.date,
    words: layout.Words,
    language: str,
) -> list[dict[str, Any]]:
    """Three lines (items per topic, how many urgent, the nearest date to act on); a `both`
    reader gets each line in Spanish, then in English."""
    counts = layout.topic_counts(stories, followed)
    urgent = sum(1 for s in stories if s.urgent)
    lines = []
    for index, book in enumerate(words.books()):
        per_topic = ", ".join(f"{book.one(layout.TOPIC_LABELS[t])} {n}" for t, n in counts)
        first = book.plural("%(num)s item", "%(num)s items", len(stories)) + f": {per_topic}"
        second = (
            book.plural("%(num)s urgent", "%(num)s urgent", urgent)
            if urgent
            else book.one("Nothing urgent")
        )
        third = _deadline_line(stories, today, book, language)
        for kind, text in (("count", first), ("urgent", second), ("date", third)):
            lines.append({"text": text, "kind": kind, "urgent": bool(urgent), "second": index})
    return sorted(lines, key=lambda line: ["count", "urgent", "date"].index(line["kind"]))


def _deadline_line(
    stories: Sequence[layout.Story],
    today: dt.date,
    words: layout.Words,
    language: str,
) -> str:
    nearest = layout.nearest_deadline(stories, today)
    if nearest is None:
        return words.both("No upcoming dates announced.")
    kind, day, story = nearest
    what = _deadline_text(kind, day, today, words)
    # The item the date belongs to (a story's related notice may hold the date), named as
    # in the subject: the official title, or one a person wrote in the reader's language.
    owner = next((i for i in story.items if (kind, day) in i.deadlines), story.lead)
    title = layout.shorten(layout.reader_title(owner, language), 80)
    return words.one("Next date: %(what)s, %(title)s", what=what, title=title)


def _subject(
    stories: Sequence[layout.Story],
    followed: set[str] | None,
    words: layout.Words,
    language: str,
    today: dt.date,
) -> str:
    """What is inside, not a generic line: "1 urgent, 3 customs changes: <title>".

    The urgent count comes first (it is what decides whether to open now), which also keeps
    "urgent" away from the title: "urgent: Notice ..." reads as spam to SpamAssassin.
    """
    counts = layout.topic_counts(stories, followed)
    if len(counts) == 1 and counts[0][0] in layout.TOPIC_COUNTS:
        singular, plural = layout.TOPIC_COUNTS[counts[0][0]]
        head = words.plural(singular, plural, counts[0][1], second=False)
    else:
        head = words.plural(
            "%(num)s regulatory change", "%(num)s regulatory changes", len(stories), second=False
        )
    urgent = [s for s in stories if s.urgent]
    if urgent:
        count = words.plural("%(num)s urgent", "%(num)s urgent", len(urgent), second=False)
        head = f"{count}, {head}"
    # The story the summary's "next date" names: the nearest date from today, not one past.
    lead = (urgent or sorted(stories, key=layout.story_order(today)))[0].lead
    title = layout.shorten(layout.reader_title(lead, language), layout.SUBJECT_TITLE_CHARS)
    return f"{head}: {title}"


def _subscription_links(subscriptions: Sequence[SubscriptionView]) -> list[dict[str, Any]]:
    return [
        {
            "frequency": s.frequency,
            "topics": [t for t in TOPIC_ORDER if t in s.topics] or [],
            "url": unsubscribe_placeholder(index),
        }
        for index, s in enumerate(subscriptions, start=1)
    ]


def substitutions(
    links: Links, recipient: Recipient, now: dt.datetime, feedback_ids: Iterable[int] = ()
) -> dict[str, str]:
    """The per-recipient link values for a content's placeholders."""
    values = {
        MANAGE: links.url("manage", recipient.id, now),
        UNSUBSCRIBE_ALL: links.url("unsubscribe", recipient.id, now),
    }
    for index, subscription in enumerate(recipient.subscriptions, start=1):
        values[unsubscribe_placeholder(index)] = links.url(
            "unsubscribe", recipient.id, now, subscription.id
        )
    for change_id in feedback_ids:
        for relevant in (True, False):
            values[layout.feedback_placeholder(change_id, relevant)] = links.feedback_url(
                recipient.id, change_id, relevant, now
            )
    return values


def unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe headers (RFC 2369 List-Unsubscribe plus the POST hint)."""
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": ONE_CLICK}


def personalize(content: Content, to: str, values: dict[str, str]) -> Message:
    """Fill a content's placeholders for one recipient (what SendGrid does server-side)."""
    return Message(
        to=to,
        subject=_fill(content.subject, values),
        text=_fill(content.text, values),
        html=_fill(content.html, values),
        headers=unsubscribe_headers(values[UNSUBSCRIBE_ALL]),
        categories=content.categories,
    )


def _fill(template: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        template = template.replace(placeholder, value)
    return template


def build_digest(
    items: Sequence[DigestItem],
    member: Recipient,
    locale: str,
    now: dt.datetime,
    links: Links,
    frequency: str = "daily",
    timezone: str = "America/Tijuana",
    footer: Footer | None = None,
) -> Message:
    """The whole digest for one member in `locale` (en, es or both), links signed at `now`."""
    footer = footer or Footer(base_url=links.base_url)
    content = render_digest(items, locale, frequency, member.subscriptions, now, timezone, footer)
    values = substitutions(links, member, now, content.feedback_ids)
    return personalize(content, member.email, values)
