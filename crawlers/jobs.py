"""RQ jobs of the crawlers: ids and ISO dates in, JSON-able stats out, safe to run twice."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from crawlers.runner import run_source
from crawlers.spiders import SPIDERS
from store.context import get_context

log = logging.getLogger("crawlers.jobs")


def crawl_source(source_id: str, since: str | None = None, until: str | None = None) -> dict:
    """Crawl one source into the store and record the run; return its stats.

    Running it twice is harmless: known documents come back "unchanged" and their detail
    pages are not fetched again. A failing source is recorded in its health, not raised,
    so that RQ's retries do not count one bad hour as several failed runs.
    """
    if source_id not in SPIDERS:
        known = ", ".join(sorted(SPIDERS))
        return _refused(source_id, f"Unknown source {source_id!r}; use one of: {known}.")
    try:
        start, end = parse_day(since), parse_day(until)
    except ValueError as error:
        return _refused(source_id, str(error))
    context = get_context()
    now = dt.datetime.now(dt.UTC)  # the job's one clock read
    stats = run_source(context, source_id, since=start, until=end, now=now)
    log.info("crawled %s: %s", source_id, _summary(stats))
    return stats


def crawl_job_id(source_id: str, now: dt.datetime) -> str:
    """A deterministic job id: one crawl of a source per quarter hour."""
    slot = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    return f"crawl:{source_id}:{slot.strftime('%Y%m%dT%H%M')}"


def parse_day(value: str | None) -> dt.date | None:
    """YYYY-MM-DD to a date; ValueError with one sentence otherwise."""
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD.") from None


def _refused(source_id: str, message: str) -> dict[str, Any]:
    log.error("crawl of %s refused: %s", source_id, message)
    return {
        "fetched": 0, "new": 0, "amended": 0, "unchanged": 0, "rejected": 0, "failed": 0,
        "error": message, "status": "refused", "change_ids": [],
    }  # fmt: skip


def _summary(stats: dict[str, Any]) -> str:
    keys = ("status", "fetched", "new", "amended", "unchanged", "rejected", "failed")
    return " ".join(f"{key}={stats.get(key)}" for key in keys)
