"""`regwatch dates backfill`: deadlines and stories for rows stored before extraction existed."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from crawlers.dates import stored_deadlines as document_deadlines
from crawlers.dates_backfill import backfill_deadlines, backfill_stories
from store.changes import ensure_source, upsert_document
from store.models import Document

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
BODY = "TRANSITORIO. ÚNICO.- El presente Acuerdo entrará en vigor el 1o. de enero de 2027."


def _old_rows(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session, session.begin():
        ensure_source(session, "dof_daily")
        ensure_source(session, "us_federal_register")
        ensure_source(session, "us_cbp_csms")
        upsert_document(
            session,
            "dof_daily",
            "1",
            {"title": "ACUERDO", "body": BODY, "published_on": dt.date(2026, 11, 20)},
            NOW,
        )
        upsert_document(
            session,
            "us_federal_register",
            "2026-00042",
            {
                "title": "Rule",
                "language": "en",
                "published_on": dt.date(2026, 11, 20),
                "extra": {
                    "dates": "Comments must be received on or before January 4, 2027.",
                    "citation": "91 FR 42",
                },
            },
            NOW,
        )
        upsert_document(
            session,
            "us_cbp_csms",
            "67000042",
            {"title": "CSMS # 67000042 - GUIDANCE", "language": "en", "body": "See 91 FR 42."},
            NOW,
        )


def test_backfill_fills_missing_deadlines_once(db_sessions) -> None:  # type: ignore[no-untyped-def]
    _old_rows(db_sessions)
    assert backfill_deadlines(db_sessions) == 3
    with db_sessions() as session:
        rows = {d.external_id: d for d in session.query(Document)}
        assert rows["1"].effective_on == dt.date(2027, 1, 1)
        assert rows["2026-00042"].comments_close_on == dt.date(2027, 1, 4)
        assert rows["67000042"].deadlines == []
    assert backfill_deadlines(db_sessions) == 0  # nothing missing any more
    assert backfill_deadlines(db_sessions, everything=True) == 3


def test_backfill_links_stories(db_sessions) -> None:  # type: ignore[no-untyped-def]
    _old_rows(db_sessions)
    with db_sessions() as session, session.begin():
        assert backfill_stories(session, NOW) == 1
        assert backfill_stories(session, NOW) == 0


def test_document_deadlines_reads_stored_fields() -> None:
    document = Document(
        title="Rule",
        body=None,
        language="en",
        published_on=dt.date(2026, 11, 20),
        effective_on=dt.date(2027, 2, 1),
        comments_close_on=None,
        extra={},
    )
    assert document_deadlines(document) == [
        {
            "kind": "effective",
            "date": "2027-02-01",
            "text": "Federal Register effective_on: 2027-02-01",
        }
    ]


def test_dates_backfill_command(app_context, db_sessions, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import crawlers.commands as commands

    _old_rows(db_sessions)
    monkeypatch.setattr(commands, "_context", lambda: app_context)
    runner = CliRunner()
    result = runner.invoke(commands.dates_group, ["backfill", "--stories"])
    assert result.exit_code == 0, result.output
    assert "Deadlines computed for 3 documents." in result.output
    assert "Story links written: 1." in result.output
    help_text = runner.invoke(commands.dates_group, ["backfill", "--help"]).output
    assert "--all" in help_text and "--stories" in help_text
