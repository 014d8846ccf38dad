"""What every spider shares: parse through the source's pure parser, pair listing rows with
their detail pages, skip details already stored, and count every failure in one place.

A subclass names its source and builds its first requests (`initial_requests`); it may
refine `parse_date`, `check_listing` and `merge`. Everything else is here, so that each
spider stays short and boring.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    CloseSpider,
    DontCloseSpider,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from crawlers import saved
from crawlers.errors import CrawlError, ParseError, StructureError, WrongDateError
from crawlers.items import DocumentItem, FollowRequest, ParseResult
from crawlers.plan import WINDOW_FINISHED, CrawlJob
from crawlers.registry import parser_for

log = logging.getLogger("crawlers.spider")

LISTING = "listing"
DETAIL = "detail"


def fingerprint(item: DocumentItem) -> str:
    """A short hash of what a listing row says about a document (to skip unchanged details)."""
    blob = json.dumps(item.to_contract(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def item_to_dict(item: DocumentItem) -> dict[str, Any]:
    """A JSON-able copy of an item (dates as ISO strings), to keep in a source's cursor."""
    out = dataclasses.asdict(item)
    for key, value in out.items():
        if isinstance(value, dt.date):
            out[key] = value.isoformat()
    return out


def item_from_dict(data: dict[str, Any]) -> DocumentItem:
    """Rebuild an item saved with `item_to_dict`."""
    fields = {f.name for f in dataclasses.fields(DocumentItem)}
    values = {k: v for k, v in data.items() if k in fields}
    for key in ("published_on", "effective_on", "comments_close_on"):
        if isinstance(values.get(key), str):
            values[key] = dt.date.fromisoformat(values[key])
    return DocumentItem(**values)


