"""Source health: record every run, count failures in a row, flag a source loudly but once.

A source is flagged when it fails `crawl_failure_threshold` runs in a row, or when a run
reads its listings fine but finds nothing where something was expected (a weekday DOF
edition with no notes, a layout change that hides every row). Staff get one email per
flag; nothing more is sent until the source recovers (a good run clears the flag).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawlers.plan import DATED_SOURCES, CrawlStats
from store.changes import ensure_source
from store.models import CrawlRun, Document, RunStatus, Source, SourceState

log = logging.getLogger("crawlers.health")

SOURCE_NAMES = {
    "dof_daily": "Diario Oficial de la Federación (daily editions)",
    "us_cbp_csms": "CBP Cargo Systems Messaging Service",
    "us_federal_register": "Federal Register",
    "mx_sat_normatividad": "SAT normatividad (RMF / RGCE)",
    "mx_gobmx_prensa": "gob.mx press archives",
    "mx_anam": "ANAM (Agencia Nacional de Aduanas)",
    "mx_snice": "Economía SNICE notices",
}


@dataclasses.dataclass(frozen=True)
class Verdict:
    """What a finished run did to its source's health."""

    status: RunStatus
    state: SourceState
    alert: str | None  # the one email to send staff now, if any


def start_run(session: Session, source_id: str, params: dict[str, Any], now: dt.datetime) -> int:
    """Create the source if needed and record a run in progress; return the run id."""
    ensure_source(session, source_id, SOURCE_NAMES.get(source_id))
    run = CrawlRun(source_id=source_id, started_at=now, status=RunStatus.RUNNING, params=params)
    session.add(run)
    session.flush()
    return run.id


def run_status(stats: CrawlStats, crashed: bool = False) -> RunStatus:
    """failed: nothing could be listed; partial: something failed; ok otherwise."""
    if crashed or (stats.listing_failed and not stats.listing_ok):
        return RunStatus.FAILED
    if stats.failed or stats.rejected or stats.listing_failed:
        return RunStatus.PARTIAL
    return RunStatus.OK


def empty_where_expected(stats: CrawlStats) -> bool:
    """True when the listings read fine but yielded nothing although items were due."""
    return stats.expected_empty > 0 and stats.items_seen == 0 and not stats.listing_failed


def finish_run(
    session: Session,
    run_id: int,
    stats: CrawlStats,
    cursor: dict[str, Any] | None,
    now: dt.datetime,
    threshold: int,
    crashed: bool = False,
) -> Verdict:
    """Write the run's counts, update the source's health and cursor; say whom to alert."""
    run = session.get_one(CrawlRun, run_id)
    source = session.get_one(Source, run.source_id)
    status = run_status(stats, crashed)
    _write_run(run, stats, status, now)
    if cursor is not None and status != RunStatus.FAILED:
        source.cursor = cursor
    source.last_run_at = now
    if status != RunStatus.FAILED and _silently_empty(session, source.id, stats):
        stats.add_warning(
            "Every listing read fine but showed no items at all, though this source has "
            "items stored; its pages may have changed shape (check the source by hand)."
        )
    run.warnings = list(stats.warnings) or None
    source.warnings = list(stats.warnings) or None
    problem = _problem(stats, status, source, threshold)
    if status == RunStatus.FAILED:
        _record_failure(source, stats, now)
    elif problem is None:
        _record_success(source, stats, status, now)
    alert = _flag(source, problem, now) if problem else None
    session.flush()
    return Verdict(status=status, state=source.state, alert=alert)


def _silently_empty(session: Session, source_id: str, stats: CrawlStats) -> bool:
    """True when a source whose listings always show recent items showed none this run."""
    if source_id in DATED_SOURCES or not stats.listing_ok or stats.items_seen:
        return False
    statement = select(Document.id).where(Document.source_id == source_id).limit(1)
    return session.scalar(statement) is not None


