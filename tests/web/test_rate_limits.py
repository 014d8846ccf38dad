"""Rate limits: in process memory by default, in Redis (shared by processes) when configured."""

from __future__ import annotations

import threading

import pytest

from tests.web.conftest import NOW, login, make_staff
from web.security import MemoryRateLimiter, RedisRateLimiter, make_rate_limiter


def test_memory_limiter_counts_within_its_window():
    limiter = MemoryRateLimiter(2, 60)
    assert limiter.hit("k", now=0) and limiter.hit("k", now=1)
    assert not limiter.hit("k", now=2) and limiter.blocked("k", now=2)
    assert not limiter.blocked("k", now=61.5) and limiter.hit("k", now=61.5)
    limiter.reset("k")
    assert not limiter.blocked("k", now=62)


def test_without_redis_the_limiter_is_in_memory():
    assert isinstance(make_rate_limiter("", "login", 5, 900), MemoryRateLimiter)


@pytest.mark.services
def test_redis_limiter_blocks_after_the_limit_and_resets(redis_url):
    limiter = make_rate_limiter(redis_url, "login", 3, 900)
    assert isinstance(limiter, RedisRateLimiter)
    assert [limiter.hit("ip:1") for _ in range(4)] == [True, True, True, False]
    assert limiter.blocked("ip:1") and not limiter.blocked("ip:2")
    used = limiter.connection.get(limiter._key("ip:1"))
    assert int(used) == 3  # a refused attempt is not counted
    assert 0 < limiter.connection.ttl(limiter._key("ip:1")) <= 900
    limiter.reset("ip:1")
    assert not limiter.blocked("ip:1") and limiter.hit("ip:1")


@pytest.mark.services
def test_redis_keys_are_prefixed_per_limit_and_window(redis_url):
    login_limit = make_rate_limiter(redis_url, "login", 1, 900)
    subscribe_limit = make_rate_limiter(redis_url, "subscribe", 1, 3600)
    assert login_limit.hit("ip:1") and subscribe_limit.hit("ip:1")  # separate counts
    keys = sorted(k.decode() for k in login_limit.connection.keys("*"))
    assert keys == ["regwatch:rate:login:900:ip:1", "regwatch:rate:subscribe:3600:ip:1"]


@pytest.mark.services
def test_redis_window_expires(redis_url):
    import time

    limiter = make_rate_limiter(redis_url, "short", 1, 0.3)
    assert limiter.hit("k") and not limiter.hit("k")
    time.sleep(0.45)
    assert not limiter.blocked("k") and limiter.hit("k")


@pytest.mark.services
def test_racing_hits_never_pass_the_limit(redis_url):
    limiter = make_rate_limiter(redis_url, "race", 10, 60)
    passed: list[bool] = []

    def hammer() -> None:
        for _ in range(10):
            passed.append(limiter.hit("ip:9"))

    threads = [threading.Thread(target=hammer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert passed.count(True) == 10 and len(passed) == 60


def _app(app_context, redis_url):  # type: ignore[no-untyped-def]
    """A second web app (another server process) on the same database and Redis."""
    import dataclasses

    from web.app import create_app

    settings = app_context.settings.model_copy(update={"redis_url": redis_url})
    return create_app(dataclasses.replace(app_context, settings=settings), clock=lambda: NOW)


@pytest.mark.services
def test_two_app_instances_share_the_login_limit(app_context, db_sessions, redis_url):
    from fastapi.testclient import TestClient

    make_staff(db_sessions, "bob@example.org")
    first, second = _app(app_context, redis_url), _app(app_context, redis_url)
    limit = app_context.settings.login_max_attempts
    with TestClient(first) as one, TestClient(second) as two:
        for attempt in range(limit):
            browser = one if attempt % 2 else two
            assert login(browser, "bob@example.org", "wrong password!").status_code == 400
        # the lock taken through both instances holds on each of them
        assert login(one, "bob@example.org").status_code == 429
        assert login(two, "bob@example.org").status_code == 429


@pytest.mark.services
def test_two_app_instances_share_the_subscribe_limit(app_context, redis_url):
    from fastapi.testclient import TestClient

    from tests.web.conftest import token

    first, second = _app(app_context, redis_url), _app(app_context, redis_url)
    limit = app_context.settings.subscribe_rate_per_hour
    statuses = []
    with TestClient(first) as one, TestClient(second) as two:
        for index in range(limit + 1):
            browser = one if index % 2 else two
            response = browser.post(
                "/subscribe",
                data={
                    "email": f"m{index}@maquila.example",
                    "topics": "customs",
                    "csrf_token": token(browser, "/subscribe"),
                },
            )
            statuses.append(response.status_code)
    assert statuses == [200] * limit + [429]
