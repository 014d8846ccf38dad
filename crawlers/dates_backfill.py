"""Deadlines for documents stored before date extraction existed (`regwatch dates backfill`).

Re-crawling fills them too (an unchanged document without deadlines gets them), but the
DOF and the Federal Register are not re-read after their first days, so this walks the
stored rows once. Bodies are read in batches by keyset, never all at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from crawlers.dates import stored_deadlines
from store.changes import apply_deadlines
from store.models import Change, Document
from store.stories import LOOKBACK_DAYS, link_stories

BATCH = 200


def backfill_batch(session: Session, after_id: int, everything: bool) -> tuple[int, int | None]:
    """Fill one batch of documents after `after_id`; (documents updated, last id or None)."""
    statement = select(Document).where(Document.id > after_id).order_by(Document.id).limit(BATCH)
    if not everything:  # SQL NULL (never set) or JSON null
        missing = cast(Document.deadlines, String)
        statement = statement.where(or_(Document.deadlines.is_(None), missing == "null"))
    documents = list(session.scalars(statement))
    for document in documents:
        apply_deadlines(document, stored_deadlines(document))
    session.flush()
    return len(documents), (documents[-1].id if documents else None)


def backfill_deadlines(session_factory: Callable[[], Session], everything: bool = False) -> int:
    """Walk every document (or those without deadlines); one transaction per batch."""
    total, after = 0, 0
    while True:
        with session_factory() as session, session.begin():
            count, last = backfill_batch(session, after, everything)
        if last is None:
            return total
        total, after = total + count, last


def backfill_stories(session: Session, now: dt.datetime) -> int:
    """Link the recent changes into stories, oldest first, as if they arrived in order."""
    since = now - dt.timedelta(days=LOOKBACK_DAYS)
    changes = list(
        session.scalars(select(Change).where(Change.created_at >= since).order_by(Change.id))
    )
    written = 0
    for change in changes:
        written += link_stories(session, [change], now)
    return written
