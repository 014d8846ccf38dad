"""A CSMS message replaced by a newer one is not mailed; the newer one is."""

from __future__ import annotations

import datetime as dt

from alerts.delivery import published_changes
from store.changes import ensure_source, transition, upsert_document
from store.models import ChangeStatus

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def _published(session, external_id: str, title: str):  # type: ignore[no-untyped-def]
    fields = {"title": title, "language": "en", "published_on": NOW.date()}
    result = upsert_document(session, "us_cbp_csms", external_id, fields, NOW)
    transition(session, result.change, ChangeStatus.PUBLISHED, "system:test", NOW)
    return result


def test_superseded_message_is_left_out_of_digests(db_session):
    ensure_source(db_session, "us_cbp_csms")
    old = _published(db_session, "67000001", "Guidance on Section 232 duties")
    new = _published(db_session, "67000002", "UPDATED GUIDANCE: Section 232 duties")
    old.document.superseded_by_id = new.document.id
    db_session.flush()
    found = published_changes(db_session, NOW - dt.timedelta(hours=1), NOW + dt.timedelta(hours=1))
    assert [c.id for c in found] == [new.change.id]
