"""Run spiders in this process and report per-source stats.

Twisted's reactor cannot be restarted, so it is started once per process in a daemon
thread and every crawl is scheduled onto it; the caller's thread waits for the crawl to
finish. This keeps crawls in-process (tests see the same database transaction; the CLI
shows live progress) and lets one process run any number of crawls one after another.
An RQ worker forks a fresh work horse per job, which starts its own reactor thread.

Only one crawl runs at a time per process (a lock), so the pipeline's database work
never interleaves with another crawl's.

Usage: `run_sources(context, ["dof_daily"], since=..., until=..., now=...)` returns
`{"dof_daily": {"fetched": .., "new": .., "amended": .., "unchanged": .., "rejected": ..,
"failed": .., "error": .., "status": .., "state": .., "run_id": .., "change_ids": [..]}}`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select

from crawlers import health
from crawlers.plan import CrawlJob, CrawlStats
from crawlers.scrapy_settings import build_scrapy_settings
from crawlers.spiders import spider_for
from store.db import session_scope
from store.models import Document, Source

log = logging.getLogger("crawlers.runner")

Progress = Callable[[str, CrawlStats], None]
# (the windows, oldest first; called with (windows done, cursor) as each one finishes)
Windows = tuple[list[tuple[dt.date, dt.date]], Callable[[int, dict[str, Any]], dict[str, Any]]]
_reactor_lock = threading.Lock()
_crawl_lock = threading.Lock()
_reactor_thread: threading.Thread | None = None


class CrawlCrashed(Exception):
    """The crawl itself broke (a bug or a bad setting), not just a page."""


def run_sources(
    context: Any,
    source_ids: list[str],
    since: dt.date | None = None,
    until: dt.date | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> dict[str, dict[str, Any]]:
    """Crawl each source in turn; one source's failure never stops the others."""
    now = now or dt.datetime.now(dt.UTC)
    return {
        source_id: run_source(context, source_id, since, until, now, progress)
        for source_id in source_ids
    }


def run_source(
    context: Any,
    source_id: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    store: bool = True,
    windows: Windows | None = None,
) -> dict[str, Any]:
    """Crawl one source into the store, record the run and its health; return its stats.

    `windows` (a backfill's date windows and what records each finished one) reads the
    windows one after another in this one crawl.
    """
    now = now or dt.datetime.now(dt.UTC)
    spider_cls = spider_for(source_id)
    params = {"since": _iso(since), "until": _iso(until)}
    with session_scope(context.sessions) as session:
        run_id = health.start_run(session, source_id, params, now)
        job = _make_job(session, context, source_id, since, until, now, store)
    if windows is not None:
        job.windows, job.on_window = windows
    crashed = _crawl_safely(job, spider_cls, progress)
    with session_scope(context.sessions) as session:
        verdict = health.finish_run(
            session, run_id, job.stats, job.new_cursor or None, now,
            context.settings.crawl_failure_threshold, crashed,
        )  # fmt: skip
    if verdict.alert:
        health.notify_staff(context, source_id, verdict.alert)
    result = job.stats.as_dict()
    result.update(status=verdict.status.value, state=verdict.state.value, run_id=run_id)
    result.update(windows_done=job.windows_done)
    return result


def _make_job(
    session: Any,
    context: Any,
    source_id: str,
    since: dt.date | None,
    until: dt.date | None,
    now: dt.datetime,
    store: bool,
) -> CrawlJob:
    source = session.get(Source, source_id)
    return CrawlJob(
        source_id=source_id,
        settings=context.settings,
        now=now,
        since=since,
        until=until,
        cursor=dict(source.cursor or {}),
        known=load_known(session, source_id, since),
        validators=load_validators(session, source_id),
        sessions=context.sessions if store else None,
    )


