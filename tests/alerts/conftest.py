"""Alerts test fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture()
def db_connection(db_connection):  # type: ignore[no-untyped-def]
    """The shared rolled-back connection, made safe for code that commits on SQLite.

    pysqlite opens its transaction lazily, before the first DML only: a SAVEPOINT issued
    first would start (and its RELEASE would commit) a real transaction, leaking rows into
    the next test. One no-op DML makes the outer transaction real, so commits stay savepoints.
    """
    if db_connection.dialect.name == "sqlite":
        db_connection.exec_driver_sql("DELETE FROM email_events WHERE 1 = 0")
    return db_connection
