"""Documents in, Changes out: upsert by (source, external_id), and checked status moves.

Queries here take a session and never commit; the caller owns the transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from store.amendments import note_for_new, note_for_update
from store.errors import InvalidTransition, StaleChange
from store.models import (
    Change,
    ChangeKind,
    ChangeStatus,
    Document,
    ReviewEvent,
    Revision,
    Source,
    TextOrigin,
)
from store.text import squash

# Fields that make up a document's content: a change in any of them is an amendment.
CONTENT_FIELDS = (
    "title",
    "url",
    "agency",
    "published_on",
    "doc_type",
    "effective_on",
    "comments_close_on",
    "body",
)
# `deadlines` is derived from the content (crawlers.dates), so it is not hashed: a new
# extractor must not turn every stored document into an amendment.
DOCUMENT_FIELDS = CONTENT_FIELDS + ("language", "extra", "etag", "last_modified", "deadlines")
# Document date columns filled from the earliest deadline of a kind when the source has none.
DEADLINE_COLUMNS = {"effective_on": "effective", "comments_close_on": "comments_close"}

ALLOWED = {
    ChangeStatus.PENDING: {ChangeStatus.FLAGGED, ChangeStatus.PUBLISHED, ChangeStatus.ARCHIVED},
    ChangeStatus.FLAGGED: {ChangeStatus.PUBLISHED, ChangeStatus.REJECTED, ChangeStatus.ARCHIVED},
    ChangeStatus.PUBLISHED: {ChangeStatus.REJECTED, ChangeStatus.FLAGGED},
    ChangeStatus.ARCHIVED: {ChangeStatus.FLAGGED, ChangeStatus.PUBLISHED, ChangeStatus.REJECTED},
    ChangeStatus.REJECTED: {ChangeStatus.FLAGGED, ChangeStatus.PUBLISHED},
}


_DOCUMENTS = cast(Table, Document.__table__)
_CHANGES = cast(Table, Change.__table__)


@dataclasses.dataclass(frozen=True)
class UpsertResult:
    """What storing one item did: "new", "amended" or "unchanged"."""

    outcome: str
    document: Document
    change: Change | None


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        return squash(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def content_hash(fields: dict[str, Any]) -> str:
    """SHA-256 of the NFC-normalised, whitespace-collapsed content fields."""
    payload = {key: _normal(fields.get(key)) for key in CONTENT_FIELDS}
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def get_document(session: Session, source_id: str, external_id: str) -> Document | None:
    """The stored document of (source, external_id), if any."""
    statement = select(Document).where(
        Document.source_id == source_id, Document.external_id == external_id
    )
    return session.scalars(statement).first()


def ensure_source(session: Session, source_id: str, name: str | None = None) -> Source:
    """Return the Source row, creating it on first sight."""
    source = session.get(Source, source_id)
    if source is None:
        source = Source(id=source_id, name=name or source_id, cursor={})
        session.add(source)
        session.flush()
    return source


def upsert_document(
    session: Session, source_id: str, external_id: str, fields: dict[str, Any], now: dt.datetime
) -> UpsertResult:
    """Store an item: a new Document and Change, a Revision and amended Change, or nothing."""
    digest = content_hash(fields)
    document = get_document(session, source_id, external_id)
    if document is None:
        return _insert_document(session, source_id, external_id, fields, digest, now)
    return _update_document(session, document, fields, digest, now)


def upsert_documents(
    session: Session, source_id: str, rows: list[tuple[str, dict[str, Any]]], now: dt.datetime
) -> list[UpsertResult]:
    """`upsert_document` for each (external_id, fields) in turn, with the same outcomes and ids.

    Cheaper for a crawl's batch: one query finds the batch's stored documents, and new
    documents and their changes are inserted together (ids in row order) at the end, as
    two multi-row INSERTs read back by two SELECTs, instead of a SELECT and two flushes per
    item (SQLite cannot return the ids of a multi-row ORM insert, so the ORM would insert
    one row per statement there).
    """
    documents = _stored_documents(session, source_id, [external_id for external_id, _ in rows])
    results: list[UpsertResult | None] = []
    fresh: dict[str, tuple[int, dict[str, Any], str]] = {}  # external_id -> (row, fields, hash)
    for external_id, fields in rows:
        digest = content_hash(fields)
        if external_id in fresh:  # the same key twice in one batch: the first must exist
            _insert_fresh(session, source_id, fresh, results, documents, now)
        document = documents.get(external_id)
        if document is None:
            fresh[external_id] = (len(results), fields, digest)
            results.append(None)
        else:
            results.append(_update_document(session, document, fields, digest, now))
    _insert_fresh(session, source_id, fresh, results, documents, now)
    session.flush()
    return [result for result in results if result is not None]


def _insert_fresh(
    session: Session,
    source_id: str,
    fresh: dict[str, tuple[int, dict[str, Any], str]],
    results: list[UpsertResult | None],
    documents: dict[str, Document],
    now: dt.datetime,
) -> None:
    """Insert the new documents and their changes; fill in their results; empty `fresh`."""
    if not fresh:
        return
    session.flush()  # earlier amendments first, as item by item
    rows = [
        _document_row(source_id, key, fields, digest, now)
        for key, (_, fields, digest) in fresh.items()
    ]
    # Core inserts keep every row's keys (None included): one executemany per table.
    session.execute(insert(_DOCUMENTS), rows)
    stored = _stored_documents(session, source_id, list(fresh))
    changes = [_change_row(stored[key], fields, now) for key, (_, fields, _) in fresh.items()]
    session.execute(insert(_CHANGES), changes)
    by_document = _new_changes(session, [stored[key].id for key in fresh])
    for key, (position, _, _) in fresh.items():
        document = documents[key] = stored[key]
        results[position] = UpsertResult("new", document, by_document[document.id])
    fresh.clear()


def _new_changes(session: Session, document_ids: list[int]) -> dict[int, Change]:
    """document id -> the Change of each of these just-inserted documents."""
    found: dict[int, Change] = {}
    for start in range(0, len(document_ids), 500):  # under every backend's parameter limit
        chunk = document_ids[start : start + 500]
        statement = select(Change).where(Change.document_id.in_(chunk)).order_by(Change.id)
        found.update((change.document_id, change) for change in session.scalars(statement))
    return found


def _document_row(
    source_id: str, external_id: str, fields: dict[str, Any], digest: str, now: dt.datetime
) -> dict[str, Any]:
    """The columns `_add_document` would give a new Document, for a multi-row INSERT."""
    filled = with_deadline_dates(fields) if "deadlines" in fields else fields
    row = {key: filled.get(key) for key in DOCUMENT_FIELDS}
    row["language"] = filled.get("language", "es")  # an explicit None stays None
    row.update(
        source_id=source_id,
        external_id=external_id,
        title=row["title"] or "(untitled)",
        extra=dict(fields.get("extra") or {}),
        content_hash=digest,
        first_seen_at=now,
        last_seen_at=now,
    )
    return row


def _change_row(document: Document, fields: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """The columns of a new document's Change (as `_new_change` makes it)."""
    english = document.language == "en"
    return {
        "document_id": document.id,
        "revision_id": None,
        "kind": ChangeKind.NEW,
        "status": ChangeStatus.PENDING,
        "created_at": now,
        "updated_at": now,
        "topics": [],
        "scores": {},
        "title_en": document.title if english else None,
        "title_en_origin": TextOrigin.ORIGINAL if english else None,
        "title_es": None if english else document.title,
        "title_es_origin": None if english else TextOrigin.ORIGINAL,
        "amendment_note": note_for_new(document.source_id, fields),
    }


