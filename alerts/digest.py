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
from collections.abc import Iterable, Sequence
from typing import Any

from alerts import rendering
from alerts.links import Links

TOPIC_ORDER = ("customs", "immex", "tax", "labor")
OTHER_TOPIC = "other"
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

    @classmethod
    def from_change(cls, change: Any) -> DigestItem:
        """Copy a store Change (with its Document and Source loaded) into an item."""
        document = change.document
        source = document.source
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
            **{f: getattr(change, f) for f in _TEXT_FIELDS},
            **{f"{f}_origin": _origin(getattr(change, f"{f}_origin")) for f in _TEXT_FIELDS},
        )


_TEXT_FIELDS = ("title_en", "title_es", "summary_en", "summary_es")


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
) -> Content:
    """Render a digest with link placeholders; raises ValueError on an empty digest."""
    if not items:
        raise ValueError("an empty digest is never rendered")
    locale = frame_locale(language)
    followed = member_topics(subscriptions)
    context = {
        "frequency": frequency,
        "count": len(items),
        "count_text": rendering.format_count(len(items), locale),
        "urgent": any(item.urgent for item in items),
        "generated": rendering.format_moment(now, locale, timezone),
        "groups": _group(items, followed, reading_languages(language), locale),
        "subscriptions": _subscription_links(subscriptions),
        "manage_url": MANAGE,
        "unsubscribe_all_url": UNSUBSCRIBE_ALL,
        "both": language == "both",
    }
    rendered = rendering.render("digest", locale, context)
    return Content(
        key=content_key(items, language, frequency, subscriptions),
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        categories=("regwatch-digest", frequency, language),
        subscription_count=len(subscriptions),
    )


def _subscription_links(subscriptions: Sequence[SubscriptionView]) -> list[dict[str, Any]]:
    return [
        {
            "frequency": s.frequency,
            "topics": [t for t in TOPIC_ORDER if t in s.topics] or [],
            "url": unsubscribe_placeholder(index),
        }
        for index, s in enumerate(subscriptions, start=1)
    ]


def _group(
    items: Sequence[DigestItem], followed: set[str] | None, languages: tuple[str, ...], locale: str
) -> list[dict[str, Any]]:
    """Items grouped by topic (house order), then by source name."""
    by_topic: dict[str, dict[str, list[DigestItem]]] = {}
    for item in items:
        topic = primary_topic(item, followed)
        by_topic.setdefault(topic, {}).setdefault(item.source_name, []).append(item)
    order = [*TOPIC_ORDER, OTHER_TOPIC]
    return [
        {
            "topic": topic,
            "sources": [
                {
                    "name": name,
                    "entries": [_item_view(i, languages, locale) for i in _sorted(group)],
                }
                for name, group in sorted(by_topic[topic].items())
            ],
        }
        for topic in order
        if topic in by_topic
    ]


def _sorted(items: list[DigestItem]) -> list[DigestItem]:
    return sorted(
        items,
        key=lambda i: (not i.urgent, -(i.published_on or dt.date.min).toordinal(), i.change_id),
    )


def _item_view(item: DigestItem, languages: tuple[str, ...], locale: str) -> dict[str, Any]:
    """The strings a template needs for one item, dates already formatted."""
    return {
        "titles": _titles(item, languages),
        "summaries": _summaries(item, languages),
        "agency": item.agency or "",
        "url": item.url or "",
        "urgent": item.urgent,
        "published": rendering.format_day(item.published_on, locale),
        "effective": rendering.format_day(item.effective_on, locale),
        "comments_close": rendering.format_day(item.comments_close_on, locale),
    }


def _titles(item: DigestItem, languages: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every title we have: the reader's language(s) first, then the other one."""
    order = list(languages) + [lang for lang in ("es", "en") if lang not in languages]
    titles = []
    for lang in order:
        text = getattr(item, f"title_{lang}")
        if text:
            origin = getattr(item, f"title_{lang}_origin")
            titles.append(_text_view(lang, text, origin, item.language))
    return titles


def _summaries(item: DigestItem, languages: tuple[str, ...]) -> list[dict[str, Any]]:
    """The staff's "why it matters", in each language the reader reads."""
    views = []
    for lang in languages:
        text = getattr(item, f"summary_{lang}")
        if text:
            views.append(_text_view(lang, text, getattr(item, f"summary_{lang}_origin"), None))
    return views


def _text_view(
    lang: str, text: str, origin: str | None, original_lang: str | None
) -> dict[str, Any]:
    machine = origin == "machine"
    original = origin == "original" or (origin is None and lang == original_lang)
    return {"lang": lang, "text": " ".join(text.split()), "machine": machine, "original": original}


def substitutions(links: Links, recipient: Recipient, now: dt.datetime) -> dict[str, str]:
    """The per-recipient link values for a content's placeholders."""
    values = {
        MANAGE: links.url("manage", recipient.id, now),
        UNSUBSCRIBE_ALL: links.url("unsubscribe", recipient.id, now),
    }
    for index, subscription in enumerate(recipient.subscriptions, start=1):
        values[unsubscribe_placeholder(index)] = links.url(
            "unsubscribe", recipient.id, now, subscription.id
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
) -> Message:
    """The whole digest for one member in `locale` (en, es or both), links signed at `now`."""
    content = render_digest(items, locale, frequency, member.subscriptions, now, timezone)
    return personalize(content, member.email, substitutions(links, member, now))
