"""Planning and sending a period's digests, exactly once per member.

1. Plan (one transaction): a Delivery row per member with something to read, plus the
   Digest row that says planning is done. The unique (member, period, frequency) key
   means a rerun or a second worker can never plan a member twice.
2. Send, request by request: claim the chunk (PENDING -> SENDING with the request's
   send id, committed), send, then record SENT/FAILED (committed).
3. A run that finds SENDING rows left by a killed process asks the sender which of that
   request went out (the outbox checks its files; SendGrid its Email Activity API) and
   marks those SENT, the rest PENDING again. Only a sender that cannot tell (SMTP, or
   SendGrid without the activity add-on) falls back to sending again, and logs it.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from alerts import digest as digests
from alerts.errors import RetryableError
from alerts.links import Links
from alerts.periods import Interest, Period, searchable, select_items
from alerts.senders import Batch, Envelope, Outcome, Sender, split
from store.models import (
    Change,
    ChangeStatus,
    Delivery,
    DeliveryStatus,
    Digest,
    Document,
    Member,
    MemberStatus,
    Subscription,
)

log = logging.getLogger(__name__)
CLAIM_PREFIX = "send:"
ID_CHUNK = 900  # stay well under SQLite's bound-parameter limit


@dataclasses.dataclass
class Report:
    """What one run did for one period."""

    frequency: str
    period: str
    planned: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    recovered: int = 0
    resent_in_doubt: int = 0
    requests: int = 0
    contents: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly figures (job results are stored with the JSON serializer)."""
        return dataclasses.asdict(self)


# ---------------------------------------------------------------- loading


def published_changes(session: Session, start: dt.datetime, end: dt.datetime) -> list[Change]:
    """Changes published in [start, end), with their document and source loaded."""
    statement = (
        select(Change)
        .where(Change.status == ChangeStatus.PUBLISHED)
        .where(Change.published_at >= start, Change.published_at < end)
        .where(Change.duplicate_of_id.is_(None))
        # A message replaced by a newer one (CSMS "replaces") is left out: members get the newer.
        .join(Document, Change.document_id == Document.id)
        .where(Document.superseded_by_id.is_(None))
        .options(selectinload(Change.document).selectinload(Document.source))
        .order_by(Change.id)
    )
    return list(session.scalars(statement))


def items_by_id(session: Session, ids: Iterable[int]) -> dict[int, digests.DigestItem]:
    """DigestItems for these change ids."""
    found: dict[int, digests.DigestItem] = {}
    for chunk in _chunks(sorted(set(ids)), ID_CHUNK):
        statement = (
            select(Change)
            .where(Change.id.in_(chunk))
            .options(selectinload(Change.document).selectinload(Document.source))
        )
        for change in session.scalars(statement):
            found[change.id] = digests.DigestItem.from_change(change)
    return with_story_references(session, found)


# classifier.jobs.OLD_NEWS: an earlier version archived as old news is no reference.
OLD_NEWS_PREFIX = "older than the news window"
MAX_REFERENCES = 2


def with_story_references(
    session: Session, items: dict[int, digests.DigestItem]
) -> dict[int, digests.DigestItem]:
    """The items, each story's lead-to-be given the story's documents that are not among
    them: published elsewhere, or archived as off-topic on their own (a Federal Register
    notice that a CSMS message in the digest cites). Flagged, rejected, duplicate and
    old-news changes are never shown."""
    keys = {item.story_key for item in items.values() if item.story_key}
    if not keys:
        return items
    statement = (
        select(Change)
        .where(Change.story_key.in_(sorted(keys)), Change.id.not_in(list(items)))
        .where(Change.status.in_([ChangeStatus.PUBLISHED, ChangeStatus.ARCHIVED]))
        .where(Change.duplicate_of_id.is_(None))
        .options(selectinload(Change.document).selectinload(Document.source))
        .order_by(Change.id.desc())
    )
    by_key: dict[str, list[digests.DigestItem]] = {}
    for change in session.scalars(statement):
        if (change.flag_reason or "").startswith(OLD_NEWS_PREFIX):
            continue
        found = by_key.setdefault(str(change.story_key), [])
        if len(found) < MAX_REFERENCES:
            found.append(digests.DigestItem.from_change(change))
    return {
        change_id: dataclasses.replace(item, references=tuple(by_key.get(item.story_key, ())))
        if item.story_key in by_key
        else item
        for change_id, item in items.items()
    }


