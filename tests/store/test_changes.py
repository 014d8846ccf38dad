"""Documents become Changes; new content on a known key becomes a Revision."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from store.changes import ensure_source, record_edit, transition, upsert_document
from store.errors import InvalidTransition, StaleChange
from store.models import Change, ChangeKind, ChangeStatus, Document, ReviewEvent, Revision

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def _fields(title: str = "ACUERDO por el que se modifica el Anexo 24") -> dict:
    return {
        "title": title,
        "url": "https://dof.gob.mx/nota_detalle.php?codigo=5800001&fecha=23/11/2026",
        "agency": "SECRETARIA DE ECONOMIA",
        "language": "es",
        "published_on": dt.date(2026, 11, 23),
        "doc_type": "acuerdo",
        "extra": {"edition": "MAT"},
    }


def test_new_document_opens_a_new_change(db_session):
    ensure_source(db_session, "dof_daily")
    result = upsert_document(db_session, "dof_daily", "5800001", _fields(), NOW)
    assert result.outcome == "new"
    assert result.change.kind == ChangeKind.NEW
    assert result.change.status == ChangeStatus.PENDING
    assert result.change.title_es == _fields()["title"]


def test_same_content_is_unchanged(db_session):
    ensure_source(db_session, "dof_daily")
    upsert_document(db_session, "dof_daily", "5800001", _fields(), NOW)
    again = upsert_document(
        db_session,
        "dof_daily",
        "5800001",
        _fields("ACUERDO  por el que se modifica el Anexo 24"),
        NOW,
    )
    assert again.outcome == "unchanged"
    assert db_session.scalar(select(func.count(Change.id))) == 1


def test_new_content_is_a_revision_not_a_second_document(db_session):
    ensure_source(db_session, "dof_daily")
    upsert_document(db_session, "dof_daily", "5800001", _fields(), NOW)
    amended = upsert_document(db_session, "dof_daily", "5800001", _fields("ACUERDO (errata)"), NOW)
    assert amended.outcome == "amended"
    assert amended.change.kind == ChangeKind.AMENDED
    assert db_session.scalar(select(func.count(Document.id))) == 1
    revision = db_session.scalars(select(Revision)).one()
    assert revision.title == _fields()["title"]


def test_transition_writes_the_audit_trail(db_session):
    ensure_source(db_session, "dof_daily")
    change = upsert_document(db_session, "dof_daily", "1", _fields(), NOW).change
    transition(db_session, change, ChangeStatus.FLAGGED, "system:classifier", NOW, note="uncertain")
    transition(db_session, change, ChangeStatus.PUBLISHED, "ana@example.org", NOW)
    events = db_session.scalars(select(ReviewEvent).order_by(ReviewEvent.id)).all()
    assert [(e.from_status, e.to_status) for e in events] == [
        (ChangeStatus.PENDING, ChangeStatus.FLAGGED),
        (ChangeStatus.FLAGGED, ChangeStatus.PUBLISHED),
    ]
    assert change.published_at == NOW


def test_invalid_transition_is_refused(db_session):
    ensure_source(db_session, "dof_daily")
    change = upsert_document(db_session, "dof_daily", "1", _fields(), NOW).change
    with pytest.raises(InvalidTransition):
        transition(db_session, change, ChangeStatus.REJECTED, "x", NOW)


def test_stale_edit_is_refused(db_session):
    ensure_source(db_session, "dof_daily")
    change = upsert_document(db_session, "dof_daily", "1", _fields(), NOW).change
    record_edit(db_session, change, "a@x", "edit", {"summary_en": "one"}, NOW, change.version)
    with pytest.raises(StaleChange):
        record_edit(db_session, change, "b@x", "edit", {"summary_en": "two"}, NOW, 1)


def test_an_added_attachment_is_an_amendment(db_session):
    ensure_source(db_session, "mx_gobmx_prensa")
    annex = {"url": "https://www.gob.mx/cms/uploads/attachment/file/1/anexo.pdf"}
    first = {**_fields(), "body": "Texto", "extra": {"attachments": [annex]}}
    upsert_document(db_session, "mx_gobmx_prensa", "a1", first, NOW)
    same = upsert_document(db_session, "mx_gobmx_prensa", "a1", first, NOW)
    assert same.outcome == "unchanged"
    second = {"url": "https://www.gob.mx/cms/uploads/attachment/file/2/anexo-2.pdf"}
    more = {**first, "extra": {"attachments": [annex, second]}}
    amended = upsert_document(db_session, "mx_gobmx_prensa", "a1", more, NOW)
    assert amended.outcome == "amended" and amended.change.kind == ChangeKind.AMENDED
    assert upsert_document(db_session, "mx_gobmx_prensa", "a1", more, NOW).outcome == "unchanged"


def test_attachments_missing_on_either_side_change_nothing(db_session):
    ensure_source(db_session, "mx_gobmx_prensa")
    upsert_document(db_session, "mx_gobmx_prensa", "a2", _fields(), NOW)
    annex = {"url": "https://www.gob.mx/cms/uploads/attachment/file/1/anexo.pdf"}
    later = {**_fields(), "extra": {"edition": "MAT", "attachments": [annex]}}
    assert upsert_document(db_session, "mx_gobmx_prensa", "a2", later, NOW).outcome == "unchanged"
