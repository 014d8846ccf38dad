"""Filling a change's missing language: staff glossary entries apply, failures leave a gap."""

from __future__ import annotations

from sqlalchemy import select

from alerts.errors import TranslationUnavailable
from alerts.glossary_store import add_entry, checked_values
from alerts.translate import (
    GlossaryTranslator,
    Outcome,
    count_unknown_words,
    fill_translations,
    load_glossary,
    retranslate_change,
    too_garbled,
)
from store.models import ReviewEvent, TextOrigin
from tests.alerts import factories as f


class Echo:
    name = "echo"

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        return list(texts)


class Broken:
    name = "broken"

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        raise TranslationUnavailable("down.")


def test_staff_entries_apply_to_the_next_translation(db_session) -> None:  # type: ignore[no-untyped-def]
    values = checked_values("Ley Aduanera", "Mexican Customs Act", "", False)
    add_entry(db_session, values, "ana@example.org", f.NOW)
    change = f.change(db_session, title_es="Reforma a la Ley Aduanera")
    translator = GlossaryTranslator(Echo(), load_glossary())
    assert fill_translations(db_session, [change], translator, f.NOW) == 1
    assert change.title_en == "Reforma a la Mexican Customs Act"
    assert change.title_en_origin == TextOrigin.MACHINE
    event = db_session.scalars(
        select(ReviewEvent).where(ReviewEvent.action == "machine_translation")
    ).one()
    assert event.note.endswith("+staff1")


def test_a_failed_translation_leaves_the_gap_not_a_mix(db_session) -> None:  # type: ignore[no-untyped-def]
    change = f.change(db_session, title_es="Reforma a la Ley Aduanera")
    translator = GlossaryTranslator(Broken(), load_glossary())
    assert fill_translations(db_session, [change], translator, f.NOW) == 0
    assert change.title_en is None


def test_inactive_staff_entries_do_not_apply(db_session) -> None:  # type: ignore[no-untyped-def]
    from alerts.glossary_store import update_entry

    values = checked_values("Ley Aduanera", "Mexican Customs Act", "", False)
    row = add_entry(db_session, values, "ana@example.org", f.NOW)
    update_entry(db_session, row.id, values, False, "ana@example.org", f.NOW)
    change = f.change(db_session, title_es="la Ley Aduanera")
    fill_translations(db_session, [change], GlossaryTranslator(Echo(), load_glossary()), f.NOW)
    assert change.title_en == "la Customs Law"


def test_one_call_per_direction_for_many_changes(db_session) -> None:  # type: ignore[no-untyped-def]
    calls = []

    class Counting:
        name = "counting"

        def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
            calls.append((source, len(texts)))
            return [f"[{source}] {t}" for t in texts]

    changes = [
        f.change(db_session, title_es=f"Aviso número {n} del SAT", summary_es=None)
        for n in range(3)
    ]
    english = f.change(db_session, title_en="CBP notice", summary_es=None, language="en")
    english.title_es = None
    changes.append(english)
    filled = fill_translations(db_session, changes, Counting(), f.NOW)
    assert filled == 4
    assert sorted(calls) == [("en", 1), ("es", 3)]
    assert changes[1].title_en == "[es] Aviso número 1 del SAT"


def test_the_sources_abstract_becomes_the_summary_and_is_translated(db_session) -> None:  # type: ignore[no-untyped-def]
    change = f.change(db_session, title_en="CBP notice", summary_es=None, language="en")
    change.title_es = None
    change.document.extra = {"abstract": "Trucks cross until 22:00. Filers update software."}
    filled = fill_translations(
        db_session, [change], GlossaryTranslator(Echo(), load_glossary()), f.NOW
    )
    assert filled == 1
    assert change.summary_en == "Trucks cross until 22:00. Filers update software."
    assert change.summary_en_origin == TextOrigin.ORIGINAL
    assert change.summary_es and change.summary_es_origin == TextOrigin.MACHINE
    actions = db_session.scalars(
        select(ReviewEvent.action).where(ReviewEvent.change_id == change.id)
    ).all()
    assert sorted(actions) == ["machine_translation", "source_abstract"]


