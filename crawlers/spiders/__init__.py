"""One spider per feed; `SPIDERS` maps each source id to its spider class path."""

from __future__ import annotations

import importlib
from typing import Any

SPIDERS: dict[str, str] = {
    "dof_daily": "crawlers.spiders.dof:DofSpider",
    "us_cbp_csms": "crawlers.spiders.csms:CsmsSpider",
    "us_federal_register": "crawlers.spiders.federal_register:FederalRegisterSpider",
    "mx_sat_normatividad": "crawlers.spiders.sat:SatNormatividadSpider",
    "mx_gobmx_prensa": "crawlers.spiders.gobmx:GobmxPrensaSpider",
    "mx_anam": "crawlers.spiders.anam:AnamSpider",
    "mx_snice": "crawlers.spiders.snice:SniceSpider",
}


def spider_for(source_id: str) -> Any:
    """The spider class of a source, or KeyError naming the known sources."""
    try:
        module_name, _, name = SPIDERS[source_id].partition(":")
    except KeyError:
        known = ", ".join(sorted(SPIDERS))
        raise KeyError(f"unknown source {source_id!r}; known sources: {known}") from None
    return getattr(importlib.import_module(module_name), name)
