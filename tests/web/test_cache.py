"""Pages cached by data version: never stale after a write, never sharing a session's token."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from tests.web.conftest import NOW, csrf_from, login, make_change, make_staff
from web.cache import VersionedCache


def test_versioned_cache_keeps_a_value_until_the_version_changes():
    cache, made = VersionedCache(size=2), []

    def make(value):  # type: ignore[no-untyped-def]
        return lambda: made.append(value) or value

    assert cache.get_or_make("k", "v1", make("a")) == "a"
    assert cache.get_or_make("k", "v1", make("b")) == "a"
    assert cache.peek("k", "v1") == "a" and cache.peek("k", "v2") is None
    assert cache.get_or_make("k", "v2", make("c")) == "c"
    assert cache.get_or_make("k", None, make("d")) == "d"  # no version: never cached
    assert cache.get_or_make("k", None, make("e")) == "e"
    assert made == ["a", "c", "d", "e"]


def test_versioned_cache_forgets_the_least_recently_used_key():
    cache = VersionedCache(size=2)
    for key in ("a", "b", "c"):
        cache.get_or_make(key, "v", lambda key=key: key)
    assert cache.peek("a", "v") is None and cache.peek("c", "v") == "c"


def test_concurrent_misses_build_once():
    cache, builds = VersionedCache(), []

    def slow() -> str:
        builds.append(1)
        time.sleep(0.2)
        return "page"

    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_make("k", "v", slow)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["page"] * 8 and len(builds) == 1


def test_a_matching_fingerprint_keeps_the_value_across_versions():
    cache, made, prints = VersionedCache(), [], {"now": "fp1"}

    def make():  # type: ignore[no-untyped-def]
        made.append(1)
        return prints["now"], f"value of {prints['now']}"

    def check():  # type: ignore[no-untyped-def]
        return prints["now"]

    assert cache.get_or_make("k", "v1", make, check) == "value of fp1"
    assert cache.get_or_make("k", "v2", make, check) == "value of fp1"  # unrelated write
    assert len(made) == 1 and cache.peek("k", "v2") == "value of fp1"
    prints["now"] = "fp2"  # the value's own data changed
    assert cache.get_or_make("k", "v3", make, check) == "value of fp2"
    assert len(made) == 2
    assert cache.get_or_make("other", None, make, check) == "value of fp2"  # uncached


def test_a_failed_build_is_not_cached():
    cache = VersionedCache()

    def broken() -> str:
        raise ValueError("boom")

    with pytest.raises(ValueError):
        cache.get_or_make("k", "v", broken)
    assert cache.get_or_make("k", "v", lambda: "ok") == "ok"


def _staff(client, sessions, email):  # type: ignore[no-untyped-def]
    make_staff(sessions, email)
    assert login(client, email).status_code == 303


def test_queue_and_summary_show_writes_at_once(client, db_sessions):
    """Within one transaction too (how tests run): the version counts its own writes."""
    _staff(client, db_sessions, "ana@example.org")
    change_id = make_change(
        db_sessions, "v1", title="Waiting for review", created=NOW - dt.timedelta(days=1)
    )
    page = client.get("/queue")
    assert "Waiting for review" in page.text
    assert "Waiting for review" not in client.get("/summary?week=2026-W48").text
    assert client.get("/queue").text.count("Waiting for review") == 1  # served again
    token = csrf_from(page.text)
    client.post(f"/changes/{change_id}/approve", data={"csrf_token": token, "version": "2"})
    assert "Waiting for review" not in client.get("/queue").text
    assert "Waiting for review" in client.get("/queue?status=published").text
    assert "Waiting for review" in client.get("/summary?week=2026-W48").text


def test_cached_queue_carries_each_sessions_own_token(web_app, db_sessions):
    from fastapi.testclient import TestClient

    make_staff(db_sessions, "one@example.org")
    make_staff(db_sessions, "two@example.org")
    make_change(db_sessions, "t1", title="Shared row")
    pages = []
    for email in ("one@example.org", "two@example.org"):
        with TestClient(web_app) as browser:
            login(browser, email)
            text = browser.get("/queue").text
            pages.append((csrf_from(text), text, browser.cookies.get("regwatch_session")))
    (first_token, first, _), (second_token, second, _) = pages
    assert "Shared row" in first and "Shared row" in second
    assert first_token != second_token
    assert first_token not in second and second_token not in first
    assert "two@example.org" in second and "one@example.org" not in second


def test_committed_writes_reach_every_reader(committed_db_url, tmp_path):
    """The production path: autocommit reads, the version of committed data."""
    from fastapi.testclient import TestClient

    from settings import load_settings
    from store.context import build_context
    from web.app import create_app

    settings = load_settings(
        environment="test",
        database_url=committed_db_url,
        secret_key="cache-test-key",
        translator="none",
        var_dir=str(tmp_path / "var"),
        outbox_dir=str(tmp_path / "outbox"),
    )
    context = build_context(settings)
    try:
        make_staff(context.sessions, "c@example.org")
        make_change(context.sessions, "w1", title="Committed change")
        app = create_app(context, clock=lambda: NOW)
        with TestClient(app) as reader, TestClient(app) as editor:
            for browser in (reader, editor):
                login(browser, "c@example.org")
            assert "Committed change" in reader.get("/queue").text
            page = editor.get("/queue")
            change_id = page.text.split('data-id="')[1].split('"')[0]
            editor.post(
                f"/changes/{change_id}/reject",
                data={"csrf_token": csrf_from(page.text), "version": "2"},
            )
            assert "Committed change" not in reader.get("/queue").text
            summary = "/summary?week=2026-W48"
            assert "Published later" not in reader.get(summary).text
            make_change(context.sessions, "w2", status="flagged")  # elsewhere: same summary
            assert "Published later" not in reader.get(summary).text
            make_change(
                context.sessions,
                "w3",
                title="Published later",
                status="published",
                created=NOW - dt.timedelta(days=1),
            )
            assert "Published later" in reader.get(summary).text
    finally:
        context.engine.dispose()
