"""The pipeline's batch upsert stores exactly what item-by-item upserts would."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from store.changes import ensure_source, upsert_document, upsert_documents
from store.models import Change, ChangeKind, Document, Revision

NOW = dt.datetime(2026, 3, 6, 20, 0, tzinfo=dt.UTC)


def _fields(title: str, language: str = "es") -> dict:
    return {
        "title": title,
        "url": "https://sidof.segob.gob.mx/notas/docFuente/6001",
        "agency": "SECRETARIA DE ECONOMIA",
        "language": language,
        "published_on": dt.date(2026, 3, 6),
        "doc_type": "acuerdo",
        "body": "Texto de la nota.",
        "extra": {"edition": "MAT"},
        "etag": None,
        "last_modified": None,
    }


def _snapshot(session) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Everything the store holds for the source, keyed by external id (ids are relative)."""
    documents = session.scalars(select(Document).order_by(Document.id)).all()
    by_id = {d.id: d.external_id for d in documents}
    changes = session.scalars(select(Change).order_by(Change.id)).all()
    revisions = session.scalars(select(Revision).order_by(Revision.id)).all()
    return [
        [(d.external_id, d.title, d.content_hash, d.language) for d in documents],
        [
            (by_id[c.document_id], c.kind, c.title_es, c.title_en, c.revision_id is None)
            for c in changes
        ],  # fmt: skip
        [(by_id[r.document_id], r.title) for r in revisions],
    ]


ROWS = [
    ("A1", _fields("ACUERDO uno")),
    ("A2", _fields("Notice two", language="en")),
    ("A1", _fields("ACUERDO uno")),  # the same key twice in one batch, unchanged
    ("A3", _fields("DECRETO tres")),
    ("A3", _fields("DECRETO tres (errata)")),  # amended within the batch
    ("A4", _fields("AVISO cuatro")),
]


def test_batch_matches_item_by_item(db_sessions):  # type: ignore[no-untyped-def]
    session = db_sessions()
    ensure_source(session, "dof_daily")
    upsert_document(session, "dof_daily", "A4", _fields("AVISO cuatro (antes)"), NOW)
    expected_outcomes = [
        upsert_document(session, "dof_daily", e, dict(f), NOW).outcome for e, f in ROWS
    ]
    expected = _snapshot(session)
    session.rollback()

    ensure_source(session, "dof_daily")
    upsert_document(session, "dof_daily", "A4", _fields("AVISO cuatro (antes)"), NOW)
    results = upsert_documents(session, "dof_daily", [(e, dict(f)) for e, f in ROWS], NOW)
    assert [r.outcome for r in results] == expected_outcomes
    assert expected_outcomes == ["new", "new", "unchanged", "new", "amended", "amended"]
    assert all(r.change.id is not None for r in results if r.change is not None)
    assert _snapshot(session) == expected
    session.close()


def test_batch_changes_are_new_for_new_documents(db_sessions):  # type: ignore[no-untyped-def]
    session = db_sessions()
    ensure_source(session, "dof_daily")
    results = upsert_documents(session, "dof_daily", [("B1", _fields("ACUERDO b"))], NOW)
    change = session.get(Change, results[0].change.id)
    assert change.kind == ChangeKind.NEW
    assert change.document.external_id == "B1"
    assert upsert_documents(session, "dof_daily", [], NOW) == []
    session.close()


def _mixed_rows() -> list[tuple[str, dict]]:
    rows = []
    for n in range(40):
        fields = _fields(f"ACUERDO número {n}", language="en" if n % 5 == 0 else "es")
        if n % 3 == 0:
            fields["effective_on"] = dt.date(2026, 4, 1)
        if n % 4 == 0:
            fields["deadlines"] = [{"kind": "comments_close", "date": "2026-05-01", "text": "x"}]
        if n % 7 == 0:
            fields["title"] = ""
        rows.append((f"M{n}", fields))
    return rows


def _columns(session) -> list[tuple]:  # type: ignore[no-untyped-def]
    documents = session.scalars(select(Document).order_by(Document.id)).all()
    changes = session.scalars(select(Change).order_by(Change.id)).all()
    skip = {"id", "document_id", "first_seen_at", "last_seen_at", "created_at", "updated_at"}
    keep = lambda row: tuple(  # noqa: E731
        (c.key, getattr(row, c.key)) for c in row.__table__.columns if c.key not in skip
    )
    return [keep(d) for d in documents] + [keep(c) for c in changes]


def test_new_documents_are_stored_as_item_by_item_in_few_statements(db_sessions):  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    session = db_sessions()
    ensure_source(session, "dof_daily")
    for external_id, fields in _mixed_rows():
        upsert_document(session, "dof_daily", external_id, dict(fields), NOW)
    expected = _columns(session)
    session.rollback()

    ensure_source(session, "dof_daily")
    session.flush()
    statements: list[str] = []
    bind = session.connection().engine
    count = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(bind, "before_cursor_execute", count)
    try:
        results = upsert_documents(session, "dof_daily", _mixed_rows(), NOW)
    finally:
        event.remove(bind, "before_cursor_execute", count)
    assert [r.outcome for r in results] == ["new"] * 40
    assert [r.document.external_id for r in results] == [f"M{n}" for n in range(40)]
    assert all(r.change.document is r.document for r in results)
    assert len(statements) <= 6  # not two INSERTs per document
    session.expire_all()
    assert _columns(session) == expected
    session.close()
