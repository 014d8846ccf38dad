"""The staff glossary pages and the re-translate action, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from alerts.translate import GlossaryTranslator, load_glossary
from store.models import Change, GlossaryEntry, ReviewEvent, TextOrigin
from tests.web.conftest import csrf_from, login, make_change, make_staff


class Echo:
    name = "echo"

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        return list(texts)


def _staff(client, sessions, role="staff"):  # type: ignore[no-untyped-def]
    make_staff(sessions, f"{role}@example.org", role)
    assert login(client, f"{role}@example.org").status_code == 303


def test_staff_adds_and_corrects_an_entry(client, db_sessions):
    _staff(client, db_sessions)
    page = client.get("/glossary")
    assert page.status_code == 200 and "Termbase version" in page.text
    csrf = csrf_from(page.text)
    added = client.post(
        "/glossary",
        data={
            "csrf_token": csrf,
            "es": "Ley  Aduanera",
            "en": "Mexican Customs Act",
            "only": "es-en",
        },
        follow_redirects=True,
    )
    assert added.status_code == 200 and "Mexican Customs Act" in added.text
    with db_sessions() as session:
        row = session.scalars(select(GlossaryEntry)).one()
        assert (row.es, row.en, row.only, row.active) == (
            "Ley Aduanera",
            "Mexican Customs Act",
            "es-en",
            True,
        )
        assert row.created_by == "staff@example.org"
        entry_id = row.id
    fixed = client.post(
        f"/glossary/{entry_id}",
        data={"csrf_token": csrf, "es": "Ley Aduanera", "en": "Customs Act", "only": ""},
        follow_redirects=True,
    )
    assert fixed.status_code == 200 and f"Glossary entry {entry_id} saved." in fixed.text
    with db_sessions() as session:
        row = session.get(GlossaryEntry, entry_id)
        assert (row.en, row.only, row.active) == ("Customs Act", "", False)  # unticked: off


def test_incomplete_entry_is_refused_with_one_sentence(client, db_sessions):
    _staff(client, db_sessions)
    csrf = csrf_from(client.get("/glossary").text)
    response = client.post("/glossary", data={"csrf_token": csrf, "es": "Ley Aduanera", "en": ""})
    assert response.status_code == 400
    assert "Write both the Spanish and the English term." in response.text
    assert 'value="Ley Aduanera"' in response.text  # the draft is kept
    bad = client.post("/glossary", data={"csrf_token": csrf, "es": "a", "en": "b", "only": "fr-en"})
    assert bad.status_code == 400 and "Direction must be" in bad.text
    missing = client.post(
        "/glossary/999", data={"csrf_token": csrf, "es": "a", "en": "b"}, follow_redirects=True
    )
    assert "Glossary entry 999 does not exist" in missing.text


def test_keep_entry_needs_one_side_only(client, db_sessions):
    _staff(client, db_sessions)
    csrf = csrf_from(client.get("/glossary").text)
    client.post("/glossary", data={"csrf_token": csrf, "es": "Maquila Sur", "keep": "1"})
    with db_sessions() as session:
        row = session.scalars(select(GlossaryEntry)).one()
        assert (row.es, row.en, row.keep) == ("Maquila Sur", "Maquila Sur", True)


def test_committee_cannot_edit_the_glossary(client, db_sessions):
    _staff(client, db_sessions, "committee")
    assert client.get("/glossary", follow_redirects=False).status_code == 403


def test_post_without_csrf_is_refused(client, db_sessions):
    _staff(client, db_sessions)
    response = client.post("/glossary", data={"es": "a", "en": "b"}, follow_redirects=False)
    assert response.status_code == 403


def _machine_change(sessions):  # type: ignore[no-untyped-def]
    change_id = make_change(sessions, "rt1", title="AVISO de la Ley Aduanera", status="published")
    with sessions() as session, session.begin():
        change = session.get(Change, change_id)
        change.title_es, change.title_es_origin = "AVISO de la Ley Aduanera", TextOrigin.ORIGINAL
        change.title_en, change.title_en_origin = "old machine text", TextOrigin.MACHINE
        change.summary_es, change.summary_es_origin = (
            "Resumen de la Ley Aduanera",
            TextOrigin.ORIGINAL,
        )
        change.summary_en, change.summary_en_origin = "Staff summary", TextOrigin.STAFF
    return change_id


def test_retranslate_uses_the_current_glossary_and_keeps_staff_text(
    client, db_sessions, monkeypatch
):
    from web import routes_glossary

    monkeypatch.setattr(
        routes_glossary,
        "make_translator",
        lambda settings: GlossaryTranslator(Echo(), load_glossary()),
    )
    _staff(client, db_sessions)
    change_id = _machine_change(db_sessions)
    csrf = csrf_from(client.get("/glossary").text)
    client.post("/glossary", data={"csrf_token": csrf, "es": "Ley Aduanera", "en": "Customs Act"})
    page = client.get(f"/changes/{change_id}")
    assert "Re-translate with the current glossary" in page.text
    assert page.text.index("AVISO de la Ley Aduanera") < page.text.index("old machine text")
    assert "machine translation" in page.text
    with db_sessions() as session:
        version = session.get(Change, change_id).version
    done = client.post(
        f"/changes/{change_id}/retranslate",
        data={"csrf_token": csrf, "version": str(version)},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Re-translated 1 text(s)." in done.text
    with db_sessions() as session:
        change = session.get(Change, change_id)
        assert change.title_en == "NOTICE de la Customs Act"
        assert change.title_en_origin == TextOrigin.MACHINE
        assert change.summary_en == "Staff summary"  # staff text is never overwritten
        event = session.scalars(
            select(ReviewEvent).where(ReviewEvent.action == "retranslation")
        ).one()
        assert event.before == {"title_en": "old machine text"}
        assert event.actor == "staff@example.org (retranslate)"
        assert event.note.startswith("glossary ") and event.note.endswith("+staff1")


def test_retranslate_refuses_a_stale_version_and_a_missing_translator(
    client, db_sessions, monkeypatch
):
    from web import routes_glossary

    _staff(client, db_sessions)
    change_id = _machine_change(db_sessions)
    csrf = csrf_from(client.get(f"/changes/{change_id}").text)
    none = client.post(
        f"/changes/{change_id}/retranslate", data={"csrf_token": csrf}, follow_redirects=True
    )
    assert "Not re-translated" in none.text  # the test settings switch translation off
    monkeypatch.setattr(
        routes_glossary,
        "make_translator",
        lambda settings: GlossaryTranslator(Echo(), load_glossary()),
    )
    stale = client.post(
        f"/changes/{change_id}/retranslate",
        data={"csrf_token": csrf, "version": "999"},
        follow_redirects=True,
    )
    assert "saved by someone else" in stale.text
    with db_sessions() as session:
        assert session.get(Change, change_id).title_en == "old machine text"


def test_public_page_shows_the_official_title_first(client, db_sessions):
    change_id = _machine_change(db_sessions)
    page = client.get(f"/archive/{change_id}?lang=en")
    assert page.status_code == 200
    body = page.text[page.text.index("<h1") :]
    assert body.index("AVISO de la Ley Aduanera") < body.index("old machine text")
    assert "machine translation" in page.text
