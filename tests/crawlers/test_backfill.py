"""Backfills in windows that survive a kill, store each document once, and show progress."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from crawlers.backfill import plan_backfill, run_backfill, split_windows
from demo.sites import dof as fake_dof
from store.models import CrawlRun, Document, Source
from tests.crawlers.conftest import NOW
from tests.crawlers.test_commands import _env

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _notes(since: dt.date, until: dt.date) -> set[str]:
    days = [since + dt.timedelta(days=i) for i in range((until - since).days + 1)]
    return {
        str(n.code) for d in days for e in fake_dof.EDITIONS for n in fake_dof.notes_of(d, e, 8)
    }


def test_windows_cover_the_range_without_overlap() -> None:
    windows = split_windows(dt.date(2026, 1, 1), dt.date(2026, 1, 20), 7)
    assert windows == [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 7)),
        (dt.date(2026, 1, 8), dt.date(2026, 1, 14)),
        (dt.date(2026, 1, 15), dt.date(2026, 1, 20)),
    ]


def test_plan_resumes_after_the_last_finished_window() -> None:
    record = {"since": "2026-01-01", "until": "2026-01-31", "done_through": "2026-01-14"}
    plan = plan_backfill("dof_daily", {"backfill": record}, dt.date(2026, 1, 1), None, NOW.date())
    assert plan.done == 2 and plan.until == dt.date(2026, 1, 31)
    assert plan.remaining[0] == (dt.date(2026, 1, 15), dt.date(2026, 1, 21))
    other = plan_backfill("dof_daily", {"backfill": record}, dt.date(2025, 1, 1), None, NOW.date())
    assert other.done == 0  # another range starts afresh
    again = plan_backfill(
        "dof_daily", {"backfill": record}, dt.date(2026, 1, 1), None, NOW.date(), restart=True
    )
    assert again.done == 0


def test_backfill_stores_each_note_once_and_records_its_progress(
    crawl_context, fake, crawl_session
) -> None:
    since, until = dt.date(2026, 2, 2), dt.date(2026, 2, 20)
    seen: list[tuple[int, int]] = []
    stats = run_backfill(
        crawl_context, "dof_daily", since, until, NOW, lambda s, d, t, st: seen.append((d, t))
    )
    assert stats["status"] == "ok" and stats["windows"] == 3
    crawl_session.commit()
    stored = set(crawl_session.scalars(select(Document.external_id)))
    assert stored == _notes(since, until) and stats["new"] == len(stored)
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    record = crawl_session.get(Source, "dof_daily").cursor["backfill"]
    assert record == {"since": "2026-02-02", "until": "2026-02-20", "done_through": "2026-02-20"}
    fake.clear_log()
    again = run_backfill(crawl_context, "dof_daily", since, until, NOW)
    assert again["resumed_windows"] == 3 and again["fetched"] == 0  # nothing left to do
    assert fake.count("dof") == 0


def test_a_failed_window_stops_the_backfill_where_it_failed(crawl_context, fake) -> None:
    crawl_context.settings = crawl_context.settings.model_copy(update={"dof_routes": ["index"]})
    fake.set_fault("dof", "500", path_contains="month=02&day=1")  # 10..19 February
    stats = run_backfill(crawl_context, "dof_daily", dt.date(2026, 2, 2), dt.date(2026, 2, 20), NOW)
    assert stats["status"] == "failed" and stats["stopped_at"] == "2026-02-09"
    fake.set_fault("dof", None)
    fake.clear_log()
    resumed = run_backfill(
        crawl_context, "dof_daily", dt.date(2026, 2, 2), dt.date(2026, 2, 20), NOW
    )
    assert resumed["status"] == "ok" and resumed["resumed_windows"] == 1
    assert fake.count("dof", "day=02&") == 0  # the first window is not read again


@pytest.mark.slow
def test_a_killed_backfill_resumes_and_stores_each_document_once(
    fake, sqlite_template, tmp_path
) -> None:
    env = {**os.environ, **_env(fake, sqlite_template, tmp_path), "PYTHONPATH": ROOT}
    database = env["REGWATCH_DATABASE_URL"].removeprefix("sqlite:///")
    args = [sys.executable, "-m", "cli", "crawl", "dof_daily", "--since", "2025-09-01",
            "--until", "2025-12-31", "--json"]  # fmt: skip
    child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        done_through = _wait_for_progress(database, child)
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert done_through is not None, "the backfill recorded no finished window before the kill"
    fake.clear_log()
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["status"] == "ok" and line["resumed_windows"] >= 1
    first = dt.date(2025, 9, 1)
    assert fake.count("dof", f"year={first.year}&month=09&day=01&") == 0  # not read again
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT external_id FROM documents").fetchall()
    ids = [row[0] for row in rows]
    assert len(ids) == len(set(ids)) == len(_notes(first, dt.date(2025, 12, 31)))


def _wait_for_progress(database: str, child: subprocess.Popen) -> str | None:  # type: ignore[type-arg]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        try:
            with sqlite3.connect(database, timeout=1) as connection:
                row = connection.execute(
                    "SELECT cursor FROM sources WHERE id = 'dof_daily'"
                ).fetchone()
        except sqlite3.Error:
            row = None
        record = json.loads(row[0]).get("backfill") if row and row[0] else None
        if record and record.get("done_through"):
            return str(record["done_through"])
        time.sleep(0.1)
    return None


def test_counts_stay_one_per_document(crawl_context, crawl_session) -> None:
    since = until = dt.date(2026, 3, 4)
    run_backfill(crawl_context, "dof_daily", since, until, NOW)
    run_backfill(crawl_context, "dof_daily", since, until, NOW, restart=True)
    crawl_session.commit()
    count = crawl_session.scalar(select(func.count()).select_from(Document))
    assert count == len(_notes(since, until))


def test_all_windows_are_read_in_one_crawl_and_recorded_one_by_one(
    crawl_context, crawl_session
) -> None:
    since, until = dt.date(2026, 2, 2), dt.date(2026, 2, 20)
    recorded: list[int] = []
    run_backfill(
        crawl_context, "dof_daily", since, until, NOW,
        lambda s, done, total, stats: recorded.append(done),
    )  # fmt: skip
    crawl_session.commit()
    runs = crawl_session.scalars(select(CrawlRun).where(CrawlRun.source_id == "dof_daily")).all()
    assert len(runs) == 1 and runs[0].new == len(_notes(since, until))
    assert recorded == sorted(recorded) and recorded[0] == 0 and recorded[-1] == 3
    cursor = crawl_session.get(Source, "dof_daily").cursor
    assert cursor["backfill"]["done_through"] == "2026-02-20"
    assert cursor["pending"] == {} and "checked" in cursor  # the crawl's own cursor too
