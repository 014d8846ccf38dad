"""The feed spiders (ANAM) against the fake sources."""

from __future__ import annotations

import datetime as dt

from crawlers.runner import run_source
from tests.crawlers.conftest import NOW


def test_anam_feed_is_stored_once(crawl_context, fake) -> None:
    now = dt.datetime.now(dt.UTC)  # the fake feed is dated from the real today
    first = run_source(crawl_context, "mx_anam", now=now)
    second = run_source(crawl_context, "mx_anam", now=now)
    assert first["status"] == "ok", first
    assert first["new"] >= 5
    assert second["new"] == 0 and second["amended"] == 0
    assert fake.count("anam", "/sitemap.rss") == 2


def test_anam_outage_fails_alone(crawl_context, fake) -> None:
    fake.set_fault("anam", "500")
    stats = run_source(crawl_context, "mx_anam", now=NOW)
    assert stats["status"] == "failed" and "HTTP 500" in stats["error"]
