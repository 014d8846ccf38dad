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


# ---------------------------------------------------------------- versions by scope


def _versions(sessions) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from store.models import DataVersion

    with sessions() as session:
        return dict(session.execute(select(DataVersion.scope, DataVersion.version)).all())


def _count_builds(monkeypatch) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Count the queue and summary builds (cache misses) from here on."""
    import web.routes_committee as committee
    import web.routes_staff as staff_routes

    builds = {"queue": 0, "summary": 0}

    def counted(name, build):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            builds[name] += 1
            return build(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(staff_routes, "_queue_parts", counted("queue", staff_routes._queue_parts))
    monkeypatch.setattr(committee, "_page_parts", counted("summary", committee._page_parts))
    return builds


def _unrelated_writes(sessions) -> None:  # type: ignore[no-untyped-def]
    """What happens all day without changing a queue or summary page."""
    from alerts import members
    from store.models import CrawlRun, Delivery, Document, Frequency, Source, SourceState

    with sessions() as session, session.begin():
        data = members.validate(email="new@maquila.example", topics=["customs"])
        member = members.add_member(session, data, NOW)
        session.add(
            Delivery(member_id=member.id, frequency=Frequency.DAILY, period_key="2026-11-25")
        )
        session.add(CrawlRun(source_id="dof_daily", started_at=NOW))
        source = session.get(Source, "dof_daily")
        source.state, source.last_run_at, source.cursor = SourceState.OK, NOW, {"page": 2}
        for document in session.query(Document):  # seen again, unchanged
            document.last_seen_at, document.etag = NOW, '"v2"'


def test_unrelated_writes_move_no_version(db_sessions):
    make_change(db_sessions, "u1")
    before = _versions(db_sessions)
    _unrelated_writes(db_sessions)
    assert _versions(db_sessions) == before


def test_cached_pages_survive_unrelated_writes(client, db_sessions, monkeypatch):
    _staff(client, db_sessions, "ana@example.org")
    make_change(db_sessions, "u2", title="Sigue en la cola", status="published")
    builds = _count_builds(monkeypatch)
    for _ in range(2):
        assert "Sigue en la cola" in client.get("/queue?status=all").text
        assert "Sigue en la cola" in client.get("/summary?week=2026-W48").text
    _unrelated_writes(db_sessions)
    assert "Sigue en la cola" in client.get("/queue?status=all").text
    assert "Sigue en la cola" in client.get("/summary?week=2026-W48").text
    assert builds == {"queue": 1, "summary": 1}


def _edit(sessions, change_id: int, **values) -> None:  # type: ignore[no-untyped-def]
    from store.changes import record_edit
    from store.models import Change

    with sessions() as session, session.begin():
        record_edit(session, session.get(Change, change_id), "ana", "edit", values, NOW)


def _transition(sessions, change_id: int, status: str) -> None:  # type: ignore[no-untyped-def]
    from store.changes import transition
    from store.models import Change, ChangeStatus

    with sessions() as session, session.begin():
        transition(session, session.get(Change, change_id), ChangeStatus(status), "ana", NOW)


def _amend(sessions, external_id: str, title: str) -> None:  # type: ignore[no-untyped-def]
    from store.changes import upsert_document

    with sessions() as session, session.begin():
        fields = {"title": title, "language": "es", "body": "Texto nuevo", "agency": "SE"}
        upsert_document(session, "dof_daily", external_id, fields, NOW)


def _set_agency(sessions, change_id: int, agency: str) -> None:  # type: ignore[no-untyped-def]
    from store.models import Change

    with sessions() as session, session.begin():
        session.get(Change, change_id).document.agency = agency


def test_every_write_path_shows_at_once(client, db_sessions):
    _staff(client, db_sessions, "ana@example.org")
    change_id = make_change(db_sessions, "p1", title="Primer título", status="published")
    queue, summary = "/queue?status=all", "/summary?week=2026-W48"
    assert "Primer título" in client.get(queue).text and "Primer" in client.get(summary).text

    _edit(db_sessions, change_id, title_en="Edited title")  # store.changes.record_edit
    assert "Edited title" in client.get(queue).text
    assert "Edited title" in client.get(summary).text

    _transition(db_sessions, change_id, "rejected")  # store.changes.transition
    assert "rejected" in client.get(queue).text
    assert "Edited title" not in client.get(summary).text

    _amend(db_sessions, "p1", "Título enmendado")  # store.changes.upsert_document
    assert "Título enmendado" in client.get(queue).text

    _set_agency(db_sessions, change_id, "Agencia corregida a mano")  # a shown document column
    assert "Agencia corregida a mano" in client.get(queue).text

    from store.changes import ensure_source

    with db_sessions() as session, session.begin():
        ensure_source(session, "sat_rmf_new")  # a new source appears in the filter
    assert "sat_rmf_new" in client.get(queue).text


def test_web_actions_show_at_once(client, db_sessions):
    _staff(client, db_sessions, "ana@example.org")
    change_id = make_change(db_sessions, "w1", title="Cambio en revisión")
    page = client.get("/queue")
    assert "Cambio en revisión" in page.text
    csrf = csrf_from(page.text)
    client.post(
        f"/changes/{change_id}/edit",
        data={"csrf_token": csrf, "version": "2", "title_en": "Change under review"},
    )
    assert "Change under review" in client.get("/queue").text
    client.post(
        f"/changes/{change_id}/topics",
        data={"csrf_token": csrf, "version": "3", "topics": ["labor"]},
    )
    assert "labor" in client.get("/queue").text.split('id="queue"')[1]
    client.post(f"/changes/{change_id}/reject", data={"csrf_token": csrf, "version": "4"})
    assert "Change under review" not in client.get("/queue").text
