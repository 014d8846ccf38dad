"""One cycle from crawl to digest, inline and on RQ with a real worker, on both databases."""

from __future__ import annotations

import datetime as dt
import email
import os
import pathlib
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from demo.fake_sources import running_fake_sources
from demo.run import seed_members
from settings import load_settings
from store.context import build_context, set_context
from store.models import Change, ChangeStatus, Delivery, DeliveryStatus, Document
from worker import run_cycle

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ["dof_daily", "us_federal_register", "mx_anam"]
# 10:00 in Tijuana: the daily digest of the 24th (covering the 23rd 07:00 -> 24th 07:00) is due.
NOW = dt.datetime(2026, 11, 24, 18, 0, tzinfo=dt.UTC)
FAST = {"crawl_autothrottle": False, "crawl_retry_times": 0, "crawl_download_timeout": 5}


def _settings(db_url: str, tmp_path: pathlib.Path, fake, redis_url: str = ""):  # type: ignore[no-untyped-def]
    return load_settings(
        environment="test", database_url=db_url, redis_url=redis_url,
        outbox_dir=str(tmp_path / "outbox"), translator="none", secret_key="test-key",
        **FAST, **fake.settings_overrides(),
    )  # fmt: skip


def _counts(context):  # type: ignore[no-untyped-def]
    with context.session() as session:
        documents = session.scalar(select(func.count(Document.id)))
        pending = session.scalar(
            select(func.count(Change.id)).where(Change.status == ChangeStatus.PENDING)
        )
        published = session.scalar(
            select(func.count(Change.id)).where(Change.status == ChangeStatus.PUBLISHED)
        )
        sent = session.scalar(
            select(func.count(Delivery.id)).where(Delivery.status == DeliveryStatus.SENT)
        )
    return documents, pending, published, sent


@pytest.mark.slow
def test_inline_cycle_crawls_classifies_and_mails(committed_db_url, tmp_path):
    with running_fake_sources() as fake:
        context = build_context(_settings(committed_db_url, tmp_path, fake))
        set_context(context)
        try:
            seed_members(context, NOW - dt.timedelta(days=3))
            report = run_cycle(
                context, NOW, sources=SOURCES, since="2026-11-23", until="2026-11-23"
            )
            documents, pending, published, _ = _counts(context)
            second = run_cycle(
                context, NOW, sources=SOURCES, since="2026-11-23", until="2026-11-23"
            )
        finally:
            set_context(None)
            context.engine.dispose()
    assert set(report.sources) == set(SOURCES)
    assert all(stats.get("status") == "ok" for stats in report.sources.values()), report.sources
    assert documents > 0 and pending == 0 and published > 0
    assert sum(s["new"] for s in second.sources.values()) == 0  # the second run adds nothing
    assert report.classified["model"] and not report.classified["stub"]
    emails = list((tmp_path / "outbox").glob("**/*.eml"))
    assert emails, "no digest was written"
    message = email.message_from_bytes(emails[0].read_bytes())
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.slow
@pytest.mark.services
def test_queued_cycle_runs_on_a_real_worker(committed_db_url, redis_url, tmp_path):
    with running_fake_sources() as fake:
        settings = _settings(committed_db_url, tmp_path, fake, redis_url=redis_url)
        context = build_context(settings)
        set_context(context)
        try:
            seed_members(context, NOW - dt.timedelta(days=3))
            report = run_cycle(
                context,
                NOW,
                sources=SOURCES,
                since="2026-11-23",
                until="2026-11-23",
                wait_seconds=0,
            )
            assert report.queued
            env = {**os.environ, **_env_for(settings, fake), "PYTHONPATH": str(ROOT)}
            worker = subprocess.run(
                [sys.executable, "-m", "cli", "worker", "--burst"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert worker.returncode == 0, worker.stderr[-2000:]
            documents, pending, published, sent = _counts(context)
        finally:
            set_context(None)
            context.engine.dispose()
    assert documents > 0 and pending == 0 and published > 0
    assert sent > 0


def _env_for(settings, fake) -> dict[str, str]:  # type: ignore[no-untyped-def]
    values = {
        "database_url": settings.database_url, "redis_url": settings.redis_url,
        "outbox_dir": settings.outbox_dir, "translator": "none", "environment": "test",
        "secret_key": "test-key", "crawl_autothrottle": "false", "crawl_retry_times": "0",
        **fake.settings_overrides(),
    }  # fmt: skip
    return {f"REGWATCH_{key.upper()}": str(value) for key, value in values.items()}
