"""Public routes: the archive of approved changes, Atom and iCalendar feeds, the JSON API."""

from __future__ import annotations

import urllib.parse

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from store.amendments import render_amendment
from web import TOPICS, queries
from web.feeds import (
    change_json,
    display_summary,
    display_title,
    render_atom,
    render_ics,
    row_deadlines,
)
from web.pages import db, language, now, redirect, render, settings
from web.summary import safe_url

router = APIRouter()
FEED_SIZE = 50


@router.get("/")
def home() -> Response:
    """The public archive is the front page."""
    return redirect("/archive")


@router.get("/healthz")
def health() -> Response:
    """Liveness check for load balancers."""
    return Response("ok", media_type="text/plain")


@router.get("/archive")
def archive(request: Request) -> Response:
    """Approved changes, newest first, searchable and filterable."""
    params = dict(request.query_params)
    filters = queries.parse_filters(params, status_default=None)
    with db(request) as session:
        page = queries.list_published(session, filters, params.get("after"))
        sources = queries.source_ids(session)
    lang = language(request)
    next_params = {**params, "after": page.next_cursor or ""}
    return render(
        request,
        "archive.html",
        page=page,
        params=params,
        sources=sources,
        title_of=lambda row: display_title(row, lang),
        summary_of=lambda row: display_summary(row, lang),
        next_url="/archive?" + urllib.parse.urlencode(next_params),
    )


@router.get("/archive/{change_id}")
def archive_change(request: Request, change_id: int) -> Response:
    """One approved change's public page."""
    lang = language(request)
    with db(request) as session:
        change = queries.get_published_change(session, change_id)
        if change is None:
            raise HTTPException(404, "This change is not in the public archive.")
        related = [
            (kind, row)
            for kind, row in queries.related_changes(session, change_id)
            if row.status.value == "published"
        ]
        document = change.document
        return render(
            request,
            "archive_change.html",
            change=change,
            document=document,
            title=_change_title(change, lang),
            title_origin=title_origin(change, lang),
            official_url=safe_url(document.url),
            summary=_change_summary(change, lang),
            related=related,
            title_of=lambda row: display_title(row, lang),
            amendment=render_amendment(change.amendment_note, lang),
            deadlines=row_deadlines(document),
        )


def _change_title(change, lang: str) -> str:  # type: ignore[no-untyped-def]
    own = change.title_en if lang == "en" else change.title_es
    return own or change.title_es or change.title_en or change.document.title


def title_origin(change, lang: str) -> str | None:  # type: ignore[no-untyped-def]
    """The i18n key marking the reader's-language title: machine or staff-reviewed text."""
    origin = getattr(change, f"title_{lang}_origin")
    if not getattr(change, f"title_{lang}") or origin is None:
        return None
    return {"machine": "machine_translation", "staff": "reviewed_translation"}.get(origin.value)


def _change_summary(change, lang: str) -> tuple[str | None, bool]:  # type: ignore[no-untyped-def]
    """The summary and whether it is a machine translation."""
    field = f"summary_{lang}"
    text = getattr(change, field)
    origin = getattr(change, f"{field}_origin")
    if text:
        return text, bool(origin and origin.value == "machine")
    return (change.summary_es or change.summary_en), False


def _feed(request: Request, topic: str | None, path: str) -> Response:
    lang = language(request)
    filters = queries.Filters(topic=topic)
    with db(request) as session:
        rows = queries.list_published(session, filters).rows[:FEED_SIZE]
    title = "RegWatch" + (f" — {topic}" if topic else "")
    body = render_atom(rows, title, settings(request).public_base_url, path, lang, now(request))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/feeds/all.atom")
def feed_all(request: Request) -> Response:
    """Atom feed of every approved change."""
    return _feed(request, None, "/feeds/all.atom")


@router.get("/feeds/topics/{topic}.atom")
def feed_topic(request: Request, topic: str) -> Response:
    """Atom feed of one topic's approved changes."""
    if topic not in TOPICS:
        raise HTTPException(404, f"No feed for {topic!r}; topics are {', '.join(TOPICS)}.")
    return _feed(request, topic, f"/feeds/topics/{topic}.atom")


@router.get("/feeds/calendar.ics")
def calendar(request: Request) -> Response:
    """iCalendar of upcoming effective dates and comment deadlines."""
    moment = now(request)
    with db(request) as session:
        rows = queries.upcoming_dates(session, moment.date())
    body = render_ics(rows, settings(request).public_base_url, language(request), moment)
    return Response(body, media_type="text/calendar; charset=utf-8")


@router.get("/api/changes")
def api_changes(request: Request) -> Response:
    """Approved changes as JSON with the archive's filters; follow `next` to page."""
    params = dict(request.query_params)
    filters = queries.parse_filters(params, status_default=None)
    with db(request) as session:
        page = queries.list_published(session, filters, params.get("after"))
    next_url = None
    if page.next_cursor:
        next_url = "/api/changes?" + urllib.parse.urlencode({**params, "after": page.next_cursor})
    return JSONResponse({"items": [change_json(row) for row in page.rows], "next": next_url})
