"""Source health rules, on the real database: runs recorded, failures counted, one flag."""

from __future__ import annotations

import datetime as dt

from crawlers import health
from crawlers.plan import CrawlStats
from store.models import CrawlRun, RunStatus, Source, SourceState

NOW = dt.datetime(2026, 3, 6, 12, 0, tzinfo=dt.UTC)


def _run(session, stats: CrawlStats, threshold: int = 3, crashed: bool = False):  # type: ignore[no-untyped-def]
    run_id = health.start_run(session, "mx_anam", {}, NOW)
    return health.finish_run(session, run_id, stats, {"k": 1}, NOW, threshold, crashed)


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None)  # SQLite hands back naive UTC


def _failed() -> CrawlStats:
    stats = CrawlStats(listing_failed=1, failed=1)
    stats.add_error("The source answered HTTP 500 (after retries); it may be down.")
    return stats


def test_run_status_rules() -> None:
    assert health.run_status(CrawlStats(listing_ok=2)) == RunStatus.OK
    assert health.run_status(CrawlStats(listing_ok=1, listing_failed=1)) == RunStatus.PARTIAL
    assert health.run_status(CrawlStats(listing_ok=1, rejected=1)) == RunStatus.PARTIAL
    assert health.run_status(CrawlStats(listing_failed=2)) == RunStatus.FAILED
    assert health.run_status(CrawlStats(listing_ok=3), crashed=True) == RunStatus.FAILED


def test_flag_only_at_threshold_and_alert_once(crawl_session) -> None:
    verdicts = [_run(crawl_session, _failed()) for _ in range(5)]
    assert [v.state for v in verdicts] == [SourceState.FAILING] * 2 + [SourceState.FLAGGED] * 3
    assert [bool(v.alert) for v in verdicts] == [False, False, True, False, False]
    source = crawl_session.get(Source, "mx_anam")
    assert source.consecutive_failures == 5 and "HTTP 500" in source.last_error
    assert source.cursor == {}  # a failed run never moves the cursor


def test_recovery_clears_flag_and_next_flag_alerts_again(crawl_session) -> None:
    for _ in range(3):
        _run(crawl_session, _failed())
    ok = _run(crawl_session, CrawlStats(listing_ok=1, items_seen=3, new=3))
    assert ok.state == SourceState.OK and ok.alert is None
    source = crawl_session.get(Source, "mx_anam")
    assert source.flagged_at is None and source.staff_alerted_at is None
    assert _naive(source.last_success_at) == _naive(NOW) and source.cursor == {"k": 1}
    again = [_run(crawl_session, _failed()) for _ in range(3)]
    assert again[-1].alert is not None


def test_nothing_where_something_was_expected_flags_at_once(crawl_session) -> None:
    empty = CrawlStats(listing_ok=3, expected_empty=1)
    first = _run(crawl_session, empty)
    second = _run(crawl_session, empty)
    assert first.state == SourceState.FLAGGED and first.alert
    assert second.alert is None  # still flagged: no second email


def test_every_run_is_recorded_with_its_counts(crawl_session) -> None:
    _run(crawl_session, CrawlStats(fetched=7, new=2, unchanged=5, listing_ok=1))
    run = crawl_session.query(CrawlRun).one()
    assert (run.fetched, run.new, run.unchanged, run.status) == (7, 2, 5, RunStatus.OK)
    assert _naive(run.finished_at) == _naive(NOW)


def test_list_health_shows_never_run_sources(crawl_session) -> None:
    _run(crawl_session, _failed())
    rows = {row.id: row for row in health.list_health(crawl_session, ["dof_daily", "mx_anam"])}
    assert rows["dof_daily"].state == "new" and rows["dof_daily"].last_success_at is None
    assert rows["mx_anam"].state == "failing"


def _store_one(session, source_id: str) -> None:  # type: ignore[no-untyped-def]
    from store.changes import ensure_source, upsert_document

    ensure_source(session, source_id)
    fields = {"title": "Aviso", "published_on": dt.date(2026, 3, 2), "language": "es"}
    upsert_document(session, source_id, "x1", fields, NOW)


def test_listings_without_any_item_warn_where_items_are_stored(crawl_session) -> None:
    _store_one(crawl_session, "mx_anam")
    verdict = _run(crawl_session, CrawlStats(listing_ok=1, items_seen=0))
    source = crawl_session.get(Source, "mx_anam")
    assert verdict.status == RunStatus.OK
    assert source.warnings and "showed no items at all" in source.warnings[0]
    run = crawl_session.query(CrawlRun).order_by(CrawlRun.id.desc()).first()
    assert run.warnings == source.warnings


def test_no_such_warning_for_a_new_source_or_a_run_with_items(crawl_session) -> None:
    _run(crawl_session, CrawlStats(listing_ok=1, items_seen=0))  # nothing stored yet
    assert not crawl_session.get(Source, "mx_anam").warnings
    _store_one(crawl_session, "mx_anam")
    _run(crawl_session, CrawlStats(listing_ok=1, items_seen=4))
    assert not crawl_session.get(Source, "mx_anam").warnings


def test_date_query_sources_may_answer_empty(crawl_session) -> None:
    _store_one(crawl_session, "us_federal_register")
    run_id = health.start_run(crawl_session, "us_federal_register", {}, NOW)
    health.finish_run(crawl_session, run_id, CrawlStats(listing_ok=1), {}, NOW, 3)
    assert not crawl_session.get(Source, "us_federal_register").warnings