def _write_run(run: CrawlRun, stats: CrawlStats, status: RunStatus, now: dt.datetime) -> None:
    run.finished_at = now
    run.status = status
    for key in ("fetched", "new", "amended", "unchanged", "rejected", "failed"):
        setattr(run, key, getattr(stats, key))
    run.error = "; ".join(stats.errors[:5]) or None


def _problem(stats: CrawlStats, status: RunStatus, source: Source, threshold: int) -> str | None:
    if status == RunStatus.FAILED and source.consecutive_failures + 1 >= threshold:
        count = source.consecutive_failures + 1
        return f"{source.id} failed {count} runs in a row; last error: {stats.first_error()}"
    if stats.missed_days:
        days = ", ".join(stats.missed_days[:5])
        return (
            f"{source.id} found no edition on {days}, publication days of the DOF calendar, "
            "on any route (index, SIDOF, JSON service); check the DOF by hand."
        )
    if status != RunStatus.FAILED and empty_where_expected(stats):
        return (
            f"{source.id} returned no items where items were expected "
            "(a missing edition or a layout change); check the source by hand."
        )
    return None


def _record_failure(source: Source, stats: CrawlStats, now: dt.datetime) -> None:
    source.consecutive_failures = (source.consecutive_failures or 0) + 1
    source.last_error = stats.first_error() or "the run failed"
    source.last_error_at = now
    if source.state != SourceState.FLAGGED:
        source.state = SourceState.FAILING


def _record_success(source: Source, stats: CrawlStats, status: RunStatus, now: dt.datetime) -> None:
    source.consecutive_failures = 0
    source.last_success_at = now
    source.state = SourceState.OK
    source.flagged_at = None
    source.staff_alerted_at = None
    if status == RunStatus.PARTIAL:
        source.last_error = stats.first_error() or "some items were rejected"
        source.last_error_at = now


def _flag(source: Source, problem: str, now: dt.datetime) -> str | None:
    source.state = SourceState.FLAGGED
    source.flagged_at = source.flagged_at or now
    source.last_error = problem
    source.last_error_at = now
    if source.staff_alerted_at is not None:
        return None  # staff already know; no storm while the flag stands
    source.staff_alerted_at = now
    return problem


def notify_staff(context: Any, source_id: str, message: str) -> None:
    """Send staff the one email about a flagged source (or log it if alerts are absent)."""
    log.error("source %s flagged: %s", source_id, message)
    try:
        staff = importlib.import_module("alerts.staff")
    except ModuleNotFoundError:
        return
    notify = getattr(staff, "notify_source_flagged", None)
    if notify is None:
        return
    try:
        notify(context, source_id, message)
    except Exception as error:  # the edge: a failed email must not fail the crawl
        log.error("could not email staff about %s: %s", source_id, error)


@dataclasses.dataclass(frozen=True)
class SourceHealth:
    """One row of `regwatch sources`."""

    id: str
    name: str
    state: str
    enabled: bool
    consecutive_failures: int
    last_run_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_error: str | None
    last_error_at: dt.datetime | None
    warnings: tuple[str, ...] = ()


def list_health(session: Session, source_ids: list[str]) -> list[SourceHealth]:
    """Every configured or known source with its state (never-run sources shown as new)."""
    rows = {s.id: s for s in session.scalars(select(Source))}
    out = []
    for source_id in list(dict.fromkeys([*source_ids, *sorted(rows)])):
        source = rows.get(source_id)
        out.append(_health_of(source_id, source))
    return out


def _health_of(source_id: str, source: Source | None) -> SourceHealth:
    if source is None:
        name = SOURCE_NAMES.get(source_id, source_id)
        return SourceHealth(source_id, name, "new", True, 0, None, None, None, None)
    return SourceHealth(
        source.id,
        source.name,
        source.state.value,
        bool(source.enabled),
        source.consecutive_failures or 0,
        source.last_run_at,
        source.last_success_at,
        source.last_error,
        source.last_error_at,
        tuple(source.warnings or ()),
    )
