"""An importable ASGI app for multi-worker servers: `uvicorn web.asgi:app --workers 2`."""

from __future__ import annotations

import gc

from store.context import AppContext, set_context
from store.db import make_engine, make_session_factory
from web.app import create_app

# Enough pooled connections for every request a worker serves at once: a smaller pool
# opens and closes "overflow" connections under load, and each costs a PostgreSQL backend.
POOL_SIZE = 20
POOL_OVERFLOW = 10


def web_context() -> AppContext:
    """The process's context, with a connection pool sized for a web worker."""
    from settings import load_settings

    settings = load_settings()
    url = settings.database_url
    options = {} if url.startswith("sqlite") else {
        "pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    engine = make_engine(url, **options)
    context = AppContext(settings=settings, engine=engine, sessions=make_session_factory(engine))
    set_context(context)
    return context


app = create_app(web_context())
# Everything built at start-up lives as long as the process: keep it out of the collector's
# full passes, which otherwise walk it again and again and stall requests under load.
gc.freeze()
