"""CBP CSMS on GovDelivery: the widget listing, then each bulletin not yet stored.

The widget also lists bulletins without a CSMS number (webinar invitations, newsroom
items). Their pages are read once, in case the page reveals a number, and remembered
in the cursor so that later runs do not fetch them again. A bulletin page cut off
before its end is refused (its body would be stored half-read) and retried next run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

import scrapy

from crawlers.errors import ParseError
from crawlers.items import FollowRequest, ParseResult
from crawlers.parsers.mx_common import looks_truncated_html
from crawlers.spiders.base import DETAIL, LISTING, SourceSpider

log = logging.getLogger("crawlers.spider")

NOT_A_MESSAGE = "not_a_message"
MAX_REMEMBERED = 500  # unnumbered bulletins kept in the cursor (the widget lists ~100)


class CsmsSpider(SourceSpider):
    """The widget JSONP of the CSMS account, then bulletin pages."""

    name = "us_cbp_csms"
    source_id = "us_cbp_csms"
    ORIGINS = (("https://content.govdelivery.com", "csms_base_url"),)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unnumbered: list[str] = list(self.job.cursor.get("unnumbered") or [])

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """The account's widget listing (the latest bulletins)."""
        base = self.config.csms_base_url.rstrip("/")
        account = self.config.csms_account
        yield self.listing_request(f"{base}/accounts/{account}/widgets/{account}_WIDGET_2/0.json")

    def follow_unpaired(self, follow: FollowRequest, meta: dict[str, Any]) -> Iterator[Any]:
        """An unnumbered bulletin is fetched once; numbered ones always pair with a row."""
        if follow.kind != LISTING and _slug(follow.url) in self.unnumbered:
            return
        yield from super().follow_unpaired(follow, meta)

    def read_page(self, response: Any) -> ParseResult:
        """Parse, refusing a cut-off bulletin; an unnumbered page is not an error."""
        detail = response.meta.get("kind") == DETAIL
        if detail and _is_html(response.body) and looks_truncated_html(_tail(response.body)):
            raise ParseError("The bulletin page stops before its end; it will be read again.")
        try:
            return super().read_page(response)
        except ParseError:
            if detail and response.meta.get("listing") is None:
                return ParseResult(status=NOT_A_MESSAGE)
            raise

    def _parse_detail(self, result: ParseResult, meta: dict[str, Any], url: str) -> Iterator[Any]:
        if meta.get("listing") is None:
            self._remember_unnumbered(url)
        if result.status == NOT_A_MESSAGE:
            log.info("%s: %s is not a numbered CBP message; skipped", self.source_id, url)
            return
        yield from super()._parse_detail(result, meta, url)

    def _remember_unnumbered(self, url: str) -> None:
        slug = _slug(url)
        if slug not in self.unnumbered:
            self.unnumbered = [*self.unnumbered, slug][-MAX_REMEMBERED:]

    def next_cursor(self) -> dict[str, Any]:
        """The base cursor plus the unnumbered bulletins already read."""
        return {**super().next_cursor(), "unnumbered": self.unnumbered}


def _slug(url: str) -> str:
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()


def _is_html(body: bytes) -> bool:
    return b"<html" in body[:2000].lower()


def _tail(body: bytes) -> str:
    return body[-8192:].decode("utf-8", errors="replace")
