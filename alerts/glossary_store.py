"""Staff-edited glossary entries in the database: read, add, correct (never commits)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.errors import PermanentError
from alerts.terms import Entry
from store.models import GlossaryEntry

DIRECTIONS = ("", "es-en", "en-es")
MAX_TERM = 300


class GlossaryInputError(PermanentError):
    """A glossary entry a person submitted is incomplete or malformed."""


def active_entries(session: Session) -> list[Entry]:
    """The active staff entries as translation entries, oldest first (later ones win)."""
    rows = session.scalars(
        select(GlossaryEntry).where(GlossaryEntry.active).order_by(GlossaryEntry.id)
    )
    return [as_entry(row) for row in rows]


def as_entry(row: GlossaryEntry) -> Entry:
    """One database row as a glossary entry."""
    return Entry(es=(row.es,), en=(row.en,), only=row.only, keep=row.keep)


def list_entries(session: Session) -> list[GlossaryEntry]:
    """Every staff entry, active first, then by Spanish term."""
    query = select(GlossaryEntry).order_by(GlossaryEntry.active.desc(), GlossaryEntry.es)
    return list(session.scalars(query))


def checked_values(es: str, en: str, only: str, keep: bool) -> dict[str, object]:
    """The cleaned fields of an entry, or GlossaryInputError with one sentence to fix it."""
    es, en, only = " ".join(es.split()), " ".join(en.split()), only.strip()
    if keep and not en:
        en = es
    if keep and not es:
        es = en
    if not es or not en:
        raise GlossaryInputError("Write both the Spanish and the English term.")
    if len(es) > MAX_TERM or len(en) > MAX_TERM:
        raise GlossaryInputError(f"Keep each term under {MAX_TERM} characters.")
    if only not in DIRECTIONS:
        raise GlossaryInputError('Direction must be both, "es-en" or "en-es".')
    return {"es": es, "en": en, "only": only, "keep": keep}


def add_entry(
    session: Session,
    values: dict[str, object],
    actor: str,
    now: dt.datetime,
    note: str | None = None,
) -> GlossaryEntry:
    """Add an entry (values from checked_values); it applies to translations from now on."""
    row = GlossaryEntry(
        **values,
        active=True,
        note=note or None,
        created_by=actor,
        created_at=now,
        updated_by=actor,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def update_entry(
    session: Session,
    entry_id: int,
    values: dict[str, object],
    active: bool,
    actor: str,
    now: dt.datetime,
) -> GlossaryEntry:
    """Correct an entry or switch it off; GlossaryInputError if it does not exist."""
    row = session.get(GlossaryEntry, entry_id)
    if row is None:
        raise GlossaryInputError(f"Glossary entry {entry_id} does not exist; reload the page.")
    for key, value in values.items():
        setattr(row, key, value)
    row.active = active
    row.updated_by = actor
    row.updated_at = now
    session.flush()
    return row
