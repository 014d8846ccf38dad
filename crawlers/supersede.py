"""Mark documents that a newer one replaces ("This message serves to replace CSMS # N").

An item that lists the external ids it replaces in `extra["replaces"]` (CSMS bulletins
do) marks each stored one `superseded_by` itself. The replaced message may be stored
after the one replacing it (same listing, any order), so a newly stored document also
looks for an already stored document that names it. Only documents of the same source
are linked. Takes a session and never commits; the pipeline owns the transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from store.changes import get_document
from store.models import Document


def link_replacements(session: Session, document: Document, replaces: Any, is_new: bool) -> int:
    """Set `superseded_by_id` in both directions; return how many links were made."""
    if replaces is None:
        return 0  # the source does not report replacements
    linked = 0
    for external_id in _ids(replaces):
        older = get_document(session, document.source_id, external_id)
        if older is not None and older.id != document.id and older.superseded_by_id is None:
            older.superseded_by_id = document.id
            linked += 1
    if is_new and document.superseded_by_id is None:
        newer = _replacing(session, document)
        if newer is not None:
            document.superseded_by_id = newer.id
            linked += 1
    return linked


def _replacing(session: Session, document: Document) -> Document | None:
    """A stored document of the same source whose `replaces` names this one."""
    needle = f'%"{document.external_id}"%'
    statement = select(Document).where(
        Document.source_id == document.source_id,
        Document.id != document.id,
        cast(Document.extra, String).like(needle),
    )
    for candidate in session.scalars(statement):
        if document.external_id in _ids((candidate.extra or {}).get("replaces")):
            return candidate
    return None


def _ids(value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)):
        return []
    return [str(entry) for entry in value if entry]


def link_batch(session: Session, items: list[Any], results: list[Any]) -> int:
    """`link_replacements` for a stored batch: items and their upsert results, in order."""
    linked = 0
    for item, result in zip(items, results, strict=True):
        replaces = item.extra.get("replaces")
        linked += link_replacements(session, result.document, replaces, result.outcome == "new")
    if linked:
        session.flush()
    return linked
