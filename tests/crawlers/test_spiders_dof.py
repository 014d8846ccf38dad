"""The DOF spider against the fake sources, into SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from crawlers.runner import run_source
from demo.sites import dof as fake_dof
from store.models import Change, ChangeKind, Document, Revision, Source
from tests.crawlers.conftest import NOW

WEEK = [dt.date(2026, 3, d) for d in (2, 3, 4, 5, 6)]


def _expected_notes(days: list[dt.date]) -> list[fake_dof.FakeNote]:
    return [n for d in days for e in fake_dof.EDITIONS for n in fake_dof.notes_of(d, e, 8)]


def _count(session, model, *where) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _document(session, code: int) -> Document:  # type: ignore[no-untyped-def]
    return session.scalars(select(Document).where(Document.external_id == str(code))).one()


def test_first_run_stores_every_note_of_the_window(crawl_context, fake, crawl_session) -> None:
    stats = run_source(crawl_context, "dof_daily", now=NOW)
    notes = _expected_notes(WEEK)
    assert stats["status"] == "ok", stats
    assert stats["new"] == len(notes)
    assert stats["failed"] == 0 and stats["rejected"] == 0
    assert _count(crawl_session, Document, Document.source_id == "dof_daily") == len(notes)
    # 5 days x 3 editions of indexes (first_run_days=5), one docFuente per fetchable note.
    assert fake.count("dof", "/index_111.php") == 15
    assert fake.count("sidof", "/notas/docFuente/") == len(notes) - 1  # one is robots-forbidden


def test_fields_come_from_index_and_text_from_doc_fuente(crawl_context, crawl_session) -> None:
    run_source(crawl_context, "dof_daily", now=NOW)
    note = fake_dof.notes_of(dt.date(2026, 3, 4), "MAT", 8)[0]
    doc = _document(crawl_session, note.code)
    assert doc.title == note.title
    assert doc.agency == note.agency
    assert doc.published_on == dt.date(2026, 3, 4)
    assert doc.extra["edition"] == "MAT" and doc.extra["section"] in ("PRIMERA", "UNICA")
    assert "Ley Aduanera" in doc.body
    assert doc.url.startswith("https://dof.gob.mx/nota_detalle.php?codigo=")


def test_robots_forbidden_note_is_kept_from_its_index_row(crawl_context, crawl_session) -> None:
    run_source(crawl_context, "dof_daily", now=NOW)
    doc = _document(crawl_session, fake_dof.FORBIDDEN_CODE)
    assert doc.body is None and doc.extra["text_unavailable"] == "robots.txt"


def test_second_run_fetches_no_detail_page_and_changes_nothing(
    crawl_context, fake, crawl_session
) -> None:
    run_source(crawl_context, "dof_daily", now=NOW)
    fake.clear_log()
    stats = run_source(crawl_context, "dof_daily", now=NOW + dt.timedelta(hours=3))
    assert fake.count("sidof", "/notas/docFuente/") == 0
    assert stats["new"] == 0 and stats["amended"] == 0
    # Only the recheck window (3 days) is read again, and its known notes are skipped.
    assert stats["skipped_details"] == len(_expected_notes(WEEK[2:]))
    assert _count(crawl_session, Change) == len(_expected_notes(WEEK))


def test_next_day_catches_up_and_rechecks_recent_days(crawl_context, fake) -> None:
    run_source(crawl_context, "dof_daily", now=NOW)
    fake.clear_log()
    monday = NOW + dt.timedelta(days=3)
    stats = run_source(crawl_context, "dof_daily", now=monday)
    # Sat, Sun, Mon are new; the recheck window (3 days) is Sat..Mon too.
    assert fake.count("dof", "/index_111.php") == 9
    assert stats["new"] == len(_expected_notes([dt.date(2026, 3, 9)]))


def test_retitled_note_becomes_revision_and_amended_change(
    crawl_context, fake, crawl_session
) -> None:
    run_source(crawl_context, "dof_daily", now=NOW)
    note = fake_dof.notes_of(dt.date(2026, 3, 6), "MAT", 8)[1]
    fake.amend_note(note.code, title="ACUERDO que corrige la fracción arancelaria del anexo 2.")
    fake.clear_log()
    stats = run_source(crawl_context, "dof_daily", now=NOW + dt.timedelta(hours=1))
    assert stats["amended"] == 1 and stats["new"] == 0
    assert fake.count("sidof", "/notas/docFuente/") == 1
    doc = _document(crawl_session, note.code)
    assert doc.title.startswith("ACUERDO que corrige")
    assert _count(crawl_session, Revision, Revision.document_id == doc.id) == 1
    changes = crawl_session.scalars(select(Change).where(Change.document_id == doc.id))
    kinds = [c.kind for c in changes]
    assert kinds == [ChangeKind.NEW, ChangeKind.AMENDED]


def test_backfill_reads_exactly_the_range_and_keeps_the_cursor(
    crawl_context, fake, crawl_session
) -> None:
    since, until = dt.date(2025, 12, 1), dt.date(2025, 12, 3)
    stats = run_source(crawl_context, "dof_daily", since=since, until=until, now=NOW)
    days = [since, since + dt.timedelta(days=1), until]
    assert stats["new"] == len(_expected_notes(days))
    assert fake.count("dof", "/index_111.php") == 9
    source = crawl_session.get(Source, "dof_daily")
    assert source.cursor.get("last_good_date") is None  # an old range says nothing of today


def test_cursor_records_last_good_date(crawl_context, crawl_session) -> None:
    run_source(crawl_context, "dof_daily", now=NOW)
    crawl_session.expire_all()
    assert crawl_session.get(Source, "dof_daily").cursor["last_good_date"] == "2026-03-06"
