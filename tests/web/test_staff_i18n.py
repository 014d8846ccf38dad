"""Staff pages speak the account's language: every string from the catalog, none left in
English on a Spanish page."""

from __future__ import annotations

import datetime as dt
import html
import pathlib
import re

import pytest

from tests.web.conftest import NOW, csrf_from, login, make_change, make_staff
from web.i18n import MESSAGES, STAFF_MESSAGES, SUMMARY_MESSAGES, translator

TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "web" / "templates"
STAFF_TEMPLATES = (
    "base.html",
    "queue.html",
    "_queue_parts.html",
    "_macros.html",
    "change.html",
    "sources.html",
    "staff_users.html",
    "login.html",
    "summary.html",
    "_summary_body.html",
    "summary_print.html",
    "digest_preview.html",
    "glossary.html",
)
# Keys built in templates from stored values ("status_" ~ change.status.value, ...).
DYNAMIC_PREFIXES = {
    "status_": ("pending", "flagged", "published", "rejected", "archived", "all"),
    "kind_": ("new", "amended", "effective", "comments_close", "compliance", "deadline"),
    "official_title_": ("en", "es"),
    "topic_": ("customs", "labor", "tax", "immex"),
    "state_": ("ok", "new", "failing", "flagged", "disabled"),
    "role_": ("admin", "staff", "committee"),
    "origin_": ("original", "machine", "staff"),
    "field_": ("title_en", "title_es", "summary_en", "summary_es"),
    "link_kind_": ("related", "duplicate", "story"),
    "lang_": ("en", "es", "both"),
    "freq_": ("instant", "daily", "weekly"),
    # Audit actions without a label show as stored (see change.html).
    "action_": ("flagged", "published", "rejected", "edit", "topics", "urgent", "merge"),
}


def test_both_languages_have_the_same_keys():
    for table in (MESSAGES, STAFF_MESSAGES, SUMMARY_MESSAGES):
        assert set(table["en"]) == set(table["es"])


def test_every_key_the_staff_templates_use_is_in_the_catalog():
    used = set()
    for name in STAFF_TEMPLATES:
        used |= set(re.findall(r"\bt\('([a-z_]+)'", (TEMPLATES / name).read_text()))
    prefixes = {key for key in used if key.endswith("_")}
    assert prefixes <= set(DYNAMIC_PREFIXES), "a new built key needs its values listed above"
    used -= prefixes
    for prefix, values in DYNAMIC_PREFIXES.items():
        used |= {prefix + value for value in values}
    missing = {key for key in used if key not in MESSAGES["en"] or key not in MESSAGES["es"]}
    assert missing == set()


def test_enum_values_shown_on_staff_pages_all_have_labels():
    from store.models import ChangeKind, ChangeStatus, SourceState, StaffRole, TextOrigin

    for prefix, enum in (
        ("status_", ChangeStatus),
        ("kind_", ChangeKind),
        ("state_", SourceState),
        ("role_", StaffRole),
        ("origin_", TextOrigin),
    ):
        assert {prefix + member.value for member in enum} <= set(MESSAGES["es"])


def test_catalog_formats_values():
    assert translator("es")("flash_approved", id=7) == "Se aprobó el cambio 7."
    assert translator("en")("no such key") == "no such key"


# ---------------------------------------------------------------- walking the pages

_HIDDEN = re.compile(
    r"<(script|style)\b.*?</\1>|<form[^>]*class=\"lang-switch\".*?</form>", re.S | re.I
)
_UNTRANSLATED = re.compile(r"<(\w+)[^>]*\btranslate=\"no\"[^>]*>.*?</\1>", re.S)
_ATTRIBUTES = re.compile(r'\b(?:placeholder|aria-label|title)="([^"]*)"')


def visible_text(page: str) -> str:
    """What a reader sees or hears: text, placeholders and labels; no scripts, no stored
    data marked translate="no", and not the language switch (each language names itself)."""
    page = _UNTRANSLATED.sub(" ", _HIDDEN.sub(" ", page))
    attributes = " ".join(_ATTRIBUTES.findall(page))
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(f"{text} {attributes}")


