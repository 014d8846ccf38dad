"""What the digest says and in which order: summary, urgent first, stories, dates, titles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types

import pytest

from alerts import digest_layout as layout
from alerts.digest import DigestItem, Footer, build_digest, document_abstract, document_deadlines
from alerts.errors import InvalidToken
from alerts.links import CLOCK_SKEW_SECONDS, Links
from tests.alerts import digest_samples as samples

NOW = samples.NOW
LINKS = Links("layout-secret", "https://alertas.example.org")


def _item(change_id: int, **fields) -> DigestItem:  # type: ignore[no-untyped-def]
    values = {
        "topics": ("customs",),
        "source_id": "dof_daily",
        "source_name": "Diario Oficial de la Federación",
        "language": "es",
        "title_es": f"Aviso {change_id}",
        "title_es_origin": "original",
        "published_on": dt.date(2026, 11, 22),
        **fields,
    }
    return DigestItem(change_id=change_id, **values)


def _text(items, language="en", frequency="daily") -> str:  # type: ignore[no-untyped-def]
    member = samples.member(language, frequency)
    return build_digest(items, member, language, NOW, LINKS, frequency).text


def test_summary_counts_topics_urgent_and_names_the_nearest_deadline() -> None:
    items = [
        _item(1, deadlines=(("effective", dt.date(2026, 12, 20)),)),
        _item(2, topics=("tax",), deadlines=(("comments_close", dt.date(2026, 12, 1)),)),
        _item(3, urgent=True, title_es="Aviso urgente"),
    ]
    lines = _text(items).splitlines()
    assert lines[1] == "3 items: Customs 2, Tax 1"
    assert lines[2] == "1 urgent"
    assert lines[3] == "Next date: Comments close Dec 1, Aviso 2"


def test_amended_item_says_what_changed_and_new_items_say_new() -> None:
    items = [_item(1, kind="amended", amendment_note="Plazo de 30 a 60 días."), _item(2)]
    text = _text(items, "es")
    assert "Modificado · DOF" in text and "Qué cambió: Plazo de 30 a 60 días." in text
    assert "Nuevo · DOF" in text


def test_a_story_is_one_block_counted_once() -> None:
    items = [
        _item(1, story_key="steel", title_es="DECRETO aranceles acero", urgent=True),
        _item(
            2,
            story_key="steel",
            source_id="us_cbp_csms",
            source_name="CBP CSMS",
            language="en",
            title_en="CSMS - Steel duties from Mexico",
            title_en_origin="original",
            title_es=None,
        ),
        _item(3),
    ]
    text = _text(items)
    assert "2 items: Customs 2" in text
    assert "Related: CBP CSMS: CSMS - Steel duties from Mexico" in text
    assert text.count("DECRETO aranceles acero") == 1


def test_english_reader_sees_official_spanish_title_then_marked_translation() -> None:
    item = _item(1, title_en="Notice 1", title_en_origin="machine")
    reviewed = _item(2, title_en="Notice 2", title_en_origin="staff")
    text = _text([item, reviewed])
    assert "* Aviso 1\n  Notice 1 (machine translation)" in text
    assert "* Aviso 2\n  Notice 2 (reviewed translation)" in text


def test_spanish_reader_of_a_cbp_item_sees_english_then_spanish() -> None:
    cbp = _item(
        1,
        source_id="us_cbp_csms",
        language="en",
        title_en="CSMS - Hours at Otay Mesa",
        title_en_origin="original",
        title_es="CSMS - Horario en Otay Mesa",
        title_es_origin="machine",
    )
    text = _text([cbp], "es")
    assert (
        "* CSMS - Hours at Otay Mesa\n  CSMS - Horario en Otay Mesa (traducción automática)" in text
    )
    assert "idioma oficial" not in text


def test_missing_translation_is_said_once() -> None:
    text = _text([_item(1), _item(2)])
    assert text.count("Titles without a translation are shown in their official language.") == 1
    assert "official language" not in _text([_item(1)], "es")


def test_long_weekly_shows_a_few_per_topic_and_the_rest_as_one_line_titles() -> None:
    items = [_item(i, published_on=dt.date(2026, 11, 1 + i)) for i in range(1, 13)]
    message = build_digest(items, samples.member("en"), "en", NOW, LINKS, "weekly")
    assert message.text.count("Relevant? Yes:") == layout.FULL_BUDGET["weekly"]
    assert f"{12 - layout.FULL_BUDGET['weekly']} more:" in message.text
    assert (
        "See all on the web: https://alertas.example.org/archive?topic=customs&from=2026-11-02"
        in message.text
    )


def test_a_weekly_shares_its_full_items_among_the_topics() -> None:
    assert layout.full_counts([13, 1, 2], "weekly") == [5, 1, 2]
    assert layout.full_counts([7, 7, 7, 7], "weekly") == [2, 2, 2, 2]
    assert layout.full_counts([30], "weekly") == [8]
    assert layout.full_counts([9, 9], "daily") == [5, 5]
    assert layout.full_counts([], "weekly") == []


def test_dates_from_the_store_and_fallback_columns() -> None:
    document = types.SimpleNamespace(
        deadlines=[
            {"kind": "comments_close", "date": "2026-12-15", "text": "hasta el 15"},
            {"kind": "bogus", "date": "2026-12-16"},
            {"kind": "effective", "date": "not a date"},
        ],
        effective_on=dt.date(2026, 12, 1),
        comments_close_on=None,
    )
    assert document_deadlines(document) == (("comments_close", dt.date(2026, 12, 15)),)
    older = types.SimpleNamespace(effective_on=dt.date(2026, 12, 1), comments_close_on=None)
    assert document_deadlines(older) == (("effective", dt.date(2026, 12, 1)),)


def test_abstract_is_short_whole_sentences() -> None:
    body = "Primera oración corta. " + "Segunda oración bastante más larga " * 10
    document = types.SimpleNamespace(extra={}, body=body)
    assert document_abstract(document) == "Primera oración corta."
    fr = types.SimpleNamespace(extra={"abstract": "CBP announces a rule."}, body="x")
    assert document_abstract(fr) == "CBP announces a rule."
    assert document_abstract(types.SimpleNamespace(extra={}, body=None)) is None


def test_from_change_works_without_the_new_store_fields() -> None:
    source = types.SimpleNamespace(name="DOF")
    document = types.SimpleNamespace(
        source=source,
        source_id="dof_daily",
        language="es",
        url=None,
        agency=None,
        published_on=None,
        effective_on=None,
        comments_close_on=dt.date(2026, 12, 1),
        extra={},
        body="Texto.",
    )
    change = types.SimpleNamespace(
        id=5,
        document=document,
        topics=["tax"],
        urgent=False,
        **dict.fromkeys(
            [
                "title_en",
                "title_es",
                "summary_en",
                "summary_es",
                "title_en_origin",
                "title_es_origin",
                "summary_en_origin",
                "summary_es_origin",
            ]
        ),
    )
    item = DigestItem.from_change(change)
    assert (item.kind, item.story_key, item.amendment_note) == ("new", None, None)
    assert item.deadlines == (("comments_close", dt.date(2026, 12, 1)),)


def test_feedback_links_are_signed_per_member_item_and_answer() -> None:
    message = build_digest([_item(41)], samples.member("en"), "en", NOW, LINKS)
    tokens = [
        line.rsplit("/", 1)[1] for line in message.text.splitlines() if "/members/feedback/" in line
    ]
    targets = [LINKS.verify("feedback", token, NOW) for token in tokens]
    assert [(t.member_id, t.change_id, t.answer) for t in targets] == [
        (7, 41, "relevant"),
        (7, 41, "not_relevant"),
    ]
    with pytest.raises(InvalidToken):
        LINKS.verify("unsubscribe", tokens[0], NOW)


def test_links_accept_a_small_clock_skew_only() -> None:
    ahead = LINKS.token("manage", 7, NOW + dt.timedelta(seconds=1))
    assert LINKS.verify("manage", ahead, NOW).member_id == 7
    far = LINKS.token("manage", 7, NOW + dt.timedelta(seconds=CLOCK_SKEW_SECONDS + 60))
    with pytest.raises(InvalidToken):
        LINKS.verify("manage", far, NOW)
    confirm = LINKS.token("confirm", 7, NOW)
    with pytest.raises(InvalidToken):
        LINKS.verify("confirm", confirm, NOW + dt.timedelta(days=7, seconds=1))


def test_footer_carries_the_association_and_postal_address() -> None:
    footer = Footer("Asociación Demo", "Av. Ejemplo 100, Tijuana", "https://a.example")
    message = build_digest([_item(1)], samples.member("es"), "es", NOW, LINKS, footer=footer)
    assert "Asociación Demo, Av. Ejemplo 100, Tijuana" in message.text
    assert "Asociación Demo, Av. Ejemplo 100, Tijuana" in message.html
    assert '<meta name="viewport"' in message.html


def test_subject_says_what_is_inside() -> None:
    customs = [_item(1), _item(2, urgent=True, title_es="Cierre de la garita")]
    assert build_digest(customs, samples.member("es"), "es", NOW, LINKS).subject == (
        "1 urgente, 2 cambios de aduanas: Cierre de la garita"
    )
    both_topics = [_item(1), dataclasses.replace(_item(2), topics=("labor",))]
    subject = build_digest(both_topics, samples.member("en"), "en", NOW, LINKS).subject
    assert subject.startswith("2 regulatory changes: ")


def test_abstract_does_not_repeat_the_title() -> None:
    item = _item(
        1, title_es="Anexo 14 de la RMF", abstract="Anexo 14 de la RMF. Archivo PDF nuevo."
    )
    assert "  Archivo PDF nuevo.\n" in _text([item], "es")


def test_one_line_titles_and_subject_prefer_the_official_title_to_a_machine_translation() -> None:
    item = _item(1, title_en="Machine words", title_en_origin="machine", urgent=True)
    message = build_digest([item], samples.member("en"), "en", NOW, LINKS)
    assert message.subject == "1 urgent, 1 customs change: Aviso 1"


def test_digest_says_when_no_translator_is_available() -> None:
    footer = Footer("RegWatch", "", "", translator_available=False)
    message = build_digest([_item(1)], samples.member("en"), "en", NOW, LINKS, footer=footer)
    assert "Machine translation is not available right now" in message.text


# ---------------------------------------------------------------- reading in one language


def _cbp(change_id: int, **fields) -> DigestItem:  # type: ignore[no-untyped-def]
    values = {
        "source_id": "us_cbp_csms",
        "source_name": "CBP CSMS",
        "language": "en",
        "title_en": f"CSMS # {change_id} - Hours at Otay Mesa",
        "title_en_origin": "original",
        "title_es": f"CSMS # {change_id} - Horario en Otay Mesa",
        "title_es_origin": "machine",
    }
    return _item(change_id, **{**values, **fields})


def _weekly(items, language):  # type: ignore[no-untyped-def]
    return build_digest(items, samples.member(language), language, NOW, LINKS, "weekly")


def test_amendment_codes_read_as_sentences_in_the_members_language() -> None:
    item = _cbp(1, amendment_note="replaces:CSMS 66997350")
    assert "What changed: Replaces CSMS 66997350" in _text([item])
    spanish = _text([item], "es")
    assert "Qué cambió: Sustituye a CSMS 66997350" in spanish
    assert "replaces:" not in spanish


def test_titles_are_one_line_of_single_spaces() -> None:
    item = _cbp(1, title_en="CSMS # 1 - Southern Border: Extended  Commercial\n Hours")
    message = build_digest([item], samples.member("en"), "en", NOW, LINKS)
    assert (
        message.subject == "1 customs change: CSMS # 1 - Southern Border: Extended Commercial Hours"
    )
    assert "Extended Commercial Hours" in message.text and "  Commercial" not in message.text


def test_one_line_titles_are_in_the_readers_language_marked_mt() -> None:
    spanish_items = [
        _item(
            i, title_en=f"Notice {i}", title_en_origin="machine", published_on=dt.date(2026, 11, i)
        )
        for i in range(1, 11)
    ]
    english = _weekly(spanish_items, "en").text
    assert "- Notice 1 (MT) — DOF, Nov 1" in english
    assert "- Aviso 1" not in english  # the official title is on the linked page
    assert "MT: machine translation; the official title is on the linked page." in english
    cbp_items = [_cbp(i, published_on=dt.date(2026, 11, i)) for i in range(1, 11)]
    spanish = _weekly(cbp_items, "es").text
    assert "- CSMS # 1 - Horario en Otay Mesa (TA) — CBP CSMS, 1 nov" in spanish
    assert "TA: traducción automática" in spanish
    both = _weekly(cbp_items, "both").text
    assert "- CSMS # 1 - Hours at Otay Mesa — CBP CSMS, 1 nov" in both
    assert "(TA)" not in both and "(MT)" not in both


def test_a_one_line_title_without_translation_is_official_and_said_once() -> None:
    items = [_item(i, published_on=dt.date(2026, 11, i)) for i in range(1, 11)]
    text = _weekly(items, "en").text
    assert "- Aviso 1 — DOF, Nov 1" in text
    assert text.count("Titles without a translation are shown in their official language.") == 1


def test_two_notices_with_one_title_differ_by_their_day() -> None:
    items = [
        _item(i, title_es="Listado de empresas.", published_on=dt.date(2026, 11, i))
        for i in range(1, 11)
    ]
    text = _weekly(items, "es").text
    assert "- Listado de empresas — DOF, 1 nov" in text
    assert "- Listado de empresas — DOF, 2 nov" in text


def test_abstract_only_in_a_language_the_member_reads() -> None:
    abstract = "Se amplía el plazo del aviso mensual."
    spanish_only = _item(1, abstract=abstract)
    assert abstract not in _text([spanish_only], "en")
    assert abstract in _text([spanish_only], "es")
    assert abstract in _text([spanish_only], "both")
    translated = _item(
        2,
        abstract=abstract,
        summary_es=abstract,
        summary_es_origin="original",
        summary_en="The monthly notice deadline is extended.",
        summary_en_origin="machine",
    )
    assert "  The monthly notice deadline is extended. (MT)\n" in _text([translated], "en")
    assert f"  {abstract}\n" in _text([translated], "es")
    both = _text([translated], "both")
    assert abstract in both and "deadline is extended" not in both  # the original first


def test_an_abstract_that_describes_the_file_is_left_out() -> None:
    item = _item(
        1,
        title_es="RMF 2026 compilada",
        abstract="RMF 2026 compilada. Archivo PDF de 551 bytes publicado en el minisitio "
        "Normatividad RMF y RGCE del SAT.",
    )
    assert "bytes" not in _text([item], "es")


def test_dates_that_have_passed_are_worded_as_past() -> None:
    passed = _item(
        1,
        deadlines=(
            ("effective", dt.date(2026, 11, 20)),
            ("comments_close", dt.date(2026, 11, 21)),
            ("compliance", dt.date(2026, 12, 30)),
        ),
    )
    english = _text([passed])
    assert "In force since Nov 20 · Comments closed Nov 21 · Comply by Dec 30" in english
    assert "Next date: Comply by Dec 30, Aviso 1" in english
    spanish = _text([passed], "es")
    assert "En vigor desde el 20 nov · Comentarios cerrados el 21 nov" in spanish


def test_subject_names_the_nearest_future_date_not_a_past_one() -> None:
    items = [
        _item(1, title_es="Ya vigente", deadlines=(("effective", dt.date(2026, 11, 2)),)),
        _item(2, title_es="Próximo", deadlines=(("effective", dt.date(2026, 12, 2)),)),
    ]
    message = build_digest(items, samples.member("es"), "es", NOW, LINKS)
    assert message.subject == "2 cambios de aduanas: Próximo"
    assert message.text.index("* Próximo") < message.text.index("* Ya vigente")


def test_a_story_reference_outside_the_digest_is_a_related_link() -> None:
    notice = DigestItem(
        change_id=90,
        topics=(),
        source_id="us_federal_register",
        source_name="Federal Register",
        language="en",
        url="https://fr.example/2026-29954",
        title_en="Modernization of Customs Brokerage Filing Requirements",
        title_en_origin="original",
        deadlines=(("comments_close", dt.date(2026, 12, 4)),),
    )
    csms = _cbp(1, story_key="story-1", references=(notice,))
    text = _text([csms], "es")
    assert (
        "Relacionado: Federal Register: Modernization of Customs Brokerage Filing Requirements "
        "<https://fr.example/2026-29954>" in text
    )
    assert "Próxima fecha: Comentarios hasta 4 dic, Modernization of Customs" in text
    assert "idioma oficial" not in text  # the reference is not translated by the digest's run
    assert "1 aviso: Aduanas 1" in text


def test_a_long_official_title_keeps_its_subject() -> None:
    title = (
        "NORMA Oficial Mexicana NOM-136-STPS-2026, Condiciones de seguridad en los centros de "
        "trabajo donde se manejen, transporten o almacenen sustancias químicas peligrosas."
    )
    assert len(title) <= layout.TITLE_CHARS
    assert f"* {title}\n" in _text([_item(1, topics=("labor",), title_es=title)], "es")


def test_a_close_date_shows_on_a_one_line_title_too() -> None:
    items = [
        _item(i, deadlines=(("effective", dt.date(2026, 11, 23) + dt.timedelta(days=i)),))
        for i in range(1, 11)
    ]
    items.append(_item(11, deadlines=(("effective", dt.date(2027, 3, 1)),)))
    text = _weekly(items, "en").text
    assert "- Aviso 10 — DOF, Nov 22 · In force Dec 3\n" in text
    assert "- Aviso 11 — DOF, Nov 22\n" in text  # far off: the list stays short
    spanish = _weekly(items, "es").text
    assert "- Aviso 10 — DOF, 22 nov · Entra en vigor 3 dic\n" in spanish
