"""Stories across the border: changes that belong to one policy event share a story_key.

Two kinds of evidence link documents, both deliberately narrow (a wrong link is worse
than none):

* **Federal Register citations.** A Federal Register document *is* its document number
  ("2026-01234") and citation ("91 FR 12345"); a CSMS message that *mentions* one of
  them belongs to its story.
* **Mexican instruments by name and year.** The DOF publication of a resolution and the
  SAT files that carry it (anticipated versions, the final PDF, an annex) name the same
  instrument in their titles: "Primera Resolución de Modificaciones a las RGCE para
  2027", "Anexo 22 de las RGCE para 2027". Only titles are read, and compiled texts
  ("compilada") are skipped, since they gather several events.

Not used, because they join unrelated events: "Section 232", HTSUS headings shared by
many notices, and free-text title similarity.

`signals` is pure; `link_stories` takes a session, never commits, and writes story_key
plus ChangeLink(kind="story") rows, which the change pages list as related changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from store.models import Change, ChangeLink, Document
from store.text import fold as _fold

LOOKBACK_DAYS = 120
CANDIDATE_LIMIT = 5000
BODY_CHARS = 6000
STORY_SOURCES = ("us_federal_register", "us_cbp_csms", "dof_daily", "mx_sat_normatividad")
MENTIONING_SOURCE = "us_cbp_csms"  # the source whose messages cite Federal Register documents
LINK_KIND = "story"

_FR_CITATION = re.compile(r"\b(\d{2,3})\s+FR\s+(\d{1,6})\b")
_FR_DOC_NUMBER = re.compile(r"(?<![\d/-])((?:19|20)\d{2}-\d{5})(?![\d-])")
_INSTRUMENTS = (
    ("rgce", r"reglas\s+generales\s+de\s+comercio\s+exterior|\brgce\b"),
    ("rmf", r"resolucion\s+miscelanea\s+fiscal|\brmf\b"),
    ("rfa", r"resolucion\s+de\s+facilidades\s+administrativas|\brfa\b"),
)
_YEAR_AFTER = re.compile(
    r"\s*(?:para|de|del)?\s*(?:el\s+)?(?:(?:ejercicio|ano)\s+(?:fiscal\s+)?(?:de\s+)?)?(20\d{2})\b"
)
_ORDINALS = {
    "primera": 1, "segunda": 2, "tercera": 3, "cuarta": 4, "quinta": 5, "sexta": 6,
    "septima": 7, "octava": 8, "novena": 9, "decima": 10, "1a": 1, "2a": 2, "3a": 3,
    "4a": 4, "5a": 5, "6a": 6, "7a": 7, "8a": 8, "9a": 9, "10a": 10,
}  # fmt: skip
_MODIFICATION = re.compile(
    r"\b(" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")\.?\s+"
    r"(?:resolucion\s+de\s+modificaciones|rm)\b"
)
_ANNEXES = re.compile(
    r"\banexos?\s+((?:\d{1,2}(?:-[a-z])?)(?:\s*(?:,|\by\b|\be\b)\s*\d{1,2}(?:-[a-z])?)*)"
)


@dataclasses.dataclass(frozen=True)
class Signals:
    """What a document is (`own`) and what it cites (`mentions`)."""

    own: frozenset[str]
    mentions: frozenset[str]

    def links_to(self, other: Signals) -> bool:
        """True when the two documents belong to one story."""
        if self.own & other.mentions or other.own & self.mentions:
            return True
        return bool({s for s in self.own & other.own if s.startswith("mx:")})


def signals(
    source_id: str, external_id: str, title: str | None, body: str | None, extra: Mapping[str, Any]
) -> Signals:
    """The story evidence of one document (pure)."""
    own: set[str] = set()
    mentions: set[str] = set()
    if source_id == "us_federal_register":
        own.add(f"fr:doc:{external_id}")
        citation = _FR_CITATION.search(str(extra.get("citation") or ""))
        if citation:
            own.add(f"fr:cite:{citation.group(1)}:{citation.group(2)}")
    elif source_id == MENTIONING_SOURCE:
        text = f"{title or ''}\n{(body or '')[:BODY_CHARS]}"
        mentions |= {f"fr:cite:{v}:{p}" for v, p in _FR_CITATION.findall(text)}
        mentions |= {f"fr:doc:{n}" for n in _FR_DOC_NUMBER.findall(text)}
    if source_id in ("dof_daily", "mx_sat_normatividad"):
        own |= instrument_keys(title)
    return Signals(frozenset(own), frozenset(mentions))


def instrument_keys(title: str | None) -> set[str]:
    """ "mx:<instrument>:<year>:<part>" keys named by a Mexican title (empty when unsure)."""
    folded = " ".join(_fold(title).split())
    if not folded or "compilad" in folded:
        return set()
    for name, pattern in _INSTRUMENTS:
        for match in re.finditer(pattern, folded):
            year = _YEAR_AFTER.match(folded, match.end())
            if year is None:
                continue
            return _parts(folded[: match.start()], f"mx:{name}:{year.group(1)}")
    return set()


def _parts(before: str, prefix: str) -> set[str]:
    """The part of the instrument a title is about: annexes, a modification, or the whole."""
    annexes = _ANNEXES.search(before)
    if annexes:
        numbers = re.findall(r"\d{1,2}(?:-[a-z])?", annexes.group(1))
        head = before[: annexes.start()]
        if re.search(r"\bmodificacion|\bmodifica\b|\breforma", head):
            # "Primera Modificación al Anexo 24": that modification, not the annex itself.
            ordinal = re.search(r"\b(" + "|".join(_ORDINALS) + r")\.?\s+modificacion", head)
            if ordinal is None:
                return set()
            return {f"{prefix}:anexo{n}:mod{_ORDINALS[ordinal.group(1)]}" for n in numbers}
        return {f"{prefix}:anexo{n}" for n in numbers}
    modification = _MODIFICATION.search(before)
    if modification:
        return {f"{prefix}:rm{_ORDINALS[modification.group(1)]}"}
    if re.search(r"\bmodificacion|\bmodifica\b|\breforma", before):
        return set()  # a modification we cannot number: better no link than a wrong one
    return {f"{prefix}:base"}


# ---------------------------------------------------------------- storing


@dataclasses.dataclass(frozen=True)
class _Candidate:
    change_id: int
    document_id: int
    story_key: str | None
    signals: Signals


def link_stories(session: Session, changes: Iterable[Change], now: dt.datetime) -> int:
    """Give each change in `changes` the story of the recent changes it belongs to.

    Returns the number of story links written. Changes must have ids (flushed). Most
    batches carry no story evidence at all and cost no query.
    """
    fresh = []
    for change in changes:
        document = change.document
        if document is None or document.source_id not in STORY_SOURCES:
            continue
        found = signals(
            document.source_id, document.external_id, document.title, document.body,
            document.extra or {},
        )  # fmt: skip
        if found.own or found.mentions:
            fresh.append((change, found))
    if not fresh:
        return 0
    wanted = candidate_sources([found for _, found in fresh])
    candidates = _recent_candidates(session, now, {c.id for c, _ in fresh}, wanted)
    written = 0
    for change, found in fresh:
        matched = [
            c
            for c in candidates
            if c.document_id != change.document_id and found.links_to(c.signals)
        ]
        if matched:
            written += _join_story(session, change, matched, now)
        candidates.append(_Candidate(change.id, change.document_id, change.story_key, found))
    return written


def candidate_sources(found: Iterable[Signals]) -> set[str]:
    """The sources whose documents could complete these signals."""
    sources: set[str] = set()
    for item in found:
        if any(s.startswith("fr:") for s in item.own):
            sources.add(MENTIONING_SOURCE)  # a notice is completed by the messages citing it
        if item.mentions:
            sources.add("us_federal_register")
        if any(s.startswith("mx:") for s in item.own):
            sources |= {"dof_daily", "mx_sat_normatividad"}
    return sources


def _recent_candidates(
    session: Session, now: dt.datetime, exclude: set[int], sources: set[str]
) -> list[_Candidate]:
    """The latest change of each recent document of `sources`, with its signals.

    Only the citing source's bodies are read (a prefix of them); the others need titles,
    numbers and citations only.
    """
    latest = (
        select(func.max(Change.id))
        .join(Document, Document.id == Change.document_id)
        .where(Document.source_id.in_(sorted(sources)))
        .where(Change.created_at >= now - dt.timedelta(days=LOOKBACK_DAYS))
        .group_by(Change.document_id)
    )
    body = case(
        (Document.source_id == MENTIONING_SOURCE, func.substr(Document.body, 1, BODY_CHARS)),
        else_=None,
    )
    rows = session.execute(
        select(
            Change.id,
            Change.document_id,
            Change.story_key,
            Document.source_id,
            Document.external_id,
            Document.title,
            body,
            Document.extra,
        )  # fmt: skip
        .join(Document, Document.id == Change.document_id)
        .where(Change.id.in_(latest), Change.id.not_in(exclude or {0}))
        .order_by(Change.id.desc())
        .limit(CANDIDATE_LIMIT)
    ).all()
    return [
        _Candidate(row[0], row[1], row[2], signals(row[3], row[4], row[5], row[6], row[7] or {}))
        for row in rows
    ]


def _join_story(
    session: Session, change: Change, matched: list[_Candidate], now: dt.datetime
) -> int:
    ids = [change.id] + [c.change_id for c in matched]
    # Read the keys from the database: candidates of the same batch may have joined since.
    stored = session.scalars(select(Change.story_key).where(Change.id.in_(ids)))
    keys = sorted({k for k in stored if k})
    key = keys[0] if keys else f"story-{min(ids)}"
    condition: ColumnElement[bool] = Change.id.in_(ids)
    if len(keys) > 1:  # two stories met through this change: they are one
        condition = or_(condition, Change.story_key.in_(keys[1:]))
    for member in session.scalars(select(Change).where(condition)):
        member.story_key = key
    change.story_key = key
    written = 0
    for candidate in matched:
        if not _linked(session, change.id, candidate.change_id):
            session.add(
                ChangeLink(
                    change_id=change.id,
                    other_id=candidate.change_id,
                    kind=LINK_KIND,
                    created_at=now,
                )
            )
            written += 1
    session.flush()
    return written


def _linked(session: Session, a: int, b: int) -> bool:
    statement = select(ChangeLink.id).where(
        ((ChangeLink.change_id == a) & (ChangeLink.other_id == b))
        | ((ChangeLink.change_id == b) & (ChangeLink.other_id == a))
    )
    return session.execute(statement).first() is not None


def story_members(session: Session, story_key: str) -> list[int]:
    """Ids of the changes in one story, oldest first."""
    statement = select(Change.id).where(Change.story_key == story_key).order_by(Change.id)
    return list(session.scalars(statement))
