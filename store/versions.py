"""Data versions: one counter per scope of what cached pages show, moved by triggers.

A cached page is kept until the version of the scopes it shows moves on. Triggers, not the
code paths that write, move the counters, so that no write (an ORM flush, a bulk insert,
a migration, a psql session) can leave a page stale. Only the columns pages show are
watched: a crawl noting that a document was seen again, a delivery row, a member
subscribing or a crawl run record move nothing.

The counter is a row updated by each writing transaction, so writers of one scope queue
on that row lock from their first watched write until they commit; moderation and
pipeline transactions are short, which keeps the wait short.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Label, select, text
from sqlalchemy.engine import Connection

from store.models import DataVersion

CHANGES = "changes"
SOURCES = "sources"
SCOPES = (CHANGES, SOURCES)

# (table, scope, watched columns for updates; None: every column).
WATCHED: tuple[tuple[str, str, tuple[str, ...] | None], ...] = (
    ("changes", CHANGES, None),
    (
        "documents",
        CHANGES,
        (
            "source_id",
            "title",
            "agency",
            "language",
            "url",
            "published_on",
            "effective_on",
            "comments_close_on",
            "deadlines",
        ),
    ),
    ("feedback", CHANGES, None),  # the queue and change pages show members' answers
    ("sources", SOURCES, ("id", "name", "enabled")),
)
_BUMP = "UPDATE data_versions SET version = version + 1 WHERE scope = '{scope}'"
PG_FUNCTION = """CREATE OR REPLACE FUNCTION regwatch_bump_data_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE data_versions SET version = version + 1 WHERE scope = TG_ARGV[0];
      RETURN NULL;
    END $$"""


def _update_clause(columns: tuple[str, ...] | None) -> str:
    return "UPDATE" if columns is None else "UPDATE OF " + ", ".join(columns)


def _pg_ddl() -> list[str]:
    # Statement triggers: one bump per statement, however many rows a bulk write touches.
    statements = [PG_FUNCTION]
    for table, scope, columns in WATCHED:
        for suffix, events in (
            ("write", "INSERT OR DELETE"),
            ("update", _update_clause(columns)),
            ("truncate", "TRUNCATE"),
        ):
            statements.append(
                f"CREATE TRIGGER data_version_{table}_{suffix} AFTER {events} ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION regwatch_bump_data_version('{scope}')"
            )
    return statements


def _sqlite_ddl() -> list[str]:
    # SQLite has row triggers only; one writer at a time makes the extra updates cheap.
    statements = []
    for table, scope, columns in WATCHED:
        for suffix, event in (
            ("insert", "INSERT"),
            ("delete", "DELETE"),
            ("update", _update_clause(columns)),
        ):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS data_version_{table}_{suffix} AFTER {event} "
                f"ON {table} BEGIN {_BUMP.format(scope=scope)}; END"
            )
    return statements


def _trigger_names(dialect: str) -> list[tuple[str, str]]:
    suffixes = (
        ("write", "update", "truncate")
        if dialect == "postgresql"
        else (
            "insert",
            "delete",
            "update",
        )
    )
    return [(f"data_version_{table}_{s}", table) for table, _, _ in WATCHED for s in suffixes]


def create_version_objects(connection: Connection) -> None:
    """Seed one counter per scope and create the triggers that move them."""
    for scope in SCOPES:
        connection.execute(
            text("INSERT INTO data_versions (scope, version) VALUES (:scope, 1)"),
            {"scope": scope},
        )
    dialect = connection.dialect.name
    for statement in _pg_ddl() if dialect == "postgresql" else _sqlite_ddl():
        connection.execute(text(statement))


def drop_version_objects(connection: Connection) -> None:
    """Drop the triggers (the table goes with the migration that made it)."""
    dialect = connection.dialect.name
    for name, table in _trigger_names(dialect):
        on_table = f" ON {table}" if dialect == "postgresql" else ""
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}{on_table}"))
    if dialect == "postgresql":
        connection.execute(text("DROP FUNCTION IF EXISTS regwatch_bump_data_version()"))


def version_columns() -> list[Label[Any]]:
    """Columns with the version of each scope, to ride along in a request's first query."""
    return [
        select(DataVersion.version)
        .where(DataVersion.scope == scope)
        .scalar_subquery()
        .label(f"v_{scope}")
        for scope in SCOPES
    ]


def version_of(row: Any) -> str | None:
    """The version string ("17/3") of a row read with `version_columns`; None if unknown."""
    parts = [getattr(row, f"v_{scope}") for scope in SCOPES]
    if any(part is None for part in parts):
        return None
    return "/".join(str(part) for part in parts)
