"""Which parser module reads which source; modules are imported only when used.

Every parser module exposes::

    parse_response(body: bytes, url: str, date: datetime.date | None = None,
                   headers: Mapping[str, str] | None = None) -> ParseResult

which looks at the URL (and, where needed, the body) to decide whether it holds a
listing or a detail page, and raises ``crawlers.errors.ParseError`` with one sentence
when it cannot read it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

PARSER_MODULES: dict[str, str] = {
    "dof_daily": "crawlers.parsers.dof",
    "us_cbp_csms": "crawlers.parsers.csms",
    "us_federal_register": "crawlers.parsers.federal_register",
    "mx_sat_normatividad": "crawlers.parsers.sat_normatividad",
    "mx_gobmx_prensa": "crawlers.parsers.gobmx_prensa",
    "mx_anam": "crawlers.parsers.anam",
    "mx_snice": "crawlers.parsers.snice",
}


def parser_for(source: str) -> ModuleType:
    """Return the parser module of `source`, or raise KeyError naming the known ones."""
    try:
        return importlib.import_module(PARSER_MODULES[source])
    except KeyError:
        known = ", ".join(sorted(PARSER_MODULES))
        raise KeyError(f"unknown source {source!r}; known sources: {known}") from None
