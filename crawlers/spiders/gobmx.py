"""gob.mx press archives, one listing per agency in settings.gobmx_agencies, then each new
article; older listing pages are read only while they still hold unknown articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import scrapy

from crawlers.items import FollowRequest
from crawlers.spiders.base import LISTING, SourceSpider

MAX_PAGES = 20  # a backfill's limit per agency


class GobmxPrensaSpider(SourceSpider):
    """Press archives of SAT, Economía, STPS, CONASAMI (or whatever settings name)."""

    name = "mx_gobmx_prensa"
    source_id = "mx_gobmx_prensa"
    ORIGINS = (("https://www.gob.mx", "gobmx_base_url"),)

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """Page 1 of each agency's archive."""
        base = self.config.gobmx_base_url.rstrip("/")
        for agency in self.config.gobmx_agencies:
            url = f"{base}/{agency}/archivo/prensa?idiom=es&order=DESC&page=1"
            yield self.listing_request(url, page=1, unknown_on_page=True)

    def _route(self, result: Any, meta: dict[str, Any]) -> Iterator[Any]:
        meta["unknown_on_page"] = any(self.needs_detail(item) for item in result.items)
        yield from super()._route(result, meta)

    def follow_unpaired(self, follow: FollowRequest, meta: dict[str, Any]) -> Iterator[Any]:
        """Go to the next page only while this one held something new (or in a backfill)."""
        if follow.kind == LISTING:
            page = int(follow.meta.get("page") or 0)
            wanted = self.job.backfill or meta.get("unknown_on_page")
            if not wanted or page > MAX_PAGES or follow.meta.get("guessed"):
                return
        yield from super().follow_unpaired(follow, meta)
