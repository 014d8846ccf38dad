"""What every route shares: rendering, the request's database session, who is logged in."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import Connection, Engine, Select, bindparam, select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from store.models import StaffRole, StaffUser
from store.versions import version_columns, version_of
from web.i18n import choose_language, staff_language, translator
from web.security import csrf_token

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


@contextlib.contextmanager
def read_only(request: Request) -> Iterator[Connection]:
    """A connection for one single-statement read, without BEGIN and COMMIT round trips.

    With an engine behind the session factory (production) the statement runs in
    autocommit; where sessions are bound to an open connection (tests run every request
    inside one transaction) it runs in a session on that connection.
    """
    bind = request.app.state.context.sessions.kw.get("bind")
    if isinstance(bind, Engine):
        # web.asgi gives the app a small pool that is in autocommit from the start.
        engine = getattr(request.app.state, "read_engine", None) or _autocommit(bind)
        with engine.connect() as connection:
            yield connection
        return
    with db(request) as session:
        yield session.connection()


def one_snapshot(session: Session) -> None:
    """Make a PostgreSQL session's reads share one snapshot (REPEATABLE READ) where it owns
    its connection; call before its first query. SQLite transactions already read one
    snapshot; test sessions, nested in one outer transaction, keep theirs."""
    bind = session.get_bind()
    if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


@functools.cache
def _autocommit(engine: Engine) -> Engine:
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def language(request: Request) -> str:
    """The language of a public page."""
    return choose_language(
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
    )


def staff_lang(request: Request) -> str:
    """The language of a staff page: the logged-in account's choice; on the login page,
    ?lang= or the language cookie; English otherwise."""
    user = getattr(request.state, "user", None)
    if user is not None:
        return staff_language(None, user.language)
    return staff_language(request.query_params.get("lang"), request.cookies.get("lang"))


def staff_text(request: Request, key: str, **values: Any) -> str:
    """One catalog sentence in the staff page language (flashes, login errors)."""
    return translator(staff_lang(request))(key, **values)


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


@dataclasses.dataclass(frozen=True)
class CurrentUser:
    """The logged-in account as pages see it (read fresh on every request)."""

    id: int
    email: str
    role: StaffRole
    language: str = "en"


@functools.cache
def _user_statement() -> Select[Any]:
    """The account check plus the data versions of what cached pages show, built once."""
    return select(
        StaffUser.id,
        StaffUser.email,
        StaffUser.role,
        StaffUser.active,
        StaffUser.language,
        *version_columns(),
    ).where(StaffUser.id == bindparam("uid"))


def requires(
    roles: frozenset[StaffRole],
) -> Callable[[Request], Coroutine[Any, Any, CurrentUser]]:
    """A route dependency: 401 (to the login page) when anonymous, 403 for the wrong role.

    The data versions of what cached pages show ride along in the same query
    (request.state.data_version). They are read before any page data, so a value cached
    under a version is never older than that version: never stale. A page served from a
    `VersionedCache` costs this one round trip. It is a primary-key read in autocommit, so
    it runs on the event loop: handing it to a worker thread costs more CPU (and GIL
    hand-offs) than the round trip blocks.
    """

    async def dependency(request: Request) -> CurrentUser:
        user_id = request.session.get("uid")
        if not user_id:
            raise HTTPException(401, "Log in to see this page.")
        statement = _user_statement()
        with read_only(request) as connection:
            row = connection.execute(statement, {"uid": user_id}).first()
        if row is None or not row.active:
            request.session.clear()
            raise HTTPException(401, "Log in to see this page.")
        if row.role not in roles:
            raise HTTPException(403, "Your account's role cannot use this page.")
        user = CurrentUser(row.id, row.email, row.role, row.language)
        request.state.user, request.state.data_version = user, version_of(row)
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
