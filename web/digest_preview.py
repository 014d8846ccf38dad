"""The staff's digest preview: recent approved changes rendered by alerts.digest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from store.models import Change, ChangeStatus, Document

PREVIEW_LIMIT = 200


def recent_published(session: Session, since: dt.datetime) -> list[Change]:
    """Changes approved since `since`, with their documents and sources, newest first."""
    statement = (
        select(Change)
        .where(Change.status == ChangeStatus.PUBLISHED, Change.published_at >= since)
        .options(selectinload(Change.document).selectinload(Document.source))
        .order_by(Change.published_at.desc(), Change.id.desc())
        .limit(PREVIEW_LIMIT)
    )
    return list(session.scalars(statement))


def preview_content(
    session: Session,
    lang: str,
    frequency: str,
    days: int,
    now: dt.datetime,
    timezone: str,
    footer: Any = None,
) -> tuple[Any, int]:
    """(rendered content or None when empty, number of changes) for a digest preview."""
    from alerts.delivery import with_story_references
    from alerts.digest import DigestItem, SubscriptionView, render_digest

    changes = recent_published(session, now - dt.timedelta(days=days))
    if not changes:
        return None, 0
    found = {change.id: DigestItem.from_change(change) for change in changes}
    items = list(with_story_references(session, found).values())
    subscriptions = [SubscriptionView(id=0, frequency=frequency, topics=())]
    content = render_digest(items, lang, frequency, subscriptions, now, timezone, footer)
    return content, len(items)
