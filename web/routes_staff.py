"""Staff routes: login, the moderation queue, a change's page and its actions, sources."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import urllib.parse

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from alerts.digest import Footer
from alerts.feedback import tallies as member_tallies
from store.amendments import render_amendment
from store.models import ChangeStatus, StaffRole, StaffUser
from web import actions, queries
from web.errors import ActionRefused
from web.feeds import row_deadlines
from web.i18n import LANGUAGES, translator
from web.pages import (
    ADMIN_ROLES,
    STAFF_ROLES,
    SUMMARY_ROLES,
    db,
    flash,
    form_data,
    int_or_none,
    now,
    redirect,
    render,
    requires,
    settings,
    staff_lang,
    staff_text,
)
from web.security import new_csrf_token, safe_next, verify_password
from web.summary import safe_url

router = APIRouter()
staff = [Depends(requires(STAFF_ROLES))]
admin = [Depends(requires(ADMIN_ROLES))]
EXCERPT_CHARS = 6000
DIFF_LINES = 400


# ---------------------------------------------------------------- login


@router.get("/login")
def login_page(request: Request, next: str = "") -> Response:
    """The login form."""
    return render(
        request, "login.html", next=safe_next(next, ""), email="", lang=staff_lang(request)
    )


@router.post("/login")
def login(request: Request, form: FormData = Depends(form_data)) -> Response:
    """Check the password, throttled per address and per account."""
    email = str(form.get("email", "")).strip().lower()
    password = str(form.get("password", ""))
    target = str(form.get("next", ""))
    limiter = request.app.state.login_limiter
    address = f"ip:{request.client.host if request.client else '?'}"
    if limiter.blocked(address):
        return _login_refused(
            request,
            email,
            target,
            staff_text(request, "login_throttled"),
            429,
        )
    with db(request) as session:
        user, problem = _authenticate(session, email, password, now(request), request)
    if user is None:
        limiter.hit(address)
        return _login_refused(request, email, target, problem, 400)
    limiter.reset(address)
    request.session.clear()  # a fresh session (and CSRF token) for the new identity
    request.session.update({"uid": user.id, "csrf": new_csrf_token()})
    default = "/summary" if user.role == StaffRole.COMMITTEE else "/queue"
    return redirect(safe_next(target, default))


def _login_refused(
    request: Request, email: str, target: str, message: str, status: int
) -> Response:
    return render(
        request,
        "login.html",
        status=status,
        error=message,
        email=email,
        next=safe_next(target, ""),
        lang=staff_lang(request),
    )


def _authenticate(
    session: Session, email: str, password: str, moment: dt.datetime, request: Request
) -> tuple[StaffUser | None, str]:
    wrong = staff_text(request, "login_wrong")
    user = session.scalars(select(StaffUser).where(StaffUser.email == email)).first()
    locked_until = _aware(user.locked_until) if user else None
    if user is not None and locked_until and locked_until > moment:
        minutes = max(1, int((locked_until - moment).total_seconds() // 60) + 1)
        return None, staff_text(request, "login_locked", minutes=minutes)
    # The hash is checked even without an account, so both answers take the same time.
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not password_ok or not user.active:
        if user is not None:
            _count_failure(user, moment, settings(request).login_max_attempts)
        return None, wrong
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, moment
    return user, ""


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is not None and moment.tzinfo is None:  # SQLite hands back naive UTC
        return moment.replace(tzinfo=dt.UTC)
    return moment


def _count_failure(user: StaffUser, moment: dt.datetime, limit: int) -> None:
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= limit:
        user.locked_until = moment + dt.timedelta(minutes=15)
        user.failed_logins = 0


@router.post("/logout")
def logout(request: Request) -> Response:
    """Forget the session."""
    request.session.clear()
    return redirect("/login")


# ---------------------------------------------------------------- queue


@dataclasses.dataclass(frozen=True)
class QueueParts:
    """The rendered parts of a queue page that every staff member shares."""

    filters: Markup
    table: Markup
    pager: Markup


@router.get("/queue", dependencies=staff)
async def queue(request: Request) -> Response:
    """Flagged changes newest first, with filters, search and keyset pages.

    The shared parts are cached until the data changes; the session's CSRF token is
    rendered around them, never into them.
    """
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    lang = staff_lang(request)
    parts = await request.app.state.page_cache.get_or_make_async(
        ("queue", here, lang), request.state.data_version, lambda: _queue_parts(request, lang)
    )
    return render(request, "queue.html", parts=parts, here=here, lang=lang)


def _queue_parts(request: Request, lang: str) -> QueueParts:
    params = dict(request.query_params)
    filters = queries.parse_filters(params, status_default="flagged")
    with db(request) as session:
        page = queries.list_queue(session, filters, params.get("after"))
        sources = queries.source_ids(session)
        answers = member_tallies(session, [row.id for row in page.rows])
    next_url = None
    if page.next_cursor:
        next_url = "/queue?" + urllib.parse.urlencode({**params, "after": page.next_cursor})
    macros = request.app.state.templates.get_template("_queue_parts.html").module
    t = translator(lang)
    return QueueParts(
        macros.filters(params, sources, t),
        macros.table(page.rows, t, answers),
        macros.pager(next_url, t),
    )


@router.post("/queue/bulk", dependencies=staff)
def bulk(request: Request, form: FormData = Depends(form_data)) -> Response:
    """Approve or reject every selected change whose version still matches."""
    to_status = _status_for(str(form.get("action", "")))
    parsed = [_parse_item(str(value)) for value in form.getlist("item")]
    items = [item for item in parsed if item is not None]
    if not items:
        flash(request, staff_text(request, "select_first"), "error")
        return redirect(safe_next(str(form.get("next", "")), "/queue"))
    with db(request) as session:
        done, refused = actions.bulk_status(
            session, items, to_status, request.state.user.email, now(request)
        )
    key = "bulk_approved" if to_status == ChangeStatus.PUBLISHED else "bulk_rejected"
    flash(request, staff_text(request, key, n=len(done)))
    t = translator(staff_lang(request))
    for refusal in refused:
        flash(request, refusal.in_language(t), "error")
    return redirect(safe_next(str(form.get("next", "")), "/queue"))


def _status_for(action: str) -> ChangeStatus:
    if action == "approve":
        return ChangeStatus.PUBLISHED
    if action == "reject":
        return ChangeStatus.REJECTED
    raise HTTPException(400, "Choose approve or reject.")


def _parse_item(value: str) -> tuple[int, int | None] | None:
    change_id, _, version = value.partition(":")
    parsed = int_or_none(change_id)
    return None if parsed is None else (parsed, int_or_none(version))


# ---------------------------------------------------------------- one change


@router.get("/changes/{change_id}", dependencies=staff)
def change_page(request: Request, change_id: int) -> Response:
    """A change with its text, diff against the previous version, links and audit trail."""
    with db(request) as session:
        return _render_change(request, session, change_id)


def _render_change(
    request: Request,
    session: Session,
    change_id: int,
    status: int = 200,
    error: str | None = None,
    draft: dict | None = None,
) -> Response:
    change = queries.get_change(session, change_id)
    if change is None:
        raise HTTPException(404, f"Change {change_id} does not exist; check the number.")
    document = change.document
    revisions = list(document.revisions)
    previous = revisions[-1] if revisions else None
    return render(
        request,
        "change.html",
        status=status,
        error=error,
        draft=draft or {},
        lang=staff_lang(request),
        change=change,
        revisions=list(reversed(revisions)),
        previous=previous,
        diff=_diff(previous, document) if previous else [],
        excerpt=(document.body or "")[:EXCERPT_CHARS],
        official_url=safe_url(document.url),
        amendment=render_amendment(change.amendment_note, staff_lang(request)),
        deadlines=row_deadlines(document),
        related=queries.related_changes(session, change_id),
        answers=member_tallies(session, [change_id]).get(change_id),
        events=queries.recent_events(session, change_id),
        here=f"/changes/{change_id}",
        back="/queue",
    )


def _diff(previous, document) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """A readable line diff of the previous title+text against the current one."""
    old = f"{previous.title}\n\n{previous.body or ''}".splitlines()
    new = f"{document.title}\n\n{document.body or ''}".splitlines()
    lines = []
    for line in list(difflib.unified_diff(old, new, lineterm="", n=2))[2:DIFF_LINES]:
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same")
        lines.append((kind, line + "\n"))
    return lines


def _act(request: Request, change_id: int, form: FormData, work) -> Response:  # type: ignore[no-untyped-def]
    """Run one action in the request's transaction; refusals re-render the page (409)."""
    try:
        with db(request) as session:
            message = work(
                session, int_or_none(form.get("version")), request.state.user.email, now(request)
            )
    except ActionRefused as error:
        with db(request) as session:
            draft = {k: str(form.get(k)) for k in actions.TEXT_FIELDS if k in form}
            message = error.in_language(translator(staff_lang(request)))
            return _render_change(request, session, change_id, 409, message, draft)
    flash(request, message)
    return redirect(safe_next(str(form.get("next", "")), f"/changes/{change_id}"))


