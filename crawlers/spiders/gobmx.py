"""gob.mx press archives, one listing per agency in settings.gobmx_agencies, then each new
article; older listing pages are read only while they still hold unknown articles.

How far back a run looks (its horizon), per agency: a backfill's --since; otherwise the
agency's `read_from` in the cursor (two days before its last good run, or where a failed
agency's window began), or `crawl_first_run_days` on the first run.
Cards older than the horizon are left alone, and paging stops at the first page that
reaches past it, so a first run does not walk years of archive.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import scrapy

from crawlers.items import DocumentItem, FollowRequest, ParseResult
from crawlers.spiders.base import LISTING, SourceSpider

MAX_PAGES = 20  # a backfill's limit per agency
OVERLAP_DAYS = 2  # re-read a little before the last good run (late-indexed articles)


class GobmxPrensaSpider(SourceSpider):
    """Press archives of SAT, Economía, STPS, CONASAMI (or whatever settings name)."""

    name = "mx_gobmx_prensa"
    source_id = "mx_gobmx_prensa"
    ORIGINS = (("https://www.gob.mx", "gobmx_base_url"),)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.failed_agencies: set[str] = set()

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """Page 1 of each agency's archive."""
        base = self.config.gobmx_base_url.rstrip("/")
        for agency in self.config.gobmx_agencies:
            url = f"{base}/{agency}/archivo/prensa?idiom=es&order=DESC&page=1"
            yield self.listing_request(url, page=1, agency=agency)

    def horizon(self, agency: str | None) -> dt.date:
        """The oldest publication date this run reads for `agency`."""
        if self.job.since is not None:
            return self.job.since
        read_from = (self.job.cursor.get("read_from") or {}).get(agency or "")
        if read_from:
            return dt.date.fromisoformat(read_from)
        return self.job.today - dt.timedelta(days=self.config.crawl_first_run_days - 1)

    def _route(self, result: ParseResult, meta: dict[str, Any]) -> Iterator[Any]:
        kept, reached_past = self._within_window(result.items, meta.get("agency"))
        ids = {item.external_id for item in kept}
        follow = [f for f in result.follow if f.kind == LISTING or f.meta.get("external_id") in ids]
        unknown = any(self.needs_detail(item) for item in kept)
        meta["more_pages"] = not reached_past and (self.job.backfill or unknown)
        yield from super()._route(dataclasses.replace(result, items=kept, follow=follow), meta)

    def _within_window(
        self, items: list[DocumentItem], agency: str | None
    ) -> tuple[list[DocumentItem], bool]:
        """The cards between the horizon and --until; and whether any is older."""
        since, until = self.horizon(agency), self.job.until
        dated = [item for item in items if item.published_on is not None]
        reached_past = any(item.published_on < since for item in dated)  # type: ignore[operator]
        kept = [
            item
            for item in items
            if item.published_on is None
            or (item.published_on >= since and (until is None or item.published_on <= until))
        ]
        return kept, reached_past

    def follow_unpaired(self, follow: FollowRequest, meta: dict[str, Any]) -> Iterator[Any]:
        """Go to the next page only while this one held wanted articles, within the horizon."""
        if follow.kind == LISTING:
            page = int(follow.meta.get("page") or 0)
            if not meta.get("more_pages") or page > MAX_PAGES or follow.meta.get("guessed"):
                return
            follow = dataclasses.replace(follow, meta={**follow.meta, "agency": meta.get("agency")})
        yield from super().follow_unpaired(follow, meta)

    def page_failed(self, meta: dict[str, Any], message: str, url: str) -> None:
        """A failed listing page keeps its agency's horizon where it was."""
        if meta.get("kind") == LISTING and meta.get("agency"):
            self.failed_agencies.add(meta["agency"])
        super().page_failed(meta, message, url)

    def next_cursor(self) -> dict[str, Any]:
        """The base cursor plus where each agency's next run starts reading."""
        cursor = super().next_cursor()
        if self.job.backfill:
            return cursor  # an old range says nothing of recent days
        recent = self.job.today - dt.timedelta(days=OVERLAP_DAYS)
        read_from = {
            agency: (self.horizon(agency) if agency in self.failed_agencies else recent)
            for agency in self.config.gobmx_agencies
        }
        return {**cursor, "read_from": {k: v.isoformat() for k, v in read_from.items()}}
