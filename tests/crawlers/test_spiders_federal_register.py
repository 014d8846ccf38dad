"""The Federal Register spider against the fake API."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from crawlers.runner import run_source
from demo.sites import federal_register as fake_fr
from store.models import Document
from tests.crawlers.conftest import NOW


def test_backfill_follows_next_page_url_and_stores_every_document(
    crawl_context, fake, crawl_session
) -> None:
    since, until = dt.date(2025, 6, 1), dt.date(2026, 3, 6)
    stats = run_source(crawl_context, "us_federal_register", since=since, until=until, now=NOW)
    expected = fake_fr.documents_between(since, until)
    assert stats["status"] == "ok", stats
    assert stats["new"] == len(expected) > 100
    assert fake.count("fr", "/api/v1/documents.json") == -(-len(expected) // 100)
    pages = [r.query for r in fake.requests("fr", "/api/v1/documents.json")]
    agency = "conditions%5Bagencies%5D%5B%5D=u-s-customs-and-border-protection"
    assert all(agency in query for query in pages)
    doc = crawl_session.scalars(
        select(Document).where(Document.external_id == expected[0]["document_number"])
    ).one()
    assert doc.language == "en" and doc.agency == "U.S. Customs and Border Protection"
    assert doc.published_on == dt.date.fromisoformat(str(expected[0]["publication_date"]))


def test_second_run_changes_nothing(crawl_context) -> None:
    first = run_source(crawl_context, "us_federal_register", now=NOW)
    second = run_source(crawl_context, "us_federal_register", now=NOW + dt.timedelta(hours=1))
    assert first["new"] > 0
    assert second["new"] == 0 and second["amended"] == 0 and second["unchanged"] > 0
