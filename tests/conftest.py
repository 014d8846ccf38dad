"""Shared test fixtures: the reference captures, the network guard, services."""

from __future__ import annotations

import os
import pathlib
import socket

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT.parent / "shared" / "reference"
FIXTURES_DIR = ROOT / "tests" / "fixtures"


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def reference_dir() -> pathlib.Path:
    """The shared reference captures; skip (or fail in CI) where they are absent."""
    if REFERENCE_DIR.is_dir():
        return REFERENCE_DIR
    reason = f"reference captures not found at {REFERENCE_DIR}"
    if _truthy("REGWATCH_REQUIRE_REFERENCE"):
        pytest.fail(reason + " and REGWATCH_REQUIRE_REFERENCE=1")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def fixtures_dir() -> pathlib.Path:
    """The project's own fixture pages, written in the sources' real formats."""
    return FIXTURES_DIR


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address: object) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = str(address[0]) if isinstance(address, tuple) and address else ""
    return host in {"localhost", "::1", "0.0.0.0"} or host.startswith("127.") or host == ""


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise RuntimeError(f"tests must not touch the network (tried {address!r})")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_local(address):
        raise RuntimeError(f"tests must not touch the network (tried {address!r})")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _block_network() -> None:
    """Refuse every connection that leaves the loopback interface."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


# ---------------------------------------------------------------- services

SERVICES_REQUIRED = _truthy("REGWATCH_REQUIRE_SERVICES")


def _service_missing(reason: str) -> None:
    if SERVICES_REQUIRED:
        pytest.fail(reason + " (REGWATCH_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def _postgres_url() -> str | None:
    return os.environ.get("REGWATCH_TEST_DATABASE_URL") or None


def _private_postgres(url: str) -> str:
    """A database of this test run's own, so parallel runs never share a schema."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from store.db import make_engine, normalise_url

    name = f"regwatch_test_{os.getpid()}"
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(normalise_url(url)).set(database=name).render_as_string(hide_password=False)


def _drop_private_postgres(url: str, private_url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from store.db import make_engine

    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        name = make_url(private_url).database
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _migrated_engine(kind: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from store.db import make_engine
    from store.migrate import upgrade

    if kind == "postgresql":
        base = _postgres_url()
        if base is None:
            _service_missing("PostgreSQL tests need REGWATCH_TEST_DATABASE_URL")
        url = _private_postgres(base)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    upgrade(url)
    return make_engine(url)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A migrated database engine: every DB test runs on SQLite and on PostgreSQL."""
    engine = _migrated_engine(request.param, tmp_path_factory)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        _drop_private_postgres(_postgres_url(), engine.url.render_as_string(hide_password=False))


@pytest.fixture()
def db_connection(db_engine):  # type: ignore[no-untyped-def]
    """A connection inside a transaction that is rolled back after the test."""
    connection = db_engine.connect()
    transaction = connection.begin()
    yield connection
    transaction.rollback()
    connection.close()


@pytest.fixture()
def db_sessions(db_connection):  # type: ignore[no-untyped-def]
    """A session factory whose commits are savepoints inside the test's transaction."""
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(
        bind=db_connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


@pytest.fixture()
def db_session(db_sessions):  # type: ignore[no-untyped-def]
    """One session in the test's rolled-back transaction."""
    session = db_sessions()
    yield session
    session.close()


@pytest.fixture()
def test_settings(tmp_path: pathlib.Path):  # type: ignore[no-untyped-def]
    """Settings for tests: outbox in a temp folder, inline jobs, no network sources."""
    from settings import load_settings

    return load_settings(
        environment="test",
        var_dir=str(tmp_path / "var"),
        outbox_dir=str(tmp_path / "outbox"),
        redis_url="",
        translator="none",
        secret_key="test-secret-key",
    )


@pytest.fixture()
def app_context(db_engine, db_sessions, test_settings):  # type: ignore[no-untyped-def]
    """An AppContext on the test's transaction, installed as the process context."""
    from store.context import AppContext, set_context

    context = AppContext(settings=test_settings, engine=db_engine, sessions=db_sessions)
    set_context(context)
    yield context
    set_context(None)


@pytest.fixture()
def redis_url() -> str:
    """A Redis database index of its own, flushed before and after the test."""
    url = os.environ.get("REGWATCH_TEST_REDIS_URL")
    if not url:
        _service_missing("Redis tests need REGWATCH_TEST_REDIS_URL")
    from redis import Redis

    connection = Redis.from_url(url)
    connection.flushdb()
    yield url
    connection.flushdb()


@pytest.fixture(params=["sqlite", "postgresql"])
def committed_db_url(request: pytest.FixtureRequest, tmp_path: pathlib.Path):  # type: ignore[no-untyped-def]
    """A fresh migrated database that other processes can see (commits are real)."""
    from store.migrate import upgrade

    if request.param == "postgresql":
        base = _postgres_url()
        if base is None:
            _service_missing("PostgreSQL tests need REGWATCH_TEST_DATABASE_URL")
        url = _private_postgres(base)
    else:
        url = f"sqlite:///{tmp_path / 'committed.db'}"
    upgrade(url)
    yield url
    if request.param == "postgresql":
        _drop_private_postgres(base, url)
