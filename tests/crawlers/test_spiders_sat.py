"""The SAT normatividad spider against the fake minisite, into SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from crawlers.runner import run_source
from demo.sites import sat as fake_sat
from store.models import Change, ChangeKind, Document, Revision
from tests.crawlers.conftest import NOW

SOURCE = "mx_sat_normatividad"
PAGE = "/normatividad_rmf_rgce2026.html"
FILES = "/documentos2026/"


@pytest.fixture(autouse=True)
def _pinned_day(fake) -> None:  # type: ignore[no-untyped-def]
    fake.state.others.today = NOW.date()


def _files() -> list[fake_sat.SatFile]:
    return fake_sat.files_of(2026, NOW.date())


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


def _file_requests(fake) -> list:  # type: ignore[no-untyped-def]
    return fake.requests("sat", FILES)


def test_first_run_stores_every_linked_file(crawl_context, fake, crawl_session) -> None:
    stats = _run(crawl_context)
    assert stats["status"] == "ok", stats
    assert stats["new"] == len(_files()) and stats["failed"] == 0
    assert set(_documents(crawl_session)) == {f.path.lower() for f in _files()}
    assert fake.count("sat", PAGE) == 1 and len(_file_requests(fake)) == len(_files())


def test_documents_carry_the_page_description_and_the_file_facts(
    crawl_context, crawl_session
) -> None:
    _run(crawl_context)
    docs = _documents(crawl_session)
    rmf = docs["documentos2026/rmf/rmf/rmf_2026-dof-28122025.pdf"]
    assert rmf.title == "Resolución Miscelánea Fiscal para 2026"
    assert rmf.published_on == dt.date(2025, 12, 28) and rmf.doc_type == "rmf"
    assert rmf.etag and rmf.last_modified and len(rmf.extra["sha256"]) == 64
    assert rmf.extra["sha256"] in rmf.body and rmf.extra["file_kind"] == "pdf"
    early = docs["documentos2026/rmf/anticipadas/1arm_rmf2026_primeraversionanticipada.zip"]
    assert early.doc_type == "version_anticipada" and early.extra["early_version"] is True
    assert early.extra["members"][0]["name"].endswith(".pdf")
    annex = docs["documentos2026/rgce/anexos/anexo24delasrgcepara2026.pdf"]
    assert annex.doc_type == "anexo" and annex.extra["annex"] == "24"
    assert annex.title.startswith("Anexo 24 de las RGCE")  # the page's text, not the file name


def test_second_run_revalidates_with_304_and_changes_nothing(
    crawl_context, fake, crawl_session
) -> None:
    _run(crawl_context)
    fake.clear_log()
    stats = _run(crawl_context, hours=3)
    assert stats["status"] == "ok", stats
    assert stats["new"] == 0 and stats["amended"] == 0
    assert stats["unchanged"] == len(_files())
    page = fake.requests("sat", PAGE)
    assert len(page) == 1 and "If-None-Match" in page[0].headers
    files = _file_requests(fake)
    assert len(files) == len(_files())
    assert all("If-None-Match" in r.headers and "If-Modified-Since" in r.headers for r in files)
    assert _count(crawl_session, Change) == len(_files())


def test_file_replaced_in_place_becomes_revision_and_amended_change(
    crawl_context, fake, crawl_session
) -> None:
    _run(crawl_context)
    target = _files()[0]
    before = _documents(crawl_session)[target.path.lower()]
    old_sha, old_etag = before.extra["sha256"], before.etag
    fake.state.others.reupload(target.path)
    stats = _run(crawl_context, hours=1)
    assert stats["amended"] == 1 and stats["new"] == 0
    assert stats["unchanged"] == len(_files()) - 1
    doc = _documents(crawl_session)[target.path.lower()]
    assert doc.extra["sha256"] != old_sha and doc.etag != old_etag
    assert doc.title == target.title  # the page did not change
    assert _count(crawl_session, Document, Document.source_id == SOURCE) == len(_files())
    assert _count(crawl_session, Revision, Revision.document_id == doc.id) == 1
    kinds = crawl_session.scalars(
        select(Change.kind).where(Change.document_id == doc.id).order_by(Change.id)
    ).all()
    assert kinds == [ChangeKind.NEW, ChangeKind.AMENDED]


def test_retitled_link_is_refetched_and_amended(crawl_context, fake, crawl_session) -> None:
    _run(crawl_context)
    target = _files()[2]
    fake.state.others.retitle("sat", target.path, "Anexo 1-A de la RMF para 2026 (actualizado)")
    fake.clear_log()
    stats = _run(crawl_context, hours=1)
    assert stats["amended"] == 1 and stats["new"] == 0
    changed = [r for r in _file_requests(fake) if "If-None-Match" not in r.headers]
    assert len(changed) == 1 and changed[0].path.lower().endswith(target.path.lower())
    assert _documents(crawl_session)[target.path.lower()].title.endswith("(actualizado)")


def test_new_link_on_the_page_is_a_new_document(crawl_context, fake) -> None:
    _run(crawl_context)
    later = dt.date(2026, 3, 9)  # the second anticipated version of the 1st RM is posted
    fake.state.others.today = later
    stats = run_source(crawl_context, SOURCE, now=NOW + dt.timedelta(days=3))
    added = {f.path for f in fake_sat.files_of(2026, later)} - {f.path for f in _files()}
    assert len(added) == 1 and "SegundaVersionAnticipada" in added.pop()
    assert stats["new"] == 1 and stats["unchanged"] == len(_files())


@pytest.mark.parametrize(
    ("fault", "phrase"),
    [("500", "HTTP 500"), ("captcha", "captcha"), ("truncated", "stops before its end")],
)
def test_page_fault_stores_nothing_says_why_and_flags(
    fault, phrase, crawl_context, fake, crawl_session, caplog
) -> None:
    fake.set_fault("sat", fault, path_contains=PAGE)
    with caplog.at_level(logging.WARNING, logger="crawlers"):
        first = _run(crawl_context)
    second = _run(crawl_context, hours=1)  # crawl_failure_threshold is 2
    assert first["status"] == "failed" and phrase in first["error"]
    assert second["state"] == "flagged"
    assert _count(crawl_session, Document) == 0 and not _file_requests(fake)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("crawlers")]
    assert any(SOURCE in line and phrase in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_bad_page_never_becomes_the_validator_of_a_304(crawl_context, fake, crawl_session) -> None:
    # A cut-off page carries the full page's ETag; it must not be remembered as read.
    fake.set_fault("sat", "truncated", path_contains=PAGE)
    _run(crawl_context)
    fake.set_fault("sat", None)
    stats = _run(crawl_context, hours=1)
    assert stats["status"] == "ok" and stats["new"] == len(_files())


@pytest.mark.parametrize("fault", ["truncated", "captcha", "500"])
def test_bad_file_is_not_stored_and_is_owed(fault, crawl_context, fake, crawl_session) -> None:
    target = _files()[0]
    fake.set_fault("sat", fault, path_contains=target.path)
    stats = _run(crawl_context)
    assert stats["status"] == "partial" and stats["failed"] == 1
    assert target.path.lower() not in _documents(crawl_session)
    fake.set_fault("sat", None)
    again = _run(crawl_context, hours=1)
    assert again["new"] == 1 and again["failed"] == 0
    assert target.path.lower() in _documents(crawl_session)


def test_january_reads_last_years_page_too(crawl_context, fake, crawl_session) -> None:
    january = dt.date(2026, 1, 20)
    fake.state.others.today = january
    now = dt.datetime(2026, 1, 20, 18, 0, tzinfo=dt.UTC)
    stats = run_source(crawl_context, SOURCE, now=now)
    expected = fake_sat.files_of(2025, january) + fake_sat.files_of(2026, january)
    assert stats["status"] == "ok" and stats["new"] == len(expected)
    assert fake.count("sat", "normatividad_rmf_rgce2025.html") == 1
    assert fake.count("sat", PAGE) == 1
