"""The models and the migrations describe the same schema, on both databases."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from store.changes import ensure_source, upsert_document
from store.models import Base
from store.search import is_search_object, search_documents


def _include(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not is_search_object(name)


def test_models_and_migrations_agree(db_engine):
    with db_engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": _include, "compare_type": True}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_full_text_search_finds_spanish_and_english(db_session):
    ensure_source(db_session, "dof_daily")
    now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    upsert_document(
        db_session,
        "dof_daily",
        "1",
        {
            "title": "Resolución que modifica las Reglas Generales de Comercio Exterior",
            "language": "es",
            "body": "pedimento y padrón de importadores",
        },
        now,
    )
    upsert_document(
        db_session,
        "dof_daily",
        "2",
        {"title": "Tariff changes on steel imports", "language": "en", "body": "Section 232"},
        now,
    )
    db_session.flush()
    assert [d.external_id for d in search_documents(db_session, "pedimento")] == ["1"]
    assert [d.external_id for d in search_documents(db_session, "steel")] == ["2"]
    assert [d.external_id for d in search_documents(db_session, "resolucion")] == ["1"]
