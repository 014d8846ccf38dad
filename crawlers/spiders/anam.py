"""ANAM: the agency's RSS feed (comunicados and bulletins that never reach the DOF)."""

from __future__ import annotations

from collections.abc import Iterable

import scrapy

from crawlers.spiders.base import SourceSpider


class AnamSpider(SourceSpider):
    """One feed, one request; each entry is a complete item."""

    name = "mx_anam"
    source_id = "mx_anam"

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """The feed URL from settings."""
        yield self.listing_request(self.config.anam_feed_url)
