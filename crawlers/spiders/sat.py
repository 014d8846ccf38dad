"""SAT normatividad: the yearly RMF / RGCE page with a conditional GET, then each new or
changed linked file (hash, Last-Modified) as a document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import scrapy

from crawlers.items import ParseResult
from crawlers.spiders.base import SourceSpider

PAGE_PATH = "/minisitio/NormatividadRMFyRGCE/normatividad_rmf_rgce{year}.html"


class SatNormatividadSpider(SourceSpider):
    """This year's page (and last year's in January, when the new one may not exist yet)."""

    name = "mx_sat_normatividad"
    source_id = "mx_sat_normatividad"
    ORIGINS = (("https://www.sat.gob.mx", "sat_base_url"),)
    custom_settings = {"HTTPERROR_ALLOWED_CODES": [304]}

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """The yearly page, with If-None-Match / If-Modified-Since from the last run."""
        year = self.job.today.year
        years = (year - 1, year) if self.job.today.month == 1 else (year,)
        for each in years:
            url = self.config.sat_base_url.rstrip("/") + PAGE_PATH.format(year=each)
            request = self.listing_request(url)
            request.headers.update(self._conditional_headers(url))
            yield request

    def _conditional_headers(self, url: str) -> dict[str, str]:
        saved = (self.job.cursor.get("validators") or {}).get(url) or {}
        headers = {}
        if saved.get("etag"):
            headers["If-None-Match"] = saved["etag"]
        if saved.get("last_modified"):
            headers["If-Modified-Since"] = saved["last_modified"]
        return headers

    def read_page(self, response: Any) -> ParseResult:
        """A 304 is "nothing changed", a normal outcome; otherwise parse and keep validators."""
        if response.status == 304:
            return ParseResult(status="not_modified")
        if response.meta.get("kind") != "detail":
            self._remember_validators(response)
        return super().read_page(response)

    def _remember_validators(self, response: Any) -> None:
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        validators = self.job.cursor.setdefault("validators", {})
        validators[response.url] = {
            "etag": etag.decode("latin-1") if etag else None,
            "last_modified": modified.decode("latin-1") if modified else None,
        }
