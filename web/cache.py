"""Caches for pages that many people read and few change.

`VersionedCache` keeps a value until the data version of what it shows moves on, so a
cached page is never stale: the version is read before the data, and every committed write
to what the pages show moves it (store.versions: counters per scope, moved by triggers).
Writes to anything else (deliveries, members, crawl runs) leave cached pages alone.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable, Hashable
from typing import Any


class _Flight:
    """One build in progress: later callers for the same key and version wait for it."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.failed = False


class VersionedCache:
    """Values kept per key until the data version changes; at most `size` keys (LRU).

    Concurrent misses of one key and version build once; the others wait for that build.
    A `check` (a cheap, exact fingerprint of what the value was built from) lets an entry
    survive version moves that did not touch its data (on PostgreSQL, a summary week that
    an edit of another week left as it was).
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        # key -> (version, fingerprint, value)
        self._items: collections.OrderedDict[Hashable, tuple[str, Any, Any]] = (
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
            return hit[2]

    async def get_or_make_async(
        self,
        key: Hashable,
        version: str | None,
        make: Callable[[], Any],
        check: Callable[[], Any] | None = None,
    ) -> Any:
        """`get_or_make` for async routes: a hit is served on the event loop, a miss
        (which queries and may wait for another build) runs in the thread pool."""
        from starlette.concurrency import run_in_threadpool

        hit = self.peek(key, version)
        if hit is not None:
            return hit
        return await run_in_threadpool(self.get_or_make, key, version, make, check)

    def get_or_make(
        self,
        key: Hashable,
        version: str | None,
        make: Callable[[], Any],
        check: Callable[[], Any] | None = None,
    ) -> Any:
        """The value of `key` at `version`, made once when missing; no caching without one.

        With `check`, `make` returns (fingerprint, value), the fingerprint read in the same
        snapshot as the value; `check()` reads the current fingerprint.
        """
        if version is None:
            return _value(make(), check)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == version:
                self._items.move_to_end(key)
                return hit[2]
            flight = self._flights.get((key, version))
            leader = flight is None
            if flight is None:
                flight = self._flights[(key, version)] = _Flight()
        if not leader:
            flight.done.wait()
            return _value(make(), check) if flight.failed else flight.value
        return self._build(key, version, flight, make, check, hit)

    def _build(
        self,
        key: Hashable,
        version: str,
        flight: _Flight,
        make: Callable[[], Any],
        check: Callable[[], Any] | None,
        previous: tuple[str, Any, Any] | None,
    ) -> Any:
        fingerprint = None
        try:
            if check is not None and previous is not None and _same_data(previous, check):
                fingerprint, flight.value = previous[1], previous[2]
            elif check is not None:
                fingerprint, flight.value = make()
            else:
                flight.value = make()
        except BaseException:
            flight.failed = True
            raise
        finally:
            with self._lock:
                self._flights.pop((key, version), None)
                if not flight.failed:
                    self._store(key, (version, fingerprint, flight.value))
            flight.done.set()
        return flight.value

    def _store(self, key: Hashable, entry: tuple[str, Any, Any]) -> None:
        self._items[key] = entry
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


def _same_data(previous: tuple[str, Any, Any], check: Callable[[], Any]) -> bool:
    """True when the previous entry's fingerprint is known and still current."""
    return previous[1] is not None and bool(check() == previous[1])


def _value(made: Any, check: Callable[[], Any] | None) -> Any:
    return made[1] if check is not None else made
