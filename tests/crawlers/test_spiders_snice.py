"""The SNICE spider against the fake Economía portal, into SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from crawlers.runner import run_source
from demo.sites import snice as fake_snice
from store.models import Change, ChangeKind, Document, Revision
from tests.crawlers.conftest import NOW

SOURCE = "mx_snice"
HOME, IMMEX = "/cs/avi/snice/home.html", "/cs/avi/snice/immex.html"


@pytest.fixture(autouse=True)
def _pinned_day(fake) -> None:  # type: ignore[no-untyped-def]
    fake.state.others.today = NOW.date()


def _notices() -> list[fake_snice.Notice]:
    return [n for n in fake_snice.notices(NOW.date()) if not n.filler]


def _expected() -> int:
    return len(_notices()) + len(fake_snice.immex_documents(NOW.date()))


def _documents(session) -> dict[str, Document]:  # type: ignore[no-untyped-def]
    session.commit()  # a fresh snapshot (never roll back: PG shares the connection)
    session.expire_all()
    statement = select(Document).where(Document.source_id == SOURCE)
    return {doc.external_id: doc for doc in session.scalars(statement)}


def _count(session, model, *where) -> int:  # type: ignore[no-untyped-def]
    session.commit()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _run(context, hours: int = 0) -> dict:  # type: ignore[no-untyped-def]
    return run_source(context, SOURCE, now=NOW + dt.timedelta(hours=hours))


def test_first_run_stores_dated_notices_and_immex_documents(
    crawl_context, fake, crawl_session
) -> None:
    stats = _run(crawl_context)
    assert stats["status"] == "ok", stats
    assert stats["new"] == _expected() and stats["failed"] == 0
    docs = _documents(crawl_session)
    assert len(docs) == _expected()
    assert not any("sin publicaciones" in d.title.lower() for d in docs.values())
    assert fake.count("snice", "/cs/avi/") == 2  # the two pages; each link is a complete item


def test_notice_fields(crawl_context, crawl_session) -> None:
    _run(crawl_context)
    docs = _documents(crawl_session)
    notice = next(n for n in _notices() if "SNICE_DOCS" in n.href)
    doc = docs[notice.key]
    assert doc.title == notice.title and doc.published_on == notice.day
    assert doc.agency == "Secretaría de Economía" and doc.language == "es"
    assert doc.url.endswith(notice.href) and doc.extra["dated_notice"] is True
    dof = next(d for key, d in docs.items() if key.startswith("dof:"))
    assert dof.url.startswith("https://www.dof.gob.mx/nota_detalle.php?codigo=")
    listing = docs["immex_cancelados_202603-immex_20260301-20260301.pdf"]
    assert listing.published_on == dt.date(2026, 3, 1) and listing.extra["immex"] is True
    assert listing.doc_type == "listado"


def test_second_run_stores_nothing(crawl_context, fake, crawl_session) -> None:
    _run(crawl_context)
    fake.clear_log()
    stats = _run(crawl_context, hours=2)
    assert stats["new"] == 0 and stats["amended"] == 0 and stats["unchanged"] == _expected()
    assert fake.count("snice", "/cs/avi/") == 2 and fake.count("snice", fake_snice.DOCS) == 0
    assert _count(crawl_session, Change) == _expected()


def test_next_day_adds_the_new_notice(crawl_context, fake) -> None:
    _run(crawl_context)
    tuesday = dt.date(2026, 3, 10)  # Monday's entry is "Sin publicaciones"
    fake.state.others.today = tuesday
    stats = run_source(crawl_context, SOURCE, now=NOW + dt.timedelta(days=4))
    fresh = [n for n in fake_snice.notices(tuesday) if n.day > NOW.date() and not n.filler]
    assert stats["new"] == len(fresh) == 1


def test_retitled_notice_becomes_revision_and_amended_change(
    crawl_context, fake, crawl_session
) -> None:
    _run(crawl_context)
    notice = next(n for n in _notices() if "SNICE_DOCS" in n.href)
    title = "Aviso (actualizado) sobre la asignación del cupo de acero para empresas IMMEX."
    fake.state.others.retitle("snice", notice.key, title)
    stats = _run(crawl_context, hours=1)
    assert stats["amended"] == 1 and stats["new"] == 0
    doc = _documents(crawl_session)[notice.key]
    assert doc.title == title
    assert _count(crawl_session, Document, Document.source_id == SOURCE) == _expected()
    assert _count(crawl_session, Revision, Revision.document_id == doc.id) == 1
    kinds = crawl_session.scalars(
        select(Change.kind).where(Change.document_id == doc.id).order_by(Change.id)
    ).all()
    assert kinds == [ChangeKind.NEW, ChangeKind.AMENDED]


@pytest.mark.parametrize(
    ("fault", "phrase"),
    [("500", "HTTP 500"), ("captcha", "captcha"), ("truncated", "stops before its end")],
)
def test_home_fault_keeps_its_notices_out_and_the_immex_page_in(
    fault, phrase, crawl_context, fake, crawl_session, caplog
) -> None:
    fake.set_fault("snice", fault, path_contains=HOME)
    with caplog.at_level(logging.WARNING, logger="crawlers"):
        stats = _run(crawl_context)
    assert stats["status"] == "partial" and phrase in stats["error"]
    assert stats["new"] == len(fake_snice.immex_documents(NOW.date()))
    assert not any(n.key in _documents(crawl_session) for n in _notices())
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("crawlers")]
    assert any(SOURCE in line and phrase in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_portal_down_flags_after_threshold(crawl_context, fake, crawl_session) -> None:
    fake.set_fault("snice", "500")
    first = _run(crawl_context)
    second = _run(crawl_context, hours=1)  # crawl_failure_threshold is 2
    assert first["status"] == "failed" and first["state"] == "failing"
    assert second["state"] == "flagged"
    assert _count(crawl_session, Document) == 0
    fake.set_fault("snice", None)
    recovered = _run(crawl_context, hours=2)
    assert recovered["state"] == "ok" and recovered["new"] == _expected()
