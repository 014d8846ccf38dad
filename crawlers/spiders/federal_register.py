"""Federal Register: the API's documents of the configured agencies, newest first,
following `next_page_url` exactly as given, at most 5 requests a second."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import scrapy

from crawlers.parsers import federal_register as fr_parser
from crawlers.spiders.base import SourceSpider

# Documents can be corrected a few days after publication; read that margin again.
OVERLAP_DAYS = 3


class FederalRegisterSpider(SourceSpider):
    """Federal Register API searches (and, optionally, the public-inspection list)."""

    name = "us_federal_register"
    source_id = "us_federal_register"
    # The API asks for no more than 5 requests a second; one at a time, 0.2 s apart.
    custom_settings = {"DOWNLOAD_DELAY": 0.2, "CONCURRENT_REQUESTS_PER_DOMAIN": 1}

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """One search over the window; the public-inspection list when enabled."""
        since, until = self.window()
        api = self.config.federal_register_base_url.rstrip("/") + "/api/v1"
        agencies = list(self.config.federal_register_agencies)
        url = fr_parser.build_search_url(api, agencies, since, until, per_page=100)
        yield self.listing_request(url)
        if self.config.federal_register_public_inspection:
            yield self.listing_request(f"{api}/public-inspection-documents/current.json")

    def window(self) -> tuple[dt.date, dt.date]:
        """--since/--until, else from a few days before the last good run up to today."""
        until = self.job.until or self.job.today
        if self.job.since is not None:
            return self.job.since, until
        last = self.job.cursor.get("last_good_date")
        if last:
            return dt.date.fromisoformat(last) - dt.timedelta(days=OVERLAP_DAYS), until
        return until - dt.timedelta(days=self.config.crawl_first_run_days - 1), until

    def next_cursor(self) -> dict[str, Any]:
        """Move on to today when every page was read."""
        cursor = super().next_cursor()
        if not self.job.stats.listing_failed and not self.job.backfill:
            cursor["last_good_date"] = self.job.today.isoformat()
        return cursor
