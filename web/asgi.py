"""An importable ASGI app for multi-worker servers: `uvicorn web.asgi:app --workers 2`."""

from __future__ import annotations

import gc
import time
from typing import Any

from sqlalchemy import Engine, event, exc

from store.context import AppContext, set_context
from store.db import make_engine, make_session_factory
from web.app import create_app

# Enough pooled connections for every request a worker serves at once: a smaller pool
# opens and closes "overflow" connections under load, and each costs a PostgreSQL backend.
POOL_SIZE = 20
POOL_OVERFLOW = 10
# A connection is tested before use only after it sat idle this long. Testing on every
# checkout doubled the round trips of a cached page; a busy pool's connections are known
# good, and a dead one (server restarted) invalidates the pool on its first error.
PING_AFTER_IDLE_SECONDS = 10.0


def ping_when_idle(engine: Engine, idle_seconds: float = PING_AFTER_IDLE_SECONDS) -> None:
    """Check pooled connections that sat idle, and replace those that no longer answer."""

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.get("checked_in_at")
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError("idle connection lost") from error  # pool retries


def read_engine(url: str) -> Engine | None:
    """A small autocommit pool for the one-statement reads every page makes (the account
    check); they run on the event loop, one at a time per worker. None for SQLite."""
    if url.startswith("sqlite"):
        return None
    engine = make_engine(
        url, isolation_level="AUTOCOMMIT", pool_size=2, max_overflow=2, pool_pre_ping=False
    )
    ping_when_idle(engine)
    return engine


def web_context() -> AppContext:
    """The process's context, with a connection pool sized for a web worker."""
    from settings import load_settings

    settings = load_settings()
    url = settings.database_url
    if url.startswith("sqlite"):
        engine = make_engine(url)
    else:
        engine = make_engine(
            url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_pre_ping=False
        )
        ping_when_idle(engine)
    context = AppContext(settings=settings, engine=engine, sessions=make_session_factory(engine))
    set_context(context)
    return context


app = create_app(web_context())
app.state.read_engine = read_engine(app.state.context.settings.database_url)
# Everything built at start-up lives as long as the process: keep it out of the collector's
# full passes, which otherwise walk it again and again and stall requests under load.
gc.freeze()
