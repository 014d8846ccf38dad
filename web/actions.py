"""Staff actions on changes. Each takes a session, the version the staff member saw, the
actor and `now`; each writes the audit trail through store.changes and never commits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from store.changes import record_edit, transition
from store.errors import InvalidTransition, StaleChange
from store.models import (
    Change,
    ChangeLink,
    ChangeStatus,
    LabelledExample,
    ReviewEvent,
    TextOrigin,
)
from web import TOPICS
from web.errors import ActionRefused, StaleAction

TEXT_FIELDS = ("title_en", "title_es", "summary_en", "summary_es")
EXAMPLE_TEXT_LIMIT = 5000


def load_for_update(session: Session, change_id: int, version: int | None) -> Change:
    """The change, checked against the version the staff member was looking at."""
    change = session.get(Change, change_id)
    if change is None:
        raise ActionRefused(
            f"Change {change_id} does not exist; it may have been removed.",
            "refused_missing",
            id=change_id,
        )
    if version is not None and change.version != version:
        raise _stale(change_id)
    return change


def _stale(change_id: int) -> StaleAction:
    message = (
        f"Change {change_id} was saved by someone else while you had it open; "
        "reload it and apply your action again."
    )
    return StaleAction(message, "refused_stale", id=change_id)


_TRANSITION = re.compile(r"cannot go from (\w+) to (\w+)")


def _refused_transition(change_id: int, error: InvalidTransition) -> ActionRefused:
    """The store's sentence, with the statuses kept so that the page can translate it."""
    found = _TRANSITION.search(str(error))
    if found is None:
        return ActionRefused(f"{str(error).capitalize()}.")
    before, after = found.groups()
    return ActionRefused(
        f"{str(error).capitalize()}.",
        "refused_transition",
        id=change_id,
        before="status_" + before,
        after="status_" + after,
    )


def _guarded(change_id: int, work: Callable[[], object], session: Session) -> None:
    """Run `work` and flush, turning store conflicts into one-sentence refusals."""
    try:
        work()
        session.flush()
    except (StaleChange, StaleDataError):
        raise _stale(change_id) from None
    except InvalidTransition as error:
        raise _refused_transition(change_id, error) from None


def set_status(
    session: Session,
    change_id: int,
    version: int | None,
    to_status: ChangeStatus,
    actor: str,
    now: dt.datetime,
    note: str | None = None,
) -> Change:
    """Approve (published) or reject a change after checking its version."""
    change = load_for_update(session, change_id, version)
    action = {ChangeStatus.PUBLISHED: "approve", ChangeStatus.REJECTED: "reject"}.get(
        to_status, to_status.value
    )
    _guarded(
        change_id,
        lambda: transition(session, change, to_status, actor, now, note=note, action=action),
        session,
    )
    return change


def set_topics(
    session: Session,
    change_id: int,
    version: int | None,
    topics: Iterable[str],
    actor: str,
    now: dt.datetime,
) -> Change:
    """Correct a change's topics and keep the correction as a labelled example."""
    chosen = sorted({t for t in topics if t in TOPICS})
    change = load_for_update(session, change_id, version)
    if sorted(change.topics or []) == chosen:
        return change
    _guarded(
        change_id,
        lambda: record_edit(session, change, actor, "topics", {"topics": chosen}, now, version),
        session,
    )
    session.add(_labelled_example(change, chosen, actor, now))
    session.flush()
    return change


def _labelled_example(
    change: Change, labels: list[str], actor: str, now: dt.datetime
) -> LabelledExample:
    document = change.document
    text = f"{document.title}\n\n{document.body or ''}"[:EXAMPLE_TEXT_LIMIT]
    return LabelledExample(
        change_id=change.id,
        text=text,
        lang=document.language,
        source=document.source_id,
        agency=document.agency,
        labels=labels,
        created_by=actor,
        created_at=now,
    )


def set_urgent(
    session: Session,
    change_id: int,
    version: int | None,
    urgent: bool,
    actor: str,
    now: dt.datetime,
) -> Change:
    """Mark or unmark a change as urgent."""
    change = load_for_update(session, change_id, version)
    if change.urgent != urgent:
        _guarded(
            change_id,
            lambda: record_edit(session, change, actor, "urgent", {"urgent": urgent}, now),
            session,
        )
    return change


