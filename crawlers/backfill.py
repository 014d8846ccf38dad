"""Backfills that survive a kill: `regwatch crawl --since 2024-01-01`.

A date-addressable source (the DOF, the Federal Register) is crawled in windows of
`WINDOW_DAYS`, oldest first, one after another in a single crawl (one engine start, one
run record); as each window ends, its items are stored and the source's cursor records
how far the backfill got (`cursor["backfill"]`, with the crawl's cursor as of then).
Run the same command again after a kill and it continues after the last finished window;
the window that was cut short is read again, and its documents already stored come back
unchanged (one Document per source and id, and no detail page fetched again). Other
sources read their listings back to --since in one run, recorded as done when it succeeds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from crawlers.plan import DATED_SOURCES, MEXICO_CITY, CrawlStats
from crawlers.runner import run_source
from store.db import session_scope
from store.models import Source

WINDOW_DAYS = 7
COUNTS = ("fetched", "new", "amended", "unchanged", "rejected", "failed", "rechecked")

Window = tuple[dt.date, dt.date]
# (source, windows done, windows in all, stats of the window under way)
Progress = Callable[[str, int, int, CrawlStats | None], None]


@dataclasses.dataclass(frozen=True)
class BackfillPlan:
    """What is left of one source's backfill."""

    source_id: str
    since: dt.date
    until: dt.date
    windows: list[Window]
    done: int  # windows finished by earlier (killed) runs

    @property
    def remaining(self) -> list[Window]:
        """The windows still to crawl, oldest first."""
        return self.windows[self.done :]


def split_windows(since: dt.date, until: dt.date, days: int = WINDOW_DAYS) -> list[Window]:
    """[since, until] cut into consecutive windows of `days` days (the last may be short)."""
    windows = []
    start = since
    while start <= until:
        end = min(start + dt.timedelta(days=days - 1), until)
        windows.append((start, end))
        start = end + dt.timedelta(days=1)
    return windows


def plan_backfill(
    source_id: str,
    cursor: dict[str, Any],
    since: dt.date,
    until: dt.date | None,
    today: dt.date,
    restart: bool = False,
) -> BackfillPlan:
    """The windows of this backfill, and how many an earlier run of it already finished.

    An earlier run counts when it started from the same --since and its --until matches
    (an open-ended backfill keeps the end date it started with, so that resuming it the
    next day continues it instead of starting over).
    """
    record = {} if restart else dict(cursor.get("backfill") or {})
    same = record.get("since") == since.isoformat() and (
        until is None or record.get("until") == until.isoformat()
    )
    end = dt.date.fromisoformat(record["until"]) if same else (until or today)
    windowed = source_id in DATED_SOURCES
    windows = split_windows(since, end) if windowed else [(since, end)]
    done_through = record.get("done_through") if same else None
    done = sum(1 for _, last in windows if done_through and last.isoformat() <= done_through)
    return BackfillPlan(source_id, since, end, windows, done)


def run_backfill(
    context: Any,
    source_id: str,
    since: dt.date,
    until: dt.date | None,
    now: dt.datetime,
    progress: Progress | None = None,
    restart: bool = False,
) -> dict[str, Any]:
    """Crawl the remaining windows of a backfill in one crawl, recording each as it ends."""
    with session_scope(context.sessions) as session:
        source = session.get(Source, source_id)
        cursor = dict(source.cursor or {}) if source is not None else {}
    today = now.astimezone(MEXICO_CITY).date()
    plan = plan_backfill(source_id, cursor, since, until, today, restart)
    totals: dict[str, Any] = {key: 0 for key in COUNTS}
    totals.update(status="ok", resumed_windows=plan.done, windows=len(plan.windows))
    _record(context, plan, plan.done)  # an open-ended backfill keeps its end date
    report = progress or (lambda *args: None)
    report(source_id, plan.done, len(plan.windows), None)
    remaining = plan.remaining
    if not remaining:
        return totals
    done = [plan.done]

    def finished(number: int, cursor: dict[str, Any]) -> dict[str, Any]:
        # On the crawl's thread: only record; `show` reports it on the caller's thread.
        done[0] = plan.done + number
        return {"backfill": _record(context, plan, done[0], cursor)}

    def show(name: str, stats: CrawlStats) -> None:
        report(name, done[0], len(plan.windows), stats)

    first, last = remaining[0][0], remaining[-1][1]
    stats = run_source(context, source_id, first, last, now, show, windows=(remaining, finished))
    _add(totals, stats)
    read = int(stats.get("windows_done") or 0)
    if stats.get("status") == "failed" or read < len(remaining):
        # A listing that could not be read leaves its window to do again; a detail page
        # that failed is owed in the cursor and fetched by the next run anyway.
        totals.update(status="failed", stopped_at=remaining[read][0].isoformat())
    _record(context, plan, plan.done + read)
    report(source_id, plan.done + read, len(plan.windows), None)
    return totals


def _add(totals: dict[str, Any], stats: dict[str, Any]) -> None:
    for key in COUNTS:
        totals[key] += int(stats.get(key) or 0)
    if stats.get("status") == "partial":
        totals["status"] = "partial"
    if stats.get("error") and not totals.get("error"):
        totals["error"] = stats["error"]
    totals.setdefault("warnings", []).extend(stats.get("warnings") or [])
    totals["state"] = stats.get("state")


def _record(
    context: Any, plan: BackfillPlan, done: int, cursor: dict[str, Any] | None = None
) -> dict[str, str | None]:
    """Write how far the backfill got into the source's cursor (its own transaction), with
    the crawl's cursor as of that window when given; return the record."""
    done_through = plan.windows[done - 1][1].isoformat() if done else None
    record: dict[str, str | None] = {
        "since": plan.since.isoformat(),
        "until": plan.until.isoformat(),
        "done_through": done_through,
    }
    with session_scope(context.sessions) as session:
        source = session.get(Source, plan.source_id)
        if source is not None:  # else never crawled: the run creates it
            source.cursor = {**(cursor or source.cursor or {}), "backfill": record}
    return record
