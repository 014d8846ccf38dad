"""Read queries of the web app. They take a session, select only the columns a page shows
(bodies can be megabytes) and page by keyset, never by OFFSET.

Like every query in the project they never commit.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import Select, String, and_, cast, func, or_, select, tuple_
from sqlalchemy.orm import Session, selectinload

from store.models import (
    Change,
    ChangeLink,
    ChangeStatus,
    Document,
    ReviewEvent,
    Source,
)
from store.search import matching_document_ids
from web import TOPICS
from web.errors import BadInput

PAGE_SIZE = 50

LIST_COLUMNS = (
    Change.id,
    Change.status,
    Change.kind,
    Change.topics,
    Change.scores,
    Change.flag_reason,
    Change.urgent,
    Change.title_en,
    Change.title_en_origin,
    Change.title_es,
    Change.title_es_origin,
    Change.summary_en,
    Change.summary_es,
    Change.created_at,
    Change.published_at,
    Change.version,
    Document.source_id,
    Document.agency,
    Document.language,
    Document.url,
    Document.title.label("doc_title"),
    Document.published_on,
    Document.effective_on,
    Document.comments_close_on,
)


@dataclasses.dataclass(frozen=True)
class Filters:
    """What a list page is narrowed to; every field optional."""

    status: str | None = None
    topic: str | None = None
    source: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str | None = None


@dataclasses.dataclass(frozen=True)
class Page:
    """One page of rows and the cursor of the next page (None on the last)."""

    rows: list[Any]
    next_cursor: str | None


def encode_cursor(moment: dt.datetime, row_id: int) -> str:
    """An opaque keyset cursor for (timestamp, id)."""
    raw = f"{moment.isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    """Read a cursor made by `encode_cursor`; BadInput when it was tampered with."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, _, row_id = base64.urlsafe_b64decode(padded).decode().partition("|")
        moment = dt.datetime.fromisoformat(stamp)
        return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)), int(row_id)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadInput("The page link is damaged; start again from the first page.") from error


def parse_filters(params: dict[str, str], status_default: str | None) -> Filters:
    """Filters from query parameters; unknown values are BadInput with one sentence."""
    status = params.get("status") or status_default
    if status not in {None, "all"} | {s.value for s in ChangeStatus}:
        raise BadInput(f"Unknown status {status!r}; use one of the listed statuses.")
    topic = params.get("topic") or None
    if topic is not None and topic not in TOPICS:
        raise BadInput(f"Unknown topic {topic!r}; use one of {', '.join(TOPICS)}.")
    return Filters(
        status=None if status == "all" else status,
        topic=topic,
        source=(params.get("source") or None),
        date_from=_parse_date(params.get("from")),
        date_to=_parse_date(params.get("to")),
        q=(params.get("q") or "").strip()[:200] or None,
    )


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"Write dates as YYYY-MM-DD (got {value[:20]!r}).") from None


def _apply_filters(statement: Select, filters: Filters, stamp: Any, session: Session) -> Select:
    if filters.status:
        statement = statement.where(Change.status == ChangeStatus(filters.status))
    if filters.topic:
        # The topic vocabulary is fixed and quoted in the JSON text, so LIKE is exact and
        # portable across PostgreSQL JSON and SQLite.
        statement = statement.where(cast(Change.topics, String).like(f'%"{filters.topic}"%'))
    if filters.source:
        statement = statement.where(Document.source_id == filters.source)
    if filters.date_from:
        statement = statement.where(stamp >= _midnight(filters.date_from))
    if filters.date_to:
        statement = statement.where(stamp < _midnight(filters.date_to + dt.timedelta(days=1)))
    if filters.q:
        statement = _apply_search(statement, filters.q, session)
    return statement


def _apply_search(statement: Select, q: str, session: Session) -> Select:
    matching = matching_document_ids(session, q)
    if session.get_bind().dialect.name == "postgresql":
        # The condition is on `documents`, already joined: applying it there saves the
        # planner a second scan of documents and a semi-join.
        condition = matching.whereclause
        if condition is not None:
            return statement.where(condition)
    ids = matching.subquery()
    return statement.where(Change.document_id.in_(select(ids.c.id)))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _page(session: Session, statement: Select, stamp: Any, cursor: str | None) -> Page:
    if cursor:
        moment, row_id = decode_cursor(cursor)
        statement = statement.where(tuple_(stamp, Change.id) < tuple_(moment, row_id))
    statement = statement.order_by(stamp.desc(), Change.id.desc()).limit(PAGE_SIZE + 1)
    rows = list(session.execute(statement))
    if len(rows) <= PAGE_SIZE:
        return Page(rows, None)
    last = rows[PAGE_SIZE - 1]
    moment = getattr(last, stamp.key)
    return Page(rows[:PAGE_SIZE], encode_cursor(moment, last.id))


