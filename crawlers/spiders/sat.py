"""SAT normatividad: the yearly RMF / RGCE page with a conditional GET, then every linked
file with a conditional GET of its own.

SAT replaces files in place without touching the page, so each run revalidates every
linked file: a 304 means the file is unchanged; new bytes become new content (the
stored body names the file's size and SHA-256), hence a Revision and an `amended`
Change. When the page itself answers 304, the links read on the last good run are
revalidated. A link whose text changed on the page is fetched unconditionally, so the
new title is stored with the file's current bytes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

import scrapy

from crawlers.items import DocumentItem, FollowRequest, ParseResult
from crawlers.spiders.base import DETAIL, SourceSpider, fingerprint, item_from_dict, item_to_dict

PAGE_PATH = "/minisitio/NormatividadRMFyRGCE/normatividad_rmf_rgce{year}.html"
NOT_MODIFIED = "not_modified"
FILE_KEYS = ("sha256", "bytes", "last_modified", "etag", "content_type", "file_kind", "members")


class SatNormatividadSpider(SourceSpider):
    """This year's page (and last year's in January, when the new one may not exist yet)."""

    name = "mx_sat_normatividad"
    source_id = "mx_sat_normatividad"
    ORIGINS = (("https://www.sat.gob.mx", "sat_base_url"),)
    custom_settings = {"HTTPERROR_ALLOWED_CODES": [304]}

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """The yearly page, with If-None-Match / If-Modified-Since from the last good run."""
        year = self.job.today.year
        years = (year - 1, year) if self.job.today.month == 1 else (year,)
        for each in years:
            url = self.config.sat_base_url.rstrip("/") + PAGE_PATH.format(year=each)
            request = self.listing_request(url)
            if url in (self.job.cursor.get("listings") or {}):
                request.headers.update(_conditional(self._saved_validators(url)))
            yield request

    def _saved_validators(self, url: str) -> dict[str, Any]:
        return (self.job.cursor.get("validators") or {}).get(url) or {}

    # ------------------------------------------------------------ reading
    def read_page(self, response: Any) -> ParseResult:
        """304: the page's links as last read, or "not modified" for a file."""
        listing = response.meta.get("kind") != DETAIL
        if response.status == 304 and listing:
            return self._saved_listing(response.url)
        if response.status == 304:
            return ParseResult(status=NOT_MODIFIED)
        result = super().read_page(response)  # raises when the page cannot be trusted
        if listing:
            self._remember_page(response, result)
        return result

    def _saved_listing(self, url: str) -> ParseResult:
        saved = (self.job.cursor.get("listings") or {}).get(url) or []
        items = [item_from_dict(entry) for entry in saved]
        follow = [_file_follow(item) for item in items]
        return ParseResult(items=items, follow=follow, status=NOT_MODIFIED, expected_items=True)

    def _remember_page(self, response: Any, result: ParseResult) -> None:
        """Validators and links of a page that parsed, for the next run's conditional GET."""
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        self.job.cursor.setdefault("validators", {})[response.url] = {
            "etag": etag.decode("latin-1") if etag else None,
            "last_modified": modified.decode("latin-1") if modified else None,
        }
        listings = self.job.cursor.setdefault("listings", {})
        listings[response.url] = [item_to_dict(item) for item in result.items]

    # ------------------------------------------------------------ files
    def needs_detail(self, item: DocumentItem) -> bool:
        """Every linked file is revalidated (conditional GET) on every run."""
        return True

    def detail_request(self, follow: FollowRequest, listing: DocumentItem | None) -> scrapy.Request:
        """The file, conditional when it is stored and its link reads as before."""
        request = super().detail_request(follow, listing)
        if listing is not None and self.job.known.get(listing.external_id) == fingerprint(listing):
            request.headers.update(_conditional(self.job.validators.get(listing.external_id)))
        return request

    def _parse_detail(self, result: ParseResult, meta: dict[str, Any], url: str) -> Iterator[Any]:
        if result.status == NOT_MODIFIED:
            self.job.stats.unchanged += 1
            listing = meta.get("listing")
            if listing is not None:
                self.pending.pop(listing.external_id, None)
            return
        yield from super()._parse_detail(result, meta, url)

    def merge(self, listing: DocumentItem | None, detail: DocumentItem) -> DocumentItem:
        """The page's description of the link (title, date, type) with the file's facts."""
        if listing is None:
            return detail
        facts = {key: detail.extra[key] for key in FILE_KEYS if key in detail.extra}
        extra = {**listing.extra, **facts}
        return dataclasses.replace(listing, body=describe_file(listing.title, facts), extra=extra)


def describe_file(title: str, facts: dict[str, Any]) -> str:
    """The stored body of a linked file: what it is, its size and its SHA-256.

    The hash is part of the text on purpose: the store compares content, so a file
    replaced in place under the same link and title still becomes an amendment.
    """
    kind = str(facts.get("file_kind") or "").upper() or "desconocido"
    lines = [
        f"{title}.",
        f"Archivo {kind} de {facts.get('bytes', 0)} bytes publicado en el minisitio "
        "Normatividad RMF y RGCE del SAT.",
        f"SHA-256: {facts.get('sha256', '')}",
    ]
    members = [str(member.get("name")) for member in facts.get("members") or []]
    if members:
        lines.append("Contiene: " + ", ".join(members))
    return "\n".join(lines)


def _file_follow(item: DocumentItem) -> FollowRequest:
    return FollowRequest(url=item.url or "", kind="file", meta={"external_id": item.external_id})


def _conditional(saved: dict[str, Any] | None) -> dict[str, str]:
    headers = {}
    if saved and saved.get("etag"):
        headers["If-None-Match"] = saved["etag"]
    if saved and saved.get("last_modified"):
        headers["If-Modified-Since"] = saved["last_modified"]
    return headers
