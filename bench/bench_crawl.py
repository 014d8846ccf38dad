"""Benchmark: backfill one year of DOF editions through crawl, parse and store.

The fake sources run in a child process (as a real site would be elsewhere), serving
about 260 weekday editions generated for the year. Three runs in this process:

1. floor: the same spider fetching and parsing every index and docFuente page, storing
   nothing (no database at all); run before and after the others, the better one kept;
2. pipeline: the full crawl into a fresh SQLite database (or REGWATCH_BENCH_DATABASE_URL);
3. second run over the unchanged year: how many detail pages it re-fetches (should be 0).

Prints figures; never asserts on time (benchmarks are not tests).
Run: `.venv/bin/python -m bench.bench_crawl` (or `make bench`).
"""

from __future__ import annotations

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
SINCE = UNTIL - dt.timedelta(days=364)
NOW = dt.datetime(2026, 2, 27, 23, 0, tzinfo=dt.UTC)
NOTES_PER_DAY = 10


def _start_fake_sources() -> tuple[subprocess.Popen[str], dict[str, str]]:
    command = [sys.executable, "-m", "crawlers.fake_sources", str(NOTES_PER_DAY)]
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
    started = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - started


def run() -> list[tuple[str, str]]:
    """Run the three crawls and return (figure, value) rows."""
    from crawlers.fake_sources import remote_clear, remote_count
    from crawlers.runner import crawl_without_store, run_source
    from store.context import build_context

    child, overrides = _start_fake_sources()
    sidof = overrides["sidof_base_url"]
    try:
        with tempfile.TemporaryDirectory() as folder:
            settings = _settings(overrides, _database_url(folder))
            context = build_context(settings)
            floor, floor_s = _timed(crawl_without_store, settings, "dof_daily", SINCE, UNTIL, NOW)
            first, first_s = _timed(run_source, context, "dof_daily", SINCE, UNTIL, NOW)
            remote_clear(sidof)
            second, second_s = _timed(run_source, context, "dof_daily", SINCE, UNTIL, NOW)
            refetched = remote_count(sidof, "sidof", "/notas/docFuente/")
            # The machine is shared: take the better of two floor runs, one on each side.
            _, again_s = _timed(crawl_without_store, settings, "dof_daily", SINCE, UNTIL, NOW)
            floor_s = min(floor_s, again_s)
            context.engine.dispose()
    finally:
        child.terminate()
        child.wait(timeout=10)
    notes = first["new"]
    floor_notes = floor.new  # items that passed validation, counted but not stored
    return [
        ("range", f"{SINCE} .. {UNTIL} (MAT, VES, EXT per day)"),
        ("pages fetched (pipeline)", str(first["fetched"])),
        ("notes stored", str(notes)),
        ("pipeline", f"{first_s:.1f} s, {notes / first_s:.0f} notes/s end to end"),
        ("floor (fetch + parse, no store)", f"{floor_s:.1f} s, {floor_notes / floor_s:.0f} n/s"),
        ("floor notes", str(floor_notes)),
        ("pipeline / floor", f"{first_s / floor_s:.2f}x"),
        ("second run", f"{second_s:.1f} s, new {second['new']}, amended {second['amended']}"),
        ("second run: detail pages re-fetched", str(refetched)),
        ("failed / rejected", f"{first['failed']} / {first['rejected']}"),
    ]


if __name__ == "__main__":
    for figure, value in run():
        print(f"{figure:40} {value}")