def _stored_documents(
    session: Session, source_id: str, external_ids: list[str]
) -> dict[str, Document]:
    found: dict[str, Document] = {}
    unique = list(dict.fromkeys(external_ids))
    for start in range(0, len(unique), 500):  # under every backend's bound-parameter limit
        statement = select(Document).where(
            Document.source_id == source_id,
            Document.external_id.in_(unique[start : start + 500]),
        )
        found.update((document.external_id, document) for document in session.scalars(statement))
    return found


def _add_document(
    session: Session,
    source_id: str,
    external_id: str,
    fields: dict[str, Any],
    digest: str,
    now: dt.datetime,
) -> UpsertResult:
    """A new Document and its Change, added but not yet flushed."""
    document = Document(
        source_id=source_id, external_id=external_id, first_seen_at=now, last_seen_at=now
    )
    _apply_fields(document, fields, digest)
    session.add(document)
    change = _new_change(document, ChangeKind.NEW, now, None)
    change.amendment_note = note_for_new(source_id, fields)
    change.document = document  # the document has no id yet; the flush fills it in
    session.add(change)
    return UpsertResult("new", document, change)


def _update_document(
    session: Session, document: Document, fields: dict[str, Any], digest: str, now: dt.datetime
) -> UpsertResult:
    document.last_seen_at = now
    if document.content_hash == digest and not attachments_changed(document.extra, fields):
        _refresh_metadata(document, fields)
        return UpsertResult("unchanged", document, None)
    before = {key: getattr(document, key) for key in CONTENT_FIELDS}
    revision = _keep_revision(session, document, now)
    _apply_fields(document, fields, digest)
    change = _open_change(session, document, ChangeKind.AMENDED, now, revision.id)
    change.amendment_note = note_for_update(
        document.source_id, before, with_deadline_dates(fields)
    ) or note_for_new(document.source_id, fields)
    return UpsertResult("amended", document, change)


