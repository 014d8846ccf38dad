"""The committee's weekly summary: builder, page, exports and `regwatch summary`."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from tests.web.conftest import NOW, XSS, login, make_change, make_staff
from web.errors import BadInput
from web.summary import IsoWeek, csv_cell, markdown_text


def _week_data(sessions):  # type: ignore[no-untyped-def]
    make_change(
        sessions,
        "s1",
        title="Aviso de aduanas",
        status="published",
        topics=("customs",),
        created=NOW - dt.timedelta(days=1),
        effective_on=dt.date(2026, 12, 10),
    )
    make_change(
        sessions,
        "s2",
        title="Reforma laboral",
        status="published",
        topics=("labor", "tax"),
        created=NOW - dt.timedelta(days=2),
        comments_close_on=dt.date(2026, 12, 20),
        source="us_federal_register",
    )
    make_change(sessions, "s3", title="Still flagged", status="flagged")
    make_change(
        sessions, "s4", title="Last week", status="published", created=NOW - dt.timedelta(days=9)
    )


def test_iso_week_parsing():
    week = IsoWeek.parse("2026-W47")
    assert week.monday == dt.date(2026, 11, 16) and str(week) == "2026-W47"
    start, end = week.bounds("America/Tijuana")
    assert start == dt.datetime(2026, 11, 16, 8, 0, tzinfo=dt.UTC)
    assert (end - start) == dt.timedelta(days=7)
    with pytest.raises(BadInput):
        IsoWeek.parse("2026-47")
    with pytest.raises(BadInput):
        IsoWeek.parse("2026-W54")


def test_escaping_helpers():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("+1") == "'+1" and csv_cell("normal") == "normal"
    assert markdown_text("[x](javascript:1) <b>") == "\\[x\\]\\(javascript:1\\) &lt;b&gt;"


def test_summary_page_and_exports(client, db_sessions):
    make_staff(db_sessions, "comite@example.org", "committee")
    login(client, "comite@example.org")
    _week_data(db_sessions)
    page = client.get("/summary?week=2026-W48&lang=es")
    assert page.status_code == 200
    assert "<svg" in page.text and "Aduanas" in page.text
    assert "Aviso de aduanas" in page.text and "Last week" not in page.text
    markdown = client.get("/summary/export?week=2026-W48&lang=en&format=md")
    assert markdown.headers["content-disposition"].startswith("attachment")
    assert "## Rules taking effect in the next 30 days" in markdown.text
    assert "2026-12-10: [Aviso de aduanas]" in markdown.text
    assert "2026-12-20: [Reforma laboral]" in markdown.text
    rows = list(
        csv.reader(io.StringIO(client.get("/summary/export?week=2026-W48&lang=en&format=csv").text))
    )
    counts = {r[1]: r[8] for r in rows if r[0] == "topic_count"}
    assert counts == {"customs": "1", "labor": "1", "tax": "1", "immex": "0"}
    printable = client.get("/summary/export?week=2026-W48&lang=es&format=html")
    assert printable.headers["content-type"].startswith("text/html")
    assert "Resumen semanal" in printable.text
    assert client.get("/summary?week=bogus").status_code == 400


def test_summary_cli(app_context, db_sessions, monkeypatch):
    from click.testing import CliRunner

    import web.commands as commands

    _week_data(db_sessions)
    make_change(
        db_sessions,
        "s9",
        title=XSS,
        status="published",
        topics=("immex",),
        created=NOW - dt.timedelta(days=1),
    )
    monkeypatch.setattr(commands, "_context", lambda: app_context)
    runner = CliRunner()
    result = runner.invoke(commands.summary_command, ["--week", "2026-W48", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "Aviso de aduanas" in result.output and "<script>" not in result.output
    bad = runner.invoke(commands.summary_command, ["--week", "48"])
    assert bad.exit_code != 0 and "YYYY-Www" in bad.output
    html = runner.invoke(
        commands.summary_command, ["--week", "2026-W48", "--format", "html", "--lang", "es"]
    )
    assert "&lt;script&gt;" in html.output and "<script>" not in html.output


def test_staff_cli(app_context, db_sessions, monkeypatch):
    from click.testing import CliRunner

    import web.commands as commands

    monkeypatch.setattr(commands, "_context", lambda: app_context)
    runner = CliRunner()
    added = runner.invoke(
        commands.staff_group,
        ["add", "Rita@Example.org", "--role", "committee", "--password-stdin"],
        input="long enough pw\n",
    )
    assert added.exit_code == 0 and "Created committee account rita@example.org" in added.output
    short = runner.invoke(
        commands.staff_group, ["add", "x@example.org", "--password-stdin"], input="short\n"
    )
    assert short.exit_code != 0 and "at least" in short.output
    spanish = runner.invoke(
        commands.staff_group,
        ["add", "luz@example.org", "--language", "es", "--password-stdin"],
        input="long enough pw\n",
    )
    assert spanish.exit_code == 0
    with db_sessions() as session:
        from store.models import StaffUser

        chosen = {u.email: u.language for u in session.query(StaffUser)}
    assert chosen == {"rita@example.org": "en", "luz@example.org": "es"}
    wrong = runner.invoke(commands.staff_group, ["add", "y@example.org", "--language", "fr"])
    assert wrong.exit_code != 0 and "fr" in wrong.output
    listed = runner.invoke(commands.staff_group, ["list"])
    assert '"email": "rita@example.org"' in listed.output
    assert runner.invoke(commands.staff_group, ["disable", "rita@example.org"]).exit_code == 0
    assert runner.invoke(commands.staff_group, ["disable", "nobody@x.org"]).exit_code != 0


def test_a_story_counts_once(client, db_sessions):
    from store.models import Change, ChangeLink

    make_staff(db_sessions, "comite2@example.org", "committee")
    login(client, "comite2@example.org")
    fr = make_change(
        db_sessions,
        "st1",
        title="Steel duties notice",
        status="published",
        topics=("customs",),
        source="us_federal_register",
        language="en",
        created=NOW - dt.timedelta(days=2),
        effective_on=dt.date(2026, 12, 10),
    )
    csms = make_change(
        db_sessions,
        "st2",
        title="CSMS guidance on steel duties",
        status="published",
        topics=("customs",),
        source="us_cbp_csms",
        language="en",
        created=NOW - dt.timedelta(days=1),
        effective_on=dt.date(2026, 12, 10),
    )
    alone = make_change(
        db_sessions,
        "st3",
        title="Another customs notice",
        status="published",
        topics=("customs",),
        created=NOW - dt.timedelta(days=1),
    )
    with db_sessions() as session, session.begin():
        for change_id in (fr, csms):
            session.get(Change, change_id).story_key = "story-x"
        session.add(ChangeLink(change_id=csms, other_id=fr, kind="story"))
    rows = list(
        csv.reader(io.StringIO(client.get("/summary/export?week=2026-W48&lang=en&format=csv").text))
    )
    counts = {r[1]: r[8] for r in rows if r[0] == "topic_count"}
    assert counts["customs"] == "2"  # the story once, plus the other notice
    markdown = client.get("/summary/export?week=2026-W48&lang=en&format=md").text
    assert markdown.count("2026-12-10:") == 1
    assert alone
