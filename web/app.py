"""The ASGI app factory: sessions, CSRF, security headers, templates and the routers."""

from __future__ import annotations

import datetime as dt
import pathlib
import secrets
from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.middleware.sessions import SessionMiddleware

from web import TOPICS
from web.cache import VersionedCache
from web.errors import BadInput
from web.security import csrf_matches, make_rate_limiter

TEMPLATES = pathlib.Path(__file__).resolve().parent / "templates"
SESSION_COOKIE = "regwatch_session"
SESSION_MAX_AGE = 8 * 3600
LOGIN_LOCK_SECONDS = 15 * 60
# The only POST that carries no CSRF token: SendGrid signs its requests instead.
CSRF_EXEMPT = frozenset({"/webhooks/sendgrid"})
# Unsubscribe links carry an unguessable signed token, and mail clients POST to them for
# RFC 8058 one-click unsubscribe without any token of ours.
CSRF_EXEMPT_PREFIXES = ("/members/unsubscribe/",)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PAGE_CACHE_SIZE = 256


def make_environment() -> Environment:
    """The Jinja environment: autoescape everywhere, so scraped text is always inert."""
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["TOPICS"] = TOPICS
    return environment


def utc_now() -> dt.datetime:
    """The web app's clock, read once per request at the edge."""
    return dt.datetime.now(dt.UTC)


class SecurityHeaders:
    """Pure ASGI middleware: a CSP nonce per request and the usual hardening headers."""

    def __init__(self, app: Any, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [h for h in self._headers(nonce) if h[0] not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _headers(self, nonce: str) -> list[tuple[bytes, bytes]]:
        csp = (
            f"default-src 'self'; script-src 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
            "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        )
        headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
        ]
        if self.https:
            headers.append((b"strict-transport-security", b"max-age=31536000"))
        return headers


async def verify_csrf(request: Request) -> None:
    """Refuse any state-changing request whose token does not match the session's."""
    path = request.url.path
    if request.method in SAFE_METHODS or path in CSRF_EXEMPT:
        return
    if path.startswith(CSRF_EXEMPT_PREFIXES):
        return
    given = request.headers.get("x-csrf-token")
    if not given:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            given = (await request.form()).get("csrf_token")  # type: ignore[assignment]
    if not csrf_matches(request.session.get("csrf"), given if isinstance(given, str) else None):
        raise HTTPException(403, "The form expired or came from another site; reload the page.")


def create_app(context: Any, clock: Callable[[], dt.datetime] = utc_now) -> FastAPI:
    """Build the ASGI app on an AppContext (settings, engine, sessions)."""
    from web import routes_committee, routes_glossary, routes_members, routes_public, routes_staff

    settings = context.settings
    app = FastAPI(
        title="RegWatch",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(verify_csrf)],
    )
    app.state.context = context
    app.state.clock = clock
    app.state.templates = make_environment()
    # In Redis when it is configured, so that every server process shares one count.
    app.state.login_limiter = make_rate_limiter(
        settings.redis_url, "login", settings.login_max_attempts, LOGIN_LOCK_SECONDS
    )
    app.state.subscribe_limiter = make_rate_limiter(
        settings.redis_url, "subscribe", settings.subscribe_rate_per_hour, 3600
    )
    # Pages many people read (the queue, searches, weekly summaries), kept until the data
    # version changes; one per process.
    app.state.page_cache = VersionedCache(size=PAGE_CACHE_SIZE)
    https = settings.public_base_url.startswith("https://")
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.signing_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=https or settings.environment == "production",
    )
    app.add_middleware(SecurityHeaders, https=https)
    for module in (routes_public, routes_members, routes_staff, routes_committee, routes_glossary):
        app.include_router(module.router)
    _install_error_pages(app)
    return app


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(BadInput)
    async def bad_input(request: Request, error: BadInput) -> Response:
        return _error_page(request, 400, str(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 401:
            return RedirectResponse(_login_url(request), status_code=303)
        return _error_page(request, error.status_code, str(error.detail))

    @app.exception_handler(404)
    async def not_found(request: Request, error: Exception) -> Response:
        return _error_page(request, 404, "This page does not exist; check the address.")


def _login_url(request: Request) -> str:
    from urllib.parse import quote

    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/login?next={quote(target, safe='')}"


def _error_page(request: Request, status: int, message: str) -> Response:
    wants_text = request.url.path.startswith(("/api/", "/feeds/", "/webhooks/"))
    if wants_text:
        return PlainTextResponse(message, status_code=status)
    html = request.app.state.templates.get_template("error.html").render(
        status=status,
        message=message,
        csp_nonce=request.state.csp_nonce,
        user=None,
    )
    return HTMLResponse(html, status_code=status)


def route_table(app: Any) -> list[tuple[str, frozenset[str]]]:
    """(path, methods) of every route the app registers, through included routers."""
    found: list[tuple[str, frozenset[str]]] = []
    pending = list(app.routes)
    while pending:
        route = pending.pop(0)
        inner = getattr(route, "original_router", None)
        if inner is not None:
            pending.extend(inner.routes)
        elif getattr(route, "path", None):
            found.append((route.path, frozenset(getattr(route, "methods", None) or {"GET"})))
    return found
