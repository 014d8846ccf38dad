"""The gob.mx press spider against the fake archives of SAT, SE, STPS and CONASAMI."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from crawlers.runner import run_source
from demo.sites import gobmx as fake_gobmx
from store.models import Change, ChangeKind, Document, Revision
from tests.crawlers.conftest import NOW

SOURCE = "mx_gobmx_prensa"
AGENCIES = ("sat", "se", "stps", "conasami")
LISTING = "/archivo/prensa"
ARTICLES = "/prensa/"  # also matches listings; see _article_requests


@pytest.fixture(autouse=True)
def _pinned_day(fake) -> None:  # type: ignore[no-untyped-def]
    fake.state.others.today = NOW.date()


def _published(since: dt.date, until: dt.date, today: dt.date = NOW.date()) -> list:  # type: ignore[type-arg]
    return [
        article
        for agency in AGENCIES
        for article in fake_gobmx.archive(agency, today)
        if since <= article.day <= until
    ]


def _window() -> list:  # type: ignore[type-arg]
    # crawl_first_run_days is 5: Monday 2 to Friday 6 March 2026.
    return _published(dt.date(2026, 3, 2), NOW.date())


def _article_requests(fake) -> list:  # type: ignore[no-untyped-def]
    return [r for r in fake.requests("gobmx", ARTICLES) if LISTING not in r.path]


def _documents(session) -> dict[str, Document]:  # type: ignore[no-untyped-def]
    session.commit()  # a fresh snapshot (never roll back: PG shares the connection)
    session.expire_all()
    statement = select(Document).where(Document.source_id == SOURCE)
    return {doc.external_id: doc for doc in session.scalars(statement)}


def _count(session, model, *where) -> int:  # type: ignore[no-untyped-def]
    session.commit()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _run(context, hours: int = 0, **kwargs) -> dict:  # type: ignore[no-untyped-def]
    return run_source(context, SOURCE, now=NOW + dt.timedelta(hours=hours), **kwargs)


def test_first_run_reads_page_one_of_each_agency_within_the_window(
    crawl_context, fake, crawl_session
) -> None:
    stats = _run(crawl_context)
    expected = _window()
    assert stats["status"] == "ok", stats
    assert stats["new"] == len(expected) == 11 and stats["failed"] == 0
    assert set(_documents(crawl_session)) == {a.external_id for a in expected}
    # Page 1 already reaches past the window for every agency: no page 2.
    assert fake.count("gobmx", LISTING) == len(AGENCIES)
    assert len(_article_requests(fake)) == len(expected)


def test_article_fields_come_from_card_and_page(crawl_context, crawl_session) -> None:
    _run(crawl_context)
    article = fake_gobmx.archive("stps", NOW.date())[0]
    doc = _documents(crawl_session)[article.external_id]
    assert doc.title == article.title and doc.published_on == article.day
    assert doc.agency == "STPS" and doc.language == "es" and doc.doc_type == "comunicado"
    assert doc.url.endswith(article.path + "?idiom=es")
    assert "industria manufacturera" in doc.body
    assert doc.extra["authority"] == "Secretaría del Trabajo y Previsión Social"
    assert doc.extra["attachments"][0]["url"].endswith(".pdf")
    sat = fake_gobmx.archive("sat", NOW.date())[0]
    assert _documents(crawl_session)[sat.external_id].extra["bulletin_number"] == sat.number


def test_second_run_fetches_no_article_and_stores_nothing(
    crawl_context, fake, crawl_session
) -> None:
    _run(crawl_context)
    fake.clear_log()
    stats = _run(crawl_context, hours=2)
    assert stats["new"] == 0 and stats["amended"] == 0
    # The cursor starts this run two days before the last good one: 4 to 6 March.
    assert stats["skipped_details"] == len(_published(dt.date(2026, 3, 4), NOW.date()))
    assert fake.count("gobmx", LISTING) == len(AGENCIES) and not _article_requests(fake)
    assert _count(crawl_session, Change) == len(_window())


def test_next_run_reads_only_since_the_last_good_day(crawl_context, fake) -> None:
    # Re-checks of recent pages for edits are covered in test_rechecks.py.
    crawl_context.settings = crawl_context.settings.model_copy(update={"detail_recheck_days": 0})
    _run(crawl_context)
    monday = dt.date(2026, 3, 9)
    fake.state.others.today = monday
    fake.clear_log()
    stats = run_source(crawl_context, SOURCE, now=NOW + dt.timedelta(days=3))
    fresh = _published(monday, monday, monday)
    assert stats["new"] == len(fresh) == 3  # SAT, SE and CONASAMI publish on Mondays
    assert len(_article_requests(fake)) == len(fresh)


def test_retitled_article_becomes_revision_and_amended_change(
    crawl_context, fake, crawl_session
) -> None:
    _run(crawl_context)
    article = fake_gobmx.archive("se", NOW.date())[1]
    title = "Economía precisa los requisitos de ampliación de programas IMMEX"
    fake.state.others.retitle("gobmx", article.external_id, title)
    fake.clear_log()
    stats = _run(crawl_context, hours=1)
    assert stats["amended"] == 1 and stats["new"] == 0
    assert len(_article_requests(fake)) == 1
    doc = _documents(crawl_session)[article.external_id]
    assert doc.title == title
    assert _count(crawl_session, Document, Document.source_id == SOURCE) == len(_window())
    assert _count(crawl_session, Revision, Revision.document_id == doc.id) == 1
    kinds = crawl_session.scalars(
        select(Change.kind).where(Change.document_id == doc.id).order_by(Change.id)
    ).all()
    assert kinds == [ChangeKind.NEW, ChangeKind.AMENDED]


def test_backfill_pages_back_exactly_as_far_as_the_range(crawl_context, fake) -> None:
    since, until = dt.date(2026, 1, 5), dt.date(2026, 1, 16)
    stats = _run(crawl_context, since=since, until=until)
    expected = _published(since, until)
    assert stats["status"] == "ok", stats
    assert stats["new"] == len(expected) and len(_article_requests(fake)) == len(expected)
    # SAT: pages until the one that reaches before 5 January, and no further.
    sat_before = [a for a in fake_gobmx.archive("sat", NOW.date()) if a.day >= since]
    pages = len(sat_before) // fake_gobmx.PER_PAGE + 1
    assert fake.count("gobmx", "/sat" + LISTING) == pages


@pytest.mark.parametrize(
    ("fault", "phrase"),
    [("500", "HTTP 500"), ("captcha", "captcha"), ("truncated", "stops before its end")],
)
def test_listing_fault_stores_nothing_says_why_and_flags(
    fault, phrase, crawl_context, fake, crawl_session, caplog
) -> None:
    fake.set_fault("gobmx", fault, path_contains=LISTING)
    with caplog.at_level(logging.WARNING, logger="crawlers"):
        first = _run(crawl_context)
    second = _run(crawl_context, hours=1)  # crawl_failure_threshold is 2
    assert first["status"] == "failed" and phrase in first["error"]
    assert second["state"] == "flagged"
    assert _count(crawl_session, Document) == 0 and not _article_requests(fake)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("crawlers")]
    assert any(SOURCE in line and phrase in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_one_agency_down_does_not_stop_the_others_nor_lose_its_window(
    crawl_context, fake, crawl_session
) -> None:
    fake.set_fault("gobmx", "500", path_contains="/se/archivo")
    stats = _run(crawl_context)
    se = [a for a in _window() if a.portal == "se"]
    assert stats["status"] == "partial" and stats["new"] == len(_window()) - len(se)
    fake.set_fault("gobmx", None)
    fake.state.others.today = dt.date(2026, 3, 10)
    later = run_source(crawl_context, SOURCE, now=NOW + dt.timedelta(days=4))
    # Economía's window still starts on 2 March: its three articles are caught up.
    assert {a.external_id for a in se} <= set(_documents(crawl_session))
    assert later["failed"] == 0


@pytest.mark.parametrize("fault", ["truncated", "captcha", "500"])
def test_bad_article_page_is_not_stored_and_is_owed(
    fault, crawl_context, fake, crawl_session
) -> None:
    article = fake_gobmx.archive("conasami", NOW.date())[0]
    fake.set_fault("gobmx", fault, path_contains=article.path)
    stats = _run(crawl_context)
    assert stats["status"] == "partial" and stats["failed"] == 1
    assert article.external_id not in _documents(crawl_session)
    fake.set_fault("gobmx", None)
    again = _run(crawl_context, hours=1)
    assert again["new"] == 1 and again["failed"] == 0
    assert article.external_id in _documents(crawl_session)
