"""Stories: a Federal Register notice and the CSMS about it; a DOF resolution and its SAT files."""

from __future__ import annotations

import datetime as dt

import pytest

from store.changes import ensure_source, upsert_document
from store.models import ChangeLink
from store.stories import (
    candidate_sources,
    instrument_keys,
    link_stories,
    signals,
    story_members,
)

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("title", "keys"),
    [
        (
            "PRIMERA Resolución de Modificaciones a las Reglas Generales de Comercio Exterior para 2027",
            {"mx:rgce:2027:rm1"},
        ),
        (
            "Primera Resolución de Modificaciones a las RGCE para 2027 (segunda versión anticipada)",
            {"mx:rgce:2027:rm1"},
        ),
        ("Segunda RM a la RMF 2027, primera versión anticipada", {"mx:rmf:2027:rm2"}),
        (
            "Anexo 22 de las RGCE para 2027 (Instructivo de llenado del pedimento)",
            {"mx:rgce:2027:anexo22"},
        ),
        (
            "ANEXOS 1-A, 22 y 24 de las Reglas Generales de Comercio Exterior para 2027",
            {"mx:rgce:2027:anexo1-a", "mx:rgce:2027:anexo22", "mx:rgce:2027:anexo24"},
        ),
        ("Resolución Miscelánea Fiscal para 2027", {"mx:rmf:2027:base"}),
        ("Primera Modificación al Anexo 24 de las RGCE para 2027", {"mx:rgce:2027:anexo24:mod1"}),
        ("Segunda Modificación al Anexo 24 de las RGCE para 2027", {"mx:rgce:2027:anexo24:mod2"}),
        ("Modificación al Anexo 24 de las RGCE para 2027", set()),
        ("Reglas Generales de Comercio Exterior para el ejercicio 2027", {"mx:rgce:2027:base"}),
        ("RMF 2027 compilada con la Primera Resolución de Modificaciones", set()),
        ("Resolución que modifica las Reglas Generales de Comercio Exterior para 2027", set()),
        ("Reglas Generales de Comercio Exterior", set()),  # no year: unsure
        ("DECRETO por el que se modifica la Tarifa de la LIGIE", set()),
        ("", set()),
    ],
)
def test_instrument_keys(title: str, keys: set[str]) -> None:
    assert instrument_keys(title) == keys


def test_federal_register_is_what_a_csms_mentions() -> None:
    fr = signals(
        "us_federal_register", "2026-01234", "Steel duties", None, {"citation": "91 FR 4567"}
    )
    csms = signals(
        "us_cbp_csms",
        "67000001",
        "CSMS # 67000001 - GUIDANCE: Steel duties",
        "See 91 FR 4567 for the notice.",
        {},
    )
    by_number = signals(
        "us_cbp_csms",
        "67000002",
        "CSMS # 67000002 - Steel",
        "Federal Register document 2026-01234 sets the rates.",
        {},
    )
    other = signals(
        "us_cbp_csms",
        "67000003",
        "CSMS # 67000003 - Section 232 steel",
        "Rates under Section 232 for HTSUS 9903.81.87.",
        {},
    )
    assert csms.links_to(fr) and fr.links_to(csms) and by_number.links_to(fr)
    assert not other.links_to(fr)
    assert not csms.links_to(
        by_number
    )  # both only cite: linked through the FR notice, not directly


def test_numbers_that_only_look_like_fr_numbers() -> None:
    text = "Call 2026-12345-678 or see case 12/2026-00001 and 2026-123456."
    assert signals("us_cbp_csms", "1", "t", text, {}).mentions == frozenset()


def _store(session, source: str, external_id: str, title: str, body: str | None = None, extra=None):  # type: ignore[no-untyped-def]
    ensure_source(session, source)
    fields = {"title": title, "body": body, "extra": extra or {}}
    return upsert_document(session, source, external_id, fields, NOW).change


def test_fr_notice_and_csms_share_a_story(db_session) -> None:  # type: ignore[no-untyped-def]
    fr = _store(
        db_session,
        "us_federal_register",
        "2026-01234",
        "Adjusting imports of steel",
        extra={"citation": "91 FR 4567"},
    )
    assert link_stories(db_session, [fr], NOW) == 0
    csms = _store(
        db_session,
        "us_cbp_csms",
        "67000001",
        "CSMS # 67000001 - GUIDANCE: steel",
        "As announced in 91 FR 4567, duties apply.",
    )
    unrelated = _store(
        db_session, "us_cbp_csms", "67000009", "CSMS # 67000009 - ACE outage", "None."
    )
    assert link_stories(db_session, [csms, unrelated], NOW) == 1
    assert fr.story_key and fr.story_key == csms.story_key
    assert unrelated.story_key is None
    link = db_session.query(ChangeLink).one()
    assert {link.change_id, link.other_id} == {fr.id, csms.id} and link.kind == "story"
    assert story_members(db_session, fr.story_key) == [fr.id, csms.id]
    # Running twice writes nothing new.
    assert link_stories(db_session, [csms], NOW) == 0