def _insert_document(
    session: Session,
    source_id: str,
    external_id: str,
    fields: dict[str, Any],
    digest: str,
    now: dt.datetime,
) -> UpsertResult:
    result = _add_document(session, source_id, external_id, fields, digest, now)
    session.flush()
    return result


def with_deadline_dates(fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` with effective_on / comments_close_on taken from `deadlines` where unset."""
    filled = dict(fields)
    for column, kind in DEADLINE_COLUMNS.items():
        if filled.get(column) is None:
            filled[column] = earliest_deadline(fields.get("deadlines"), kind) or filled.get(column)
    return filled


def earliest_deadline(deadlines: Any, kind: str) -> dt.date | None:
    """The earliest date of `kind` in a stored deadlines list (bad entries are skipped)."""
    dates = []
    for entry in deadlines or []:
        if isinstance(entry, dict) and entry.get("kind") == kind:
            try:
                dates.append(dt.date.fromisoformat(str(entry.get("date"))))
            except ValueError:
                continue
    return min(dates) if dates else None


def _apply_fields(document: Document, fields: dict[str, Any], digest: str) -> None:
    filled = with_deadline_dates(fields) if "deadlines" in fields else fields
    for key in DOCUMENT_FIELDS:
        if key in filled:
            setattr(document, key, filled[key])
    document.title = document.title or "(untitled)"
    document.extra = dict(fields.get("extra") or document.extra or {})
    document.content_hash = digest


def _attachment_urls(extra: Any) -> set[str] | None:
    attachments = extra.get("attachments") if isinstance(extra, dict) else None
    if not isinstance(attachments, list):
        return None
    return {str(a.get("url")) for a in attachments if isinstance(a, dict) and a.get("url")}


def attachments_changed(stored_extra: Any, fields: dict[str, Any]) -> bool:
    """True when a page now links other attachments (an added annex, a replaced PDF under a
    new address) than the stored document; False where either side lists none at all."""
    old, new = _attachment_urls(stored_extra), _attachment_urls(fields.get("extra"))
    return old is not None and new is not None and old != new


def _refresh_metadata(document: Document, fields: dict[str, Any]) -> None:
    """Keep conditional-GET validators current without making a change."""
    for key in ("etag", "last_modified"):
        if fields.get(key):
            setattr(document, key, fields[key])
    if document.deadlines is None and fields.get("deadlines") is not None:
        apply_deadlines(document, fields["deadlines"])  # stored before deadlines existed


def apply_deadlines(document: Document, deadlines: list[dict[str, Any]]) -> None:
    """Store `deadlines` on a document and fill its empty date columns from them."""
    document.deadlines = list(deadlines)
    for column, kind in DEADLINE_COLUMNS.items():
        if getattr(document, column) is None:
            setattr(document, column, earliest_deadline(deadlines, kind))


def _keep_revision(session: Session, document: Document, now: dt.datetime) -> Revision:
    snapshot = {key: _normal(getattr(document, key)) for key in CONTENT_FIELDS if key != "body"}
    revision = Revision(
        document_id=document.id,
        title=document.title,
        body=document.body,
        content_hash=document.content_hash,
        fields=snapshot,
        captured_at=now,
    )
    session.add(revision)
    session.flush()
    return revision


def _open_change(
    session: Session,
    document: Document,
    kind: ChangeKind,
    now: dt.datetime,
    revision_id: int | None,
) -> Change:
    change = _new_change(document, kind, now, revision_id)
    change.document_id = document.id
    session.add(change)
    session.flush()
    return change


def _new_change(
    document: Document, kind: ChangeKind, now: dt.datetime, revision_id: int | None
) -> Change:
    change = Change(
        revision_id=revision_id,
        kind=kind,
        status=ChangeStatus.PENDING,
        created_at=now,
        updated_at=now,
        topics=[],
        scores={},
    )
    _set_original_title(change, document)
    return change


def _set_original_title(change: Change, document: Document) -> None:
    if document.language == "en":
        change.title_en, change.title_en_origin = document.title, TextOrigin.ORIGINAL
    else:
        change.title_es, change.title_es_origin = document.title, TextOrigin.ORIGINAL


def transition(
    session: Session,
    change: Change,
    to_status: ChangeStatus,
    actor: str,
    now: dt.datetime,
    note: str | None = None,
    action: str | None = None,
) -> ReviewEvent:
    """Move a change to `to_status`, checked, and write the audit trail. The one way to do it."""
    from_status = change.status
    if to_status != from_status and to_status not in ALLOWED[from_status]:
        raise InvalidTransition(
            f"change {change.id} cannot go from {from_status.value} to {to_status.value}"
        )
    change.status = to_status
    change.updated_at = now
    if to_status == ChangeStatus.PUBLISHED and change.published_at is None:
        change.published_at = now
    event = ReviewEvent(
        change_id=change.id,
        actor=actor,
        action=action or to_status.value,
        from_status=from_status,
        to_status=to_status,
        before={"status": from_status.value},
        after={"status": to_status.value},
        note=note,
        created_at=now,
    )
    session.add(event)
    session.flush()
    return event


def record_edit(
    session: Session,
    change: Change,
    actor: str,
    action: str,
    values: dict[str, Any],
    now: dt.datetime,
    expected_version: int | None = None,
) -> ReviewEvent:
    """Apply field edits to a change (not its status) and write before/after to the trail."""
    if expected_version is not None and change.version != expected_version:
        raise StaleChange(
            f"change {change.id} was saved by someone else (version {change.version}); "
            "reload the page and apply your edit again"
        )
    before = {key: _jsonable(getattr(change, key)) for key in values}
    for key, value in values.items():
        setattr(change, key, value)
    change.updated_at = now
    event = ReviewEvent(
        change_id=change.id,
        actor=actor,
        action=action,
        before=before,
        after={key: _jsonable(value) for key, value in values.items()},
        created_at=now,
    )
    session.add(event)
    session.flush()
    return event


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value
