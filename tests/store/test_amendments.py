"""Amendment notes: what changed, for amended changes and for corrections of other documents."""

from __future__ import annotations

import datetime as dt

import pytest

from store.amendments import note_for_new, note_for_update, render_amendment
from store.changes import earliest_deadline, ensure_source, upsert_document

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("source", "fields", "note"),
    [
        ("dof_daily", {"title": "FE de erratas al Acuerdo que modifica el Anexo 24"}, "erratum"),
        (
            "dof_daily",
            {"title": "ACLARACIÓN a la Resolución publicada el 3 de noviembre"},
            "clarification",
        ),
        ("dof_daily", {"title": "NOTA aclaratoria al Decreto IMMEX"}, "clarification"),
        ("dof_daily", {"title": "ACUERDO por el que se aclara el Anexo 22"}, None),
        ("us_cbp_csms", {"title": "CSMS # 67000001 - UPDATE: Section 232 filing"}, "update"),
        ("us_cbp_csms", {"title": "CSMS # 67000002 - CORRECTION - GUIDANCE: Steel"}, "correction"),
        (
            "us_cbp_csms",
            {
                "title": "CSMS # 67000003 - GUIDANCE: Steel",
                "body": "This message serves to replace CSMS#64470353.",
            },
            "replaces:CSMS 64470353",
        ),
        ("us_cbp_csms", {"title": "CSMS # 67000004 - Updates to submitting HTS codes"}, None),
        (
            "us_federal_register",
            {"title": "Tariff rates", "extra": {"correction_of": "2026-01234"}},
            "fr_correction:2026-01234",
        ),
        (
            "us_federal_register",
            {"title": "Tariff rates; Correction", "doc_type": "Correction"},
            "correction",
        ),
        ("us_federal_register", {"title": "Tariff rates", "doc_type": "Rule"}, None),
    ],
)
def test_note_for_new(source: str, fields: dict, note: str | None) -> None:  # type: ignore[type-arg]
    assert note_for_new(source, fields) == note


def test_note_for_update_kinds() -> None:
    base = {"title": "A", "body": "text", "effective_on": dt.date(2027, 1, 1)}
    assert note_for_update("dof_daily", base, {**base, "title": "B"}) == "title"
    assert note_for_update("dof_daily", base, {**base, "body": "other"}) == "body"
    assert note_for_update("dof_daily", base, {**base, "title": "B", "body": "x"}) == "title_body"
    assert note_for_update("mx_sat_normatividad", base, {**base, "body": "x"}) == "file_replaced"
    moved = note_for_update("dof_daily", base, {**base, "effective_on": dt.date(2027, 2, 1)})
    assert moved == "dates:effective 2027-01-01 -> 2027-02-01"
    assert note_for_update("dof_daily", base, {**base, "body": "text Anexo 24"}) == "annex:Anexo 24"
    assert note_for_update("dof_daily", base, {**base, "url": "https://x"}) == "metadata:url"
    assert note_for_update("dof_daily", base, dict(base)) is None


def test_render_in_both_languages() -> None:
    assert render_amendment("replaces:CSMS 1234567", "en") == "Replaces CSMS 1234567"
    assert render_amendment("erratum", "es") == "Fe de erratas de una publicación anterior"
    assert render_amendment("title", "fr") == "Title changed"
    assert render_amendment("something-new", "en") == "something-new"
    assert render_amendment(None, "en") is None


def test_earliest_deadline_skips_bad_entries() -> None:
    stored = [
        {"kind": "effective", "date": "nope"},
        "x",
        {"kind": "effective", "date": "2027-03-01"},
        {"kind": "effective", "date": "2027-02-01"},
    ]
    assert earliest_deadline(stored, "effective") == dt.date(2027, 2, 1)
    assert earliest_deadline(None, "effective") is None


def test_deadlines_are_stored_and_fill_empty_dates(db_session) -> None:  # type: ignore[no-untyped-def]
    ensure_source(db_session, "dof_daily")
    deadlines = [
        {
            "kind": "effective",
            "date": "2027-01-01",
            "text": "entrará en vigor el 1o. de enero de 2027",
        },
        {"kind": "comments_close", "date": "2026-12-20", "text": "comentarios"},
    ]
    fields = {"title": "Acuerdo", "body": "b", "deadlines": deadlines}
    result = upsert_document(db_session, "dof_daily", "n1", fields, NOW)
    document = result.document
    assert document.deadlines == deadlines
    assert document.effective_on == dt.date(2027, 1, 1)
    assert document.comments_close_on == dt.date(2026, 12, 20)
    # Deadlines are derived, not content: the same item again is unchanged.
    again = upsert_document(db_session, "dof_daily", "n1", dict(fields, deadlines=[]), NOW)
    assert again.outcome == "unchanged"


def test_a_source_date_wins_over_an_extracted_one(db_session) -> None:  # type: ignore[no-untyped-def]
    ensure_source(db_session, "us_federal_register")
    fields = {
        "title": "Rule",
        "effective_on": dt.date(2027, 5, 1),
        "deadlines": [{"kind": "effective", "date": "2027-01-01", "text": "t"}],
    }
    document = upsert_document(db_session, "us_federal_register", "2026-1", fields, NOW).document
    assert document.effective_on == dt.date(2027, 5, 1)


def test_rows_stored_before_deadlines_get_them_on_the_next_crawl(db_session) -> None:  # type: ignore[no-untyped-def]
    ensure_source(db_session, "dof_daily")
    document = upsert_document(db_session, "dof_daily", "old", {"title": "Aviso"}, NOW).document
    assert document.deadlines is None
    deadlines = [{"kind": "effective", "date": "2027-01-01", "text": "t"}]
    result = upsert_document(
        db_session, "dof_daily", "old", {"title": "Aviso", "deadlines": deadlines}, NOW
    )
    assert result.outcome == "unchanged"
    assert result.document.deadlines == deadlines
    assert result.document.effective_on == dt.date(2027, 1, 1)


def test_amended_and_correcting_changes_get_notes(db_session) -> None:  # type: ignore[no-untyped-def]
    ensure_source(db_session, "dof_daily")
    first = upsert_document(db_session, "dof_daily", "a", {"title": "Acuerdo", "body": "uno"}, NOW)
    assert first.change is not None and first.change.amendment_note is None
    second = upsert_document(db_session, "dof_daily", "a", {"title": "Acuerdo", "body": "dos"}, NOW)
    assert second.outcome == "amended" and second.change is not None
    assert second.change.amendment_note == "body"
    erratum = upsert_document(
        db_session, "dof_daily", "b", {"title": "FE de erratas al Acuerdo"}, NOW
    )
    assert erratum.change is not None and erratum.change.amendment_note == "erratum"


def test_rendered_details_use_words_and_the_readers_dates() -> None:
    moved = "dates:effective 2027-01-01 -> 2027-02-01"
    assert render_amendment(moved, "en") == "Dates changed: in force Jan 1, 2027 → Feb 1, 2027"
    assert render_amendment(moved, "es") == (
        "Cambiaron las fechas: entrada en vigor 1 ene 2027 → 1 feb 2027"
    )
    assert render_amendment("metadata:url, agency", "es") == "Cambiaron datos (enlace, dependencia)"
    assert render_amendment("dates:unreadable", "en") == "Dates changed: unreadable"
