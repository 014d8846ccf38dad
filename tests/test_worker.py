"""Jobs run inline without Redis, on RQ with a real worker process, and survive SIGKILL."""

from __future__ import annotations

import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from store.jobs import InlineDispatcher, RQDispatcher, dispatch
from worker import make_cron, schedule

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_inline_dispatch_runs_at_once(test_settings):
    result = dispatch(
        test_settings, "tests.jobs_for_tests.add", 2, 3, job_id="add-1", queue="crawl"
    )
    assert result.queued is False and result.result == 5
    assert (
        InlineDispatcher().dispatch("tests.jobs_for_tests.add", 1, 1, job_id="x", queue="q").result
        == 2
    )


def test_schedule_is_declared_once_in_local_time(test_settings):
    entries = {entry.name: entry for entry in schedule(test_settings)}
    assert entries["daily-digest"].cron == "0 7 * * *"
    assert entries["weekly-digest"].cron == "0 7 * * 1"
    assert entries["instant-sweep"].interval == 300


def _start_worker(redis_url: str, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "REGWATCH_REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "worker", "--queue", "crawl", *extra],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(predicate, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.services
@pytest.mark.slow
def test_rq_job_runs_on_a_real_worker(redis_url, tmp_path):
    from rq.job import Job
    from rq.serializers import JSONSerializer

    dispatcher = RQDispatcher(redis_url, retries=1, intervals=[0], timeout=60)
    queued = dispatcher.dispatch("tests.jobs_for_tests.add", 20, 22, job_id="add-rq", queue="crawl")
    again = dispatcher.dispatch("tests.jobs_for_tests.add", 20, 22, job_id="add-rq", queue="crawl")
    assert queued.queued and again.queued
    assert dispatcher.queue("crawl").count == 1  # a deterministic id is queued once
    worker = _start_worker(redis_url, "--burst")
    assert worker.wait(timeout=240) == 0
    job = Job.fetch("add-rq", connection=dispatcher.connection, serializer=JSONSerializer)
    assert job.return_value() == 42


@pytest.mark.services
@pytest.mark.slow
def test_worker_killed_mid_job_loses_nothing_and_does_it_once(redis_url, tmp_path):
    from rq.job import Job
    from rq.registry import StartedJobRegistry
    from rq.serializers import JSONSerializer

    effects, markers = tmp_path / "effects.db", tmp_path / "markers"
    dispatcher = RQDispatcher(redis_url, retries=2, intervals=[0], timeout=60)
    dispatcher.dispatch(
        "tests.jobs_for_tests.slow_effect",
        str(effects),
        "cycle-1",
        str(markers),
        3.0,
        job_id="effect-1",
        queue="crawl",
    )
    first = _start_worker(redis_url)
    assert _wait_for(lambda: markers.exists() and any(markers.iterdir()), 120)
    os.killpg(first.pid, signal.SIGKILL)  # the worker and its work-horse, mid-job
    first.wait(timeout=10)
    assert not effects.exists()  # killed before the effect

    queue = dispatcher.queue("crawl")
    # A restarted worker's maintenance finds the abandoned job once its heartbeat expires;
    # we fast-forward that clock instead of waiting for it.
    StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 3600)
    second = _start_worker(redis_url, "--burst")
    assert second.wait(timeout=240) == 0
    job = Job.fetch("effect-1", connection=dispatcher.connection, serializer=JSONSerializer)
    assert job.get_status() == "finished"
    with sqlite3.connect(effects) as connection:
        assert connection.execute("SELECT count(*) FROM effects").fetchone()[0] == 1
    assert len(list(markers.iterdir())) == 2  # tried twice, effect once


@pytest.mark.services
def test_cron_registers_the_schedule_with_json_jobs(redis_url, test_settings):
    from redis import Redis
    from rq.job import Job
    from rq.serializers import JSONSerializer

    connection = Redis.from_url(redis_url)
    cron = make_cron(test_settings, connection=connection)
    names = sorted(job.name for job in cron.get_jobs())
    assert names == ["crawl-cycle", "daily-digest", "instant-sweep", "weekly-digest"]
    instant = next(job for job in cron.get_jobs() if job.name == "instant-sweep")
    job = instant.enqueue(connection)
    fetched = Job.fetch(job.id, connection=connection, serializer=JSONSerializer)
    assert fetched.func_name == "alerts.jobs.send_due_digests"
