"""Subscribing hands the confirmation email to the job queue; a worker sends it once."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

from tests.web.conftest import NOW, token

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _outbox(folder: pathlib.Path) -> list[pathlib.Path]:
    return sorted(folder.rglob("*.eml")) if folder.exists() else []


def _subscribe(client, email: str = "ana@maquila.example"):  # type: ignore[no-untyped-def]
    data = {
        "csrf_token": token(client, "/subscribe"),
        "email": email,
        "name": "Ana",
        "language": "es",
        "topics": ["customs"],
        "frequency": "daily",
    }
    return client.post("/subscribe", data=data)


def test_without_redis_the_confirmation_is_sent_inline(client, test_settings):
    response = _subscribe(client)
    assert response.status_code == 200
    assert len(_outbox(pathlib.Path(test_settings.outbox_dir))) == 1


def test_a_failed_inline_send_still_answers_the_form(client, monkeypatch, test_settings):
    from alerts import messages
    from alerts.senders import Outcome

    monkeypatch.setattr(
        messages,
        "send_single",
        lambda settings, message: Outcome(message.to, None, False, error="relay down"),
    )
    assert _subscribe(client).status_code == 200
    assert _outbox(pathlib.Path(test_settings.outbox_dir)) == []


def test_the_job_skips_a_member_who_is_no_longer_pending(client, db_sessions, test_settings):
    from alerts.jobs import send_confirmation
    from store.models import Member, MemberStatus

    _subscribe(client)
    with db_sessions() as session, session.begin():
        member = session.query(Member).one()
        member.status, member_id = MemberStatus.ACTIVE, member.id
    assert send_confirmation(member_id, NOW.isoformat()) == "skipped"
    assert send_confirmation(999999, NOW.isoformat()) == "skipped"
    assert len(_outbox(pathlib.Path(test_settings.outbox_dir))) == 1  # the first, inline


@pytest.mark.services
@pytest.mark.slow
def test_with_redis_the_request_queues_and_a_worker_sends_once(
    committed_db_url, redis_url, tmp_path
):
    from fastapi.testclient import TestClient
    from redis import Redis
    from rq import Queue

    from settings import load_settings
    from store.context import build_context, set_context
    from web.app import create_app

    outbox = tmp_path / "outbox"
    values = {
        "environment": "test",
        "database_url": committed_db_url,
        "redis_url": redis_url,
        "secret_key": "confirm-queue-key",
        "translator": "none",
        "var_dir": str(tmp_path / "var"),
        "outbox_dir": str(outbox),
    }
    context = build_context(load_settings(**values))
    set_context(context)
    try:
        with TestClient(create_app(context, clock=lambda: NOW)) as browser:
            assert _subscribe(browser).status_code == 200
            assert _subscribe(browser).status_code == 200  # same second: same job id
        assert _outbox(outbox) == []  # the request did not send
        assert Queue("alerts", connection=Redis.from_url(redis_url)).count == 1
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            **{f"REGWATCH_{key.upper()}": value for key, value in values.items()},
        }
        worker = subprocess.run(
            [sys.executable, "-m", "cli", "worker", "--queue", "alerts", "--burst"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stderr.decode()[-2000:]
        sent = _outbox(outbox)
        assert len(sent) == 1
        assert "/members/confirm/" in sent[0].read_text(errors="replace")
    finally:
        set_context(None)
        context.engine.dispose()
