"""The classify step of the pipeline: score pending changes, then publish, flag or archive.

The model loads once per process (an RQ work-horse, or the CLI) and is reused.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import AbstractContextManager
from email.utils import parsedate_to_datetime
from typing import Any, Protocol, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.changes import transition
from store.models import Change, ChangeKind, ChangeStatus, Document

log = logging.getLogger(__name__)
ACTOR = "system:classifier"

# How much of a body goes with the title: an abstract or a bulletin's opening lines,
# which is what the labelling guidelines define as the unit. DOF note bodies are whole
# legal texts and would drown the title.
BODY_CHARS = {"us_federal_register": 1200, "us_cbp_csms": 400}


class SessionSource(Protocol):
    """What the jobs need of store's AppContext: a transaction scope."""

    def session(self) -> AbstractContextManager[Session]: ...


def open_session(context: object) -> AbstractContextManager[Session]:
    """`context.session()`, typed whether or not store annotates AppContext.session."""
    return cast(SessionSource, context).session()


def load_classifier(path: str | None = None) -> Any:
    """The process's classifier; load_model keeps one per model directory per process."""
    from classifier.model import load_model

    return load_model(path or None)


def text_for(document: Document) -> str:
    """The text the classifier reads for a document."""
    limit = BODY_CHARS.get(document.source_id, 0)
    body = (document.body or "")[:limit] if limit else ""
    return f"{document.title}. {body}".strip() if body else document.title


def decide(prediction: Any, auto_publish: bool) -> tuple[ChangeStatus, str | None]:
    """Publish, flag or archive from one prediction."""
    if prediction.flag_reason:
        return ChangeStatus.FLAGGED, prediction.flag_reason
    if not prediction.labels:
        return ChangeStatus.ARCHIVED, None
    if auto_publish:
        return ChangeStatus.PUBLISHED, None
    return ChangeStatus.FLAGGED, "auto-publish is off: relevant changes wait for staff"


OLD_NEWS = "older than the news window at first sight"


def publication_date(document: Document) -> dt.date:
    """When the document came out: its publication date; else when the file was posted
    (HTTP Last-Modified, as SAT's files carry no date); else the day it was first seen."""
    if document.published_on is not None:
        return document.published_on
    posted = _http_date(document.last_modified)
    if posted is not None and posted <= document.first_seen_at.date():
        return posted
    return document.first_seen_at.date()


def _http_date(value: str | None) -> dt.date | None:
    try:
        return parsedate_to_datetime(value).date() if value else None
    except (TypeError, ValueError, IndexError):
        return None


def is_old_news(change: Change, now: dt.datetime, window_days: int | None) -> bool:
    """A new change whose document was published more than `window_days` before `now`."""
    if window_days is None or change.kind != ChangeKind.NEW:
        return False
    return publication_date(change.document) < now.date() - dt.timedelta(days=window_days)


def old_news_reason(change: Change, window_days: int) -> str:
    """The audit note of an archived old document."""
    published = publication_date(change.document).isoformat()
    return f"{OLD_NEWS} (published {published}, window {window_days} days)"


def classify_changes(
    session: Session,
    classifier: Any,
    changes: list[Change],
    auto_publish: bool,
    now: dt.datetime,
    news_window_days: int | None = None,
) -> dict[str, int]:
    """Score `changes` and move each to its status; returns counts per outcome."""
    items = [
        {
            "text": text_for(c.document),
            "lang": c.document.language,
            "source": c.document.source_id,
            "agency": c.document.agency,
        }
        for c in changes
    ]
    counts = {"published": 0, "flagged": 0, "archived": 0}
    for change, prediction in zip(changes, classifier.classify(items), strict=True):
        change.topics = list(prediction.labels)
        change.scores = {k: round(float(v), 4) for k, v in prediction.scores.items()}
        change.model_version = prediction.model_version
        status, reason = decide(prediction, auto_publish)
        if status != ChangeStatus.ARCHIVED and is_old_news(change, now, news_window_days):
            # Old documents are not news: kept, classified and searchable, never mailed.
            status, reason = ChangeStatus.ARCHIVED, old_news_reason(change, news_window_days or 0)
        change.flag_reason = reason
        transition(session, change, status, ACTOR, now, note=reason, action="classify")
        counts[status.value] += 1
    return counts


def pending_changes(session: Session, limit: int) -> list[Change]:
    """The oldest changes still waiting for the classifier."""
    statement = (
        select(Change).where(Change.status == ChangeStatus.PENDING).order_by(Change.id).limit(limit)
    )
    return list(session.scalars(statement))


def classify_pending(batch: int = 500, now_iso: str | None = None) -> dict[str, Any]:
    """RQ job: classify every pending change, batch by batch. Safe to run twice."""
    from store.context import get_context

    context = get_context()
    now = dt.datetime.fromisoformat(now_iso) if now_iso else dt.datetime.now(dt.UTC)
    classifier = load_classifier(context.settings.classifier_model_path)
    totals = {"published": 0, "flagged": 0, "archived": 0}
    while True:
        with open_session(context) as session:
            changes = pending_changes(session, batch)
            if not changes:
                break
            counts = classify_changes(
                session,
                classifier,
                changes,
                context.settings.auto_publish,
                now,
                context.settings.news_window_days,
            )
        totals = {k: totals[k] + counts[k] for k in totals}
    log.info("classified: %s", totals)
    return {
        **totals,
        "model": getattr(classifier, "model_version", None),
        "stub": _is_stub(classifier),
    }


def _is_stub(classifier: Any) -> bool:
    return bool(getattr(classifier, "is_stub", False))
