"""Run Alembic migrations from code (`regwatch db upgrade`) without an alembic.ini."""

from __future__ import annotations

import pathlib

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from store.db import normalise_url

MIGRATIONS = pathlib.Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head", connection: Connection | None = None) -> None:
    """Bring the database at `url` (or on `connection`) up to `revision`."""
    command.upgrade(alembic_config(url, connection), revision)


def downgrade(url: str, revision: str, connection: Connection | None = None) -> None:
    """Take the database back to `revision`."""
    command.downgrade(alembic_config(url, connection), revision)


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
