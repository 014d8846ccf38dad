"""Benchmark: 10,000 members, 30 changes of the day, daily digests through the local SendGrid.

Batched run (identical content shares a request, up to 1,000 personalizations) against a
one-request-per-email run over the same members in the same process. Prints figures; never
asserts on time (benchmarks are not tests). Run: `.venv/bin/python -m bench.bench_alerts`.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MEMBERS = 10_000
CHANGES = 30


def _context(db_url: str, server_url: str):  # type: ignore[no-untyped-def]
    from settings import load_settings
    from store.context import build_context

    settings = load_settings(
        environment="test",
        database_url=db_url,
        email_backend="sendgrid",
        sendgrid_base_url=server_url,
        sendgrid_api_key="SG.bench",
        translator="none",
        secret_key="bench-key",
        redis_url="",
    )
    return build_context(settings)


def _run_once(folder: pathlib.Path, name: str, max_batch: int) -> tuple[float, int, int, int]:
    """Seed a fresh database and send the daily digests: (seconds, emails, requests, contents)."""
    from alerts.jobs import run_period
    from alerts.periods import period_for
    from alerts.senders import SendGridSender
    from store.migrate import upgrade
    from tests.alerts import population
    from tests.alerts.sendgrid_server import SendGridServer

    db_url = f"sqlite:///{folder / name}.db"
    upgrade(db_url)
    with SendGridServer(keep_bodies=False) as server:
        context = _context(db_url, server.url)
        population.seed(context.engine, MEMBERS, CHANGES)
        settings = context.settings
        sender = SendGridSender(
            "SG.bench", server.url, settings.mail_from, settings.mail_from_name, max_batch=max_batch
        )
        period = period_for("daily", population.NOW, settings)
        started = time.perf_counter()
        report = run_period(context, period, population.NOW, sender=sender)
        elapsed = time.perf_counter() - started
        accepted = len(server.state.recipients())
        requests = server.state.requests
    context.engine.dispose()
    assert accepted == report.sent == MEMBERS, (accepted, report.sent)
    return elapsed, accepted, requests, report.contents


def run() -> list[tuple[str, str]]:
    """Run both modes and return (figure, value) rows."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        batched = _run_once(folder, "batched", 1000)
        single = _run_once(folder, "single", 1)
    rows = [
        ("members / changes", f"{MEMBERS:,} / {CHANGES}"),
        ("distinct contents rendered", str(batched[3])),
        ("batched: seconds (plan+render+send)", f"{batched[0]:.1f}"),
        ("batched: emails accepted", f"{batched[1]:,}"),
        ("batched: emails/second", f"{batched[1] / batched[0]:,.0f}"),
        ("batched: API requests", f"{batched[2]:,}"),
        ("one-per-email: seconds", f"{single[0]:.1f}"),
        ("one-per-email: emails/second", f"{single[1] / single[0]:,.0f}"),
        ("one-per-email: API requests", f"{single[2]:,}"),
        ("speed-up (batched vs one-per-email)", f"{single[0] / batched[0]:.1f}x"),
        ("target <= 60 s for the batched run", "met" if batched[0] <= 60 else "NOT met"),
        ("measured at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
    ]
    return rows


if __name__ == "__main__":
    for figure, value in run():
        print(f"{figure:40} {value}")