@dataclasses.dataclass
class SubscriptionRow:
    """The columns of a subscription that planning and rendering need."""

    id: int
    member_id: int
    frequency: str
    topics: list[str]
    keywords: list[str]
    sources: list[str]
    active: bool


@dataclasses.dataclass
class MemberRow:
    """A member read with plain column queries: 10,000 ORM objects cost seconds."""

    id: int
    email: str
    language: str
    name: str
    subscriptions: list[SubscriptionRow] = dataclasses.field(default_factory=list)


def active_members(session: Session, ids: Iterable[int] | None = None) -> list[MemberRow]:
    """Confirmed, active members (all, or these ids) with their subscriptions."""
    if ids is None:
        return _member_rows(session, None)
    rows: list[MemberRow] = []
    for chunk in _chunks(sorted(set(ids)), ID_CHUNK):
        rows += _member_rows(session, chunk)
    return rows


def _member_rows(session: Session, ids: Sequence[int] | None) -> list[MemberRow]:
    members = select(Member.id, Member.email, Member.language, Member.name).where(
        Member.status == MemberStatus.ACTIVE, Member.confirmed_at.is_not(None)
    )
    subscriptions = (
        select(
            Subscription.id,
            Subscription.member_id,
            Subscription.frequency,
            Subscription.topics,
            Subscription.keywords,
            Subscription.sources,
            Subscription.active,
        )
        .join(Member, Member.id == Subscription.member_id)
        .where(Member.status == MemberStatus.ACTIVE, Subscription.active.is_(True))
    )
    if ids is not None:
        members = members.where(Member.id.in_(ids))
        subscriptions = subscriptions.where(Subscription.member_id.in_(ids))
    found = {
        r.id: MemberRow(r.id, r.email, _value(r.language), r.name or "")
        for r in session.execute(members.order_by(Member.id))
    }
    for r in session.execute(subscriptions.order_by(Subscription.id)):
        if r.member_id in found:
            found[r.member_id].subscriptions.append(
                SubscriptionRow(
                    r.id,
                    r.member_id,
                    _value(r.frequency),
                    list(r.topics or ()),
                    list(r.keywords or ()),
                    list(r.sources or ()),
                    bool(r.active),
                )
            )
    return list(found.values())


def _value(value: Any) -> str:
    return str(getattr(value, "value", value))


def interests(member: Any) -> list[Interest]:
    """A member's active subscriptions as matching sees them (ORM Member or MemberRow)."""
    return [
        Interest(
            id=s.id,
            frequency=_value(s.frequency),
            topics=frozenset(s.topics or ()),
            keywords=tuple(s.keywords or ()),
            sources=frozenset(s.sources or ()),
        )
        for s in member.subscriptions
        if s.active
    ]


def _chunks(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# ---------------------------------------------------------------- planning


def plan(session: Session, period: Period, now: dt.datetime) -> int:
    """Record a PENDING delivery for every member with something new; once per period."""
    if _digest(session, period) is not None:
        return 0
    digest = Digest(
        frequency=period.frequency,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        created_at=now,
    )
    session.add(digest)
    session.flush()
    items = [
        digests.DigestItem.from_change(c)
        for c in published_changes(session, period.start, period.end)
    ]
    rows = _planned_rows(session, period, items, digest.id, now) if items else []
    for chunk in _chunks(rows, 2000):
        session.execute(insert(Delivery), list(chunk))
    return len(rows)


def _digest(session: Session, period: Period) -> Digest | None:
    statement = select(Digest).where(
        Digest.frequency == period.frequency, Digest.period_key == period.key
    )
    return session.scalars(statement).first()


def _planned_rows(
    session: Session,
    period: Period,
    items: list[digests.DigestItem],
    digest_id: int,
    now: dt.datetime,
) -> list[dict[str, Any]]:
    texts = {item.change_id: searchable(item) for item in items}
    already = _already_had(session, period) if period.frequency == "instant" else {}
    rows = []
    for member in active_members(session):
        chosen = select_items(
            interests(member), items, period.frequency, texts, already.get(member.id, ())
        )
        if chosen:
            rows.append(
                {
                    "member_id": member.id,
                    "digest_id": digest_id,
                    "frequency": period.frequency,
                    "period_key": period.key,
                    "status": DeliveryStatus.PENDING,
                    "change_ids": chosen,
                    "attempts": 0,
                    "created_at": now,
                }
            )
    return rows


def _already_had(session: Session, period: Period) -> dict[int, set[int]]:
    """Change ids each member already has (or will get) from earlier instant sweeps."""
    statement = select(Delivery.member_id, Delivery.change_ids).where(
        Delivery.frequency == "instant",
        Delivery.created_at >= period.start,
        Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.SENT]),
    )
    had: dict[int, set[int]] = collections.defaultdict(set)
    for member_id, change_ids in session.execute(statement):
        had[member_id].update(change_ids or ())
    return had


