"""Downloader middlewares: exponential backoff before each retry; a cheaper meta refresh."""

from __future__ import annotations

import random
from typing import Any

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as _MetaRefresh
from scrapy.http import HtmlResponse

# w3lib looks for <meta http-equiv="refresh"> in a page's first 4,096 characters: at most
# 16 KiB in UTF-8, less in single-byte encodings.
REFRESH_SCAN_BYTES = 4 * 4096


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


class MetaRefreshMiddleware(_MetaRefresh):
    """Scrapy's meta-refresh redirects, without decoding pages that cannot hold one.

    Scrapy decodes every HTML page in full to look for the tag, a few per cent of a crawl's
    CPU; a page whose first bytes lack "refresh" (in an ASCII-compatible encoding) has none.
    """

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        """Skip the search when the word cannot be there; otherwise Scrapy's own."""
        if isinstance(response, HtmlResponse) and _cannot_refresh(response.body):
            return response
        return super().process_response(request, response)


def _cannot_refresh(body: bytes) -> bool:
    head = body[:REFRESH_SCAN_BYTES]
    # NUL bytes mean UTF-16 or UTF-32, where the word is not spelt in single bytes.
    return b"\x00" not in head and b"refresh" not in head.lower()
