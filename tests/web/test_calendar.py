"""The deadline calendar: one VEVENT per deadline, both countries, valid RFC 5545."""

from __future__ import annotations

import datetime as dt
import types

import icalendar

from tests.web.conftest import NOW, make_change
from web.feeds import country_of, render_ics, row_deadlines

LONG_TITLE = (
    "RESOLUCIÓN que modifica las Reglas Generales de Comercio Exterior, anexos; "
    "y otras disposiciones\ncon un título largo que rebasa 75 octetos: ñandú, acción, ½"
)


def _row(**values):  # type: ignore[no-untyped-def]
    base = {
        "id": 7, "title_en": None, "title_es": LONG_TITLE, "doc_title": LONG_TITLE,
        "source_id": "dof_daily", "url": "https://www.dof.gob.mx/nota_detalle.php?codigo=1&fecha=02/12/2026",
        "effective_on": None, "comments_close_on": None, "deadlines": None,
    }  # fmt: skip
    base.update(values)
    return types.SimpleNamespace(**base)


def _events(body: str) -> list:  # type: ignore[type-arg]
    calendar = icalendar.Calendar.from_ical(body)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def _strict(body: str) -> None:
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    lines = body.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "\n" not in body.replace("\r\n", "")
    unfolded = body.replace("\r\n ", "")
    for line in unfolded.split("\r\n"):
        if line.startswith(("SUMMARY:", "DESCRIPTION:")):
            text = (
                line.split(":", 1)[1]
                .replace("\\\\", "")
                .replace("\\,", "")
                .replace("\\;", "")
                .replace("\\n", "")
            )
            assert "," not in text and ";" not in text and "\\" not in text


def test_one_event_per_deadline_with_stable_uids() -> None:
    deadlines = [
        {
            "kind": "effective",
            "date": "2027-01-01",
            "text": "entrará en vigor el 1o. de enero de 2027",
        },
        {
            "kind": "compliance",
            "date": "2027-03-01",
            "text": "deberán presentar; a partir del 1 de marzo",
        },
        {"kind": "deadline", "date": "not a date", "text": "x"},
        {"kind": "bogus", "date": "2027-03-01", "text": "x"},
    ]
    row = _row(
        deadlines=deadlines,
        effective_on=dt.date(2027, 1, 1),
        comments_close_on=dt.date(2026, 12, 20),
    )
    body = render_ics([row], "https://regwatch.example.org", "es", NOW)
    _strict(body)
    events = _events(body)
    assert [(str(e["UID"]), e["DTSTART"].dt) for e in events] == [
        ("change-7-comments_close-20261220@regwatch.example.org", dt.date(2026, 12, 20)),
        ("change-7-effective-20270101@regwatch.example.org", dt.date(2027, 1, 1)),
        ("change-7-compliance-20270301@regwatch.example.org", dt.date(2027, 3, 1)),
    ]
    for event in events:
        assert event["DTEND"].dt == event["DTSTART"].dt + dt.timedelta(days=1)
        assert "VALUE=DATE" in event.to_ical().decode()
    assert str(events[1]["SUMMARY"]) == "Entra en vigor: " + LONG_TITLE
    assert "entrará en vigor el 1o. de enero de 2027" in str(events[1]["DESCRIPTION"])
    assert str(events[1]["URL"]) == row.url
    assert render_ics([row], "https://regwatch.example.org", "es", NOW) == body  # stable


def test_both_countries_in_one_calendar() -> None:
    us = _row(
        id=8,
        source_id="us_federal_register",
        title_es=None,
        title_en="Steel; duties, rates",
        doc_title="Steel",
        url="https://www.federalregister.gov/d/2026-01234",
        deadlines=[
            {
                "kind": "comments_close",
                "date": "2027-01-04",
                "text": "Comments must be received on or before January 4, 2027",
            }
        ],
    )
    mx = _row(
        id=9, deadlines=[{"kind": "effective", "date": "2026-12-05", "text": "al día siguiente"}]
    )
    events = _events(render_ics([us, mx], "http://127.0.0.1:8000", "en", NOW))
    categories = [e["CATEGORIES"].to_ical().decode() for e in events]
    assert categories == ["US,comments_close", "MX,effective"]
    assert str(events[0]["SUMMARY"]) == "Comments close: Steel; duties, rates"
    assert country_of("us_cbp_csms") == "US" and country_of("mx_sat_normatividad") == "MX"


def test_long_past_dates_and_unsafe_links_are_left_out() -> None:
    row = _row(
        url="javascript:alert(1)",
        deadlines=[
            {"kind": "effective", "date": "2020-01-01", "text": "old"},
            {"kind": "effective", "date": "2027-01-01", "text": "new"},
        ],
    )
    body = render_ics([row], "http://127.0.0.1:8000", "en", NOW)
    (event,) = _events(body)
    assert str(event["URL"]) == "http://127.0.0.1:8000/archive/7"
    assert "javascript" not in body


def test_row_deadlines_without_the_json_column() -> None:
    row = types.SimpleNamespace(effective_on=dt.date(2027, 1, 1), comments_close_on=None)
    assert row_deadlines(row) == [("effective", dt.date(2027, 1, 1), "")]


def test_calendar_route_serves_compliance_dates(client, db_sessions):  # type: ignore[no-untyped-def]
    deadlines = [
        {
            "kind": "compliance",
            "date": (NOW.date() + dt.timedelta(days=40)).isoformat(),
            "text": "must comply by",
        }
    ]
    make_change(
        db_sessions,
        "cal1",
        title="Manifest rule, phase 2",
        status="published",
        source="us_federal_register",
        language="en",
        deadlines=deadlines,
    )
    make_change(db_sessions, "cal2", title="Not approved", status="flagged", deadlines=deadlines)
    response = client.get("/feeds/calendar.ics?lang=en")
    assert response.headers["content-type"].startswith("text/calendar")
    _strict(response.text)
    events = _events(response.text)
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Compliance date: Manifest rule, phase 2"
