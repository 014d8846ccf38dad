"""Benchmark: a 30-day DOF backfill through crawl, parse and store.

The fake sources run in a child process (as a real site would be elsewhere), serving the
30 days' editions (MAT, VES, EXT), once with the fixtures' 8 notes a day and once with a
realistic 40. Three runs in this process, at each:

1. floor: the same spider fetching and parsing every index and docFuente page, storing
   nothing (no database at all); run before and after the others, the better one kept;
2. pipeline: `regwatch crawl dof_daily --since ... --until ...` as the product runs it
   (the resumable backfill, week by week) into a fresh SQLite database (or
   REGWATCH_BENCH_DATABASE_URL); goal: within 1.5x of the floor;
3. second run over the unchanged range (the backfill restarted: every index read again):
   how many detail pages it re-fetches (goal: 0).

Prints figures, with the CPU time of this process per note (steadier than wall time on a
shared machine), the SQL statements the pipeline sent per stored note, and the load
average before and after; never asserts on time (benchmarks
are not tests). Per-domain concurrency is the product setting (2 per source host, DOF and
SIDOF each their own); AutoThrottle is off (loopback has no load to adapt to).
Run: `.venv/bin/python -m bench.bench_crawl` (or `make bench`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

UNTIL = dt.date(2026, 2, 27)
SINCE = UNTIL - dt.timedelta(days=29)
NOW = dt.datetime(2026, 2, 27, 23, 0, tzinfo=dt.UTC)
# Notes in each weekday's morning edition: the fixtures' 8, and a realistic day (real MAT
# editions carry about 30-100 notes; the 2014 JSON capture has 94).
NOTES_PER_DAY = (8, 40)


def _start_fake_sources(notes_per_day: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    command = [sys.executable, "-m", "demo.fake_sources", str(notes_per_day)]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    return child, json.loads(child.stdout.readline())


def _settings(overrides: dict[str, str], database_url: str):  # type: ignore[no-untyped-def]
    from settings import load_settings

    return load_settings(
        environment="test",
        database_url=database_url,
        redis_url="",
        translator="none",
        crawl_autothrottle=False,  # loopback: no politeness delay to adapt
        log_level="WARNING",
        **overrides,
    )


def _database_url(folder: str) -> str:
    from store.migrate import upgrade

    url = os.environ.get("REGWATCH_BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    upgrade(url)
    return url


def _timed(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    """(result, wall seconds, CPU seconds of this process: the crawl, parse and store)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - started, time.process_time() - cpu


def _load() -> str:
    return "load average: " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def run(notes_per_day_cases: tuple[int, ...] = NOTES_PER_DAY) -> list[tuple[str, str]]:
    """Run the 30-day backfills at each notes-per-day and return (figure, value) rows."""
    rows = [("range", f"{SINCE} .. {UNTIL} (MAT, VES, EXT per day)")]
    for notes_per_day in notes_per_day_cases:
        rows += run_year(notes_per_day)
    return rows


def run_year(notes_per_day: int) -> list[tuple[str, str]]:
    """Floor, pipeline and second run over the range with `notes_per_day` in MAT editions."""
    from crawlers.backfill import run_backfill
    from crawlers.runner import crawl_without_store
    from demo.fake_sources import remote_clear, remote_count
    from store.context import build_context

    load_before = _load()
    child, overrides = _start_fake_sources(notes_per_day)
    sidof = overrides["sidof_base_url"]
    # dof.gob.mx and sidof.segob.gob.mx are two domains, each with its own per-domain
    # concurrency; Scrapy keys a slot by host name, so name SIDOF's loopback differently.
    overrides["sidof_base_url"] = sidof.replace("//127.0.0.1:", "//localhost:")
    try:
        with tempfile.TemporaryDirectory() as folder:
            settings = _settings(overrides, _database_url(folder))
            context = build_context(settings)
            floor, *floor_t = _timed(crawl_without_store, settings, "dof_daily", SINCE, UNTIL, NOW)
            with _counting_statements(context.engine) as statements:
                first, *first_t = _timed(run_backfill, context, "dof_daily", SINCE, UNTIL, NOW)
            remote_clear(sidof)
            second, *second_t = _timed(
                run_backfill, context, "dof_daily", SINCE, UNTIL, NOW, restart=True
            )
            refetched = remote_count(sidof, "sidof", "/notas/docFuente/")
            # The machine is shared: take the better of two floor runs, one on each side.
            _, *again_t = _timed(crawl_without_store, settings, "dof_daily", SINCE, UNTIL, NOW)
            floor_t = min(floor_t, again_t)
            context.engine.dispose()
    finally:
        child.terminate()
        child.wait(timeout=10)
    first["statements"] = len(statements)
    return _figures(notes_per_day, floor, first, second, refetched,
                    (floor_t, first_t, second_t), (load_before, _load()))  # fmt: skip


@contextlib.contextmanager
def _counting_statements(engine):  # type: ignore[no-untyped-def]
    """The SQL statements sent to the database inside the block (one per round trip)."""
    from sqlalchemy import event

    sent: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _figures(  # type: ignore[no-untyped-def]
    notes_per_day, floor, first, second, refetched, times, loads
) -> list[tuple[str, str]]:
    (floor_s, floor_cpu), (first_s, first_cpu), (second_s, _) = times
    notes, floor_notes = first["new"], floor.new  # floor: validated, counted, not stored
    p = f"{notes_per_day}/day: "
    return [
        (p + "pages fetched / notes stored", f"{first['fetched']} / {notes}"),
        (p + "pipeline", f"{first_s:.1f} s, {notes / first_s:.0f} notes/s end to end"),
        (p + "floor (fetch + parse, no store)", f"{floor_s:.1f} s, {floor_notes / floor_s:.0f} /s"),
        (p + "pipeline / floor", f"{first_s / floor_s:.2f}x (floor notes {floor_notes})"),
        (p + "CPU per note: pipeline / floor",
         f"{first_cpu / notes * 1000:.2f} / {floor_cpu / floor_notes * 1000:.2f} ms"),
        (p + "SQL statements per stored note", f"{first['statements'] / notes:.2f}"),
        (p + "second run", f"{second_s:.1f} s, new {second['new']}, amended {second['amended']}"),
        (p + "second run: details re-fetched", str(refetched)),
        (p + "failed / rejected", f"{first['failed']} / {first['rejected']}"),
        (p + "uptime before", loads[0]),
        (p + "uptime after", loads[1]),
    ]  # fmt: skip


if __name__ == "__main__":  # `python -m bench.bench_crawl [NOTES_PER_DAY ...]`
    for figure, value in run(tuple(int(arg) for arg in sys.argv[1:]) or NOTES_PER_DAY):
        print(f"{figure:40} {value}")
