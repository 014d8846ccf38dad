"""Caches for pages that many people read and few change.

`VersionedCache` keeps a value until the database's data version moves on, so a cached page
is never stale: the version is read before the data, and any committed write changes it.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import literal_column

# PostgreSQL: the current snapshot (xmin:xmax:in-progress xids) changes whenever a write
# transaction starts or ends anywhere in the cluster, and costs no table access. Writes of
# the reading transaction itself (tests run many requests in one transaction) do not show
# in the snapshot, so its own row counts in the tables cached pages read are added.
_VERSIONED_TABLES = ("changes", "documents", "sources")
_PG_VERSION = "pg_current_snapshot()::text || '/' || (" + " + ".join(
    f"pg_stat_get_xact_tuples_{kind}('{table}'::regclass)"
    for table in _VERSIONED_TABLES for kind in ("inserted", "updated", "deleted")
) + ")"


def data_version_column(dialect: str) -> Any:
    """A column expression with the database's data version; NULL where there is none.

    SQLite (development and tests) has no cheap cross-connection version, so pages there
    are never cached.
    """
    if dialect == "postgresql":
        return literal_column(_PG_VERSION).label("data_version")
    return literal_column("NULL").label("data_version")


class _Flight:
    """One build in progress: later callers for the same key and version wait for it."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.failed = False


class VersionedCache:
    """Values kept per key until the data version changes; at most `size` keys (LRU).

    Concurrent misses of one key and version build once; the others wait for that build.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: collections.OrderedDict[Hashable, tuple[str, Any]] = (
            collections.OrderedDict()
        )
        self._flights: dict[tuple[Hashable, str], _Flight] = {}
        self._lock = threading.Lock()

    def peek(self, key: Hashable, version: str | None) -> Any:
        """The value of `key` at `version`, or None; never waits (safe on the event loop)."""
        if version is None:
            return None
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != version:
                return None
            self._items.move_to_end(key)
            return hit[1]

    async def get_or_make_async(
        self, key: Hashable, version: str | None, make: Callable[[], Any]
    ) -> Any:
        """`get_or_make` for async routes: a hit is served on the event loop, a miss
        (which queries and may wait for another build) runs in the thread pool."""
        from starlette.concurrency import run_in_threadpool

        hit = self.peek(key, version)
        if hit is not None:
            return hit
        return await run_in_threadpool(self.get_or_make, key, version, make)

    def get_or_make(self, key: Hashable, version: str | None, make: Callable[[], Any]) -> Any:
        """The value of `key` at `version`, made once when missing; no caching without one."""
        if version is None:
            return make()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == version:
                self._items.move_to_end(key)
                return hit[1]
            flight = self._flights.get((key, version))
            leader = flight is None
            if leader:
                flight = self._flights[(key, version)] = _Flight()
        if not leader:
            flight.done.wait()
            return make() if flight.failed else flight.value
        return self._build(key, version, flight, make)

    def _build(self, key: Hashable, version: str, flight: _Flight, make: Callable[[], Any]) -> Any:
        try:
            flight.value = make()
        except BaseException:
            flight.failed = True
            raise
        finally:
            with self._lock:
                self._flights.pop((key, version), None)
                if not flight.failed:
                    self._store(key, version, flight.value)
            flight.done.set()
        return flight.value

    def _store(self, key: Hashable, version: str, value: Any) -> None:
        self._items[key] = (version, value)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()


class TTLCache:
    """Keeps values for `ttl` seconds; at most `size` keys (oldest dropped first)."""

    def __init__(self, ttl: float, size: int = 64) -> None:
        self.ttl = ttl
        self.size = size
        self._items: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The cached value of `key`, made (outside the lock) when missing or stale."""
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = make()
        with self._lock:
            if len(self._items) >= self.size:
                self._items.pop(next(iter(self._items)))
            self._items[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        """Forget everything (tests, or after bulk changes)."""
        with self._lock:
            self._items.clear()
