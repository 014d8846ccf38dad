"""The per-process context a job or command works in: settings, engine, sessions.

Built lazily on first use (never at import time), once per process, so that an RQ worker
loads its engine once; tests install their own with `set_context`.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from store.db import make_engine, make_session_factory, session_scope

_current: AppContext | None = None


@dataclasses.dataclass
class AppContext:
    """Settings plus the database handles built from them."""

    settings: Any  # settings.Settings; typed loosely so `store` stays at the bottom layer
    engine: Engine
    sessions: sessionmaker[Session]

    def session(self) -> contextlib.AbstractContextManager[Session]:
        """A transaction scope: commits on success, rolls back on error."""
        return session_scope(self.sessions)


def build_context(settings: Any) -> AppContext:
    """Make a context from settings."""
    engine = make_engine(settings.database_url)
    return AppContext(settings=settings, engine=engine, sessions=make_session_factory(engine))


def get_context() -> AppContext:
    """The process's context, built from the settings on first call."""
    global _current
    if _current is None:
        from settings import load_settings

        _current = build_context(load_settings())
    return _current


def set_context(context: AppContext | None) -> None:
    """Install a context (tests, the CLI after parsing options); None forgets it."""
    global _current
    _current = context
