"""Edits to a detail page whose listing row stays the same: periodic re-checks of recent
documents find them (conditional requests where the server offers them, content hashes
where it does not); a run soon after the last one re-fetches no detail page at all."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from crawlers.runner import run_source
from demo.sites import csms as fake_csms
from demo.sites import dof as fake_dof
from demo.sites import gobmx as fake_gobmx
from store.models import Change, ChangeKind, Document, Revision
from tests.crawlers.conftest import NOW

FRIDAY = dt.date(2026, 3, 6)


def _count(session, model, *where) -> int:  # type: ignore[no-untyped-def]
    session.commit()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _amended(session) -> int:  # type: ignore[no-untyped-def]
    return _count(session, Change, Change.kind == ChangeKind.AMENDED)


def _dof(context, hours: float) -> dict:  # type: ignore[no-untyped-def]
    return run_source(context, "dof_daily", now=NOW + dt.timedelta(hours=hours))


def test_dof_text_edit_without_index_change_becomes_an_amended_change(
    crawl_context, fake, crawl_session
) -> None:
    _dof(crawl_context, 0)
    note = fake_dof.notes_of(FRIDAY, "MAT", 8)[3]
    fake.amend_note(note.code, body="Se corrige el anexo 2: se añade la fracción 8542.31.01.")
    fake.clear_log()
    soon = _dof(crawl_context, 1)
    assert fake.count("sidof", "/notas/docFuente/") == 0  # not due yet: nothing re-fetched
    assert soon["rechecked"] == 0 and soon["amended"] == 0
    later = _dof(crawl_context, 25)
    assert later["rechecked"] > 0 and later["amended"] == 1, later
    assert _amended(crawl_session) == 1
    doc = crawl_session.scalars(
        select(Document).where(Document.external_id == str(note.code))
    ).one()
    assert "8542.31.01" in doc.body
    assert _count(crawl_session, Revision, Revision.document_id == doc.id) == 1


def test_a_recheck_is_not_repeated_before_it_is_due_again(crawl_context, fake) -> None:
    _dof(crawl_context, 0)
    _dof(crawl_context, 25)
    fake.clear_log()
    again = _dof(crawl_context, 26)
    assert again["rechecked"] == 0 and fake.count("sidof", "/notas/docFuente/") == 0


def test_old_documents_are_not_rechecked(crawl_context, fake) -> None:
    crawl_context.settings = crawl_context.settings.model_copy(update={"detail_recheck_days": 1})
    _dof(crawl_context, 0)
    fake.clear_log()
    later = _dof(crawl_context, 49)  # Sunday: Friday's notes are two days old
    assert later["rechecked"] == 0 and fake.count("sidof", "/notas/docFuente/") == 0


@pytest.fixture()
def pinned(fake):  # type: ignore[no-untyped-def]
    fake.state.others.today = NOW.date()
    return fake


def test_gobmx_recheck_uses_conditional_requests(crawl_context, pinned, crawl_session) -> None:
    fake = pinned
    run_source(crawl_context, "mx_gobmx_prensa", now=NOW)
    fake.clear_log()
    later = run_source(crawl_context, "mx_gobmx_prensa", now=NOW + dt.timedelta(hours=25))
    assert later["rechecked"] > 0 and later["not_modified"] == later["rechecked"]
    articles = [r for r in fake.requests("gobmx", "/prensa/") if "/archivo/" not in r.path]
    assert articles and all("If-None-Match" in r.headers for r in articles)
    assert later["amended"] == 0 and _amended(crawl_session) == 0


def test_gobmx_edited_article_becomes_an_amended_change(
    crawl_context, pinned, crawl_session
) -> None:
    run_source(crawl_context, "mx_gobmx_prensa", now=NOW)
    article = fake_gobmx.archive("stps", NOW.date())[0]
    pinned.state.others.rewrite("gobmx", article.external_id, "Se agrega un anexo con la NOM-035.")
    later = run_source(crawl_context, "mx_gobmx_prensa", now=NOW + dt.timedelta(hours=25))
    assert later["amended"] == 1 and later["not_modified"] == later["rechecked"] - 1


def test_csms_edited_bulletin_becomes_an_amended_change(
    crawl_context, pinned, crawl_session
) -> None:
    run_source(crawl_context, "us_cbp_csms", now=NOW)
    message = fake_csms.bulletins_of(NOW.date())[0]
    pinned.state.others.rewrite("csms", str(message.number), "Corrected: the deadline is 1 May.")
    soon = run_source(crawl_context, "us_cbp_csms", now=NOW + dt.timedelta(hours=2))
    assert soon["amended"] == 0 and soon["rechecked"] == 0
    later = run_source(crawl_context, "us_cbp_csms", now=NOW + dt.timedelta(hours=25))
    assert later["amended"] == 1, later
