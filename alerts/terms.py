"""A termbase entry as staff edit it, shared by the translator and the glossary store."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Entry:
    """One termbase entry as staff edit it: Spanish and English forms, options."""

    es: tuple[str, ...]
    en: tuple[str, ...]
    abbr: tuple[str, ...] = ()
    only: str = ""
    keep: bool = False
