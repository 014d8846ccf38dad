"""DOF routes: the index, SIDOF's note list and the legacy JSON service, each the fallback of
the others; a holiday is not a failure and a missed publication day is."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from crawlers.runner import run_source
from demo.sites import dof as fake_dof
from store.models import Document, Source
from tests.crawlers.conftest import NOW

WEDNESDAY = dt.date(2026, 3, 4)
MONDAY = dt.date(2026, 3, 2)
JUAREZ = dt.date(2026, 3, 16)  # a Monday holiday
LATER = dt.datetime(2026, 3, 20, 20, 0, tzinfo=dt.UTC)


def _notes(day: dt.date) -> list[fake_dof.FakeNote]:
    return [n for e in fake_dof.EDITIONS for n in fake_dof.notes_of(day, e, 8)]


def _crawl(context, day: dt.date = WEDNESDAY, now: dt.datetime = NOW) -> dict:  # type: ignore[no-untyped-def]
    return run_source(context, "dof_daily", since=day, until=day, now=now)


def _stored(session) -> set[str]:  # type: ignore[no-untyped-def]
    session.commit()
    return set(session.scalars(select(Document.external_id)))


def _source(session) -> Source:  # type: ignore[no-untyped-def]
    session.commit()
    session.expire_all()
    return session.get(Source, "dof_daily")


def test_index_failure_falls_back_to_sidof_with_the_reason(
    crawl_context, fake, crawl_session
) -> None:
    fake.set_fault("dof", "500", path_contains="/index_111.php")
    stats = _crawl(crawl_context)
    assert stats["status"] == "ok" and stats["failed"] == 0, stats
    assert _stored(crawl_session) == {str(n.code) for n in _notes(WEDNESDAY)}
    assert fake.count("sidof", "/dof/sidof/notas/04-03-2026") == 1
    assert fake.count("dofws") == 0
    (warning,) = stats["warnings"]
    assert "SIDOF's note list instead of the dof.gob.mx edition index" in warning
    assert "HTTP 500" in warning
    assert _source(crawl_session).warnings == [warning]  # shown on the source health page


def test_index_and_sidof_failures_fall_back_to_the_json_service(
    crawl_context, fake, crawl_session
) -> None:
    fake.set_fault("dof", "captcha", path_contains="/index_111.php")
    fake.set_fault("sidof", "500", path_contains="/dof/sidof/notas/")
    stats = _crawl(crawl_context)
    assert stats["status"] == "ok", stats
    assert _stored(crawl_session) == {str(n.code) for n in _notes(WEDNESDAY)}
    assert fake.count("dofws", "/WS_getDiarioFull.php") == 1
    joined = " | ".join(stats["warnings"])
    assert "bot check" in joined and "legacy JSON web service instead of SIDOF" in joined


def test_every_route_failing_fails_the_run_and_keeps_the_date(crawl_context, fake) -> None:
    for host in ("dof", "sidof", "dofws"):
        fake.set_fault(host, "500", path_contains="" if host != "sidof" else "/dof/sidof/")
    stats = _crawl(crawl_context)
    assert stats["status"] == "failed" and stats["new"] == 0
    assert "HTTP 500" in stats["error"]


def test_unreachable_index_host_falls_back_instead_of_stopping(crawl_context, crawl_session):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    crawl_context.settings = crawl_context.settings.model_copy(
        update={"dof_base_url": f"http://127.0.0.1:{port}"}
    )
    stats = run_source(crawl_context, "dof_daily", since=MONDAY, until=WEDNESDAY, now=NOW)
    assert stats["status"] == "ok", stats
    expected = {
        str(n.code) for d in (MONDAY, MONDAY + dt.timedelta(1), WEDNESDAY) for n in _notes(d)
    }
    assert _stored(crawl_session) == expected
    assert "3 dates, 2026-03-02 to 2026-03-04" in stats["warnings"][0]


def test_weekday_index_without_edition_is_cross_checked_on_sidof(
    crawl_context, fake, crawl_session
) -> None:
    fake.set_fault("dof", "no_edition", path_contains="/index_111.php")
    stats = _crawl(crawl_context, MONDAY)
    assert stats["status"] == "ok" and stats["missed_days"] == []
    assert stats["state"] == "ok"
    assert _stored(crawl_session) == {str(n.code) for n in _notes(MONDAY)}
    assert "shows no edition for 2026-03-02, a publication day" in stats["warnings"][0]


def test_a_missed_publication_day_flags_and_is_read_again(
    crawl_context, fake, crawl_session
) -> None:
    fake.set_fault("dof", "no_edition", path_contains="/index_111.php")
    fake.set_fault("sidof", "no_edition", path_contains="/dof/sidof/notas/")
    fake.set_fault("dofws", "no_edition")
    stats = run_source(crawl_context, "dof_daily", now=NOW)  # the week up to Friday
    assert stats["missed_days"] == ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]
    assert stats["state"] == "flagged"
    assert any("No DOF edition found for 2026-03-02" in w for w in stats["warnings"])
    cursor = _source(crawl_session).cursor
    assert cursor.get("last_good_date") in (None, "2026-03-01")  # Monday is read again


def test_a_holiday_without_edition_is_no_failure(crawl_context, fake) -> None:
    assert fake_dof.notes_of(JUAREZ, "MAT", 8) == []  # the fake DOF keeps the calendar too
    stats = _crawl(crawl_context, JUAREZ, now=LATER)
    assert stats["status"] == "ok" and stats["state"] == "ok"
    assert stats["missed_days"] == [] and stats["warnings"] == []
    assert fake.count("sidof", "/dof/sidof/notas/") == 0  # nothing to cross-check


def test_an_announced_closure_is_no_failure(crawl_context, fake) -> None:
    crawl_context.settings = crawl_context.settings.model_copy(
        update={"dof_closed_dates": ["2026-03-04"]}
    )
    fake.set_fault("dof", "no_edition", path_contains="/index_111.php")
    stats = _crawl(crawl_context)
    assert stats["state"] == "ok" and stats["missed_days"] == []


def test_todays_missing_edition_is_not_yet_a_failure(crawl_context, fake) -> None:
    fake.set_fault("dof", "no_edition", path_contains="/index_111.php")
    friday = dt.date(2026, 3, 6)
    stats = _crawl(crawl_context, friday)
    assert stats["missed_days"] == [] and stats["state"] == "ok"


def test_routes_follow_the_setting(crawl_context, fake, crawl_session) -> None:
    crawl_context.settings = crawl_context.settings.model_copy(update={"dof_routes": ["ws"]})
    stats = _crawl(crawl_context)
    assert stats["status"] == "ok" and stats["warnings"] == []
    assert fake.count("dof") == 0 and fake.count("dofws", "/WS_getDiarioFull.php") == 1
    assert _stored(crawl_session) == {str(n.code) for n in _notes(WEDNESDAY)}
