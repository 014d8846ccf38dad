"""The CSMS spider against the fake GovDelivery account, into SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from crawlers.parsers import csms as csms_parser
from crawlers.runner import run_source, run_sources
from demo.sites import csms as fake_csms
from store.models import Change, ChangeKind, Document, Revision
from tests.crawlers.conftest import NOW

SOURCE = "us_cbp_csms"
WIDGET = "/widgets/"
BULLETINS = "/bulletins/"


@pytest.fixture(autouse=True)
def _pinned_day(fake) -> None:  # type: ignore[no-untyped-def]
    fake.state.others.today = NOW.date()


def _messages() -> list[fake_csms.Bulletin]:
    return fake_csms.latest(NOW.date())


def _document(session, number: int) -> Document:  # type: ignore[no-untyped-def]
    session.commit()  # a fresh snapshot (never roll back: PG shares the connection)
    session.expire_all()
    statement = select(Document).where(
        Document.source_id == SOURCE, Document.external_id == str(number)
    )
    return session.scalars(statement).one()


def _count(session, model, *where) -> int:  # type: ignore[no-untyped-def]
    session.commit()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _run(context, hours: int = 0) -> dict:  # type: ignore[no-untyped-def]
    return run_source(context, SOURCE, now=NOW + dt.timedelta(hours=hours))


def test_first_run_stores_every_numbered_bulletin(crawl_context, fake, crawl_session) -> None:
    stats = _run(crawl_context)
    messages = _messages()
    assert stats["status"] == "ok", stats
    assert stats["new"] == len(messages) and stats["failed"] == 0
    assert _count(crawl_session, Document, Document.source_id == SOURCE) == len(messages)
    # One page per numbered bulletin, plus the unnumbered webinar invitation once.
    assert fake.count("csms", BULLETINS) == len(messages) + 1


def test_bulletin_fields_come_from_the_page(crawl_context, crawl_session) -> None:
    _run(crawl_context)
    message = next(m for m in _messages() if m.number % 2 == 0 and m.replaces is None)
    doc = _document(crawl_session, message.number)
    assert doc.title == message.subject
    assert doc.language == "en" and doc.agency == "U.S. Customs and Border Protection"
    assert doc.published_on == message.sent_at.astimezone(dt.UTC).date()
    assert doc.url == f"https://content.govdelivery.com/accounts/USDHSCBP/bulletins/{message.slug}"
    assert message.paragraphs[0] in doc.body
    assert "Update your subscriptions" not in doc.body  # the GovDelivery footer is dropped
    assert doc.extra["sent_at"] == message.sent_at.astimezone(dt.UTC).isoformat()
    assert doc.extra["attachments"] and doc.extra["attachments"][0]["url"].endswith(".pdf")
    assert doc.extra["related"] == [str(n) for n in message.related]


def test_second_run_fetches_no_bulletin_and_stores_nothing(
    crawl_context, fake, crawl_session
) -> None:
    _run(crawl_context)
    fake.clear_log()
    stats = _run(crawl_context, hours=2)
    assert fake.count("csms", WIDGET) == 1
    assert fake.count("csms", BULLETINS) == 0  # the webinar page too is remembered
    assert stats["new"] == 0 and stats["amended"] == 0
    assert stats["skipped_details"] == len(_messages())
    assert _count(crawl_session, Change) == len(_messages())


def test_new_day_fetches_only_the_new_bulletins(crawl_context, fake) -> None:
    # Re-checks of recent pages for edits are covered in test_rechecks.py.
    crawl_context.settings = crawl_context.settings.model_copy(update={"detail_recheck_days": 0})
    _run(crawl_context)
    monday = NOW.date() + dt.timedelta(days=3)
    fake.state.others.today = monday
    fake.clear_log()
    stats = run_source(crawl_context, SOURCE, now=NOW + dt.timedelta(days=3))
    new_messages = fake_csms.bulletins_of(monday)
    assert stats["new"] == len(new_messages) == 2
    # Two new bulletins, and the new webinar invitation of the previous weekday.
    assert fake.count("csms", BULLETINS) == len(new_messages) + 1


def test_retitled_bulletin_becomes_revision_and_amended_change(
    crawl_context, fake, crawl_session
) -> None:
    _run(crawl_context)
    message = _messages()[3]
    subject = f"CSMS # {message.number} - CORRECTION - {message.subject.split(' - ', 1)[1]}"
    fake.state.others.retitle("csms", str(message.number), subject)
    fake.clear_log()
    stats = _run(crawl_context, hours=1)
    assert stats["amended"] == 1 and stats["new"] == 0
    assert fake.count("csms", f"{BULLETINS}{message.slug}") == 1
    doc = _document(crawl_session, message.number)
    assert doc.title == subject
    assert _count(crawl_session, Document, Document.external_id == str(message.number)) == 1
    assert _count(crawl_session, Revision, Revision.document_id == doc.id) == 1
    kinds = crawl_session.scalars(
        select(Change.kind).where(Change.document_id == doc.id).order_by(Change.id)
    ).all()
    assert kinds == [ChangeKind.NEW, ChangeKind.AMENDED]


def test_replacing_bulletin_marks_the_older_one_superseded(crawl_context, crawl_session) -> None:
    _run(crawl_context)
    update = next(m for m in _messages() if m.replaces is not None)
    newer = _document(crawl_session, update.number)
    older = _document(crawl_session, update.replaces)
    assert newer.extra["replaces"] == [str(update.replaces)]
    assert older.superseded_by_id == newer.id
    assert newer.superseded_by_id is None


def test_replaced_bulletin_stored_later_is_marked_at_once(
    crawl_context, fake, crawl_session
) -> None:
    # Only the newest bulletins first: the replacement is stored before what it replaces.
    update = next(m for m in _messages() if m.replaces is not None)
    fake.set_fault("csms", "500", path_contains=f"{BULLETINS}{format(update.replaces, 'x')}")
    _run(crawl_context)
    fake.set_fault("csms", None)
    stats = _run(crawl_context, hours=1)
    assert stats["new"] == 1  # the replaced message, owed since the first run
    older = _document(crawl_session, update.replaces)
    assert older.superseded_by_id == _document(crawl_session, update.number).id


def test_fake_rss_parses_like_the_widget(fake) -> None:
    # The account RSS serves the same numbered messages (the newsroom item is dropped).
    body = fake_csms.feed(_messages())
    parsed = csms_parser.parse_response(body, csms_parser.RSS_URL)
    assert [i.external_id for i in parsed.items] == [str(m.number) for m in _messages()]


@pytest.mark.parametrize(
    ("fault", "phrase"),
    [("500", "HTTP 500"), ("captcha", "captcha"), ("truncated", "truncated")],
)
def test_widget_fault_stores_nothing_says_why_and_flags(
    fault, phrase, crawl_context, fake, crawl_session, caplog
) -> None:
    fake.set_fault("csms", fault, path_contains=WIDGET)
    with caplog.at_level(logging.WARNING, logger="crawlers"):
        first = _run(crawl_context)
    second = _run(crawl_context, hours=1)  # crawl_failure_threshold is 2
    assert first["status"] == "failed" and first["state"] == "failing"
    assert phrase in first["error"]
    assert second["state"] == "flagged"
    assert _count(crawl_session, Document) == 0
    assert fake.count("csms", BULLETINS) == 0
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("crawlers")]
    assert any(SOURCE in line and phrase in line for line in lines)
    assert all("\n" not in line for line in lines)


@pytest.mark.parametrize("fault", ["truncated", "captcha", "500"])
def test_bad_bulletin_page_is_not_stored_and_is_owed(
    fault, crawl_context, fake, crawl_session
) -> None:
    message = _messages()[0]
    fake.set_fault("csms", fault, path_contains=f"{BULLETINS}{message.slug}")
    stats = _run(crawl_context)
    assert stats["status"] == "partial" and stats["failed"] == 1
    assert stats["new"] == len(_messages()) - 1
    assert _count(crawl_session, Document, Document.external_id == str(message.number)) == 0
    fake.set_fault("csms", None)
    fake.clear_log()
    again = _run(crawl_context, hours=1)
    assert again["new"] == 1 and again["failed"] == 0
    assert fake.count("csms", BULLETINS) == 1
    assert message.paragraphs[0] in _document(crawl_session, message.number).body


def test_csms_outage_leaves_the_other_sources_alone(crawl_context, fake) -> None:
    fake.set_fault("csms", "500")
    fake.state.others.today = NOW.date()
    results = run_sources(crawl_context, [SOURCE, "mx_snice"], now=NOW)
    assert results[SOURCE]["status"] == "failed"
    assert results["mx_snice"]["status"] == "ok" and results["mx_snice"]["new"] > 0