class SourceSpider(scrapy.Spider):
    """Base of the RegWatch spiders; see the module docstring."""

    name = "regwatch"
    source_id = ""

    def __init__(self, job: CrawlJob, **kwargs: Any) -> None:
        super().__init__(name=self.name, **kwargs)
        self.job = job
        self.config = job.settings
        self.parser = parser_for(self.source_id)
        # Details still owed from earlier runs stay owed until they arrive.
        self.pending: dict[str, dict[str, Any]] = dict(job.cursor.get("pending") or {})
        # external_id -> [when its detail page was last read, its publication date]: the
        # schedule of re-checks of recent documents for edits nobody announces.
        self.checked: dict[str, list[Any]] = dict(job.cursor.get("checked") or {})
        if job.windows:
            job.since, job.until = job.windows[0]
        self._listing_failed_before = 0

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        """Scrapy's constructor hook; a backfill in windows moves on when the spider idles."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.job.windows:
            crawler.signals.connect(spider.next_window, signal=signals.spider_idle)
        return spider  # type: ignore[no-any-return]

    # ------------------------------------------------------------ backfill windows
    def next_window(self) -> None:
        """spider_idle: record the window just read, then read the next in the same crawl.

        One crawl for all windows saves an engine start and stop, a run record and a load
        of the store's fingerprints per window; each window is still recorded as it ends.
        """
        if not self._close_window():
            return  # the last window, or one that failed: the spider closes
        job = self.job
        job.since, job.until = job.windows[job.windows_done]
        self.open_window()
        for request in self.initial_requests():
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def _close_window(self) -> bool:
        """Store and record a window that read cleanly; True when another window follows."""
        job = self.job
        if job.stats.listing_failed > self._listing_failed_before or self.unreachable:
            job.window_failed = True  # read again by the next run
            return False
        self.crawler.signals.send_catch_log(WINDOW_FINISHED)  # the pipeline stores its batch
        job.windows_done += 1
        if job.on_window is not None:
            job.cursor.update(job.on_window(job.windows_done, self.next_cursor()))
        return job.windows_done < len(job.windows)

    def open_window(self) -> None:
        """Prepare to read the window now in `job.since` .. `job.until` (subclasses)."""

    @property
    def unreachable(self) -> bool:
        """True once the host refused or could not be resolved (the spider is closing)."""
        return bool(getattr(self, "_unreachable", False))

    # ------------------------------------------------------------ requests
    async def start(self) -> Any:
        """Scrapy's entry point: the subclass's first requests, then retries of details."""
        for request in self.initial_requests():
            yield request
        for request in self.pending_requests():
            yield request

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """The first listing requests of this run (subclasses)."""
        raise NotImplementedError

    def listing_request(self, url: str, **meta: Any) -> scrapy.Request:
        """A listing page: always fetched, never deduplicated."""
        meta = {"kind": LISTING, **meta}
        return scrapy.Request(
            url, callback=self.parse, errback=self.on_error, meta=meta, dont_filter=True
        )

    def detail_request(self, follow: FollowRequest, listing: DocumentItem | None) -> scrapy.Request:
        """A detail page for a listing row (deduplicated: one fetch per URL per run)."""
        meta: dict[str, Any] = {
            "kind": DETAIL,
            "follow_kind": follow.kind,
            "follow_meta": follow.meta,
        }
        meta["listing"] = listing
        meta["date"] = listing.published_on if listing else None
        url = self.rebase(follow.url)
        request = scrapy.Request(url, callback=self.parse, errback=self.on_error, meta=meta)
        if listing is not None and listing.external_id in self.rechecking:
            request.meta["recheck"] = True
            request.meta["handle_httpstatus_list"] = [304]
            request.headers.update(
                conditional_headers(self.job.validators.get(listing.external_id))
            )
        return request

    # The real origin of each source, and the setting that may point it elsewhere (a test
    # server, `regwatch demo`): parsers build absolute URLs on the real origin.
    ORIGINS: tuple[tuple[str, str], ...] = ()

    def rebase(self, url: str) -> str:
        """Move a URL from the source's real origin to the configured base URL."""
        for origin, setting in self.ORIGINS:
            base = getattr(self.config, setting).rstrip("/")
            if url.startswith(origin) and base != origin:
                return base + url[len(origin) :]
        return url

    def pending_requests(self) -> Iterator[scrapy.Request]:
        """Details that failed on an earlier run, tried again until they arrive."""
        for entry in dict(self.job.cursor.get("pending") or {}).values():
            listing = item_from_dict(entry["item"])
            follow = FollowRequest(entry["url"], entry.get("kind", "detail"), entry.get("meta", {}))
            yield self.detail_request(follow, listing)

    # ------------------------------------------------------------ parsing
    def parse(self, response: Any, **kwargs: Any) -> list[Any]:
        """Read one response with the source's parser and route what it found.

        Returns a list rather than being a generator: Scrapy re-reads the source of every
        generator callback on every response (to warn about `return` values), which costs
        more than the parsing itself.
        """
        return list(self._parse(response))

    def _parse(self, response: Any) -> Iterator[Any]:  # type: ignore[override]
        self.job.stats.fetched += 1
        meta = response.meta
        if response.status == 304 and meta.get("recheck"):
            self._not_modified(meta)
            return
        try:
            result = self.read_page(response)
        except CrawlError as error:
            if isinstance(error, ParseError) and not isinstance(error, WrongDateError):
                self.warn_with_copy(response, _describe_mismatch(error))
            self.page_failed(meta, str(error), response.url)
            return
        if result.expected_items and not result.items and not result.follow:
            meta["_response"] = response  # for the saved copy, should the page be empty
        if meta.get("kind") == DETAIL:
            for out in self._parse_detail(result, meta, response.url):
                if isinstance(out, DocumentItem):
                    _keep_validators(out, response.headers)
                yield out
        else:
            yield from self._parse_listing(result, meta, response.url)

    def read_page(self, response: Any) -> ParseResult:
        """Call the pure parser on the response."""
        date = response.meta.get("date")
        return self.parser.parse_response(response.body, response.url, date, response.headers)

    def check_listing(self, result: ParseResult, meta: dict[str, Any]) -> str | None:
        """One sentence when a listing parsed but must not be trusted (subclasses refine)."""
        if result.status == "truncated":
            return "The listing looks cut off (no closing </html>); it will be read again."
        return None

    def _parse_listing(self, result: ParseResult, meta: dict[str, Any], url: str) -> Iterator[Any]:
        problem = self.check_listing(result, meta)
        if problem:
            self.page_failed(meta, problem, url)
            return
        self.job.stats.listing_ok += 1
        self.job.stats.items_seen += len(result.items)
        if result.expected_items and not result.items and not result.follow:
            self.job.stats.expected_empty += 1
            log.warning("%s: %s returned no items where items were expected", self.source_id, url)
            response = meta.pop("_response", None)
            if response is not None:
                self.warn_with_copy(response, "it held no items where items were expected")
        yield from self._route(result, meta)

    def _route(self, result: ParseResult, meta: dict[str, Any]) -> Iterator[Any]:
        details = self._pair(result)
        paired = set()
        for item in result.items:
            follow = details.get(item.external_id) or details.get(item.url or "")
            if follow is None:
                yield self.finish(item, None)
                continue
            paired.add(id(follow))
            if self.needs_detail(item) or self.start_recheck(item):
                self._paired_details.add(item.external_id)
                yield self.detail_request(follow, item)
            else:
                self.job.stats.skipped_details += 1
                self.job.stats.unchanged += 1
        for follow in result.follow:
            if id(follow) not in paired:
                yield from self.follow_unpaired(follow, meta)

    def _pair(self, result: ParseResult) -> dict[str, FollowRequest]:
        pairs: dict[str, FollowRequest] = {}
        for follow in result.follow:
            if follow.kind == LISTING:
                continue
            key = follow.meta.get("external_id") or follow.url
            pairs[str(key)] = follow
        return pairs

    def follow_unpaired(self, follow: FollowRequest, meta: dict[str, Any]) -> Iterator[Any]:
        """A follow with no listing row: next pages are listings, the rest details."""
        if follow.kind == LISTING:
            url = self.rebase(follow.url)
            yield self.listing_request(url, **{**follow.meta, "date": meta.get("date")})
        else:
            yield self.detail_request(follow, None)

    def needs_detail(self, item: DocumentItem) -> bool:
        """Fetch a detail page only for a row the store lacks or that now reads differently."""
        return self.job.known.get(item.external_id) != fingerprint(item)

    def start_recheck(self, item: DocumentItem) -> bool:
        """True (and counted) when a known row's periodic re-check is due: an edit to its
        detail page leaves the row itself unchanged."""
        if not self.recheck_due(item):
            return False
        self.rechecking.add(item.external_id)
        self.job.stats.rechecked += 1
        return True

    @property
    def rechecking(self) -> set[str]:
        """Known documents whose detail page this run reads again for edits."""
        if not hasattr(self, "_rechecking"):
            self._rechecking: set[str] = set()
        return self._rechecking

    def recheck_due(self, item: DocumentItem) -> bool:
        """True for a recent document whose page was last read `detail_recheck_hours` ago."""
        if not self._recent(item.published_on):
            return False
        when = (self.checked.get(item.external_id) or [None])[0]
        if when is None:
            return True
        age = self.job.now - dt.datetime.fromisoformat(when)
        return age >= dt.timedelta(hours=self.config.detail_recheck_hours)

    def _recent(self, published_on: dt.date | None) -> bool:
        days = self.config.detail_recheck_days
        if days <= 0 or published_on is None:
            return False
        return published_on >= self.job.today - dt.timedelta(days=days)

    def mark_checked(self, listing: DocumentItem | None) -> None:
        """Remember that a recent document's detail page was read now."""
        if listing is not None and self._recent(listing.published_on):
            published = listing.published_on.isoformat() if listing.published_on else None
            self.checked[listing.external_id] = [self.job.now.isoformat(), published]

    def _not_modified(self, meta: dict[str, Any]) -> None:
        """A re-check the server answered 304: the page is as stored."""
        listing: DocumentItem | None = meta.get("listing")
        self.job.stats.not_modified += 1
        self.job.stats.unchanged += 1
        self.mark_checked(listing)
        if listing is not None:
            self.pending.pop(listing.external_id, None)

    def _parse_detail(self, result: ParseResult, meta: dict[str, Any], url: str) -> Iterator[Any]:
        listing: DocumentItem | None = meta.get("listing")
        wanted = listing.external_id if listing else None
        found = [i for i in result.items if wanted is None or i.external_id in (wanted, None)]
        if not found:
            self.page_failed(meta, "The detail page holds no document.", url)
            return
        self.job.stats.items_seen += 1
        yield self.finish(self.merge(listing, found[0]), listing)
        for follow in result.follow:
            if follow.kind == LISTING:
                yield from self.follow_unpaired(follow, meta)

    def merge(self, listing: DocumentItem | None, detail: DocumentItem) -> DocumentItem:
        """The detail page's document, with the listing's values where the detail has none."""
        if listing is None:
            return detail
        values = {
            f.name: getattr(listing, f.name)
            for f in dataclasses.fields(DocumentItem)
            if getattr(detail, f.name) in (None, "") and getattr(listing, f.name) is not None
        }
        extra = {**listing.extra, **detail.extra}
        return dataclasses.replace(detail, **values, extra=extra)

    def finish(self, item: DocumentItem, listing: DocumentItem | None) -> DocumentItem:
        """Mark the item with its listing's fingerprint, then hand it to the pipeline."""
        if listing is not None:
            item.extra["listing_fp"] = fingerprint(listing)
            self.pending.pop(listing.external_id, None)
            if listing.external_id in self._paired_details:
                self.mark_checked(listing)
        return item

    @property
    def _paired_details(self) -> set[str]:
        """Listing rows whose detail page this run requested (their check time moves)."""
        if not hasattr(self, "_paired"):
            self._paired: set[str] = set()
        return self._paired

    # ------------------------------------------------------------ failures
    def warn_with_copy(self, response: Any, what: str) -> None:
        """A health warning naming what no longer matched, with a saved copy of the page."""
        settings = self.config
        folder = saved.responses_dir(settings.path(settings.var_dir))
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        budget = settings.crawl_saved_responses_mb * 1024 * 1024
        try:
            path = saved.save_response(
                folder, self.source_id, bytes(response.body), content_type, self.job.now, budget
            )
        except OSError as error:  # a full or read-only disk must not stop the crawl
            log.warning("%s: could not save a copy of %s: %s", self.source_id, response.url, error)
            path = None
        where = f"; saved as {path}" if path else ""
        self.job.stats.add_warning(f"{response.url}: {what}{where}.")

    def on_error(self, failure: Failure) -> list[Any]:
        """A request failed for good (after retries): count it, say why in one line."""
        request = failure.request  # type: ignore[attr-defined]
        listing = request.meta.get("listing")
        if _robots_refused(failure) and request.meta.get("kind") == DETAIL and listing:
            # robots.txt forbids the text: keep what the listing says rather than lose it.
            listing.extra["text_unavailable"] = "robots.txt"
            return [self.finish(listing, listing)]
        if self.unreachable:  # already said once; the spider is closing
            if request.meta.get("kind") == DETAIL:
                self._remember_pending(request.meta, request.url)  # owed, fetched next run
            return []
        self.page_failed(request.meta, describe_failure(failure), request.url)
        if _host_unreachable(failure):
            self._unreachable = True
            # Every further request to this host would fail the same way, each after its
            # retries: stop now and let the run be recorded as failed.
            raise CloseSpider("source unreachable")
        return []

    def page_failed(self, meta: dict[str, Any], message: str, url: str) -> None:
        """Count a page that yielded nothing usable; remember a detail to retry next run."""
        stats = self.job.stats
        stats.failed += 1
        if meta.get("kind") == DETAIL:
            self._remember_pending(meta, url)
        else:
            stats.listing_failed += 1
        stats.add_error(message)
        log.warning("%s: %s (%s)", self.source_id, message, url)

    def _remember_pending(self, meta: dict[str, Any], url: str) -> None:
        listing: DocumentItem | None = meta.get("listing")
        if listing is None:
            return
        self.pending[listing.external_id] = {
            "url": url,
            "kind": meta.get("follow_kind", "detail"),
            "meta": _jsonable(meta.get("follow_meta") or {}),
            "item": item_to_dict(listing),
        }

    def closed(self, reason: str) -> None:
        """Hand the next cursor to the runner (the old one if the host was unreachable)."""
        if self.unreachable:
            # Requests dropped by the early close were never read: move no date forward.
            owed = {**(self.job.cursor.get("pending") or {}), **self.pending}
            self.job.new_cursor = {**self.job.cursor, "pending": owed}
            return
        self.job.new_cursor = self.next_cursor()

    def next_cursor(self) -> dict[str, Any]:
        """The cursor to store after this run (subclasses add their own keys)."""
        checked = {k: v for k, v in self.checked.items() if self._still_recent(v)}
        return {**self.job.cursor, "pending": self.pending, "checked": checked}

    def _still_recent(self, entry: list[Any]) -> bool:
        published = entry[1] if len(entry) > 1 else None
        return published is not None and self._recent(dt.date.fromisoformat(published))