def english_left_over(page: str) -> list[str]:
    """English catalog sentences and words found on a page that should be Spanish."""
    text = visible_text(page)
    found = []
    for key, english in MESSAGES["en"].items():
        spanish = MESSAGES["es"][key]
        if english == spanish or english in spanish:
            continue
        probe = re.escape(english.split("{")[0].strip())
        if probe and re.search(rf"(?<![\w/]){probe}(?![\w])", text):
            found.append(f"{key}: {english}")
    return found


def keys_left_over(page: str) -> list[str]:
    """Catalog keys shown as themselves (what `t` returns for a missing key)."""
    text = visible_text(page)
    return [key for key in MESSAGES["en"] if "_" in key and re.search(rf"\b{key}\b", text)]


def _seed(sessions) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from store.changes import record_edit, upsert_document
    from store.models import Change, TextOrigin

    flagged = make_change(sessions, "i1", title="Acuerdo que modifica el Anexo 24")
    published = make_change(
        sessions,
        "i2",
        title="Reglas de comercio exterior para 2027",
        status="published",
        urgent=False,
        effective_on=dt.date(2026, 12, 3),
        created=NOW - dt.timedelta(days=1),
    )
    with sessions() as session, session.begin():
        change = session.get(Change, published)
        record_edit(session, change, "ana@example.org", "urgent", {"urgent": True}, NOW)
        change.title_es, change.title_es_origin = "Reglas 2027", TextOrigin.MACHINE
        fields = {"title": "Acuerdo que modifica el Anexo 24 (fe de erratas)", "body": "Texto"}
        upsert_document(session, "dof_daily", "i1", {**fields, "language": "es"}, NOW)
    return {"flagged": flagged, "published": published}