@router.post("/changes/{change_id}/approve", dependencies=staff)
def approve(request: Request, change_id: int, form: FormData = Depends(form_data)) -> Response:
    """Publish a change."""

    def work(session, version, actor, moment):  # type: ignore[no-untyped-def]
        actions.set_status(session, change_id, version, ChangeStatus.PUBLISHED, actor, moment)
        return staff_text(request, "flash_approved", id=change_id)

    return _act(request, change_id, form, work)


@router.post("/changes/{change_id}/reject", dependencies=staff)
def reject(request: Request, change_id: int, form: FormData = Depends(form_data)) -> Response:
    """Reject a change."""

    def work(session, version, actor, moment):  # type: ignore[no-untyped-def]
        actions.set_status(session, change_id, version, ChangeStatus.REJECTED, actor, moment)
        return staff_text(request, "flash_rejected", id=change_id)

    return _act(request, change_id, form, work)


@router.post("/changes/{change_id}/topics", dependencies=staff)
def topics(request: Request, change_id: int, form: FormData = Depends(form_data)) -> Response:
    """Correct the topics (kept as a labelled example for the classifier)."""
    chosen = [str(value) for value in form.getlist("topics")]

    def work(session, version, actor, moment):  # type: ignore[no-untyped-def]
        actions.set_topics(session, change_id, version, chosen, actor, moment)
        return staff_text(request, "flash_topics", id=change_id)

    return _act(request, change_id, form, work)