def load_known(session: Any, source_id: str, since: dt.date | None = None) -> dict[str, str]:
    """external_id -> listing fingerprint of the stored documents (those that have one)."""
    statement = select(Document.external_id, Document.extra).where(Document.source_id == source_id)
    if since is not None:
        statement = statement.where(Document.published_on >= since - dt.timedelta(days=1))
    known = {}
    for external_id, extra in session.execute(statement):
        fp = (extra or {}).get("listing_fp")
        if fp:
            known[external_id] = fp
    return known


def load_validators(session: Any, source_id: str) -> dict[str, dict[str, str]]:
    """external_id -> stored ETag / Last-Modified, for conditional GETs."""
    statement = select(Document.external_id, Document.etag, Document.last_modified).where(
        Document.source_id == source_id,
        (Document.etag.is_not(None)) | (Document.last_modified.is_not(None)),
    )
    return {
        external_id: {"etag": etag, "last_modified": last_modified}
        for external_id, etag, last_modified in session.execute(statement)
    }


def crawl_without_store(
    settings: Any,
    source_id: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    now: dt.datetime | None = None,
) -> CrawlStats:
    """Fetch and parse a source with no database at all (the benchmark's floor)."""
    job = CrawlJob(source_id, settings, now or dt.datetime.now(dt.UTC), since, until)
    if _crawl_safely(job, spider_for(source_id), None):
        raise CrawlCrashed(job.stats.first_error() or "the crawl crashed")
    return job.stats


# ---------------------------------------------------------------- the reactor thread


def _crawl_safely(job: CrawlJob, spider_cls: Any, progress: Progress | None) -> bool:
    """Run the crawl; return True when it crashed (logged with the source, one line)."""
    try:
        crawl(job, spider_cls, progress)
    except Exception as error:  # the edge: a crash becomes a failed run, never a traceback
        message = f"The {job.source_id} crawl crashed: {type(error).__name__}: {error}"
        job.stats.add_error(message)
        log.error("%s", message, exc_info=log.isEnabledFor(logging.DEBUG))
        return True
    return False


def crawl(job: CrawlJob, spider_cls: Any, progress: Progress | None = None) -> None:
    """Run one spider to completion on the reactor thread; re-raise what broke it."""
    from scrapy.crawler import CrawlerRunner

    reactor = _ensure_reactor()
    done = threading.Event()
    outcome: dict[str, Any] = {}

    def start() -> None:
        runner = CrawlerRunner(build_scrapy_settings(job.settings))
        deferred = runner.crawl(spider_cls, job=job)
        deferred.addErrback(lambda failure: outcome.setdefault("failure", failure))
        deferred.addBoth(lambda _: done.set())

    with _crawl_lock, _fewer_collections():
        reactor.callFromThread(start)
        while not done.wait(0.25):
            if progress is not None:
                progress(job.source_id, job.stats)
    if progress is not None:
        progress(job.source_id, job.stats)
    if "failure" in outcome:
        outcome["failure"].raiseException()


@contextlib.contextmanager
def _fewer_collections(young_threshold: int = 20_000) -> Iterator[None]:
    """Run the cyclic garbage collector less often while a crawl runs.

    Every response leaves thousands of short-lived objects (deferreds, requests, ORM
    states); at Python's default threshold of 700 the collector runs hundreds of times a
    crawl, and raising it cut the benchmark's CPU by about a tenth. Restored afterwards.
    """
    previous = gc.get_threshold()
    gc.set_threshold(max(young_threshold, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _ensure_reactor() -> Any:
    """Start the process's reactor thread once; return the reactor."""
    global _reactor_thread
    from twisted.internet import reactor

    with _reactor_lock:
        if _reactor_thread is None or not _reactor_thread.is_alive():
            _reactor_thread = threading.Thread(
                target=reactor.run,  # type: ignore[attr-defined,misc]
                kwargs={"installSignalHandlers": False},
                name="twisted-reactor",
                daemon=True,
            )
            _reactor_thread.start()
    return reactor


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