def _choose(client, lang: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/summary?week=2026-W48")
    response = client.post(
        "/account/language",
        data={"lang": lang, "next": "/queue", "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/queue"


def _pages(ids: dict[str, int]) -> list[str]:
    return [
        "/queue",
        "/queue?status=all",
        "/queue?status=rejected",
        f"/changes/{ids['flagged']}",
        f"/changes/{ids['published']}",
        "/sources",
        "/glossary",
        "/admin/staff",
        "/summary?week=2026-W48",
        "/summary/export?week=2026-W48&format=html",
        "/digest/preview?days=7",
        "/digest/preview?days=1&frequency=weekly&lang=both",
    ]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_staff_page_speaks_the_chosen_language(client, db_sessions, lang):
    ids = _seed(db_sessions)
    make_staff(db_sessions, "admin@example.org", "admin")
    login_page = client.get(f"/login?lang={lang}")
    assert f'<html lang="{lang}">' in login_page.text
    assert translator(lang)("login_heading") in login_page.text
    login(client, "admin@example.org")
    _choose(client, lang)
    t = translator(lang)
    for url in _pages(ids):
        page = client.get(url)
        assert page.status_code == 200, url
        assert keys_left_over(page.text) == [], url
        if lang == "es":
            assert english_left_over(page.text) == [], url
    assert t("queue_heading") in client.get("/queue").text
    assert t("audit_trail") in client.get(f"/changes/{ids['flagged']}").text
    assert t("sum_title") in client.get("/summary?week=2026-W48").text


def test_the_summary_follows_the_staff_language_unless_asked(client, db_sessions):
    make_staff(db_sessions, "comite@example.org", "committee")
    login(client, "comite@example.org")
    assert "RegWatch weekly summary" in client.get("/summary?week=2026-W48").text
    _choose(client, "es")
    page = client.get("/summary?week=2026-W48").text
    assert "Resumen semanal de RegWatch" in page and '<html lang="es">' in page
    english = client.get("/summary?week=2026-W48&lang=en").text  # the other language, asked
    assert "RegWatch weekly summary" in english and "Idioma del resumen" in english
    export = client.get("/summary/export?week=2026-W48&format=md").text
    assert export.startswith("# Resumen semanal de RegWatch")


def test_flashes_and_login_errors_speak_the_language(client, db_sessions):
    ids = _seed(db_sessions)
    make_staff(db_sessions, "ana@example.org")
    wrong = login(client, "ana@example.org", "contraseña equivocada")
    assert "That email and password" in wrong.text  # English by default
    client.cookies.set("lang", "es")
    wrong = client.get("/login")
    wrong = client.post(
        "/login",
        data={"email": "ana@example.org", "password": "otra", "csrf_token": csrf_from(wrong.text)},
    )
    assert "no corresponden a una cuenta activa" in wrong.text
    client.cookies.delete("lang")
    login(client, "ana@example.org")
    _choose(client, "es")
    assert "Las páginas del personal ahora se muestran en español." in client.get("/queue").text
    page = client.get(f"/changes/{ids['flagged']}")
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    done = client.post(
        f"/changes/{ids['flagged']}/reject",
        data={"csrf_token": csrf_from(page.text), "version": version},
    )
    assert f"Se rechazó el cambio {ids['flagged']}." in done.text
    bulk = client.post(
        "/queue/bulk", data={"csrf_token": csrf_from(page.text), "action": "approve"}
    )
    assert "Primero seleccione al menos un cambio." in bulk.text


def test_language_switch_refuses_other_languages(client, db_sessions):
    make_staff(db_sessions, "ana@example.org")
    login(client, "ana@example.org")
    page = client.get("/queue")
    response = client.post(
        "/account/language", data={"lang": "fr", "csrf_token": csrf_from(page.text)}
    )
    assert response.status_code == 400 and "en or es" in response.text


def test_language_switch_needs_login_and_csrf(client, db_sessions):
    response = client.post("/account/language", data={"lang": "es"}, follow_redirects=False)
    assert response.status_code == 403  # no CSRF token: refused before anything else
    make_staff(db_sessions, "ana@example.org")
    page = client.get("/login")
    anonymous = client.post(
        "/account/language",
        data={"lang": "es", "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


def test_the_checks_catch_english_and_bare_keys():
    page = '<h1>Moderation queue</h1><input placeholder="words in title or text"><p>status_foo</p>'
    assert "queue_heading: Moderation queue" in english_left_over(page)
    assert "search_words: words in title or text" in english_left_over(page)
    assert english_left_over('<p translate="no">Moderation queue</p>') == []
    assert keys_left_over("<p>nav_queue</p>") == ["nav_queue"]


def test_refusals_speak_the_language(client, db_sessions):
    ids = _seed(db_sessions)
    make_staff(db_sessions, "ana@example.org")
    login(client, "ana@example.org")
    _choose(client, "es")
    page = client.get(f"/changes/{ids['flagged']}")
    stale = client.post(
        f"/changes/{ids['flagged']}/approve",
        data={"csrf_token": csrf_from(page.text), "version": "1"},
    )
    assert stale.status_code == 409
    assert f"Otra persona guardó el cambio {ids['flagged']}" in stale.text
    assert english_left_over(stale.text) == []
    itself = client.post(
        f"/changes/{ids['flagged']}/link",
        data={"csrf_token": csrf_from(page.text), "other_id": str(ids["flagged"])},
    )
    assert "Un cambio no puede vincularse consigo mismo" in itself.text


def test_a_transition_refusal_names_the_statuses_in_the_language():
    from store.errors import InvalidTransition
    from web.actions import _refused_transition

    refusal = _refused_transition(
        7, InvalidTransition("change 7 cannot go from published to archived")
    )
    assert str(refusal) == "Change 7 cannot go from published to archived."
    assert refusal.in_language(translator("es")) == (
        "El cambio 7 no puede pasar de publicado a archivado."
    )
    assert refusal.in_language(translator("en")) == str(refusal)
