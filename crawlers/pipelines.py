"""The item pipeline: normalize -> validate (a counted reason for every rejection) -> store.

Storing goes through `store.changes.upsert_documents`, one transaction per batch of items;
a batch that fails is stored again item by item, so one bad row never takes its neighbours
down.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
import unicodedata
from typing import Any

from scrapy.exceptions import DropItem

from crawlers.dates import stored_deadlines
from crawlers.items import DocumentItem
from crawlers.plan import WINDOW_FINISHED, CrawlJob
from crawlers.supersede import link_batch
from store.changes import upsert_documents
from store.db import session_scope
from store.stories import link_stories

log = logging.getLogger("crawlers.pipeline")

LANGUAGES = ("es", "en")
EARLIEST = dt.date(1900, 1, 1)
MAX_TITLE = 5000
_TEXT_FIELDS = ("external_id", "title", "url", "agency", "doc_type", "edition", "section", "body")


class Rejected(Exception):
    """An item that must not be stored; the message is the counted reason."""


def normalize(item: DocumentItem) -> DocumentItem:
    """NFC, collapsed whitespace in one-line fields, trimmed body, edition/section in extra."""
    values: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        value = getattr(item, name)
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
            value = value.strip() if name == "body" else " ".join(value.split())
            values[name] = value or None
    values["external_id"] = values.get("external_id") or ""
    values["title"] = values.get("title") or ""
    if item.language:
        values["language"] = item.language.strip().lower()[:2]
    extra = dict(item.extra)
    for key in ("edition", "section"):
        if getattr(item, key):
            extra[key] = values.get(key)
    return dataclasses.replace(item, **values, extra=extra)


def validate(item: DocumentItem, source_id: str, today: dt.date) -> None:
    """Raise Rejected with a short reason when the item is not fit to store."""
    if item.source != source_id:
        raise Rejected("wrong source")
    if not item.external_id:
        raise Rejected("missing external id")
    if len(item.external_id) > 200:
        raise Rejected("external id too long")
    if len(item.title) < 3:
        raise Rejected("missing title")
    if len(item.title) > MAX_TITLE:
        raise Rejected("title too long")
    if item.url and not item.url.startswith(("http://", "https://")):
        raise Rejected("url is not http(s)")
    if item.language and item.language not in LANGUAGES:
        raise Rejected("unknown language")
    _check_dates(item, today)


def _check_dates(item: DocumentItem, today: dt.date) -> None:
    published = item.published_on
    if published is not None and not isinstance(published, dt.date):
        raise Rejected("publication date is not a date")
    if published is not None and published < EARLIEST:
        raise Rejected("publication date before 1900")
    if published is not None and published > today + dt.timedelta(days=2):
        raise Rejected("publication date in the future")


def store_fields(item: DocumentItem) -> dict[str, Any]:
    """The Document fields of an item, as `upsert_document` takes them."""
    extra = {k: v for k, v in item.extra.items() if k not in ("etag", "last_modified")}
    return {
        "title": item.title,
        "url": item.url,
        "agency": item.agency,
        "language": item.language or "es",
        "published_on": item.published_on,
        "doc_type": item.doc_type,
        "effective_on": item.effective_on,
        "comments_close_on": item.comments_close_on,
        "body": item.body,
        "extra": extra,
        "etag": item.extra.get("etag"),
        "last_modified": item.extra.get("last_modified"),
        "deadlines": stored_deadlines(item),
    }


class StorePipeline:
    """Scrapy item pipeline: normalize, validate, and upsert into the store.

    Items are stored in batches (one transaction per BATCH_SIZE items or BATCH_SECONDS),
    which is several times cheaper than a transaction per item; a batch that fails is
    retried item by item, so one bad row costs only itself.
    """

    BATCH_SIZE = 100
    BATCH_SECONDS = 2.0

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.buffer: list[DocumentItem] = []
        self.last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        """Scrapy's constructor hook; a finished backfill window is stored at once."""
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.flush, signal=WINDOW_FINISHED)
        return pipeline

    @property
    def job(self) -> CrawlJob:
        """The running spider's job (inputs and counters)."""
        return self.crawler.spider.job

    def process_item(self, item: Any) -> Any:
        """Queue one item for storing, or drop it with a counted reason."""
        job = self.job
        try:
            clean = normalize(item)
            validate(clean, job.source_id, job.today)
        except Rejected as reason:
            return self._reject(job, item, str(reason))
        if job.sessions is None:
            job.stats.new += 1  # parse-only run (benchmark floor): counted, not stored
            return clean
        self.buffer.append(clean)
        if len(self.buffer) >= self.BATCH_SIZE or self._stale():
            self.flush()
        return clean

    def close_spider(self, spider: Any = None) -> None:
        """Store what is still buffered when the crawl ends."""
        self.flush()

    def _stale(self) -> bool:
        return time.monotonic() - self.last_flush > self.BATCH_SECONDS

    def _reject(self, job: CrawlJob, item: Any, reason: str) -> Any:
        job.stats.rejected += 1
        job.stats.reject_reasons[reason] += 1
        external_id = getattr(item, "external_id", None)
        log.warning("%s: rejected item %s: %s", job.source_id, external_id, reason)
        raise DropItem(reason, log_level="DEBUG")  # already logged once, in one line

    def flush(self) -> None:
        """Store the buffered items in one transaction (item by item if that fails)."""
        batch, self.buffer = self.buffer, []
        self.last_flush = time.monotonic()
        if not batch:
            return
        job = self.job
        try:
            outcomes: list[tuple[str, Any] | None] = list(self._store_all(job, batch))
        except Exception as error:  # the edge: retry one by one to isolate the bad row
            log.warning("%s: a batch of %d failed (%s); storing one by one",
                        job.source_id, len(batch), type(error).__name__)  # fmt: skip
            outcomes = [self._store_one(job, item) for item in batch]
        for outcome in outcomes:
            if outcome is not None:
                self._count(job, *outcome)

    def _store_all(self, job: CrawlJob, batch: list[DocumentItem]) -> list[tuple[str, Any]]:
        rows = [(item.external_id, store_fields(item)) for item in batch]
        with session_scope(job.sessions) as session:
            results = upsert_documents(session, job.source_id, rows, job.now)
            link_batch(session, batch, results)  # CSMS "replaces" -> superseded_by
            link_stories(session, [r.change for r in results if r.change is not None], job.now)
            return [(r.outcome, r.change.id if r.change is not None else None) for r in results]

    def _store_one(self, job: CrawlJob, item: DocumentItem) -> tuple[str, Any] | None:
        try:
            return self._store_all(job, [item])[0]
        except Exception as error:  # the edge: one item's storage failure is counted
            job.stats.failed += 1
            job.stats.add_error(f"Storing {item.external_id} failed: {type(error).__name__}.")
            log.error("%s: storing %s failed: %s", job.source_id, item.external_id, error)
            return None

    def _count(self, job: CrawlJob, outcome: str, change_id: int | None) -> None:
        setattr(job.stats, outcome, getattr(job.stats, outcome) + 1)
        if change_id is not None:
            job.stats.change_ids.append(change_id)
