"""The fault suite: a misbehaving source yields no bad data, one clear log line per page,
a health flag after N failed runs (one staff email), and no effect on other sources."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from crawlers.runner import run_source, run_sources
from store.models import CrawlRun, Document, RunStatus, Source, SourceState
from tests.crawlers.conftest import NOW

# A Wednesday: the day before is a weekday too, so "a different day's page" has a date.
WEDNESDAY = dt.date(2026, 3, 4)

INDEX_FAULTS = {
    "500": ("answered HTTP 500",),
    "timeout": ("did not answer in time",),
    "empty": ("empty",),
    "captcha": ("bot check",),
    "wrong_day": ("instead of the requested",),
    # A cut-off edition is "cut off"; a cut-off "no edition" page is no index at all.
    "truncated": ("cut off", "not a DOF edition index"),
}


def _documents(session) -> int:  # type: ignore[no-untyped-def]
    session.commit()  # end the read snapshot (never roll back: PG shares the connection)
    return session.scalar(select(func.count()).select_from(Document))


def _crawl_one_day(context) -> dict:  # type: ignore[no-untyped-def]
    return run_source(context, "dof_daily", since=WEDNESDAY, until=WEDNESDAY, now=NOW)


@pytest.fixture()
def index_only(crawl_context):  # type: ignore[no-untyped-def]
    """The DOF read from its index alone: these tests are about one route's faults
    (tests/crawlers/test_dof_routes.py covers the fallbacks)."""
    crawl_context.settings = crawl_context.settings.model_copy(update={"dof_routes": ["index"]})
    return crawl_context


def _outbox_files(settings) -> list:  # type: ignore[no-untyped-def]
    folder = settings.path(settings.outbox_dir)
    return sorted(folder.rglob("*.eml")) if folder.exists() else []


@pytest.mark.parametrize("fault", sorted(INDEX_FAULTS))
def test_index_fault_stores_nothing_and_says_why(
    fault, index_only, crawl_context, fake, crawl_session, caplog
) -> None:
    fake.set_fault("dof", fault, path_contains="/index_111.php")
    with caplog.at_level(logging.WARNING, logger="crawlers"):
        stats = _crawl_one_day(crawl_context)
    assert stats["status"] == "failed", stats
    assert stats["new"] == 0 and _documents(crawl_session) == 0
    assert fake.count("sidof", "/notas/docFuente/") == 0
    phrases = INDEX_FAULTS[fault]
    assert any(phrase in stats["error"] for phrase in phrases)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("crawlers")]
    assert any("dof_daily" in line and phrases[0] in line for line in lines)
    assert all("\n" not in line for line in lines)  # one line each, never a traceback


def test_flag_after_threshold_then_one_email_then_recovery(
    index_only, crawl_context, fake, crawl_session
) -> None:
    settings = crawl_context.settings  # crawl_failure_threshold = 2
    fake.set_fault("dof", "500")
    first = _crawl_one_day(crawl_context)
    assert first["state"] == "failing"
    second = _crawl_one_day(crawl_context)
    assert second["state"] == "flagged"
    third = _crawl_one_day(crawl_context)
    assert third["state"] == "flagged"
    assert len(_outbox_files(settings)) == 1  # staff hear once, not once per run
    fake.set_fault("dof", None)
    recovered = _crawl_one_day(crawl_context)
    assert recovered["status"] == "ok" and recovered["state"] == "ok"
    source = crawl_session.get(Source, "dof_daily")
    crawl_session.refresh(source)
    assert source.state == SourceState.OK and source.consecutive_failures == 0
    assert source.flagged_at is None and source.staff_alerted_at is None
    statuses = crawl_session.scalars(select(CrawlRun.status).order_by(CrawlRun.id)).all()
    assert statuses == [RunStatus.FAILED] * 3 + [RunStatus.OK]


def test_detail_fault_keeps_notes_owed_and_fetches_them_next_run(
    crawl_context, fake, crawl_session
) -> None:
    fake.set_fault("sidof", "500", path_contains="/notas/docFuente/")
    stats = _crawl_one_day(crawl_context)
    assert stats["status"] == "partial" and stats["new"] == 0 and stats["failed"] > 0
    assert _documents(crawl_session) == 0  # no note stored without its text
    fake.set_fault("sidof", None)
    again = run_source(crawl_context, "dof_daily", now=NOW)
    assert again["failed"] == 0
    assert again["new"] == _documents(crawl_session) > 0


@pytest.mark.parametrize("fault", ["captcha", "empty", "truncated"])
def test_bad_detail_page_is_not_stored(fault, crawl_context, fake, crawl_session) -> None:
    fake.set_fault("sidof", fault, path_contains="/notas/docFuente/")
    stats = _crawl_one_day(crawl_context)
    bodies = crawl_session.scalars(select(Document.body)).all()
    if fault == "truncated":
        # A cut-off note text still carries the whole title; what it has is stored, and the
        # note is complete again as soon as an amended text arrives.
        assert stats["failed"] == 0 or stats["new"] == 0
    else:
        assert stats["new"] == 0 and bodies == []
        assert stats["status"] == "partial"


def test_weekday_without_edition_flags_at_once(index_only, crawl_context, fake) -> None:
    # A weekday whose MAT index says "no data" is a missing edition (or a broken site).
    fake.set_fault("dof", "no_edition", path_contains="/index_111.php")
    monday = dt.date(2026, 3, 2)
    stats = run_source(crawl_context, "dof_daily", since=monday, until=monday, now=NOW)
    assert stats["new"] == 0
    assert stats["missed_days"] == ["2026-03-02"]
    assert stats["state"] == "flagged"


def test_other_sources_unaffected(index_only, crawl_context, fake) -> None:
    fake.set_fault("dof", "500")
    results = run_sources(crawl_context, ["dof_daily", "us_federal_register"], now=NOW)
    assert results["dof_daily"]["status"] == "failed"
    assert results["us_federal_register"]["status"] == "ok"
    assert results["us_federal_register"]["new"] > 0


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends


def test_unreachable_source_fails_fast_after_its_first_refusal(
    index_only, crawl_context, crawl_session
):
    base = f"http://127.0.0.1:{_closed_port()}"
    settings = crawl_context.settings.model_copy(
        update={"dof_base_url": base, "crawl_retry_times": 2}
    )
    crawl_context.settings = settings
    week = (dt.date(2026, 3, 2), dt.date(2026, 3, 6))  # 15 editions' index pages
    stats = run_source(crawl_context, "dof_daily", since=week[0], until=week[1], now=NOW)
    assert stats["status"] == "failed"
    assert "cannot be reached" in stats["error"]
    assert stats["failed"] <= 2  # stopped, instead of failing each page after its retries
    assert _documents(crawl_session) == 0


def test_unreachable_source_keeps_its_cursor(index_only, crawl_context, crawl_session):
    good = run_source(crawl_context, "dof_daily", since=None, until=None, now=NOW)
    assert good["status"] in {"ok", "partial"}
    crawl_session.commit()
    before = dict(crawl_session.get(Source, "dof_daily").cursor)
    assert before.get("last_good_date")
    crawl_context.settings = crawl_context.settings.model_copy(
        update={"dof_base_url": f"http://127.0.0.1:{_closed_port()}"}
    )
    later = NOW + dt.timedelta(days=3)
    assert run_source(crawl_context, "dof_daily", now=later)["status"] == "failed"
    crawl_session.commit()
    crawl_session.expire_all()
    after = crawl_session.get(Source, "dof_daily").cursor
    assert after.get("last_good_date") == before.get("last_good_date")
