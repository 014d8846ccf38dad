"""Web fixtures: the app on the test's rolled-back transaction, accounts, changes, login."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

NOW = dt.datetime(2026, 11, 25, 18, 0, tzinfo=dt.UTC)  # Wednesday of 2026-W48
PASSWORD = "correct horse battery"
XSS = '<script>alert("x")</script>'
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fast_password_hashes(monkeypatch):  # type: ignore[no-untyped-def]
    """Cheap argon2 parameters in tests; production keeps argon2-cffi's defaults."""
    from argon2 import PasswordHasher

    import web.security as security

    cheap = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    monkeypatch.setattr(security, "_hasher", cheap)
    monkeypatch.setattr(security, "_DUMMY_HASH", cheap.hash("dummy"))


@pytest.fixture()
def clock() -> dict[str, dt.datetime]:
    """A settable clock for the app under test."""
    return {"now": NOW}


@pytest.fixture()
def web_app(app_context, clock):  # type: ignore[no-untyped-def]
    from web.app import create_app

    return create_app(app_context, clock=lambda: clock["now"])


@pytest.fixture()
def client(web_app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(web_app, base_url="http://testserver") as test_client:
        yield test_client


def csrf_from(html: str) -> str:
    """The CSRF token embedded in a rendered form."""
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def make_staff(sessions: Any, email: str, role: str = "staff", password: str = PASSWORD) -> int:
    """Create an account and return its id."""
    from store.models import StaffRole, StaffUser
    from web.security import hash_password

    with sessions() as session, session.begin():
        user = StaffUser(email=email, password_hash=hash_password(password), role=StaffRole(role))
        session.add(user)
        session.flush()
        return user.id


def login(client: Any, email: str, password: str = PASSWORD) -> Any:
    """Log in through the form; returns the final response."""
    page = client.get("/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )


def token(client: Any, path: str = "/login") -> str:
    """A CSRF token of the client's session, read from a page with a form."""
    return csrf_from(client.get(path).text)


def make_change(
    sessions: Any,
    external_id: str,
    title: str = "ACUERDO por el que se modifica el Anexo 24",
    status: str = "flagged",
    topics: tuple[str, ...] = ("customs",),
    source: str = "dof_daily",
    language: str = "es",
    body: str = "Texto del acuerdo sobre el control de inventarios IMMEX.",
    created: dt.datetime = NOW - dt.timedelta(days=1),
    **fields: Any,
) -> int:
    """A document and its change, moved to `status`; returns the change id."""
    from store.changes import ensure_source, transition, upsert_document
    from store.models import ChangeStatus

    with sessions() as session, session.begin():
        ensure_source(session, source)
        values = {
            "title": title,
            "language": language,
            "body": body,
            "url": f"https://example.org/{external_id}",
            "agency": "SE",
            "published_on": created.date(),
            **fields,
        }
        change = upsert_document(session, source, external_id, values, created).change
        change.topics = list(topics)
        change.scores = {t: 0.61 for t in topics}
        change.flag_reason = "low confidence"
        if status != "pending":
            transition(session, change, ChangeStatus.FLAGGED, "system:test", created)
        if status not in ("pending", "flagged"):
            transition(session, change, ChangeStatus(status), "system:test", created)
        session.flush()
        return change.id