def list_queue(session: Session, filters: Filters, cursor: str | None = None) -> Page:
    """Changes for staff, newest first (by when they were detected)."""
    statement = select(*LIST_COLUMNS).join(Document, Document.id == Change.document_id)
    statement = _apply_filters(statement, filters, Change.created_at, session)
    return _page(session, statement, Change.created_at, cursor)


def list_published(session: Session, filters: Filters, cursor: str | None = None) -> Page:
    """Approved changes for the public, newest approval first."""
    statement = (
        select(*LIST_COLUMNS)
        .join(Document, Document.id == Change.document_id)
        .where(Change.status == ChangeStatus.PUBLISHED, Change.published_at.is_not(None))
    )
    public = dataclasses.replace(filters, status=None)
    statement = _apply_filters(statement, public, Change.published_at, session)
    return _page(session, statement, Change.published_at, cursor)


def get_change(session: Session, change_id: int) -> Change | None:
    """A change with its document, revisions and audit trail loaded."""
    statement = (
        select(Change)
        .where(Change.id == change_id)
        .options(
            selectinload(Change.document).selectinload(Document.revisions),
            selectinload(Change.events),
        )
    )
    return session.scalars(statement).first()


def get_published_change(session: Session, change_id: int) -> Change | None:
    """A change only when it is approved (the public may see nothing else)."""
    change = session.get(Change, change_id)
    if change is None or change.status != ChangeStatus.PUBLISHED:
        return None
    return change


def related_changes(session: Session, change_id: int) -> list[tuple[str, Any]]:
    """(kind, row) of changes linked to `change_id` in either direction."""
    links = session.execute(
        select(ChangeLink.kind, ChangeLink.change_id, ChangeLink.other_id).where(
            or_(ChangeLink.change_id == change_id, ChangeLink.other_id == change_id)
        )
    ).all()
    other_ids = {
        (link.other_id if link.change_id == change_id else link.change_id): link.kind
        for link in links
    }
    if not other_ids:
        return []
    rows = session.execute(
        select(*LIST_COLUMNS)
        .join(Document, Document.id == Change.document_id)
        .where(Change.id.in_(other_ids))
        .order_by(Change.id)
    )
    return [(other_ids[row.id], row) for row in rows]


def recent_events(session: Session, change_id: int, limit: int = 50) -> list[ReviewEvent]:
    """The audit trail of a change, newest first."""
    statement = (
        select(ReviewEvent)
        .where(ReviewEvent.change_id == change_id)
        .order_by(ReviewEvent.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


@dataclasses.dataclass(frozen=True)
class SourceHealth:
    """One row of the sources page."""

    source: Source
    items_per_day: float
    flagged_waiting: int


def source_health(session: Session, now: dt.datetime, days: int = 7) -> list[SourceHealth]:
    """Every source with its state, last success and error, and recent items per day."""
    since = now - dt.timedelta(days=days)
    counts = dict(
        session.execute(
            select(Document.source_id, func.count(Document.id))
            .where(Document.first_seen_at >= since)
            .group_by(Document.source_id)
        ).all()
    )
    waiting = dict(
        session.execute(
            select(Document.source_id, func.count(Change.id))
            .join(Document, Document.id == Change.document_id)
            .where(Change.status == ChangeStatus.FLAGGED)
            .group_by(Document.source_id)
        ).all()
    )
    sources = session.scalars(select(Source).order_by(Source.id))
    return [
        SourceHealth(s, round(counts.get(s.id, 0) / days, 1), waiting.get(s.id, 0)) for s in sources
    ]


def source_ids(session: Session) -> list[str]:
    """Ids of all known sources, for filter menus."""
    return list(session.scalars(select(Source.id).order_by(Source.id)))


def upcoming_dates(session: Session, today: dt.date, days: int = 120) -> list[Any]:
    """Approved changes with a deadline soon: effective, comments close, compliance, other.

    Compliance dates and other deadlines live only in Document.deadlines (JSON), so
    changes approved in the last two years that have one are read too; the calendar
    keeps the dates in range.
    """
    until = today + dt.timedelta(days=days)
    deadlines_text = cast(Document.deadlines, String)
    statement = (
        select(*LIST_COLUMNS, Document.deadlines, Change.story_key)
        .join(Document, Document.id == Change.document_id)
        .where(
            Change.status == ChangeStatus.PUBLISHED,
            or_(
                and_(Document.effective_on >= today, Document.effective_on <= until),
                and_(Document.comments_close_on >= today, Document.comments_close_on <= until),
                and_(
                    Change.published_at >= _midnight(today - dt.timedelta(days=730)),
                    or_(
                        deadlines_text.like('%"compliance"%'),
                        deadlines_text.like('%"deadline"%'),
                    ),
                ),
            ),
        )
        .order_by(Change.id)
        .limit(1000)
    )
    return list(session.execute(statement))
