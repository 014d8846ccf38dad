"""DOF daily editions: every date's notes from the first route that answers, then each new
note's SIDOF text.

Routes (`dof_routes`, in order): the dof.gob.mx edition index (MAT, VES and EXT pages),
SIDOF's JSON note list, and the legacy JSON web service (WS_getDiarioFull). A date whose
route fails, or shows no edition on a publication day of the DOF calendar, is read again
from the next route; each switch, with its reason, is a warning on the source health page.
A publication day that no route shows an edition for is a missed day: the source is
flagged and the date is read again on the next run. Weekends, holidays and announced
closures without an edition are not failures.

Dates: every date since the last good run (so missed days are caught up), plus the last
`dof_recheck_days` days for corrections; or exactly --since/--until for a backfill. A
known note whose listing row reads the same is not fetched again (until its re-check is
due, see the base spider).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

import scrapy

from crawlers import dof_calendar
from crawlers.errors import WrongDateError
from crawlers.items import DocumentItem, ParseResult
from crawlers.parsers import dof as dof_parser
from crawlers.parsers import dof_index
from crawlers.parsers.text import decode_body
from crawlers.plan import CrawlJob
from crawlers.spiders.base import DETAIL, SourceSpider, describe_failure

EDITIONS = ("MAT", "VES", "EXT")
ROUTE_NAMES = {
    "index": "the dof.gob.mx edition index",
    "sidof": "SIDOF's note list",
    "ws": "the legacy JSON web service",
}


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
    """The Diario Oficial de la Federación, date by date, route by route."""

    name = "dof_daily"
    source_id = "dof_daily"

    def __init__(self, job: CrawlJob, **kwargs: Any) -> None:
        super().__init__(job, **kwargs)
        self.window_dates = plan_dates(job)
        self.dates = list(self.window_dates)  # every date read so far in this run
        self.failed_dates: set[dt.date] = set()
        self.routes: list[str] = list(self.config.dof_routes)
        self.closures = list(self.config.dof_closed_dates)
        self.route_at: dict[dt.date, int] = {}
        # (from route, to route) -> [(date, reason)], summed up as warnings at the end.
        self.switches: dict[tuple[str, str], list[tuple[dt.date, str]]] = {}
        self.queued: list[scrapy.Request] = []

    # ------------------------------------------------------------ routes
    def initial_requests(self) -> Iterable[scrapy.Request]:
        """Each date's requests on the first route."""
        for day in self.window_dates:
            yield from self.route_requests(day, 0)

    def open_window(self) -> None:
        """A backfill's next window: its dates are read next, and count for the cursor."""
        self.window_dates = plan_dates(self.job)
        self.dates += self.window_dates

    def route_requests(self, day: dt.date, position: int) -> list[scrapy.Request]:
        """The requests that read `day` on route number `position` of `dof_routes`."""
        self.route_at[day] = position
        route = self.routes[position]
        meta = {"date": day, "route": route, "position": position}
        if route == "index":
            return [
                self.listing_request(self._index_url(day, edition), edition=edition, **meta)
                for edition in EDITIONS
            ]
        if route == "sidof":
            base = self.config.sidof_base_url.rstrip("/")
            return [self.listing_request(f"{base}/dof/sidof/notas/{day:%d-%m-%Y}", **meta)]
        base = self.config.dof_ws_base_url.rstrip("/")
        url = f"{base}/WS_getDiarioFull.php?year={day.year}&month={day.month:02d}&day={day.day:02d}"
        return [self.listing_request(url, **meta)]

    def _index_url(self, day: dt.date, edition: str) -> str:
        base = self.config.dof_base_url.rstrip("/")
        return (
            f"{base}/index_111.php?year={day.year}&month={day.month:02d}"
            f"&day={day.day:02d}&edicion={edition}"
        )

    def switch_route(self, day: dt.date, reason: str) -> bool:
        """Read `day` from the next route; False when every route has been tried."""
        position = self.route_at.get(day, 0) + 1
        if position >= len(self.routes):
            return False
        pair = (self.routes[position - 1], self.routes[position])
        self.switches.setdefault(pair, []).append((day, reason))
        self.queued.extend(self.route_requests(day, position))
        return True

    def _superseded(self, meta: dict[str, Any]) -> bool:
        """True for an answer from a route the date has already moved past."""
        day = meta.get("date")
        return day is not None and meta.get("position", 0) < self.route_at.get(day, 0)

    def _drain(self) -> list[scrapy.Request]:
        queued, self.queued = self.queued, []
        return queued

    # ------------------------------------------------------------ parsing
    def parse(self, response: Any, **kwargs: Any) -> list[Any]:
        """The base spider's routing, plus any fallback requests it gave rise to."""
        return super().parse(response, **kwargs) + self._drain()

    def on_error(self, failure: Any) -> list[Any]:
        """A failed listing moves its date to the next route instead of closing the spider."""
        meta = failure.request.meta  # type: ignore[attr-defined]
        if meta.get("kind") != DETAIL and meta.get("route"):
            if self._superseded(meta):
                return []
            if self.route_at.get(meta["date"], 0) + 1 < len(self.routes):
                self.page_failed(meta, describe_failure(failure), failure.request.url)
                return self._drain()
        # The last route: the base spider counts it (and stops early on a dead host).
        return super().on_error(failure) + self._drain()

    def read_page(self, response: Any) -> ParseResult:
        """Parse with the SIDOF base from settings, so note texts come from the same place."""
        date = response.meta.get("date")
        sidof = self.config.sidof_base_url
        result = dof_parser.parse_response(
            response.body, response.url, date, response.headers, sidof_base=sidof
        )
        on_index = response.meta.get("route") == "index"
        if result.status == "no_edition" and date is not None and on_index:
            _check_calendar(response, date)
        result.expected_items = False  # the DOF calendar decides, in check_listing
        return result

    def check_listing(self, result: ParseResult, meta: dict[str, Any]) -> str | None:
        """A cut-off index is a failure; an empty publication day moves to the next route."""
        day, edition = meta.get("date"), meta.get("edition")
        if result.status == "truncated":
            return f"The DOF index of {day} ({edition}) is cut off; it will be read again."
        if result.status == "other_edition":
            result.items, result.follow = [], []  # its notes come with their own edition
        if result.status == "no_edition" and day is not None and edition in (None, "MAT"):
            self._no_edition(day, meta)
        return None

    def _no_edition(self, day: dt.date, meta: dict[str, Any]) -> None:
        reason = dof_calendar.no_edition_reason(day, self.closures)
        if reason is not None or day >= self.job.today or self._superseded(meta):
            return  # a weekend or holiday, or today's edition may still come
        said = f"{ROUTE_NAMES[meta['route']]} shows no edition for {day}, a publication day"
        if self.switch_route(day, said):
            return
        self.failed_dates.add(day)
        self.job.stats.missed_days.append(day.isoformat())
        self.job.stats.add_warning(
            f"No DOF edition found for {day}, a publication day, on any route "
            f"({', '.join(ROUTE_NAMES[r] for r in self.routes)}); it will be read again."
        )

    def page_failed(self, meta: dict[str, Any], message: str, url: str) -> None:
        """A failed listing moves its date to the next route; the last route's failure counts."""
        if meta.get("kind") != DETAIL and meta.get("date"):
            if self._superseded(meta):
                return  # the date is already read from a later route
            if meta.get("route") and self.switch_route(meta["date"], message):
                return
            self.failed_dates.add(meta["date"])
        super().page_failed(meta, message, url)

    def closed(self, reason: str) -> None:
        """Sum the route switches up as warnings, then hand over the cursor."""
        self.job.stats.missed_days.sort()
        for (old, new), events in self.switches.items():
            days = sorted({day for day, _ in events})
            span = f"{days[0]}" if len(days) == 1 else f"{len(days)} dates, {days[0]} to {days[-1]}"
            self.job.stats.add_warning(
                f"DOF read from {ROUTE_NAMES[new]} instead of {ROUTE_NAMES[old]} ({span}); "
                f"reason: {events[0][1]}"
            )
        super().closed(reason)

    def merge(self, listing: DocumentItem | None, detail: DocumentItem) -> DocumentItem:
        """The listing's title, agency, section and edition; the docFuente's text."""
        if listing is None:
            return detail
        merged = dof_parser.merge_note(listing.to_contract(), detail)
        extra = {**listing.extra, **merged.extra}
        return dataclasses.replace(merged, extra=extra)

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
