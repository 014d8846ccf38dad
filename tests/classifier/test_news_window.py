"""Old documents are not news: archived at first sight, with the reason, still publishable."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from classifier.jobs import OLD_NEWS, classify_changes, is_old_news, publication_date
from store.changes import ensure_source, transition, upsert_document
from store.models import ChangeStatus, ReviewEvent

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


@dataclasses.dataclass
class _Prediction:
    labels: list[str]
    scores: dict[str, float]
    flag_reason: str | None = None
    model_version: str = "test"


class _Relevant:
    """Every change is confidently about customs."""

    def classify(self, items: list[dict[str, Any]]) -> list[_Prediction]:
        return [_Prediction(["customs"], {"customs": 0.99}) for _ in items]


def _change(session, external_id: str, published_on: dt.date | None):  # type: ignore[no-untyped-def]
    ensure_source(session, "mx_sat_normatividad")
    fields = {"title": f"Anexo {external_id}", "published_on": published_on}
    return upsert_document(session, "mx_sat_normatividad", external_id, fields, NOW).change


def test_old_documents_go_to_the_archive_with_a_reason(db_session) -> None:  # type: ignore[no-untyped-def]
    old = _change(db_session, "old", dt.date(2026, 3, 30))
    fresh = _change(db_session, "fresh", dt.date(2026, 11, 20))
    undated = _change(db_session, "undated", None)
    counts = classify_changes(db_session, _Relevant(), [old, fresh, undated], True, NOW, 45)
    assert counts == {"published": 2, "flagged": 0, "archived": 1}
    assert old.status == ChangeStatus.ARCHIVED
    assert old.flag_reason.startswith(OLD_NEWS)
    assert "2026-03-30" in old.flag_reason
    event = db_session.query(ReviewEvent).filter_by(change_id=old.id).one()
    assert event.note == old.flag_reason
    assert fresh.status == undated.status == ChangeStatus.PUBLISHED


def test_staff_can_still_publish_an_old_document(db_session) -> None:  # type: ignore[no-untyped-def]
    old = _change(db_session, "old2", dt.date(2025, 1, 1))
    classify_changes(db_session, _Relevant(), [old], True, NOW, 45)
    transition(db_session, old, ChangeStatus.PUBLISHED, "ana@example.org", NOW)
    assert old.status == ChangeStatus.PUBLISHED


def test_the_window_is_a_setting_and_none_turns_it_off(db_session) -> None:  # type: ignore[no-untyped-def]
    change = _change(db_session, "edge", dt.date(2026, 10, 9))  # 45 days before NOW
    assert not is_old_news(change, NOW, 45)
    assert is_old_news(change, NOW, 44)
    assert not is_old_news(change, NOW, None)


def test_an_amendment_of_an_old_document_is_news(db_session) -> None:  # type: ignore[no-untyped-def]
    ensure_source(db_session, "mx_sat_normatividad")
    fields = {"title": "Anexo 24", "published_on": dt.date(2026, 1, 15), "body": "v1"}
    upsert_document(db_session, "mx_sat_normatividad", "a24", fields, NOW)
    amended = upsert_document(
        db_session, "mx_sat_normatividad", "a24", dict(fields, body="v2"), NOW
    )
    assert amended.change is not None
    assert not is_old_news(amended.change, NOW, 45)


def test_undated_documents_count_from_first_sight(db_session) -> None:  # type: ignore[no-untyped-def]
    change = _change(db_session, "nodate", None)
    assert publication_date(change.document) == NOW.date()


def test_a_file_without_a_date_counts_from_its_last_modified(db_session) -> None:  # type: ignore[no-untyped-def]
    ensure_source(db_session, "mx_sat_normatividad")
    fields = {
        "title": "Primera RM a la RMF 2026, primera versión anticipada",
        "last_modified": "Mon, 23 Feb 2026 16:31:00 GMT",
    }
    change = upsert_document(db_session, "mx_sat_normatividad", "v1", fields, NOW).change
    assert publication_date(change.document) == dt.date(2026, 2, 23)
    assert is_old_news(change, NOW, 45)
    for bad in ("not a date", "", "Mon, 23 Feb 2099 16:31:00 GMT"):
        change.document.last_modified = bad
        assert publication_date(change.document) == NOW.date()
