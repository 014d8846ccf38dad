"""The public archive, Atom feeds, the JSON API and the iCalendar feed."""

from __future__ import annotations

import datetime as dt

import feedparser

from tests.web.conftest import NOW, make_change


def test_archive_shows_only_published_in_both_languages(client, db_sessions):
    make_change(db_sessions, "a1", title="Regla aprobada", status="published")
    make_change(db_sessions, "a2", title="Regla en revisión", status="flagged")
    spanish = client.get("/archive?lang=es")
    assert "Regla aprobada" in spanish.text and "Regla en revisión" not in spanish.text
    assert "Archivo" in spanish.text and 'lang="es"' in spanish.text
    english = client.get("/archive?lang=en")
    assert "Archive" in english.text and 'lang="en"' in english.text
    assert client.get("/archive").text.count("Archive") >= 1  # the cookie keeps English


def test_archive_search_filter_and_change_page(client, db_sessions):
    kept = make_change(
        db_sessions,
        "b1",
        title="Salario mínimo 2027",
        status="published",
        topics=("labor",),
        body="salario minimo general",
    )
    hidden = make_change(db_sessions, "b2", title="Aviso aduanero", status="published")
    flagged = make_change(db_sessions, "b3", title="Pendiente", status="flagged")
    found = client.get("/archive?q=salario")
    assert "Salario mínimo 2027" in found.text and "Aviso aduanero" not in found.text
    assert "Aviso aduanero" not in client.get("/archive?topic=labor").text
    page = client.get(f"/archive/{kept}")
    assert page.status_code == 200 and "Salario mínimo 2027" in page.text
    assert client.get(f"/archive/{flagged}").status_code == 404
    assert client.get(f"/archive/{hidden}").status_code == 200


def test_atom_feeds_parse_with_feedparser(client, db_sessions):
    make_change(
        db_sessions, "c1", title="Aviso de aduanas", status="published", topics=("customs",)
    )
    make_change(db_sessions, "c2", title="Reforma laboral", status="published", topics=("labor",))
    everything = feedparser.parse(client.get("/feeds/all.atom").content)
    assert not everything.bozo, everything.get("bozo_exception")
    assert {e.title for e in everything.entries} == {"Aviso de aduanas", "Reforma laboral"}
    labor = feedparser.parse(client.get("/feeds/topics/labor.atom").content)
    assert not labor.bozo
    assert [e.title for e in labor.entries] == ["Reforma laboral"]
    assert labor.entries[0].link.startswith("http://127.0.0.1:8000/archive/")
    assert client.get("/feeds/topics/nothing.atom").status_code == 404


def test_json_api_filters_and_pages(client, db_sessions):
    from web.queries import PAGE_SIZE

    for index in range(PAGE_SIZE + 2):
        make_change(
            db_sessions,
            f"d{index}",
            title=f"Aviso {index}",
            status="published",
            created=NOW - dt.timedelta(minutes=index),
        )
    first = client.get("/api/changes").json()
    assert len(first["items"]) == PAGE_SIZE and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["items"]) == 2 and second["next"] is None
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(set(ids)) == PAGE_SIZE + 2
    assert client.get("/api/changes?topic=labor").json()["items"] == []
    assert client.get("/api/changes?topic=bogus").status_code == 400


def test_icalendar_lists_upcoming_dates(client, db_sessions):
    make_change(
        db_sessions,
        "e1",
        title="Regla con vigencia, y punto; final",
        status="published",
        effective_on=dt.date(2026, 12, 15),
        comments_close_on=dt.date(2026, 12, 1),
    )
    body = client.get("/feeds/calendar.ics?lang=es").text
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20261215" in body and "DTSTART;VALUE=DATE:20261201" in body
    assert "Regla con vigencia\\, y punto\\; final" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
