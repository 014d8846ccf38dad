"""Economía's SNICE: the home page's notices block and the IMMEX page."""

from __future__ import annotations

from collections.abc import Iterable

import scrapy

from crawlers.spiders.base import SourceSpider

PAGES = ("/cs/avi/snice/home.html", "/cs/avi/snice/immex.html")


class SniceSpider(SourceSpider):
    """Two pages of linked notices; each link is a complete item."""

    name = "mx_snice"
    source_id = "mx_snice"

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """The notices pages under the configured base URL."""
        base = self.config.snice_base_url.rstrip("/")
        for path in PAGES:
            yield self.listing_request(base + path)