@router.post("/changes/{change_id}/urgent", dependencies=staff)
def urgent(request: Request, change_id: int, form: FormData = Depends(form_data)) -> Response:
    """Mark or unmark as urgent."""
    flag = str(form.get("urgent", "1")) == "1"

    def work(session, version, actor, moment):  # type: ignore[no-untyped-def]
        actions.set_urgent(session, change_id, version, flag, actor, moment)
        key = "flash_urgent_on" if flag else "flash_urgent_off"
        return staff_text(request, key, id=change_id)

    return _act(request, change_id, form, work)


@router.post("/changes/{change_id}/edit", dependencies=staff)
def edit(request: Request, change_id: int, form: FormData = Depends(form_data)) -> Response:
    """Save edited English and Spanish titles and summaries."""
    texts = {k: str(form.get(k)) for k in actions.TEXT_FIELDS if k in form}

    def work(session, version, actor, moment):  # type: ignore[no-untyped-def]
        actions.edit_texts(session, change_id, version, texts, actor, moment)
        return staff_text(request, "flash_texts", id=change_id)

    return _act(request, change_id, form, work)


@router.post("/changes/{change_id}/link", dependencies=staff)
def link(request: Request, change_id: int, form: FormData = Depends(form_data)) -> Response:
    """Link a related change."""
    other = _other_id(form)

    def work(session, version, actor, moment):  # type: ignore[no-untyped-def]
        actions.link_related(session, change_id, other, actor, moment)
        return staff_text(request, "flash_linked", id=change_id, other=other)

    return _act(request, change_id, form, work)


