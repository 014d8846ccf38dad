"""Full-text search over documents: PostgreSQL tsvector (Spanish + English), SQLite FTS5.

The search objects are made by hand in the migrations (SQLAlchemy has no portable form for
them), so `is_search_object` tells Alembic's autogenerate to leave them alone.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnClause, Select, func, literal_column, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from store.models import Document

FTS_TABLE = "documents_fts"
PG_INDEX = "ix_documents_fts"
PG_COLUMN = "search_vector"
_SEARCH_NAMES = {FTS_TABLE, PG_INDEX, PG_COLUMN} | {
    f"{FTS_TABLE}_{s}" for s in ("data", "idx", "docsize", "config", "content")
}

# Bodies can be megabytes; the first 200k characters carry the searchable text.
# Accents are folded (members type "resolucion" for "Resolución") through an IMMUTABLE
# wrapper of unaccent, which a generated column requires. The vector is stored (a generated
# column, kept current by PostgreSQL on every write) rather than indexed as an expression:
# queries then read it instead of re-parsing bodies, and plan without matching the long
# expression against the index.
_PG_TEXT = "regwatch_unaccent(coalesce(title, '') || ' ' || left(coalesce(body, ''), 200000))"
PG_DOCUMENT = f"to_tsvector('spanish', {_PG_TEXT}) || to_tsvector('english', {_PG_TEXT})"
PG_UNACCENT = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """CREATE OR REPLACE FUNCTION regwatch_unaccent(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
]

SQLITE_DDL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        title, body, agency, content='documents', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS documents_fts_ai AFTER INSERT ON documents BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, body, agency)
        VALUES (new.id, new.title, new.body, new.agency); END""",
    f"""CREATE TRIGGER IF NOT EXISTS documents_fts_ad AFTER DELETE ON documents BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body, agency)
        VALUES ('delete', old.id, old.title, old.body, old.agency); END""",
    f"""CREATE TRIGGER IF NOT EXISTS documents_fts_au AFTER UPDATE ON documents BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body, agency)
        VALUES ('delete', old.id, old.title, old.body, old.agency);
        INSERT INTO {FTS_TABLE}(rowid, title, body, agency)
        VALUES (new.id, new.title, new.body, new.agency); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS documents_fts_ai",
    "DROP TRIGGER IF EXISTS documents_fts_ad",
    "DROP TRIGGER IF EXISTS documents_fts_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
PG_DDL = PG_UNACCENT + [
    f"""ALTER TABLE documents ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector
        GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED""",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON documents USING gin ({PG_COLUMN})",
]
PG_DROP = [
    f"DROP INDEX IF EXISTS {PG_INDEX}",
    f"ALTER TABLE documents DROP COLUMN IF EXISTS {PG_COLUMN}",
    "DROP FUNCTION IF EXISTS regwatch_unaccent(text)",
]


def is_search_object(name: str | None) -> bool:
    """True for the hand-made full-text objects that autogenerate must ignore."""
    return bool(name) and name in _SEARCH_NAMES


def create_search_objects(connection: Connection) -> None:
    """Create the full-text index of the connection's dialect."""
    for statement in SQLITE_DDL if connection.dialect.name == "sqlite" else PG_DDL:
        connection.execute(text(statement))


def drop_search_objects(connection: Connection) -> None:
    """Drop the full-text index of the connection's dialect."""
    for statement in SQLITE_DROP if connection.dialect.name == "sqlite" else PG_DROP:
        connection.execute(text(statement))


def _fts5_query(query: str) -> str:
    """Quote every word so user input can never be read as FTS5 syntax."""
    words = re.findall(r"\w+", query, flags=re.UNICODE)
    return " ".join(f'"{w}"' for w in words)


def matching_document_ids(session: Session, query: str) -> Select[Any]:
    """A SELECT of the ids of documents matching `query` (websearch syntax on PostgreSQL)."""
    if session.get_bind().dialect.name == "sqlite":
        match = _fts5_query(query) or '""'
        return (
            select(literal_column("rowid").label("id"))
            .select_from(text(f"{FTS_TABLE}"))
            .where(text(f"{FTS_TABLE} MATCH :q").bindparams(q=match))
        )
    document: ColumnClause[Any] = literal_column(f"documents.{PG_COLUMN}")
    plain = func.regwatch_unaccent(query)
    tsquery = func.websearch_to_tsquery("spanish", plain).op("||")(
        func.websearch_to_tsquery("english", plain)
    )
    return select(Document.id).where(document.op("@@")(tsquery))


def search_documents(session: Session, query: str, limit: int = 50) -> list[Document]:
    """Documents matching `query`, newest first."""
    ids = matching_document_ids(session, query).subquery()
    statement = (
        select(Document)
        .where(Document.id.in_(select(ids.c.id)))
        .order_by(Document.published_on.desc().nulls_last(), Document.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))