def test_a_file_description_or_a_staff_summary_is_not_seeded(db_session) -> None:  # type: ignore[no-untyped-def]
    described = f.change(db_session, title_es="Anexo 22 de las RGCE", summary_es=None)
    described.document.body = (
        "Anexo 22 de las RGCE.\nArchivo PDF de 900 bytes publicado en el minisitio.\nSHA-256: ff"
    )
    staffed = f.change(db_session, title_es="Aviso del SAT")  # has a staff summary
    staffed.document.body = "Texto de la fuente que no debe reemplazar al de staff."
    fill_translations(
        db_session, [described, staffed], GlossaryTranslator(Echo(), load_glossary()), f.NOW
    )
    assert described.summary_es is None and described.summary_en is None
    assert staffed.summary_es == "Cambia los plazos para rectificar el pedimento."


def test_no_translator_no_seeding(db_session) -> None:  # type: ignore[no-untyped-def]
    change = f.change(db_session, summary_es=None)
    change.document.body = "Se amplía el plazo del aviso mensual."
    assert fill_translations(db_session, [change], None, f.NOW) == 0
    assert change.summary_es is None


class Marking:
    """An engine that marks the words it does not know with '*', as Apertium does."""

    name = "marking"

    def __init__(self, unknown: frozenset[str]) -> None:
        self.unknown = unknown

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        return [
            " ".join(f"*{w}" if w.strip(".,") in self.unknown else w for w in t.split())
            for t in texts
        ]


GARBLING = Marking(frozenset(["weekdays", "queues", "northbound"]))


def english_change(db_session, title: str, summary: str):  # type: ignore[no-untyped-def]
    change = f.change(db_session, title_es=title, summary_es=None, language="en")
    change.summary_en = summary
    change.summary_en_origin = TextOrigin.ORIGINAL
    return change


def test_a_summary_the_engine_left_garbled_is_not_stored(db_session, caplog) -> None:  # type: ignore[no-untyped-def]
    change = english_change(
        db_session,
        "Long queues of northbound trucks on weekdays",
        "Truck processing runs until 22:00 on weekdays to relieve queues of northbound freight.",
    )
    translator = GlossaryTranslator(GARBLING, load_glossary())
    with caplog.at_level("INFO", logger="alerts.translate"):
        assert fill_translations(db_session, [change], translator, f.NOW) == 1
    assert change.summary_es is None  # three unknown words: the reader keeps the original
    assert change.title_es and "queues" in change.title_es  # titles are unaffected
    lines = [r for r in caplog.records if "garbled" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelname == "INFO"
    assert "summary_es (3 unknown words)" in lines[0].getMessage()


def test_one_unknown_word_in_a_long_summary_is_kept_without_its_mark(db_session) -> None:  # type: ignore[no-untyped-def]
    summary = (
        "Truck processing at the bridge runs until ten at night on weekdays "
        "so that carriers can clear their freight before the morning inspections start."
    )
    change = english_change(db_session, "Bridge hours", summary)
    fill_translations(db_session, [change], GlossaryTranslator(GARBLING, load_glossary()), f.NOW)
    assert change.summary_es is not None
    assert "weekdays" in change.summary_es and "*" not in change.summary_es


def test_retranslation_also_leaves_out_a_garbled_summary(db_session) -> None:  # type: ignore[no-untyped-def]
    change = english_change(db_session, "Bridge hours", "Queues on weekdays for northbound trucks.")
    translator = GlossaryTranslator(GARBLING, load_glossary())
    changed = retranslate_change(db_session, change, translator, "ana@example.org", f.NOW)
    assert "summary_es" not in changed and "title_es" in changed


def test_unknown_words_are_counted_outside_tokens_and_known_fixes() -> None:
    assert count_unknown_words("en *weekdays para *queues XZQ0Q *XZQ1Q", "es") == 2
    assert count_unknown_words("la *waiver de *northbound", "es") == 1  # 'waiver' is fixed
    assert count_unknown_words("3*4 y a*b sin marcas", "es") == 0


def test_the_garbling_threshold() -> None:
    assert not too_garbled(Outcome("uno dos tres", 0))
    assert not too_garbled(Outcome(" ".join(["palabra"] * 13), 1))  # 1 of 13 words: under 8 %
    assert too_garbled(Outcome(" ".join(["palabra"] * 10), 1))  # 1 of 10 words: over 8 %
    assert too_garbled(Outcome(" ".join(["palabra"] * 100), 2))  # more than one unknown word
    assert not too_garbled(Outcome(None, 5))  # a failure is not 'garbled': it is left out anyway
