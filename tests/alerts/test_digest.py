"""Rendered digests in both languages: signed links, escaping, text part, no stray English."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.mofile import read_mo

from alerts import rendering
from alerts.digest import DigestItem, Recipient, SubscriptionView, build_digest, render_digest
from alerts.errors import InvalidToken
from alerts.links import Links

NOW = dt.datetime(2026, 11, 23, 15, 2, tzinfo=dt.UTC)
LINKS = Links("test-secret", "https://regwatch.example.org", 7)
HOSTILE = 'Aviso <script>alert("x")</script> & "comillas"'


def _items() -> list[DigestItem]:
    return [
        DigestItem(
            change_id=1,
            topics=("customs",),
            source_id="dof_daily",
            source_name="Diario Oficial de la Federación",
            language="es",
            url="https://dof.example.gob.mx/nota/1?a=1&b=2",
            agency="SHCP",
            published_on=dt.date(2026, 11, 22),
            effective_on=dt.date(2026, 12, 1),
            comments_close_on=dt.date(2026, 12, 15),
            title_es=HOSTILE,
            title_es_origin="original",
            title_en="Notice about the General Foreign Trade Rules",
            title_en_origin="machine",
            summary_es="Cambia el pedimento.",
            summary_es_origin="staff",
            summary_en="Changes the customs entry.",
            summary_en_origin="machine",
        ),
        DigestItem(
            change_id=2,
            topics=("labor", "tax"),
            source_id="us_federal_register",
            source_name="Federal Register",
            language="en",
            title_en="Wage rule",
            title_en_origin="original",
            urgent=True,
        ),
    ]


def _member(language: str) -> Recipient:
    return Recipient(
        7, "ana@maquila.mx", language, (SubscriptionView(70, "daily", ("customs", "labor")),)
    )


def _untranslated(locale: str) -> list[str]:
    """English msgids whose Spanish differs: none may appear in a Spanish email."""
    with open(rendering.CATALOGS / locale / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        catalog = read_mo(handle)
    ids = []
    for message in catalog:
        if message.id and message.string and message.id != message.string:
            first = message.id if isinstance(message.id, str) else message.id[0]
            ids.append(first)
    return [i for i in ids if len(i) > 2]  # "en" is the lang-attribute code, also a Spanish word


def _appears(msgid: str, body: str) -> bool:
    """Whether the English string shows up, whatever its placeholders were filled with."""
    pattern = re.sub(r"%\\\(\w+\\\)s", ".+?", re.escape(msgid))
    return re.search(r"(?<!\w)" + pattern + r"(?!\w)", body) is not None


@pytest.mark.parametrize("language", ["en", "es", "both"])
def test_parts_links_and_headers(language: str) -> None:
    message = build_digest(_items(), _member(language), language, NOW, LINKS)
    assert message.text.strip() and message.html.strip()
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_url = message.headers["List-Unsubscribe"].strip("<>")
    target = LINKS.verify("unsubscribe", header_url.rsplit("/", 1)[1], NOW)
    assert (target.member_id, target.subscription_id) == (7, None)
    tokens = re.findall(r"/members/(manage|unsubscribe)/([\w.\-]+)", message.text)
    purposes = {p for p, _ in tokens}
    assert purposes == {"manage", "unsubscribe"}
    per_subscription = [LINKS.verify(p, t, NOW) for p, t in tokens if p == "unsubscribe"]
    assert {t.subscription_id for t in per_subscription} == {None, 70}
    assert "[%" not in message.text + message.html + message.subject


def test_links_are_signed_and_expire() -> None:
    token = LINKS.token("confirm", 7, NOW)
    assert LINKS.verify("confirm", token, NOW + dt.timedelta(days=6)).member_id == 7
    with pytest.raises(InvalidToken):
        LINKS.verify("confirm", token, NOW + dt.timedelta(days=8))
    with pytest.raises(InvalidToken):
        LINKS.verify("unsubscribe", token, NOW)  # another purpose
    with pytest.raises(InvalidToken):
        LINKS.verify("confirm", token[:-2] + "xx", NOW)
    with pytest.raises(InvalidToken):
        Links("other-key", "https://x").verify("confirm", token, NOW)


def test_scraped_text_is_escaped_in_html_and_plain_in_text() -> None:
    message = build_digest(_items(), _member("es"), "es", NOW, LINKS)
    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html
    assert "a=1&amp;b=2" in message.html
    assert HOSTILE in message.text


def test_spanish_digest_has_no_untranslated_template_strings() -> None:
    message = build_digest(_items(), _member("es"), "es", NOW, LINKS)
    body = message.subject + message.text + message.html
    leftovers = [s for s in _untranslated("es") if _appears(s, body)]
    assert leftovers == []
    assert "Aduanas" in message.text and "Publicado 22 nov" in message.text
    assert "hora de Tijuana" in message.text and "07:02" in message.text


def test_english_digest_reads_english_and_marks_machine_text() -> None:
    message = build_digest(_items(), _member("en"), "en", NOW, LINKS)
    assert message.subject == "1 urgent, 2 regulatory changes: Wage rule"
    assert "Published Nov 22" in message.text
    assert "Comments close Dec 15" in message.text
    assert "Notice about the General Foreign Trade Rules (machine translation)" in message.text
    # The official (Spanish) title comes first, the translation under it.
    section = message.text[message.text.index("== Customs") :]
    assert section.index(HOSTILE) < section.index("Notice about the General")


def test_both_member_reads_the_frame_in_both_languages() -> None:
    message = build_digest(_items(), _member("both"), "both", NOW, LINKS)
    assert "Su resumen diario de RegWatch · Your daily RegWatch digest" in message.text
    assert "2 avisos: Aduanas 1, Laboral 1\n2 items: Customs 1, Labor 1\n" in message.text
    assert "Notice about the General Foreign Trade Rules" in message.text
    single = build_digest(_items(), _member("es"), "es", NOW, LINKS)
    assert single.text != message.text and "Your daily" not in single.text


def test_urgent_first_then_topics_in_house_order() -> None:
    text = build_digest(_items(), _member("en"), "en", NOW, LINKS).text
    assert text.index("== Urgent (1) ==") < text.index("== Customs (1) ==")
    body = text[text.index("== Urgent") :]
    assert body.index("Wage rule") < body.index(HOSTILE)


def test_every_catalog_string_is_translated() -> None:
    with open(rendering.CATALOGS / "es" / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        catalog = read_mo(handle)
    assert all(m.string for m in catalog if m.id)


def test_empty_digest_is_never_rendered() -> None:
    with pytest.raises(ValueError):
        render_digest([], "es", "daily", (), NOW)
