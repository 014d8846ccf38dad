"""Committee routes: the weekly summary page and its Markdown, CSV and print exports."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from markupsafe import Markup

from web.pages import (
    SUMMARY_ROLES,
    db,
    now,
    one_snapshot,
    render,
    requires,
    settings,
    staff_lang,
)
from web.summary import (
    IsoWeek,
    WeeklySummary,
    chart_for,
    load_week,
    render_csv,
    render_html,
    render_markdown,
    week_fingerprint,
)

router = APIRouter()
# Lists on the web page stop here; the exports carry everything.
PAGE_LIST_LIMIT = 50
committee = [Depends(requires(SUMMARY_ROLES))]
EXPORTS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "html": ("text/html; charset=utf-8", "html"),
}


def _week_and_lang(request: Request) -> tuple[IsoWeek, str]:
    tz = settings(request).timezone
    text = request.query_params.get("week")
    week = IsoWeek.parse(text) if text else _last_week(now(request), tz)
    # The summary speaks the staff member's language unless they ask for the other one.
    lang = request.query_params.get("lang") or staff_lang(request)
    if lang not in ("en", "es"):
        raise HTTPException(400, "Choose the summary language en or es.")
    return week, lang


def _last_week(moment: dt.datetime, tz: str) -> IsoWeek:
    """The most recent complete week (committees meet after the week ends)."""
    local = moment.astimezone(zoneinfo.ZoneInfo(tz)).date()
    return IsoWeek.containing(local).shift(-1)


@router.get("/summary", dependencies=committee)
async def summary_page(request: Request) -> Response:
    """The week's summary with its chart and export links."""
    week, lang = _week_and_lang(request)
    summary, body = await request.app.state.page_cache.get_or_make_async(
        ("summary-page", str(week), lang),
        request.state.data_version,
        lambda: _page_parts(request, week, lang),
        lambda: _fingerprint(request, week),
    )
    return render(
        request,
        "summary.html",
        s=summary,
        body=body,
        lang=staff_lang(request),
        previous=week.shift(-1),
        following=week.shift(1),
    )


def _summary(request: Request, week: IsoWeek, lang: str) -> WeeklySummary:
    """The week's summary, computed again only when its data has changed (see app.py)."""
    return request.app.state.page_cache.get_or_make(
        ("summary", str(week), lang),
        request.state.data_version,
        lambda: _load(request, week, lang),
        lambda: _fingerprint(request, week),
    )


def _load(request: Request, week: IsoWeek, lang: str) -> tuple[str | None, WeeklySummary]:
    """(fingerprint, summary), both read in one snapshot so they describe the same data."""
    tz = settings(request).timezone
    with db(request) as session:
        one_snapshot(session)
        return week_fingerprint(session, week, tz), load_week(session, week, tz, lang)


def _fingerprint(request: Request, week: IsoWeek) -> str | None:
    with db(request) as session:
        return week_fingerprint(session, week, settings(request).timezone)


def _page_parts(
    request: Request, week: IsoWeek, lang: str
) -> tuple[str | None, tuple[WeeklySummary, Markup]]:
    fingerprint, summary = _load(request, week, lang)
    template = request.app.state.templates.get_template("_summary_body.html")
    body = template.render(s=summary, chart=chart_for(summary), limit=PAGE_LIST_LIMIT)
    return fingerprint, (summary, Markup(body))


@router.get("/summary/export", dependencies=committee)
def summary_export(request: Request, format: str = "md") -> Response:
    """Download the week's summary as Markdown, CSV or print-ready HTML."""
    if format not in EXPORTS:
        raise HTTPException(400, "Choose the export format md, csv or html.")
    week, lang = _week_and_lang(request)
    summary = _summary(request, week, lang)
    if format == "md":
        body = render_markdown(summary)
    elif format == "csv":
        body = render_csv(summary)
    else:
        body = render_html(summary, request.app.state.templates, request.state.csp_nonce)
    media_type, extension = EXPORTS[format]
    filename = f"regwatch-summary-{week}-{lang}.{extension}"
    disposition = "inline" if format == "html" else "attachment"
    return Response(
        body,
        media_type=media_type,
        headers={"content-disposition": f'{disposition}; filename="{filename}"'},
    )