def edit_texts(
    session: Session,
    change_id: int,
    version: int | None,
    texts: dict[str, str],
    actor: str,
    now: dt.datetime,
) -> Change:
    """Save staff-edited titles and summaries; only fields that changed are written."""
    change = load_for_update(session, change_id, version)
    values: dict[str, object] = {}
    for field in TEXT_FIELDS:
        if field not in texts:
            continue
        text = " ".join(texts[field].split()) if field.startswith("title") else texts[field]
        value = text.strip() or None
        if value != getattr(change, field):
            values[field] = value
            values[f"{field}_origin"] = TextOrigin.STAFF if value else None
    if values:
        _guarded(
            change_id,
            lambda: record_edit(session, change, actor, "edit", values, now),
            session,
        )
    return change


def link_related(
    session: Session, change_id: int, other_id: int, actor: str, now: dt.datetime
) -> ChangeLink:
    """Record that two changes belong together (e.g. a CSMS message and its FR notice)."""
    return _link(session, change_id, other_id, "related", actor, now)


def _link(
    session: Session, change_id: int, other_id: int, kind: str, actor: str, now: dt.datetime
) -> ChangeLink:
    if change_id == other_id:
        raise ActionRefused(
            "A change cannot be linked to itself; enter another change's number.",
            "refused_self_link",
        )
    for wanted in (change_id, other_id):
        if session.get(Change, wanted) is None:
            raise ActionRefused(
                f"Change {wanted} does not exist; check the number.", "refused_no_other", id=wanted
            )
    link = _existing_link(session, change_id, other_id)
    if link is None:
        link = ChangeLink(change_id=change_id, other_id=other_id, kind=kind, created_at=now)
        session.add(link)
    link.kind = kind if kind == "duplicate" else link.kind
    session.add(
        ReviewEvent(
            change_id=change_id,
            actor=actor,
            action=f"link_{kind}",
            before={},
            after={"other_id": other_id, "kind": kind},
            created_at=now,
        )
    )
    session.flush()
    return link


def _existing_link(session: Session, a: int, b: int) -> ChangeLink | None:
    statement = select(ChangeLink).where(
        ((ChangeLink.change_id == a) & (ChangeLink.other_id == b))
        | ((ChangeLink.change_id == b) & (ChangeLink.other_id == a))
    )
    return session.scalars(statement).first()


def merge_duplicate(
    session: Session,
    duplicate_id: int,
    version: int | None,
    canonical_id: int,
    actor: str,
    now: dt.datetime,
) -> Change:
    """Fold a duplicate into its canonical change: link, mark, retire and merge topics."""
    duplicate = load_for_update(session, duplicate_id, version)
    canonical = load_for_update(session, canonical_id, None)
    if canonical.duplicate_of_id is not None:
        raise ActionRefused(
            f"Change {canonical_id} is itself a duplicate; merge into "
            f"change {canonical.duplicate_of_id} instead.",
            "refused_duplicate_chain",
            id=canonical_id,
            other=canonical.duplicate_of_id,
        )
    _link(session, duplicate_id, canonical_id, "duplicate", actor, now)
    retired = (
        ChangeStatus.REJECTED
        if ChangeStatus.REJECTED in _allowed(duplicate.status)
        else ChangeStatus.ARCHIVED
    )

    def work() -> None:
        record_edit(session, duplicate, actor, "merge", {"duplicate_of_id": canonical_id}, now)
        if duplicate.status != retired:
            note = f"duplicate of change {canonical_id}"
            transition(session, duplicate, retired, actor, now, note=note, action="merge")
        merged = sorted(set(canonical.topics or []) | set(duplicate.topics or []))
        if merged != sorted(canonical.topics or []):
            record_edit(session, canonical, actor, "merge_topics", {"topics": merged}, now)

    _guarded(duplicate_id, work, session)
    return duplicate


def _allowed(status: ChangeStatus) -> set[ChangeStatus]:
    from store.changes import ALLOWED

    return ALLOWED[status]


def bulk_status(
    session: Session,
    items: list[tuple[int, int | None]],
    to_status: ChangeStatus,
    actor: str,
    now: dt.datetime,
) -> tuple[list[int], list[ActionRefused]]:
    """Apply approve or reject to many (id, version) pairs; returns (done ids, refusals)."""
    done: list[int] = []
    refused: list[ActionRefused] = []
    for change_id, version in items:
        try:
            with session.begin_nested():
                set_status(session, change_id, version, to_status, actor, now)
            done.append(change_id)
        except ActionRefused as error:
            refused.append(error)
    return done, refused
