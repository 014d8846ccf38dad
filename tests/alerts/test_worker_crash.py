"""A real `rq worker` SIGKILLed while sending 10,000 digests, then restarted: one each.

Committed data is needed across processes, so this test uses its own SQLite file (not the
rolled-back fixture), real Redis (its own flushed DB index) and the local SendGrid server.
The kill lands at the worst moment: the server has accepted request 3 and the worker dies
before it reads the 202, so those recipients are "in doubt" and must not be mailed again.
"""

from __future__ import annotations

import collections
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select

from store.db import make_engine
from store.jobs import RQDispatcher
from store.migrate import upgrade
from store.models import Delivery, DeliveryStatus
from tests.alerts import population
from tests.alerts.sendgrid_server import SendGridServer

ROOT = pathlib.Path(__file__).resolve().parents[2]
MEMBERS = 10_000
KILL_AT = 3


def _worker(env: dict[str, str], redis_url: str, burst: bool) -> subprocess.Popen[bytes]:
    rq = pathlib.Path(sys.executable).with_name("rq")
    command = [
        str(rq),
        "worker",
        "alerts",
        "--url",
        redis_url,
        "--serializer",
        "rq.serializers.JSONSerializer",
    ]
    if burst:
        command.append("--burst")
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _env(db_url: str, server: SendGridServer, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGWATCH_")}
    env.update(
        REGWATCH_ENVIRONMENT="test",
        REGWATCH_DATABASE_URL=db_url,
        REGWATCH_REDIS_URL=redis_url,
        REGWATCH_EMAIL_BACKEND="sendgrid",
        REGWATCH_SENDGRID_BASE_URL=server.url,
        REGWATCH_SENDGRID_API_KEY="SG.local-test",
        REGWATCH_TRANSLATOR="none",
        REGWATCH_SECRET_KEY="crash-test-key",
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.mark.services
@pytest.mark.slow
def test_sigkill_mid_send_then_restart_gives_each_member_exactly_one(tmp_path, redis_url) -> None:  # type: ignore[no-untyped-def]
    db_url = f"sqlite:///{tmp_path / 'crash.db'}"
    upgrade(db_url)
    engine = make_engine(db_url)
    population.seed(engine, MEMBERS, 30)
    killed = threading.Event()
    with SendGridServer(keep_bodies=False) as server:
        env = _env(db_url, server, redis_url)
        first = _worker(env, redis_url, burst=False)

        def kill_on_accept(accepted, count):  # type: ignore[no-untyped-def]
            if count == KILL_AT and not killed.is_set():
                for pid in [*_descendants(first.pid), first.pid]:  # the work-horse runs setsid()
                    os.kill(pid, signal.SIGKILL)
                killed.set()
                time.sleep(0.5)  # the 202 goes to a dead socket

        server.state.on_accept = kill_on_accept
        dispatcher = RQDispatcher(redis_url, retries=3, intervals=[0], timeout=600)
        dispatcher.dispatch(
            "alerts.jobs.send_digests",
            "daily",
            population.NOW.isoformat(),
            job_id="crash-daily",
            queue="alerts",
        )
        assert killed.wait(120), "the worker never reached the third request"
        first.wait(10)
        _abandon_started_jobs(dispatcher)
        second = _worker(env, redis_url, burst=True)
        _, errors = second.communicate(timeout=300)
        assert second.returncode == 0, errors.decode()[-2000:]
        received = collections.Counter(server.state.recipients())
    assert max(received.values()) == 1, [a for a, n in received.items() if n > 1][:5]
    assert set(received) == population.expected_recipients(MEMBERS)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Delivery.status, func.count()).group_by(Delivery.status)
        ).all()
        recovered = connection.scalar(
            select(func.count()).where(Delivery.provider_message_id.like("recovered:%"))
        )
    assert dict(rows) == {DeliveryStatus.SENT: MEMBERS}
    assert recovered and recovered > 0  # the in-doubt request was settled, not resent
    engine.dispose()


def _descendants(pid: int) -> list[int]:
    """Child processes of `pid`, read from /proc (the horse is in its own session)."""
    children = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(stat.parent.name)
            children += [child, *_descendants(child)]
    return children


def _abandon_started_jobs(dispatcher: RQDispatcher) -> None:
    """Do now what RQ's maintenance does once the dead worker's heartbeat lapses."""
    from rq.registry import StartedJobRegistry

    registry = StartedJobRegistry(queue=dispatcher.queue("alerts"))
    registry.cleanup(timestamp=time.time() + 100_000)
