"""DOF daily editions: every date's MAT, VES and EXT index, then each new note's SIDOF text.

Dates: every date since the last good run (so missed days are caught up), plus the last
`dof_recheck_days` days for corrections; or exactly --since/--until for a backfill. A
known note whose index row reads the same is not fetched again; its docFuente is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

import scrapy

from crawlers.errors import WrongDateError
from crawlers.items import DocumentItem, ParseResult
from crawlers.parsers import dof as dof_parser
from crawlers.parsers import dof_index
from crawlers.parsers.text import decode_body
from crawlers.plan import CrawlJob
from crawlers.spiders.base import SourceSpider

EDITIONS = ("MAT", "VES", "EXT")


def plan_dates(job: CrawlJob) -> list[dt.date]:
    """The dates this run reads, oldest first."""
    settings = job.settings
    if job.since is not None:
        start, end = job.since, job.until or job.today
    else:
        end = job.today
        recheck_start = end - dt.timedelta(days=max(settings.dof_recheck_days - 1, 0))
        last_good = job.cursor.get("last_good_date")
        if last_good:
            missed_start = dt.date.fromisoformat(last_good) + dt.timedelta(days=1)
        else:
            missed_start = end - dt.timedelta(days=settings.crawl_first_run_days - 1)
        start = min(missed_start, recheck_start)
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _check_calendar(response: Any, date: dt.date) -> None:
    # A "no edition" page has no Fecha: header, but its calendar widget still shows the
    # day it serves; another day's empty page must not pass for ours.
    shown = dof_index.calendar_date(decode_body(response.body, response.headers))
    if shown is not None and shown != date:
        raise WrongDateError(
            f"The DOF served the empty page of {shown.isoformat()} instead of the requested "
            f"{date.isoformat()}; fetch it again later."
        )


class DofSpider(SourceSpider):
    """The Diario Oficial de la Federación, edition by edition."""

    name = "dof_daily"
    source_id = "dof_daily"

    def __init__(self, job: CrawlJob, **kwargs: Any) -> None:
        super().__init__(job, **kwargs)
        self.dates = plan_dates(job)
        self.failed_dates: set[dt.date] = set()

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """One index request per date and edition (the bare URL hides the MAT edition)."""
        for day in self.dates:
            for edition in EDITIONS:
                yield self.listing_request(self._index_url(day, edition), date=day, edition=edition)

    def _index_url(self, day: dt.date, edition: str) -> str:
        base = self.config.dof_base_url.rstrip("/")
        return (
            f"{base}/index_111.php?year={day.year}&month={day.month:02d}"
            f"&day={day.day:02d}&edicion={edition}"
        )

    def read_page(self, response: Any) -> ParseResult:
        """Parse with the SIDOF base from settings, so note texts come from the same place."""
        date = response.meta.get("date")
        sidof = self.config.sidof_base_url
        result = dof_parser.parse_response(
            response.body, response.url, date, response.headers, sidof_base=sidof
        )
        if result.status == "no_edition" and date is not None:
            _check_calendar(response, date)
        return result

    def check_listing(self, result: ParseResult, meta: dict[str, Any]) -> str | None:
        """A cut-off index is a failure; another edition served in place of ours is skipped."""
        if result.status == "truncated":
            day, edition = meta.get("date"), meta.get("edition")
            return f"The DOF index of {day} ({edition}) is cut off; it will be read again."
        if result.status == "other_edition":
            result.items, result.follow = [], []  # its notes come with their own edition
        return None

    def merge(self, listing: DocumentItem | None, detail: DocumentItem) -> DocumentItem:
        """The listing's title, agency, section and edition; the docFuente's text."""
        if listing is None:
            return detail
        merged = dof_parser.merge_note(listing.to_contract(), detail)
        extra = {**listing.extra, **merged.extra}
        return dataclasses.replace(merged, extra=extra)

    def page_failed(self, meta: dict[str, Any], message: str, url: str) -> None:
        """Remember which dates failed, so the cursor does not move past them."""
        if meta.get("kind") != "detail" and meta.get("date"):
            self.failed_dates.add(meta["date"])
        super().page_failed(meta, message, url)

    def next_cursor(self) -> dict[str, Any]:
        """The last date up to which every date of the plan read cleanly."""
        cursor = super().next_cursor()
        last_good = cursor.get("last_good_date")
        if not self._continues(last_good):
            return cursor  # a backfill of some old range says nothing about recent days
        for day in self.dates:
            if day in self.failed_dates:
                break
            if last_good is None or day.isoformat() > last_good:
                last_good = day.isoformat()
        cursor["last_good_date"] = last_good
        return cursor

    def _continues(self, last_good: str | None) -> bool:
        if not self.job.backfill or not self.dates:
            return True
        if last_good is None:
            return False
        return self.dates[0] <= dt.date.fromisoformat(last_good) + dt.timedelta(days=1)
