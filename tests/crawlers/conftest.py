"""Fixtures of the crawl tests: the fake sources on loopback and a crawl-ready context."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

# A Friday afternoon, so the default window holds a full working week of DOF editions.
NOW = dt.datetime(2026, 3, 6, 20, 0, tzinfo=dt.UTC)


@pytest.fixture()
def fake():  # type: ignore[no-untyped-def]
    """The fake sources, with a short timeout fault so tests stay fast."""
    from demo.fake_sources import running_fake_sources

    with running_fake_sources(timeout_seconds=1.5) as servers:
        yield servers


@pytest.fixture()
def crawl_settings(test_settings, fake):  # type: ignore[no-untyped-def]
    """Test settings pointed at the fake sources: no throttling, no retries, 1 s timeout."""
    return test_settings.model_copy(
        update={
            **fake.settings_overrides(),
            "crawl_autothrottle": False,
            "crawl_retry_times": 0,
            "crawl_download_timeout": 1,
            "crawl_failure_threshold": 2,
            "crawl_first_run_days": 5,
            "dof_recheck_days": 3,
            "log_level": "WARNING",
        }
    )


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A migrated, empty SQLite file that each crawl test copies."""
    from store.migrate import upgrade

    path = tmp_path_factory.mktemp("crawl-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture()
def crawl_sessions(request, db_engine, sqlite_template, tmp_path):  # type: ignore[no-untyped-def]
    """Sessions for a crawl test: PostgreSQL in the test's rolled-back transaction; on
    SQLite a fresh copy of a migrated file, because pysqlite's savepoints commit for real
    when no explicit BEGIN was sent, so a rolled-back outer transaction would not isolate."""
    if db_engine.dialect.name != "sqlite":
        yield request.getfixturevalue("db_sessions")
        return
    from store.db import make_engine, make_session_factory

    path = tmp_path / "crawl.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture()
def crawl_session(crawl_sessions):  # type: ignore[no-untyped-def]
    """A session to look at what a crawl stored."""
    session = crawl_sessions()
    yield session
    session.close()


@pytest.fixture()
def crawl_context(db_engine, crawl_sessions, crawl_settings):  # type: ignore[no-untyped-def]
    """An AppContext on the crawl test's database, with the crawl settings."""
    from store.context import AppContext, set_context

    context = AppContext(settings=crawl_settings, engine=db_engine, sessions=crawl_sessions)
    set_context(context)
    yield context
    set_context(None)