def _describe_mismatch(error: CrawlError) -> str:
    """What a warning says about a page its parser refused."""
    text = str(error).rstrip(".")
    expected = getattr(error, "expected", None)
    if isinstance(error, StructureError) and expected:
        return f"{text} (expected {expected})"
    return text


def conditional_headers(saved: dict[str, Any] | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from a document's stored validators."""
    headers = {}
    if saved and saved.get("etag"):
        headers["If-None-Match"] = saved["etag"]
    if saved and saved.get("last_modified"):
        headers["If-Modified-Since"] = saved["last_modified"]
    return headers


def _keep_validators(item: DocumentItem, headers: Any) -> None:
    """Keep the detail response's ETag / Last-Modified for the next re-check."""
    for key, name in (("etag", b"ETag"), ("last_modified", b"Last-Modified")):
        value = headers.get(name) if headers is not None else None
        if value and not item.extra.get(key):
            item.extra[key] = value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _host_unreachable(failure: Failure) -> bool:
    """True when the host is unknown or refuses connections (not a slow or erring page)."""
    unreachable = (DownloadConnectionRefusedError, CannotResolveHostError)
    return bool(failure.check(ConnectionRefusedError, DNSLookupError, *unreachable))


def _robots_refused(failure: Failure) -> bool:
    # HttpError is an IgnoreRequest too; only the robots middleware's refusal counts here.
    return bool(failure.check(IgnoreRequest)) and not failure.check(HttpError)


def describe_failure(failure: Failure) -> str:
    """One sentence saying why a request failed."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"The source answered HTTP {status} (after retries); it may be down."
    if failure.check(TimeoutError, DownloadTimeoutError):
        return "The source did not answer in time (download timeout); it may be overloaded."
    if failure.check(ResponseNeverReceived, ResponseDataLossError, DownloadFailedError):
        return "The source closed the connection without answering."
    if _host_unreachable(failure):
        return "The source cannot be reached (connection refused or unknown host)."
    if _robots_refused(failure):
        return "robots.txt forbids this page, so it was not fetched."
    return f"The request failed: {failure.getErrorMessage().rstrip('.')}."


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))
