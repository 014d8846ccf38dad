"""What one crawl of one source is asked to do, and what it counted while doing it.

The runner builds a CrawlJob from the settings, the source's stored cursor and what the
store already knows; the spider reads it to plan requests, the pipeline writes its counts
into `stats`. Both run on the crawl's single thread, so no locking is needed.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

# Where "today" is decided for Mexican sources (the DOF publishes on Mexico City time).
MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")
MAX_ERRORS_KEPT = 20
# Date-addressable sources: their listing is a query for given days (crawled in windows by
# a backfill; an empty answer for a day can be right).
DATED_SOURCES = frozenset({"dof_daily", "us_federal_register"})
# Scrapy signal sent when a backfill window's pages are all read: store what is buffered.
WINDOW_FINISHED = object()


@dataclasses.dataclass
class CrawlStats:
    """Counters of one run; `as_dict` is what runners, jobs and commands report."""

    fetched: int = 0
    new: int = 0
    amended: int = 0
    unchanged: int = 0
    rejected: int = 0
    failed: int = 0
    skipped_details: int = 0
    listing_ok: int = 0
    listing_failed: int = 0
    expected_empty: int = 0
    items_seen: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)
    # Not failures, but what staff should know: a route switch, a page that changed shape.
    warnings: list[str] = dataclasses.field(default_factory=list)
    # Publication days on which no route showed an edition (DOF).
    missed_days: list[str] = dataclasses.field(default_factory=list)
    rechecked: int = 0
    not_modified: int = 0
    reject_reasons: collections.Counter[str] = dataclasses.field(
        default_factory=collections.Counter
    )
    change_ids: list[int] = dataclasses.field(default_factory=list)

    def add_error(self, message: str) -> None:
        """Keep the first few error sentences for the run record and the closing table."""
        if len(self.errors) < MAX_ERRORS_KEPT and message not in self.errors:
            self.errors.append(message)

    def add_warning(self, message: str) -> None:
        """Keep the first few warnings for the run record and the source health page."""
        if len(self.warnings) < MAX_ERRORS_KEPT and message not in self.warnings:
            self.warnings.append(message)

    def first_error(self) -> str | None:
        """The error to show for the run, if any."""
        return self.errors[0] if self.errors else None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able counts: fetched, new, amended, unchanged, rejected, failed, error..."""
        return {
            "fetched": self.fetched,
            "new": self.new,
            "amended": self.amended,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "failed": self.failed,
            "error": self.first_error(),
            "skipped_details": self.skipped_details,
            "listing_ok": self.listing_ok,
            "listing_failed": self.listing_failed,
            "expected_empty": self.expected_empty,
            "warnings": list(self.warnings),
            "missed_days": list(self.missed_days),
            "rechecked": self.rechecked,
            "not_modified": self.not_modified,
            "reject_reasons": dict(self.reject_reasons),
            "change_ids": list(self.change_ids),
        }


@dataclasses.dataclass
class CrawlJob:
    """The inputs of one source's crawl, and the stats it fills in."""

    source_id: str
    settings: Any
    now: dt.datetime
    since: dt.date | None = None
    until: dt.date | None = None
    cursor: dict[str, Any] = dataclasses.field(default_factory=dict)
    # external_id -> fingerprint of what the listing said when the document was stored.
    known: dict[str, str] = dataclasses.field(default_factory=dict)
    # external_id -> {"etag", "last_modified"} for conditional GETs.
    validators: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    stats: CrawlStats = dataclasses.field(default_factory=CrawlStats)
    sessions: Any = None  # a sessionmaker; None means "parse only, store nothing"
    new_cursor: dict[str, Any] = dataclasses.field(default_factory=dict)
    # A backfill's date windows, read one after another in this one crawl (since/until
    # then hold the window being read); `on_window(number, cursor)` records each finished
    # window (its items already stored) so that a killed run resumes after it, and returns
    # the cursor keys it wrote, kept in `cursor` for the run's final one.
    windows: list[tuple[dt.date, dt.date]] = dataclasses.field(default_factory=list)
    on_window: Callable[[int, dict[str, Any]], dict[str, Any]] | None = None
    windows_done: int = 0
    window_failed: bool = False

    @property
    def today(self) -> dt.date:
        """Today in Mexico City, the calendar the Mexican sources publish on."""
        return self.now.astimezone(MEXICO_CITY).date()

    @property
    def backfill(self) -> bool:
        """True when the caller asked for an explicit date range."""
        return self.since is not None