def plan_once(sessions: Any, period: Period, now: dt.datetime) -> int:
    """Plan in its own transaction; a concurrent planner that won the race means 0."""
    session = sessions()
    try:
        planned = plan(session, period, now)
        session.commit()
        return planned
    except IntegrityError:
        session.rollback()
        return 0
    finally:
        session.close()


# ---------------------------------------------------------------- sending


@dataclasses.dataclass
class Work:
    """One delivery ready to go: its row, its member and its rendered content key."""

    delivery_id: int
    member: digests.Recipient
    items: list[digests.DigestItem]


def load_work(session: Session, period: Period, statuses: Sequence[DeliveryStatus]) -> list[Work]:
    """Deliveries of a period in these statuses, with members and items loaded."""
    statement = select(
        Delivery.id, Delivery.member_id, Delivery.change_ids, Delivery.provider_message_id
    ).where(
        Delivery.frequency == period.frequency,
        Delivery.period_key == period.key,
        Delivery.status.in_(list(statuses)),
    )
    rows = session.execute(statement.order_by(Delivery.id)).all()
    members = _recipients(session, {row.member_id for row in rows}, period.frequency)
    items = items_by_id(session, (cid for row in rows for cid in (row.change_ids or ())))
    return [
        Work(row.id, members[row.member_id], [items[c] for c in row.change_ids if c in items])
        for row in rows
        if row.member_id in members
    ]


def _recipients(session: Session, ids: set[int], frequency: str) -> dict[int, digests.Recipient]:
    """Members still active, as digest recipients (left members drop out here)."""
    return {row.id: recipient(row, frequency) for row in active_members(session, ids)}


def recipient(member: Any, frequency: str) -> digests.Recipient:
    """The digest's view of a member: the subscriptions this frequency came from."""
    active = [s for s in member.subscriptions if s.active]
    own = [s for s in active if _value(s.frequency) == frequency] or active
    return digests.Recipient(
        id=member.id,
        email=member.email,
        language=_value(member.language),
        name=member.name or "",
        subscriptions=tuple(
            digests.SubscriptionView(s.id, _value(s.frequency), tuple(s.topics or ())) for s in own
        ),
    )


@dataclasses.dataclass
class Group:
    """Deliveries that share one content."""

    content: digests.Content
    envelopes: list[Envelope]


def group_work(
    work: Sequence[Work],
    period: Period,
    links: Links,
    now: dt.datetime,
    timezone: str,
    footer: digests.Footer | None = None,
    signed_at: dt.datetime | None = None,
) -> list[Group]:
    """Render each distinct content once and attach every recipient's substitutions.

    Links are stamped `signed_at` (default `now`): the demo renders tomorrow's digest today
    and must not hand out links stamped in the future.
    """
    footer = footer or digests.Footer(base_url=links.base_url)
    groups: dict[str, Group] = {}
    for entry in work:
        if not entry.items:
            continue
        member = entry.member
        key = digests.content_key(
            entry.items, member.language, period.frequency, member.subscriptions
        )
        if key not in groups:
            content = digests.render_digest(
                entry.items,
                member.language,
                period.frequency,
                member.subscriptions,
                now,
                timezone,
                footer,
            )
            groups[key] = Group(content, [])
        group = groups[key]
        group.envelopes.append(_envelope(entry, links, signed_at or now, group.content))
    return list(groups.values())


def _envelope(entry: Work, links: Links, now: dt.datetime, content: digests.Content) -> Envelope:
    values = digests.substitutions(links, entry.member, now, content.feedback_ids)
    headers = digests.unsubscribe_headers(values[digests.UNSUBSCRIBE_ALL])
    return Envelope(
        to=entry.member.email, delivery_id=entry.delivery_id, substitutions=values, headers=headers
    )


