"""Deadline extraction: Spanish and English phrasings, Federal Register fields, negatives.

Every text here is the project's own, written in the sources' styles.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from crawlers import dates
from crawlers.dates import Deadline, deadlines_json, earliest, extract_deadlines, fold

PUB = dt.date(2026, 11, 20)


def found(
    text: str, language: str = "es", published_on: dt.date | None = PUB
) -> set[tuple[str, str]]:
    return {
        (d.kind, d.date.isoformat()) for d in extract_deadlines(None, text, language, published_on)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ÚNICO.- El presente Aviso entrará en vigor al día siguiente de su publicación en el "
            "Diario Oficial de la Federación.",
            {("effective", "2026-11-21")},
        ),
        (
            "PRIMERO.- Este Acuerdo entrará en vigor a partir del día siguiente al de su publicación "
            "en el DOF.",
            {("effective", "2026-11-21")},
        ),
        (
            "ÚNICO.- El presente Decreto entrará en vigor el día siguiente al de su publicación en "
            "el Diario Oficial de la Federación.",
            {("effective", "2026-11-21")},
        ),
        (
            "Único. El presente Acuerdo entrará en vigor el día de su publicación en el DOF.",
            {("effective", "2026-11-20")},
        ),
        (
            "Primero. La presente Resolución entrará en vigor el 1o. de enero de 2027 y estará "
            "vigente hasta el 31 de diciembre de 2027.",
            {("effective", "2027-01-01")},
        ),
        (
            "Las reglas de esta sección serán aplicables a partir del 1 de enero de 2027.",
            {("effective", "2027-01-01")},
        ),
        (
            "Los montos que se actualizan estarán vigentes a partir del 1º de febrero de 2027.",
            {("effective", "2027-02-01")},
        ),
        (
            "El Decreto entrará en vigor a los treinta días naturales siguientes a la fecha de su "
            "publicación.",
            {("effective", "2026-12-20")},
        ),
        (
            "La Norma entrará en vigor a los 60 (sesenta) días naturales posteriores a su "
            "publicación.",
            {("effective", "2027-01-19")},
        ),
        (
            "El presente Acuerdo surtirá efectos a partir del 15 de enero de 2027.",
            {("effective", "2027-01-15")},
        ),
        (
            "Se informa que a partir del día 1o. de diciembre del año en curso la ventanilla "
            "recibirá los trámites en línea.",
            {("effective", "2026-12-01")},
        ),
        (
            "Con la publicación, a partir del 2 de diciembre de 2026, entra en vigor el protocolo.",
            {("effective", "2026-12-02")},
        ),
        (
            "Las empresas con Programa IMMEX deberán presentar el reporte a partir del 1 de "
            "marzo de 2027.",
            {("compliance", "2027-03-01")},
        ),
        (
            "Los contribuyentes que opten por la facilidad lo harán a más tardar el 31 de enero de "
            "2027.",
            {("deadline", "2027-01-31")},
        ),
        (
            "Los interesados podrán presentar sus comentarios dentro de los 60 días naturales "
            "siguientes a la fecha de su publicación.",
            {("comments_close", "2027-01-19")},
        ),
        ("El programa entrará en vigor el día 1o. de marzo.", {("effective", "2027-03-01")}),
        (
            "El plazo para presentar comentarios vence el 15 de enero de 2027.",
            {("comments_close", "2027-01-15")},
        ),
        (
            "Se amplía el plazo para presentar el aviso hasta el 31 de enero de 2027.",
            {("deadline", "2027-01-31")},
        ),
        (
            "La Resolución entrará en vigor el 1 de enero de 2027, con excepción de la regla "
            "3.1.5., que entrará en vigor el 1 de abril de 2027.",
            {("effective", "2027-01-01"), ("effective", "2027-04-01")},
        ),
    ],
)
def test_spanish_phrasings(text: str, expected: set[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "DATES: This interim final rule is effective January 5, 2027. Comments must be "
            "received on or before March 3, 2027.",
            {("effective", "2027-01-05"), ("comments_close", "2027-03-03")},
        ),
        (
            "Effective immediately, filers must transmit the new data element.",
            {("effective", "2026-11-20")},
        ),
        (
            "The new duties apply to goods entered for consumption, or withdrawn from warehouse "
            "for consumption, on or after 12:01 a.m. Eastern Standard Time on December 1, 2026.",
            {("effective", "2026-12-01")},
        ),
        (
            "Comments are encouraged and will be accepted for 30 days until December 21, 2026.",
            {("comments_close", "2026-12-21")},
        ),
        (
            "The purpose of this notice is to allow an additional 60 days for public comments.",
            {("comments_close", "2027-01-19")},
        ),
        (
            "The compliance date for the new manifest element is June 1, 2027.",
            {("compliance", "2027-06-01")},
        ),
        (
            "Importers must file the reconciliation no later than Jan. 15, 2027.",
            {("deadline", "2027-01-15")},
        ),
        (
            "This rule becomes effective 30 days after the date of publication in the Federal "
            "Register.",
            {("effective", "2026-12-20")},
        ),
        ("The final rule takes effect on February 2, 2027.", {("effective", "2027-02-02")}),
        ("Written comments must be submitted by 01/04/2027.", {("comments_close", "2027-01-04")}),
        (
            "The comment period for the proposed rule published on November 3, 2026, is extended "
            "until January 15, 2027.",
            {("comments_close", "2027-01-15")},
        ),
        (
            "Written comments and related material must be submitted on or before February 3, "
            "2027.",
            {("comments_close", "2027-02-03")},
        ),
        (
            "This rule is effective on January 5, 2027, except for instruction 3, which is "
            "effective on March 1, 2027.",
            {("effective", "2027-01-05"), ("effective", "2027-03-01")},
        ),
        ("Effective Date: February 1, 2027.", {("effective", "2027-02-01")}),
    ],
)
def test_english_phrasings(text: str, expected: set[tuple[str, str]]) -> None:
    assert found(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Se modifica el Decreto publicado en el DOF el 15 de marzo de 2019.", "es"),
        (
            "El Acuerdo que entró en vigor publicado en el Diario Oficial de la Federación el 3 de "
            "diciembre de 2026 se deroga.",
            "es",
        ),
        (
            "Conforme a la Resolución de fecha 10 de diciembre de 2026, la empresa entrará en vigor "
            "en sus operaciones.",
            "es",
        ),
        ("Los salarios vigentes a partir del 1 de enero de 2019 se actualizan.", "es"),
        ("La presente resolución estará vigente hasta el 31 de diciembre de 2027.", "es"),
        (
            "Los avisos se presentarán dentro de los 15 días hábiles siguientes a su publicación; "
            "el Acuerdo entrará en vigor conforme a ese plazo.",
            "es",
        ),
        (
            "entrarán en vigor a partir de la publicación en el DOF de la modificación a que se "
            "refiere el transitorio anterior.",
            "es",
        ),
        ("Goods entered on or after January 1 of the corresponding year are covered.", "en"),
        ("The rule published on December 1, 2026 was withdrawn.", "en"),
        (
            "In response to comments on the notice, we held a hearing. The May 28 notice proposed "
            "changes.",
            "en",
        ),
        ("See 89 FR 12345, March 1, 2024, which was effective on that date.", "en"),
        ("This cost effective measure was adopted on December 3, 2026 by the agency.", "en"),
        ("El 15 de diciembre de 2026 se celebrará una reunión informativa.", "es"),
        (
            "Respuesta a los comentarios al Proyecto de Norma, publicado para consulta pública el "
            "19 de diciembre de 2026.",
            "es",
        ),
        ("Importers may be eligible for a refund. Dates are listed in the annex.", "en"),
        ("On December 21, 2026, the agency requested written comments on the draft.", "en"),
        ("The notice published on October 4, 2026 allowed 60 days for public comment.", "en"),
        ("The duties became effective on December 1, 2026 under the earlier notice.", "en"),
        (
            "The sole mandatory respondent sold merchandise at less than normal value on "
            "December 1, 2026.",
            "en",
        ),
        (
            "Comments were previously requested via the Federal Register, on December 8, 2026, "
            "during a 60-day comment period.",
            "en",
        ),
    ],
)
def test_negatives_are_not_deadlines(text: str, language: str) -> None:
    assert found(text, language) == set()


def test_relative_phrases_need_a_publication_date() -> None:
    text = "El presente Acuerdo entrará en vigor al día siguiente de su publicación."
    assert found(text, published_on=None) == set()
    assert found("Entrará en vigor el 1o. de marzo.", published_on=None) == set()


def test_written_dates_count_without_a_publication_date() -> None:
    assert found("Entrará en vigor el 1 de marzo de 2027.", published_on=None) == {
        ("effective", "2027-03-01")
    }


def test_federal_register_fields_and_dates_text() -> None:
    fields = {
        "effective_on": "2027-01-05",
        "comments_close_on": "2027-03-03",
        "dates": "Effective date: This rule is effective January 5, 2027. Compliance date: "
        "Compliance with the new data element is mandatory beginning April 1, 2027.",
    }
    deadlines = extract_deadlines("Interim rule", "An abstract.", "en", PUB, fields)
    assert [(d.kind, d.date.isoformat()) for d in deadlines] == [
        ("effective", "2027-01-05"),
        ("comments_close", "2027-03-03"),
        ("compliance", "2027-04-01"),
    ]
    assert deadlines[0].text == "Effective date: This rule is effective January 5, 2027"
    assert deadlines[1].text == "Federal Register comments_close_on: 2027-03-03"


def test_bad_federal_register_fields_are_ignored() -> None:
    fields = {"effective_on": "not a date", "comments_close_on": 17, "dates": None}
    assert extract_deadlines("T", None, "en", PUB, fields) == []


def test_title_is_read_too() -> None:
    title = (
        "RESOLUCIÓN que fija los salarios mínimos generales que estarán vigentes a partir "
        "del 1o. de enero de 2027."
    )
    assert [d.kind for d in extract_deadlines(title, None, "es", PUB)] == ["effective"]


def test_one_deadline_per_kind_and_date_sorted() -> None:
    text = (
        "Entrará en vigor el 1 de febrero de 2027. El Acuerdo entrará en vigor el 1 de "
        "febrero de 2027. Los comentarios se recibirán hasta el 10 de enero de 2027."
    )
    deadlines = extract_deadlines(None, text, "es", PUB)
    assert [(d.kind, d.date.isoformat()) for d in deadlines] == [
        ("comments_close", "2027-01-10"),
        ("effective", "2027-02-01"),
    ]


def test_phrase_is_short_and_from_the_text() -> None:
    text = (
        "x " * 400 + "El presente Acuerdo entrará en vigor el 1 de febrero de 2027. " + "y " * 400
    )
    (deadline,) = extract_deadlines(None, text, "es", PUB)
    assert "entrará en vigor el 1 de febrero de 2027" in deadline.text
    assert len(deadline.text) <= 220


def test_impossible_dates_are_skipped() -> None:
    assert found("Entrará en vigor el 31 de febrero de 2027.") == set()
    assert found("Effective February 30, 2027.", "en") == set()


def test_empty_and_missing_texts() -> None:
    assert extract_deadlines(None, None, None, None) == []
    assert extract_deadlines("", "", "es", PUB) == []


def test_json_and_earliest() -> None:
    deadlines = [
        Deadline("effective", dt.date(2027, 2, 1), "b"),
        Deadline("effective", dt.date(2027, 1, 1), "a"),
    ]
    assert deadlines_json(deadlines[:1]) == [
        {"kind": "effective", "date": "2027-02-01", "text": "b"}
    ]
    assert earliest(deadlines, "effective") == dt.date(2027, 1, 1)
    assert earliest(deadlines, "comments_close") is None


def test_fold_keeps_positions() -> None:
    text = "Entrará en vigor el 1º de AÑO"
    assert len(fold(text)) == len(text)


def test_a_long_legal_text_is_read_in_reasonable_time() -> None:
    filler = "Artículo 5. Se reforma la fracción III publicada el 3 de mayo de 2018. " * 3000
    text = filler + "TRANSITORIO Único. El presente Decreto entrará en vigor el 1 de marzo de 2027."
    assert found(text) == {("effective", "2027-03-01")}


@pytest.mark.reference
def test_reference_rgce_transitories(reference_dir) -> None:  # type: ignore[no-untyped-def]
    text = (reference_dir / "sat" / "dof_RGCE2026_27dic2025_excerpt_utf8.txt").read_text()
    deadlines = extract_deadlines(None, text, "es", dt.date(2025, 12, 27))
    kinds = {(d.kind, d.date.isoformat()) for d in deadlines}
    assert ("effective", "2026-01-01") in kinds
    assert all(d.date >= dt.date(2025, 11, 26) for d in deadlines)


@pytest.mark.reference
def test_reference_federal_register_dates(reference_dir) -> None:  # type: ignore[no-untyped-def]
    xml = (reference_dir / "cbp" / "fr_fulltext_xml_2024-21217_USTR_section301.xml").read_text()
    dates = re.sub(r"<[^>]+>", " ", re.search(r"<DATES>(.*?)</DATES>", xml, re.S).group(1))  # type: ignore[union-attr]
    deadlines = extract_deadlines(None, None, "en", dt.date(2024, 9, 18), {"dates": dates})
    assert ("effective", dt.date(2024, 9, 27)) in {(d.kind, d.date) for d in deadlines}
    assert all(d.date.year >= 2024 for d in deadlines)


# ---------------------------------------------------------------- quick patterns


@pytest.mark.parametrize(
    "pattern",
    [trigger.pattern for _, trigger, _ in dates._TRIGGERS] + [r"(?:se\s+)?aplicar|\bon\b"],
)
def test_quick_pattern_finds_what_the_plain_pattern_finds(pattern: str) -> None:
    text = dates.fold(
        "Los cambios entrarán en vigor a partir del 1o. de enero; comments on or after "
        "March 3 are due by then. Cost-effective rules became effective; se aplicará, "
        "deberán presentar a más tardar el 5 de mayo. Observaciones: ninguna."
    )
    plain, fast = re.compile(pattern), dates.quick(pattern)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert fast.pattern.startswith("(?=[")


@pytest.mark.parametrize("pattern", [r"a*", r"(?=x)y", r"[^a]b", r"[a-c]x", r"x|.y"])
def test_quick_pattern_left_alone_when_first_characters_are_unknown(pattern: str) -> None:
    assert dates.quick(pattern).pattern == pattern


def test_fold_by_table_keeps_positions_of_any_character() -> None:
    text = "Publicación ÁÉÍÓÚ ñ İ ß ﬁ"
    assert len(dates.fold(text)) == len(text)
    assert dates.fold("Publicación ÁRBOL") == "publicacion arbol"


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\d+\s+dias", "en 30 dias"),
        (r"(?:a|\s)b", "x b ab"),
        (r"\bon\s+(?:or\s+)?after", "on or after"),
    ],
)
def test_quick_pattern_with_classes_finds_the_same(pattern: str, text: str) -> None:
    plain, fast = re.compile(pattern), dates.quick(pattern)
    assert fast.pattern != pattern
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"entrar[a]n?\s+en\s+vigor|\bcomments?\b", ("entrara", "comment")),
        (r"\b(?:is|are)\s+(?:extended|reopened)", ("extended", "reopened")),
        (r"must\s+be\s+(?:filed|submitted)", ("filed", "submitted")),
        (r"(?=[ab])(?:ab\s+c|b)", ("ab", "b")),
        (r"a|b*", None),
        (r"\d+", None),
    ],
)
def test_necessary_words_are_in_every_match(pattern: str, words: tuple[str, ...] | None) -> None:
    assert dates.necessary_words(pattern) == words


def test_every_trigger_match_holds_one_of_its_words() -> None:
    text = dates.fold(
        "Entrará en vigor; surtirá efectos; comments on or after May 1; a más tardar; "
        "deberán presentar; comment period extended until; is reopened through; desde el día"
    )
    for (_, pattern, _), words in zip(dates._TRIGGERS, dates._TRIGGER_WORDS, strict=True):
        for match in pattern.finditer(text):
            assert words is None or any(word in match.group(0) for word in words)


@pytest.mark.parametrize(
    ("pattern", "pairs"),
    [
        (r"\bcomments?\b|consulta", {"co"}),
        (r"(?:se\s+)?aplicar|\bon\s+or", {"se", "ap", "on"}),
        (r"[ab]c|d(?:e|f)", {"ac", "bc", "de", "df"}),
        (r"ab?", None),  # "a" alone matches
        (r"a\s+b", None),
        (r"\d\d", None),
    ],
)
def test_two_character_starts_cover_every_match(pattern: str, pairs: set[str] | None) -> None:
    assert dates._starts(list(re._parser.parse(pattern).data), 2) == pairs  # type: ignore[attr-defined]
