"""The one item every parser yields, whatever its source."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

# Keys of the `regwatch parse` contract, in output order.
CONTRACT_KEYS = (
    "source",
    "external_id",
    "title",
    "url",
    "published_on",
    "agency",
    "language",
    "doc_type",
    "effective_on",
    "comments_close_on",
)
DOF_EXTRA_KEYS = ("edition", "section")


@dataclasses.dataclass
class DocumentItem:
    """A document as a source describes it; the store turns it into a Document."""

    source: str
    external_id: str
    title: str
    url: str | None = None
    published_on: dt.date | None = None
    agency: str | None = None
    language: str | None = None  # "es" or "en"
    doc_type: str | None = None
    effective_on: dt.date | None = None
    comments_close_on: dt.date | None = None
    edition: str | None = None  # DOF only: MAT, VES, EXT
    section: str | None = None  # DOF only: PRIMERA, SEGUNDA, UNICA ...
    body: str | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        """The JSON object `regwatch parse` prints for this item."""
        out: dict[str, Any] = {}
        keys = CONTRACT_KEYS + (DOF_EXTRA_KEYS if self.source == "dof_daily" else ())
        for key in keys:
            value = getattr(self, key)
            out[key] = value.isoformat() if isinstance(value, dt.date) else value
        return out


@dataclasses.dataclass
class FollowRequest:
    """A further page the spider should fetch, with what the parser needs to read it."""

    url: str
    kind: str  # which parser reads the answer, e.g. "detail", "listing", "doc_fuente"
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class ParseResult:
    """What a parser found in one response."""

    items: list[DocumentItem] = dataclasses.field(default_factory=list)
    follow: list[FollowRequest] = dataclasses.field(default_factory=list)
    # "ok", or a named non-error outcome such as "no_edition" or "not_modified".
    status: str = "ok"
    # True where an empty result is suspicious (e.g. a weekday DOF edition with no notes).
    expected_items: bool = False