def send_period(
    sessions: Any,
    period: Period,
    sender: Sender,
    links: Links,
    now: dt.datetime,
    timezone: str,
    footer: digests.Footer | None = None,
    signed_at: dt.datetime | None = None,
) -> Report:
    """Send every PENDING delivery of the period; recover in-doubt ones first."""
    report = Report(period.frequency, period.key)
    recover_in_doubt(sessions, period, sender, links, now, timezone, report)
    session = sessions()
    try:
        work = load_work(session, period, [DeliveryStatus.PENDING])
        report.skipped += _skip_missing(session, period, {w.delivery_id for w in work if w.items})
        session.commit()
    finally:
        session.close()
    groups = group_work(work, period, links, now, timezone, footer, signed_at)
    report.contents = len(groups)
    for group in groups:
        for chunk in split(group.envelopes, sender.max_batch):
            _send_chunk(sessions, group.content, chunk, sender, now, report)
    return report


def _skip_missing(session: Session, period: Period, sendable: set[int]) -> int:
    """PENDING deliveries whose member left or whose items vanished: never an empty email."""
    statement = select(Delivery.id).where(
        Delivery.frequency == period.frequency,
        Delivery.period_key == period.key,
        Delivery.status == DeliveryStatus.PENDING,
    )
    stale = [i for i in session.scalars(statement) if i not in sendable]
    for chunk in _chunks(stale, ID_CHUNK):
        session.execute(
            update(Delivery).where(Delivery.id.in_(chunk)).values(status=DeliveryStatus.SKIPPED)
        )
    return len(stale)


def _send_chunk(
    sessions: Any,
    content: digests.Content,
    chunk: Sequence[Envelope],
    sender: Sender,
    now: dt.datetime,
    report: Report,
) -> None:
    send_id = uuid.uuid4().hex
    claimed = claim(sessions, [e.delivery_id for e in chunk if e.delivery_id is not None], send_id)
    envelopes = tuple(e for e in chunk if e.delivery_id in claimed)
    if not envelopes:
        return
    batch = _batch(content, envelopes, send_id)
    report.requests += 1
    try:
        outcomes = sender.send(batch)
    except RetryableError:
        release(sessions, claimed, send_id)
        raise
    record(sessions, outcomes, now, report)


def _batch(content: digests.Content, envelopes: tuple[Envelope, ...], send_id: str) -> Batch:
    return Batch(
        subject=content.subject,
        text=content.text,
        html=content.html,
        envelopes=envelopes,
        categories=content.categories,
        send_id=send_id,
    )


def claim(sessions: Any, ids: Sequence[int], send_id: str) -> set[int]:
    """PENDING -> SENDING for these ids, committed before the request; returns those won."""
    session = sessions()
    try:
        statement = (
            update(Delivery)
            .where(Delivery.id.in_(list(ids)), Delivery.status == DeliveryStatus.PENDING)
            .values(
                status=DeliveryStatus.SENDING,
                attempts=Delivery.attempts + 1,
                provider_message_id=CLAIM_PREFIX + send_id,
            )
            .returning(Delivery.id)
        )
        won = set(session.scalars(statement))
        session.commit()
        return won
    finally:
        session.close()


def release(sessions: Any, ids: Iterable[int], send_id: str) -> None:
    """SENDING -> PENDING for a request known not to have been accepted."""
    session = sessions()
    try:
        session.execute(
            update(Delivery)
            .where(
                Delivery.id.in_(list(ids)), Delivery.provider_message_id == CLAIM_PREFIX + send_id
            )
            .values(status=DeliveryStatus.PENDING, provider_message_id=None)
        )
        session.commit()
    finally:
        session.close()


def record(sessions: Any, outcomes: Sequence[Outcome], now: dt.datetime, report: Report) -> None:
    """SENDING -> SENT or FAILED, committed right after the provider answered."""
    session = sessions()
    try:
        by_result: dict[tuple[bool, str | None, str | None], list[int]] = collections.defaultdict(
            list
        )
        for outcome in outcomes:
            if outcome.delivery_id is not None:
                by_result[(outcome.ok, outcome.provider_id, outcome.error)].append(
                    outcome.delivery_id
                )
        for (ok, provider_id, error), ids in by_result.items():
            _mark(session, ids, ok, provider_id, error, now)
            if ok:
                report.sent += len(ids)
            else:
                report.failed += len(ids)
        session.commit()
    finally:
        session.close()


