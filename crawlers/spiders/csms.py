"""CBP CSMS on GovDelivery: the widget listing, then each bulletin not yet stored."""

from __future__ import annotations

from collections.abc import Iterable

import scrapy

from crawlers.spiders.base import SourceSpider


class CsmsSpider(SourceSpider):
    """The widget JSONP of the CSMS account, then bulletin pages."""

    name = "us_cbp_csms"
    source_id = "us_cbp_csms"
    ORIGINS = (("https://content.govdelivery.com", "csms_base_url"),)

    def initial_requests(self) -> Iterable[scrapy.Request]:
        """The account's widget listing (the 50 latest bulletins)."""
        base = self.config.csms_base_url.rstrip("/")
        account = self.config.csms_account
        yield self.listing_request(f"{base}/accounts/{account}/widgets/{account}_WIDGET_2/0.json")