def test_dof_resolution_and_sat_files_share_a_story(db_session) -> None:  # type: ignore[no-untyped-def]
    sat_v1 = _store(
        db_session,
        "mx_sat_normatividad",
        "v1",
        "Primera Resolución de Modificaciones a las RGCE para 2027 (primera versión anticipada)",
    )
    dof = _store(
        db_session,
        "dof_daily",
        "555",
        "PRIMERA Resolución de Modificaciones a las Reglas Generales de Comercio Exterior para 2027",
    )
    other_year = _store(
        db_session,
        "dof_daily",
        "556",
        "PRIMERA Resolución de Modificaciones a las Reglas Generales de Comercio Exterior para 2026",
    )
    link_stories(db_session, [sat_v1], NOW)
    link_stories(db_session, [dof, other_year], NOW)
    assert dof.story_key and dof.story_key == sat_v1.story_key
    assert other_year.story_key is None


def test_two_stories_met_by_one_change_become_one(db_session) -> None:  # type: ignore[no-untyped-def]
    fr_a = _store(
        db_session, "us_federal_register", "2026-00001", "A", extra={"citation": "91 FR 1"}
    )
    fr_b = _store(
        db_session, "us_federal_register", "2026-00002", "B", extra={"citation": "91 FR 2"}
    )
    csms_a = _store(db_session, "us_cbp_csms", "1", "CSMS # 1 - A", "See 91 FR 1.")
    csms_b = _store(db_session, "us_cbp_csms", "2", "CSMS # 2 - B", "See 91 FR 2.")
    link_stories(db_session, [csms_a, csms_b], NOW)
    assert csms_a.story_key != csms_b.story_key
    both = _store(db_session, "us_cbp_csms", "3", "CSMS # 3 - A and B", "See 91 FR 1 and 91 FR 2.")
    link_stories(db_session, [both], NOW)
    db_session.expire_all()
    keys = {c.story_key for c in (fr_a, fr_b, csms_a, csms_b, both)}
    assert len(keys) == 1 and None not in keys


def test_old_changes_are_not_candidates(db_session) -> None:  # type: ignore[no-untyped-def]
    fr = _store(
        db_session, "us_federal_register", "2025-00001", "Old", extra={"citation": "90 FR 9"}
    )
    csms = _store(db_session, "us_cbp_csms", "9", "CSMS # 9 - Old", "See 90 FR 9.")
    assert link_stories(db_session, [csms], NOW + dt.timedelta(days=400)) == 0
    assert fr.story_key is None


def test_one_batch_builds_one_story(db_session) -> None:  # type: ignore[no-untyped-def]
    csms_1 = _store(db_session, "us_cbp_csms", "11", "CSMS # 11 - A", "See 91 FR 77.")
    fr = _store(
        db_session, "us_federal_register", "2026-00077", "A", extra={"citation": "91 FR 77"}
    )
    csms_2 = _store(
        db_session, "us_cbp_csms", "12", "CSMS # 12 - UPDATE: A", "Update to 2026-00077."
    )
    link_stories(db_session, [csms_1, fr, csms_2], NOW)
    assert csms_1.story_key == fr.story_key == csms_2.story_key is not None


def test_candidate_sources_follow_the_evidence() -> None:
    fr = signals("us_federal_register", "2026-00001", "A", None, {})
    csms = signals("us_cbp_csms", "1", "CSMS # 1", "See 2026-00001.", {})
    dof = signals("dof_daily", "5", "Anexo 22 de las RGCE para 2027", "See 2026-00001.", {})
    assert candidate_sources([fr]) == {"us_cbp_csms"}
    assert candidate_sources([csms]) == {"us_federal_register"}
    assert candidate_sources([dof]) == {"dof_daily", "mx_sat_normatividad"}
    assert dof.mentions == frozenset()  # only CSMS messages are read for citations


def test_a_batch_without_evidence_costs_no_query(db_session) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    change = _store(db_session, "dof_daily", "900", "AVISO de tipo de cambio")
    cited = _store(db_session, "us_cbp_csms", "901", "CSMS # 901 - A", "See 91 FR 9.")
    statements: list[str] = []
    engine = db_session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert link_stories(db_session, [change], NOW) == 0
        assert statements == []
        link_stories(db_session, [cited], NOW)
        assert statements  # the listener does see the candidate query
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@pytest.mark.parametrize("text", ["Resolución Miscelánea", "ÑANDÚ Ü ǅ ﬁ İ", "", None])
def test_folding_drops_exactly_the_combining_marks(text: str | None) -> None:
    import unicodedata

    from store import amendments, stories

    decomposed = unicodedata.normalize("NFD", text or "")
    expected = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    assert stories._fold(text) == amendments._fold(text) == expected
