"""Members' one-click "relevant" / "not relevant" links: recorded without a login, shown to staff."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from alerts.feedback import MEMBERS_ACTOR
from alerts.links import Links
from store.models import Feedback, LabelledExample, Member, MemberLanguage, MemberStatus
from tests.web.conftest import NOW, login, make_change, make_staff


def _member(sessions, email: str, language: str = "es") -> int:  # type: ignore[no-untyped-def]
    with sessions() as session, session.begin():
        row = Member(
            email=email,
            name="Ana",
            company="Maquila",
            language=MemberLanguage(language),
            status=MemberStatus.ACTIVE,
            confirmed_at=NOW,
            created_at=NOW,
        )
        session.add(row)
        session.flush()
        return row.id


def _path(test_settings, member_id: int, change_id: int, relevant: bool, at=NOW) -> str:  # type: ignore[no-untyped-def]
    links = Links.from_settings(test_settings)
    return links.feedback_url(member_id, change_id, relevant, at).removeprefix(links.base_url)


def test_one_click_records_once_and_last_answer_wins(client, db_sessions, test_settings):
    change_id = make_change(db_sessions, "fb-1", status="published")
    member_id = _member(db_sessions, "ana@maquila.example", "es")
    first = client.get(_path(test_settings, member_id, change_id, False))
    assert first.status_code == 200 and "no es relevante para usted" in first.text
    again = client.get(_path(test_settings, member_id, change_id, False))
    assert again.status_code == 200
    change_link = re.search(r'href="(/members/feedback/[^"]+)" id="change-answer"', again.text)
    flipped = client.get(change_link.group(1))
    assert flipped.status_code == 200 and "aviso es relevante para usted" in flipped.text
    with db_sessions() as session:
        rows = session.scalars(select(Feedback)).all()
        assert [(r.member_id, r.change_id, r.relevant) for r in rows] == [
            (member_id, change_id, True)
        ]


def test_thank_you_page_speaks_the_members_language(client, db_sessions, test_settings):
    change_id = make_change(db_sessions, "fb-2", status="published")
    member_id = _member(db_sessions, "mike@border.example", "en")
    page = client.get(_path(test_settings, member_id, change_id, True))
    assert page.status_code == 200 and "relevant to you" in page.text


def test_forged_or_expired_feedback_link_is_refused(client, db_sessions, test_settings, clock):
    change_id = make_change(db_sessions, "fb-3", status="published")
    member_id = _member(db_sessions, "mike@border.example", "en")
    path = _path(test_settings, member_id, change_id, True)
    assert client.get(path[:-4] + "abcd").status_code == 400
    clock["now"] = NOW + dt.timedelta(days=400)
    expired = client.get(path)
    assert expired.status_code == 400 and "expired" in expired.text  # English: the member's
    with db_sessions() as session:
        assert session.scalars(select(Feedback)).all() == []


def test_link_for_a_deleted_member_is_refused(client, db_sessions, test_settings):
    change_id = make_change(db_sessions, "fb-4", status="published")
    assert client.get(_path(test_settings, 999, change_id, True)).status_code == 400


def test_link_signed_a_moment_in_the_future_works(client, db_sessions, test_settings):
    change_id = make_change(db_sessions, "fb-5", status="published")
    member_id = _member(db_sessions, "ana@maquila.example")
    ahead = _path(test_settings, member_id, change_id, True, NOW + dt.timedelta(seconds=30))
    assert client.get(ahead).status_code == 200


def test_members_agreeing_become_training_data_and_staff_see_counts(
    client, db_sessions, test_settings
):
    change_id = make_change(db_sessions, "fb-6", status="published", topics=("customs",))
    quorum = test_settings.feedback_quorum
    members = [_member(db_sessions, f"m{i}@maquila.example") for i in range(quorum)]
    client.get(_path(test_settings, members[0], change_id, False))
    with db_sessions() as session:
        assert session.scalars(select(LabelledExample)).all() == []  # one voice is not enough
    for member_id in members[1:]:
        client.get(_path(test_settings, member_id, change_id, False))
    with db_sessions() as session:
        example = session.scalars(select(LabelledExample)).one()
        assert (example.labels, example.created_by) == ([], MEMBERS_ACTOR)
    make_staff(db_sessions, "staff@assoc.example")
    login(client, "staff@assoc.example")
    page = client.get(f"/changes/{change_id}")
    assert f"members: 0 relevant · {quorum} not relevant" in page.text
    queue = client.get("/queue?status=all")
    assert f"{quorum} not relevant" in queue.text
