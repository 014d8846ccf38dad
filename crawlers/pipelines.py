"""The item pipeline: normalize -> validate (a counted reason for every rejection) -> store.

Storing goes through `store.changes.upsert_document`, one short transaction per item, so
one bad row never takes its neighbours down and a crash loses at most one item.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import unicodedata
from typing import Any

from scrapy.exceptions import DropItem

from crawlers.items import DocumentItem
from crawlers.plan import CrawlJob
from store.changes import upsert_document
from store.db import session_scope

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
    }


class StorePipeline:
    """Scrapy item pipeline: normalize, validate, and upsert into the store."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        """Scrapy's constructor hook."""
        return cls(crawler)

    @property
    def job(self) -> CrawlJob:
        """The running spider's job (inputs and counters)."""
        return self.crawler.spider.job

    def process_item(self, item: Any) -> Any:
        """Store one item, or drop it with a counted reason."""
        job = self.job
        try:
            clean = normalize(item)
            validate(clean, job.source_id, job.today)
        except Rejected as reason:
            return self._reject(job, item, str(reason))
        if job.sessions is None:
            return clean  # parse-only run (benchmark floor): nothing to store
        self._store(job, clean)
        return clean

    def _reject(self, job: CrawlJob, item: Any, reason: str) -> Any:
        job.stats.rejected += 1
        job.stats.reject_reasons[reason] += 1
        external_id = getattr(item, "external_id", None)
        log.warning("%s: rejected item %s: %s", job.source_id, external_id, reason)
        raise DropItem(reason)

    def _store(self, job: CrawlJob, item: DocumentItem) -> None:
        try:
            with session_scope(job.sessions) as session:
                result = upsert_document(
                    session, job.source_id, item.external_id, store_fields(item), job.now
                )
                change_id = result.change.id if result.change is not None else None
        except Exception as error:  # the edge: one item's storage failure is counted, not fatal
            job.stats.failed += 1
            job.stats.add_error(f"Storing {item.external_id} failed: {type(error).__name__}.")
            log.error("%s: storing %s failed: %s", job.source_id, item.external_id, error)
            return
        self._count(job, result.outcome, change_id)

    def _count(self, job: CrawlJob, outcome: str, change_id: int | None) -> None:
        setattr(job.stats, outcome, getattr(job.stats, outcome) + 1)
        if change_id is not None:
            job.stats.change_ids.append(change_id)
