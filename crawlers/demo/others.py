"""Fake pages of the sources other than the DOF (filled in source by source)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from crawlers.demo import anam, federal_register


@dataclasses.dataclass(frozen=True)
class OtherReply:
    """One answer of a non-DOF fake source."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=UTF-8"
    headers: tuple[tuple[str, str], ...] = ()


@dataclasses.dataclass
class OtherSources:
    """Edits applied to the non-DOF fake sources."""

    edits: dict[str, Any] = dataclasses.field(default_factory=dict)


def answer(
    state: OtherSources,
    host: str,
    path: str,
    params: dict[str, str],
    headers: dict[str, str],
    shift_days: int = 0,
) -> OtherReply:
    """The page `host` serves at `path`."""
    if host == "anam" and path == "/sitemap.rss":
        day = dt.date.today() + dt.timedelta(days=shift_days)
        body = anam.feed(_base(headers), day)
        return OtherReply(200, body, "application/rss+xml; charset=UTF-8")
    if host == "fr" and path == "/api/v1/documents.json":
        body = federal_register.search_page(_base(headers), params, dt.date.today())
        return OtherReply(200, body, "application/json; charset=utf-8")
    return OtherReply(404, b"<html><body>Not found</body></html>")


def _base(headers: dict[str, str]) -> str:
    return f"http://{headers.get('Host', '127.0.0.1')}"
