"""Change pages show deadlines, what changed, the missing publication date, and the story."""

from __future__ import annotations

from sqlalchemy import select

from store.models import Change, ChangeLink
from tests.web.conftest import login, make_change, make_staff

DEADLINES = [
    {"kind": "effective", "date": "2027-01-01", "text": "entrará en vigor el 1o. de enero de 2027"},
    {
        "kind": "comments_close",
        "date": "2026-12-20",
        "text": "comentarios <b>hasta</b> el 20 de diciembre",
    },
]


def _story(db_sessions, first: int, second: int) -> None:  # type: ignore[no-untyped-def]
    with db_sessions() as session, session.begin():
        for change_id in (first, second):
            session.get(Change, change_id).story_key = f"story-{first}"
        session.add(ChangeLink(change_id=second, other_id=first, kind="story"))


def test_public_page_shows_dates_note_and_story(client, db_sessions):  # type: ignore[no-untyped-def]
    first = make_change(
        db_sessions,
        "d1",
        title="PRIMERA Resolución de Modificaciones a las RGCE para 2027",
        status="published",
        deadlines=DEADLINES,
    )
    second = make_change(
        db_sessions,
        "d2",
        title="FE de erratas a la Primera Resolución",
        status="published",
        source="mx_sat_normatividad",
    )
    _story(db_sessions, first, second)
    page = client.get(f"/archive/{first}?lang=es").text
    assert "Entra en vigor" in page and "2027-01-01" in page
    assert "entrará en vigor el 1o. de enero de 2027" in page
    assert "<b>hasta</b>" not in page and "&lt;b&gt;hasta&lt;/b&gt;" in page
    assert "Mismo acto regulatorio" in page and f"/archive/{second}" in page
    erratum = client.get(f"/archive/{second}?lang=en").text
    assert "Erratum to an earlier publication" in erratum
    assert "Same policy event" in erratum


def test_public_page_says_when_the_source_has_no_date(client, db_sessions):  # type: ignore[no-untyped-def]
    change_id = make_change(db_sessions, "d3", status="published", published_on=None)
    assert "no publication date on the source" in client.get(f"/archive/{change_id}?lang=en").text
    assert (
        "la fuente no indica fecha de publicación"
        in client.get(f"/archive/{change_id}?lang=es").text
    )


def test_staff_page_shows_dates_and_note(client, db_sessions):  # type: ignore[no-untyped-def]
    change_id = make_change(
        db_sessions, "d4", title="NOTA aclaratoria al Acuerdo", deadlines=DEADLINES
    )
    make_staff(db_sessions, "ana@example.org")
    assert login(client, "ana@example.org").status_code == 303
    page = client.get(f"/changes/{change_id}").text
    assert "Comments close" in page and "2026-12-20" in page
    assert "Clarification of an earlier publication" in page
    with db_sessions() as session:
        assert (
            session.scalars(select(Change.amendment_note).where(Change.id == change_id)).one()
            == "clarification"
        )