def _mark(
    session: Session,
    ids: list[int],
    ok: bool,
    provider_id: str | None,
    error: str | None,
    now: dt.datetime,
) -> None:
    values: dict[str, Any] = {"status": DeliveryStatus.SENT if ok else DeliveryStatus.FAILED}
    if ok:
        values.update(
            sent_at=now, provider_message_id=(provider_id or "")[:200] or None, error=None
        )
    else:
        values.update(error=(error or "unknown error")[:2000], provider_message_id=None)
    for chunk in _chunks(ids, ID_CHUNK):
        session.execute(update(Delivery).where(Delivery.id.in_(chunk)).values(**values))


# ---------------------------------------------------------------- recovery


def recover_in_doubt(
    sessions: Any,
    period: Period,
    sender: Sender,
    links: Links,
    now: dt.datetime,
    timezone: str,
    report: Report,
) -> None:
    """Settle SENDING rows left by a process that died between claim and record."""
    session = sessions()
    try:
        work = load_work(session, period, [DeliveryStatus.SENDING])
        claims = _claims(session, [w.delivery_id for w in work])
        by_send: dict[str, list[Work]] = collections.defaultdict(list)
        for entry in work:
            by_send[claims.get(entry.delivery_id, "")].append(entry)
        for send_id, entries in by_send.items():
            _settle(session, send_id, entries, period, sender, links, now, timezone, report)
        _orphans(session, period, {w.delivery_id for w in work}, report)
        session.commit()
    finally:
        session.close()


def _claims(session: Session, ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(ids, ID_CHUNK):
        for delivery_id, marker in session.execute(
            select(Delivery.id, Delivery.provider_message_id).where(Delivery.id.in_(chunk))
        ):
            found[delivery_id] = (marker or "").removeprefix(CLAIM_PREFIX)
    return found


def _settle(
    session: Session,
    send_id: str,
    entries: list[Work],
    period: Period,
    sender: Sender,
    links: Links,
    now: dt.datetime,
    timezone: str,
    report: Report,
) -> None:
    groups = group_work(entries, period, links, now, timezone)
    envelopes = tuple(e for g in groups for e in g.envelopes)
    batch = Batch(subject="", text="", html="", envelopes=envelopes, send_id=send_id)
    known = sender.sent_ids(send_id, batch) if send_id else None
    ids = [e.delivery_id for e in envelopes if e.delivery_id is not None]
    if known is None:
        log.warning(
            "send %s of %s %s is in doubt; sending it again", send_id, period.frequency, period.key
        )
        report.resent_in_doubt += len(ids)
        known = set()
    gone = [i for i in ids if i in known]
    _mark(session, gone, True, f"recovered:{send_id}", None, now)
    report.recovered += len(gone)
    again = [i for i in ids if i not in known]
    for chunk in _chunks(again, ID_CHUNK):
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(chunk))
            .values(status=DeliveryStatus.PENDING, provider_message_id=None)
        )


def _orphans(session: Session, period: Period, seen: set[int], report: Report) -> None:
    """SENDING rows whose member has left since: nothing to send any more."""
    statement = select(Delivery.id).where(
        Delivery.frequency == period.frequency,
        Delivery.period_key == period.key,
        Delivery.status == DeliveryStatus.SENDING,
    )
    orphans = [i for i in session.scalars(statement) if i not in seen]
    for chunk in _chunks(orphans, ID_CHUNK):
        session.execute(
            update(Delivery).where(Delivery.id.in_(chunk)).values(status=DeliveryStatus.SKIPPED)
        )
    report.skipped += len(orphans)


def unfinished(session: Session, period: Period) -> bool:
    """True while planning has not happened or deliveries still wait to be sent."""
    if _digest(session, period) is None:
        return True
    statement = select(Delivery.id).where(
        Delivery.frequency == period.frequency,
        Delivery.period_key == period.key,
        Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
    )
    return session.scalars(statement.limit(1)).first() is not None


__all__ = ["Report", "plan", "plan_once", "send_period", "unfinished", "Subscription"]
