"""Loading digest items: a story's documents outside the digest come along as references."""

from __future__ import annotations

from alerts.delivery import OLD_NEWS_PREFIX, items_by_id
from store.models import ChangeStatus
from tests.alerts import factories as f


def _story(db_session, status: ChangeStatus, reason: str | None = None):  # type: ignore[no-untyped-def]
    lead = f.change(db_session, title_es="CSMS sobre el aviso")
    other = f.change(db_session, title_es="Aviso del Federal Register")
    other.status = status
    other.flag_reason = reason
    lead.story_key = other.story_key = f"story-{lead.id}"
    db_session.flush()
    return lead, other


def test_an_archived_story_partner_is_a_reference(db_session) -> None:  # type: ignore[no-untyped-def]
    lead, other = _story(db_session, ChangeStatus.ARCHIVED)
    item = items_by_id(db_session, [lead.id])[lead.id]
    assert [r.change_id for r in item.references] == [other.id]
    assert item.references[0].title_es == "Aviso del Federal Register"


def test_flagged_and_old_news_partners_are_not_references(db_session) -> None:  # type: ignore[no-untyped-def]
    lead, _ = _story(db_session, ChangeStatus.FLAGGED)
    assert items_by_id(db_session, [lead.id])[lead.id].references == ()
    old, _ = _story(db_session, ChangeStatus.ARCHIVED, f"{OLD_NEWS_PREFIX} at first sight")
    assert items_by_id(db_session, [old.id])[old.id].references == ()


def test_partners_in_the_digest_are_items_not_references(db_session) -> None:  # type: ignore[no-untyped-def]
    lead, other = _story(db_session, ChangeStatus.PUBLISHED)
    found = items_by_id(db_session, [lead.id, other.id])
    assert found[lead.id].references == () and found[other.id].references == ()
