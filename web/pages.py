"""What every route shares: rendering, the request's database session, who is logged in."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from store.models import StaffRole, StaffUser
from web.app import csrf_token
from web.i18n import choose_language, translator

STAFF_ROLES = frozenset({StaffRole.ADMIN, StaffRole.STAFF})
SUMMARY_ROLES = frozenset({StaffRole.ADMIN, StaffRole.STAFF, StaffRole.COMMITTEE})
ADMIN_ROLES = frozenset({StaffRole.ADMIN})


def now(request: Request) -> dt.datetime:
    """The request's clock reading (the app's clock, replaceable in tests)."""
    return request.app.state.clock()


def settings(request: Request) -> Any:
    return request.app.state.context.settings


@contextlib.contextmanager
def db(request: Request) -> Iterator[Session]:
    """The request's transaction: committed when the handler returns, else rolled back."""
    with request.app.state.context.session() as session:
        yield session


def language(request: Request) -> str:
    """The language of a public page."""
    return choose_language(
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
    )


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """Queue a one-line message for the next page this browser sees."""
    request.session.setdefault("flash", []).append([kind, message])


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """Render a template with the request's user, CSRF token, language and CSP nonce."""
    lang = values.pop("lang", None) or language(request)
    context = {
        "request": request,
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        "csp_nonce": request.state.csp_nonce,
        "lang": lang,
        "t": translator(lang),
        "flashes": request.session.pop("flash", []),
        "path": request.url.path,
        **values,
    }
    html = request.app.state.templates.get_template(template).render(context)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") == lang:
        response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
    return response


def redirect(url: str) -> RedirectResponse:
    """A 303 redirect (the browser follows with GET after a POST)."""
    return RedirectResponse(url, status_code=303)


def requires(roles: frozenset[StaffRole]) -> Callable[[Request], StaffUser]:
    """A route dependency: 401 (to the login page) when anonymous, 403 for the wrong role."""

    def dependency(request: Request) -> StaffUser:
        user_id = request.session.get("uid")
        if not user_id:
            raise HTTPException(401, "Log in to see this page.")
        with db(request) as session:
            user = session.get(StaffUser, user_id)
        if user is None or not user.active:
            request.session.clear()
            raise HTTPException(401, "Log in to see this page.")
        if user.role not in roles:
            raise HTTPException(403, "Your account's role cannot use this page.")
        request.state.user = user
        return user

    dependency.__name__ = "requires_" + "_".join(sorted(r.value for r in roles))
    return dependency


async def form_data(request: Request) -> FormData:
    """The posted form (already parsed and cached by the CSRF check)."""
    return await request.form()


def int_or_none(value: Any) -> int | None:
    """An integer form field, or None when empty or malformed."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None
