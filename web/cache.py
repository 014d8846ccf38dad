"""A tiny per-process TTL cache for pages that many people read and few change."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any


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
