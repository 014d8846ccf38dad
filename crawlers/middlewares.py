"""Downloader middleware: exponential backoff with jitter before each retry."""

from __future__ import annotations

import random
from typing import Any


class RetryBackoffMiddleware:
    """Wait base**n seconds (with full jitter, capped) before the n-th retry of a request.

    Scrapy's RetryMiddleware re-schedules a failed request at once; a source that is
    struggling deserves a pause instead of an immediate second hit.
    """

    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryBackoffMiddleware:
        """Read RETRY_BACKOFF_BASE and RETRY_BACKOFF_MAX from the crawler's settings."""
        settings = crawler.settings
        return cls(settings.getfloat("RETRY_BACKOFF_BASE"), settings.getfloat("RETRY_BACKOFF_MAX"))

    def delay_for(self, tries: int) -> float:
        """Seconds to wait before retry number `tries` (0 when backoff is off)."""
        if tries <= 0 or self.base <= 0:
            return 0.0
        return random.uniform(0, min(self.cap, self.base**tries))

    async def process_request(self, request: Any) -> None:
        """Sleep before a retried request; first attempts go straight through."""
        delay = self.delay_for(int(request.meta.get("retry_times", 0)))
        if delay > 0:
            from twisted.internet import reactor, task

            await task.deferLater(reactor, delay, lambda: None)
        return None