@router.post("/changes/{change_id}/merge", dependencies=staff)
def merge(request: Request, change_id: int, form: FormData = Depends(form_data)) -> Response:
    """Merge this change into the canonical one it duplicates."""
    other = _other_id(form)

    def work(session, version, actor, moment):  # type: ignore[no-untyped-def]
        actions.merge_duplicate(session, change_id, version, other, actor, moment)
        return staff_text(request, "flash_merged", id=change_id, other=other)

    return _act(request, change_id, form, work)


def _other_id(form: FormData) -> int:
    other = int_or_none(str(form.get("other_id", "")).strip().lstrip("#"))
    if other is None:
        raise HTTPException(400, "Enter the other change's number, for example 1234.")
    return other


# ---------------------------------------------------------------- sources and accounts


@router.get("/sources", dependencies=staff)
def sources(request: Request) -> Response:
    """Each source's health, last success, last error and items per day."""
    with db(request) as session:
        health = queries.source_health(session, now(request))
    return render(request, "sources.html", health=health, lang=staff_lang(request))


@router.get("/admin/staff", dependencies=admin)
def staff_accounts(request: Request) -> Response:
    """The staff accounts (admins only)."""
    with db(request) as session:
        accounts = list(session.scalars(select(StaffUser).order_by(StaffUser.email)))
    return render(request, "staff_users.html", accounts=accounts, lang=staff_lang(request))


@router.post("/admin/staff/{user_id}/disable", dependencies=admin)
def disable_account(request: Request, user_id: int) -> Response:
    """Disable an account; its sessions stop working on their next request."""
    with db(request) as session:
        account = session.get(StaffUser, user_id)
        if account is None:
            raise HTTPException(404, "That account does not exist.")
        if account.id == request.state.user.id:
            raise HTTPException(400, "You cannot disable your own account.")
        account.active = False
    flash(request, staff_text(request, "flash_disabled", email=account.email))
    return redirect("/admin/staff")


@router.post("/account/language", dependencies=[Depends(requires(SUMMARY_ROLES))])
def choose_staff_language(request: Request, form: FormData = Depends(form_data)) -> Response:
    """Keep the account's choice of page language (en or es) and go back to the page."""
    lang = str(form.get("lang", ""))
    if lang not in LANGUAGES:
        raise HTTPException(400, "Choose the page language en or es.")
    with db(request) as session:
        account = session.get(StaffUser, request.state.user.id)
        if account is None:
            raise HTTPException(401, "Log in to see this page.")
        account.language = lang
    flash(request, translator(lang)("language_saved"))
    return redirect(safe_next(str(form.get("next", "")), "/summary"))


# ---------------------------------------------------------------- digest preview


def _check_preview(lang: str, frequency: str) -> None:
    if lang not in ("en", "es", "both") or frequency not in ("instant", "daily", "weekly"):
        raise HTTPException(
            400, "Choose lang en, es or both, and frequency instant, daily or weekly."
        )


@router.get("/digest/preview", dependencies=staff)
def digest_preview(
    request: Request, lang: str = "es", frequency: str = "daily", days: int = 1
) -> Response:
    """What members would receive for changes approved in the last `days` days."""
    from web.digest_preview import preview_content

    _check_preview(lang, frequency)
    days = max(1, min(days, 31))
    with db(request) as session:
        content, count = preview_content(
            session,
            lang,
            frequency,
            days,
            now(request),
            settings(request).timezone,
            Footer.from_settings(settings(request)),
        )
    return render(
        request,
        "digest_preview.html",
        content=content,
        count=count,
        lang=staff_lang(request),
        chosen={"lang": lang, "frequency": frequency, "days": days},
    )


@router.get("/digest/preview/email", dependencies=staff)
def digest_preview_email(
    request: Request, lang: str = "es", frequency: str = "daily", days: int = 1
) -> Response:
    """The HTML part of the preview, served alone under a CSP that allows only its styles."""
    from web.digest_preview import preview_content

    _check_preview(lang, frequency)
    with db(request) as session:
        content, _ = preview_content(
            session,
            lang,
            frequency,
            max(1, min(days, 31)),
            now(request),
            settings(request).timezone,
            Footer.from_settings(settings(request)),
        )
    html = content.html if content else "<p>Nothing approved in this period.</p>"
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
    return Response(
        html, media_type="text/html; charset=utf-8", headers={"content-security-policy": csp}
    )
