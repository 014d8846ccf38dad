"""Fake pages of the sources other than the DOF: routing, plus the edits tests apply.

Every source's content is a pure function of the serving day (`OtherSources.day()`: the
real today unless a test pins it) and of the edits below, so a page reads the same on
every request until something is edited.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from urllib.parse import unquote

from demo.sites import anam, csms, federal_register, gobmx, sat, snice


@dataclasses.dataclass(frozen=True)
class OtherReply:
    """One answer of a non-DOF fake source."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=UTF-8"
    headers: tuple[tuple[str, str], ...] = ()


@dataclasses.dataclass
class OtherSources:
    """What the non-DOF fake sources serve: the day they serve, and edits to their pages.

    Keys: CSMS number (digits) for "csms"; article external id ("sat/prensa/<slug>") for
    "gobmx"; minisite-relative file path ("documentos2026/...") for "sat"; lower-case file
    name for "snice".
    """

    today: dt.date | None = None
    titles: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    bodies: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    versions: dict[str, int] = dataclasses.field(default_factory=dict)
    reuploaded: dict[str, dt.date] = dataclasses.field(default_factory=dict)

    def day(self) -> dt.date:
        """The day the sources serve: the pinned one, else the real today."""
        return self.today or dt.date.today()

    def retitle(self, host: str, key: str, title: str) -> None:
        """Give one document a new title on its listing and its detail page."""
        self.titles.setdefault(host, {})[key.lower() if host != "csms" else key] = title

    def rewrite(self, host: str, key: str, body: str) -> None:
        """Replace one document's body text (CSMS bulletins, gob.mx articles)."""
        self.bodies.setdefault(host, {})[key] = body

    def reupload(self, path: str) -> None:
        """Replace a SAT file in place: new bytes and validators, the page unchanged."""
        key = path.lower()
        self.versions[key] = self.versions.get(key, 1) + 1
        self.reuploaded[key] = self.day()


def answer(
    state: OtherSources,
    host: str,
    path: str,
    params: dict[str, str],
    headers: dict[str, str],
    shift_days: int = 0,
) -> OtherReply:
    """The page `host` serves at `path` (`shift_days` serves another day: a stale cache)."""
    day = state.day() + dt.timedelta(days=shift_days)
    route = ROUTES.get(host)
    if route is not None:
        reply = route(state, day, unquote(path), params, headers)
        if reply is not None:
            return reply
    return OtherReply(404, b"<html><body>Not found</body></html>")


def _anam(state, day, path, params, headers) -> OtherReply | None:  # type: ignore[no-untyped-def]
    if path != "/sitemap.rss":
        return None
    return OtherReply(200, anam.feed(_base(headers), day), "application/rss+xml; charset=UTF-8")


def _fr(state, day, path, params, headers) -> OtherReply | None:  # type: ignore[no-untyped-def]
    if path != "/api/v1/documents.json":
        return None
    body = federal_register.search_page(_base(headers), params, day)
    return OtherReply(200, body, "application/json; charset=utf-8")


def _csms(state, day, path, params, headers) -> OtherReply | None:  # type: ignore[no-untyped-def]
    subjects, bodies = state.titles.get("csms", {}), state.bodies.get("csms", {})
    messages = [csms.edited(m, subjects, bodies) for m in csms.latest(day)]
    if path == csms.WIDGET_PATH:
        return OtherReply(200, csms.widget(messages, day), "application/javascript; charset=utf-8")
    if path == csms.FEED_PATH:
        return OtherReply(200, csms.feed(messages), "application/rss+xml; charset=utf-8")
    if path.startswith(csms.BULLETIN_PREFIX):
        return _csms_bulletin(path[len(csms.BULLETIN_PREFIX) :], day, subjects, bodies)
    return None


def _csms_bulletin(slug: str, day: dt.date, subjects: dict, bodies: dict) -> OtherReply | None:  # type: ignore[type-arg]
    sent_on = csms.webinar_slug_day(slug)
    if sent_on is not None and sent_on <= day:
        return OtherReply(200, csms.webinar_page(slug, sent_on))
    try:
        message = csms.find(int(slug, 16))
    except ValueError:
        return None
    if message is None or message.sent_at.date() > day:
        return None
    return OtherReply(200, csms.bulletin_page(csms.edited(message, subjects, bodies)))


def _sat(state, day, path, params, headers) -> OtherReply | None:  # type: ignore[no-untyped-def]
    if not path.startswith(sat.MINISITE):
        return None
    rest = path[len(sat.MINISITE) :]
    if rest.startswith("normatividad_rmf_rgce") and rest.endswith(".html"):
        return _sat_page(state, day, rest[len("normatividad_rmf_rgce") : -len(".html")], headers)
    file = sat.find(rest, day)
    if file is None:
        return None
    key = file.path.lower()
    version = state.versions.get(key, 1)
    body = sat.file_bytes(file, version)
    modified = sat.file_modified(file, version, state.reuploaded.get(key))
    kind = "application/zip" if key.endswith(".zip") else "application/pdf"
    return _conditional(body, kind, sat.validators(body, modified), headers)


def _sat_page(state, day, year_text, headers) -> OtherReply | None:  # type: ignore[no-untyped-def]
    if not year_text.isdigit() or int(year_text) > day.year:
        return None
    body = sat.page(int(year_text), day, state.titles.get("sat", {}))
    if body is None:
        return None
    validators = sat.validators(body, sat.page_modified(int(year_text), day))
    # SAT serves UTF-8 without a charset in the header.
    return _conditional(body, "text/html", validators, headers)


def _conditional(body: bytes, kind: str, validators: tuple, headers: dict) -> OtherReply:  # type: ignore[type-arg]
    if sat.not_modified(headers, validators):
        return OtherReply(304, b"", kind, validators)
    return OtherReply(200, body, kind, validators)


def _gobmx(state, day, path, params, headers) -> OtherReply | None:  # type: ignore[no-untyped-def]
    titles = state.titles.get("gobmx", {})
    parts = path.strip("/").split("/")
    if len(parts) == 3 and parts[1:] == ["archivo", "prensa"]:
        page = int(params["page"]) if params.get("page", "").isdigit() else 1
        body = gobmx.listing(parts[0], max(page, 1), day, titles)
        return OtherReply(200, body) if body is not None else None
    article = gobmx.find(path, day) if len(parts) == 3 and parts[1] == "prensa" else None
    if article is None:
        return None
    body = gobmx.article_page(article, titles, state.bodies.get("gobmx", {}))
    # gob.mx articles answer conditional GETs (an ETag of the bytes), unlike the DOF.
    etag = (("ETag", '"' + hashlib.sha256(body).hexdigest()[:20] + '"'),)
    if sat.not_modified(headers, etag):
        return OtherReply(304, b"", headers=etag)
    return OtherReply(200, body, headers=etag)


def _snice(state, day, path, params, headers) -> OtherReply | None:  # type: ignore[no-untyped-def]
    titles = state.titles.get("snice", {})
    if path == "/cs/avi/snice/home.html":
        return OtherReply(200, snice.home_page(day, titles))
    if path == "/cs/avi/snice/immex.html":
        return OtherReply(200, snice.immex_page(day, titles))
    if path.startswith(snice.DOCS):
        return OtherReply(200, snice.document(path[len(snice.DOCS) :]), "application/pdf")
    return None


ROUTES = {"anam": _anam, "fr": _fr, "csms": _csms, "sat": _sat, "gobmx": _gobmx, "snice": _snice}


def _base(headers: dict[str, str]) -> str:
    return f"http://{headers.get('Host', '127.0.0.1')}"
