"""Security: every route's access rule, CSRF on every state change, escaping, redirects."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.web.conftest import NOW, XSS, csrf_from, login, make_change, make_staff, token
from web.app import route_table
from web.security import safe_next

# The access rule of every route, written out by hand so that a new route fails this test
# until someone decides who may use it.
RULES = {
    "/": "public",
    "/healthz": "public",
    "/archive": "public",
    "/archive/{change_id}": "public",
    "/feeds/all.atom": "public",
    "/feeds/topics/{topic}.atom": "public",
    "/feeds/calendar.ics": "public",
    "/api/changes": "public",
    "/login": "public",
    "/logout": "public",
    "/subscribe": "public",
    "/members/confirm/{token}": "signed",
    "/members/manage/{token}": "signed",
    "/members/unsubscribe/{token}": "signed",
    "/members/feedback/{token}": "signed",
    "/webhooks/sendgrid": "webhook",
    "/queue": "staff",
    "/queue/bulk": "staff",
    "/changes/{change_id}": "staff",
    "/changes/{change_id}/approve": "staff",
    "/changes/{change_id}/reject": "staff",
    "/changes/{change_id}/topics": "staff",
    "/changes/{change_id}/urgent": "staff",
    "/changes/{change_id}/edit": "staff",
    "/changes/{change_id}/link": "staff",
    "/changes/{change_id}/merge": "staff",
    "/sources": "staff",
    "/glossary": "staff",
    "/glossary/{entry_id}": "staff",
    "/changes/{change_id}/retranslate": "staff",
    "/digest/preview": "staff",
    "/digest/preview/email": "staff",
    "/summary": "summary",
    "/summary/export": "summary",
    "/admin/staff": "admin",
    "/admin/staff/{user_id}/disable": "admin",
    "/account/language": "summary",
}
# POSTs that carry no CSRF token by design: SendGrid signs its own requests, and one-click
# unsubscribe links are capabilities (signed tokens) that mail clients POST to (RFC 8058).
CSRF_EXEMPT = {"/webhooks/sendgrid", "/members/unsubscribe/{token}"}
FORBIDDEN_FOR = {"staff": {"committee"}, "admin": {"committee", "staff"}, "summary": set()}


def _routes(app):  # type: ignore[no-untyped-def]
    return [
        (path, method)
        for path, methods in route_table(app)
        for method in sorted(methods)
        if method != "HEAD"
    ]


def _url(path: str, change_id: int, user_id: int) -> str:
    return (
        path.replace("{change_id}", str(change_id))
        .replace("{user_id}", str(user_id))
        .replace("{token}", "bad-token")
        .replace("{topic}", "customs")
        .replace("{entry_id}", "1")
    )


def test_every_route_has_a_declared_rule(web_app):
    registered = {path for path, _ in _routes(web_app)}
    assert registered - set(RULES) == set(), "new routes need an access rule in RULES"
    assert set(RULES) - registered == set(), "RULES names routes that no longer exist"


@pytest.fixture()
def people(db_sessions):  # type: ignore[no-untyped-def]
    ids = {
        role: make_staff(db_sessions, f"{role}@example.org", role)
        for role in ("admin", "staff", "committee")
    }
    change_id = make_change(db_sessions, "sec1", status="flagged")
    return ids, change_id


def test_anonymous_is_sent_to_login_on_every_protected_route(client, web_app, people):
    ids, change_id = people
    csrf = token(client)
    for path, method in _routes(web_app):
        if RULES[path] not in FORBIDDEN_FOR:
            continue
        url = _url(path, change_id, ids["staff"])
        response = client.request(
            method,
            url,
            data={"csrf_token": csrf} if method == "POST" else None,
            follow_redirects=False,
        )
        assert response.status_code == 303, (method, url, response.status_code)
        assert response.headers["location"].startswith("/login?next="), (method, url)


@pytest.mark.parametrize("role", ["committee", "staff"])
def test_wrong_role_is_refused_on_every_route(web_app, db_sessions, people, role):
    from fastapi.testclient import TestClient

    ids, change_id = people
    with TestClient(web_app) as client:
        login(client, f"{role}@example.org")
        csrf = token(client, "/summary")
        for path, method in _routes(web_app):
            rule = RULES[path]
            if path == "/logout":  # would end the session the loop is testing with
                continue
            url = _url(path, change_id, ids["admin"])
            data = {"csrf_token": csrf} if method == "POST" else None
            response = client.request(method, url, data=data, follow_redirects=False)
            if role in FORBIDDEN_FOR.get(rule, set()):
                assert response.status_code == 403, (role, method, url, response.status_code)
            else:
                assert response.status_code != 403 or path == "/webhooks/sendgrid", (role, url)


def test_post_without_csrf_is_refused_everywhere(web_app, people):
    from fastapi.testclient import TestClient

    ids, change_id = people
    with TestClient(web_app) as client:
        login(client, "admin@example.org")
        for path, method in _routes(web_app):
            if method != "POST" or path in CSRF_EXEMPT:
                continue
            url = _url(path, change_id, ids["staff"])
            missing = client.post(url, data={"version": "1"}, follow_redirects=False)
            forged = client.post(url, data={"csrf_token": "forged"}, follow_redirects=False)
            assert missing.status_code == 403, (url, missing.status_code)
            assert forged.status_code == 403, (url, forged.status_code)
    assert set(RULES) >= CSRF_EXEMPT


def test_login_form_without_csrf_is_refused(client, db_sessions):
    make_staff(db_sessions, "x@example.org")
    response = client.post("/login", data={"email": "x@example.org", "password": "whatever"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        " //evil.example",
        "/%0d%0aLocation:x",
        "evil.example",
    ],
)
def test_open_redirect_through_next_is_refused(client, db_sessions, target):
    make_staff(db_sessions, "r@example.org")
    page = client.get("/login", params={"next": target})
    response = client.post(
        "/login",
        follow_redirects=False,
        data={
            "email": "r@example.org",
            "password": "correct horse battery",
            "csrf_token": csrf_from(page.text),
            "next": target,
        },
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil" not in location or location.startswith("/%")


def test_safe_next_keeps_local_paths():
    assert safe_next("/changes/5?x=1") == "/changes/5?x=1"
    assert safe_next("//evil") == "/queue" and safe_next("https://evil") == "/queue"


def test_script_in_scraped_text_is_inert_on_every_page_and_export(web_app, db_sessions):
    from fastapi.testclient import TestClient

    from store.changes import ensure_source

    with db_sessions() as session, session.begin():
        ensure_source(session, "evil_source", name=XSS)
    published = make_change(
        db_sessions,
        "x1",
        title=XSS,
        status="published",
        topics=("customs",),
        body=f"cuerpo {XSS}",
        agency=XSS,
        effective_on=dt.date(2026, 12, 10),
        source="evil_source",
        created=NOW - dt.timedelta(hours=5),
    )
    flagged = make_change(db_sessions, "x2", title=XSS, status="flagged", body=XSS)
    make_staff(db_sessions, "admin@example.org", "admin")
    pages = [
        "/archive",
        f"/archive/{published}",
        "/archive?q=script",
        "/queue",
        "/queue?status=all",
        f"/changes/{published}",
        f"/changes/{flagged}",
        "/sources",
        "/summary?week=2026-W48",
        "/summary?week=2026-W48&lang=es",
        "/summary/export?week=2026-W48&format=html",
        "/digest/preview?lang=both",
        "/digest/preview/email?lang=both",
        "/admin/staff",
    ]
    with TestClient(web_app) as client:
        login(client, "admin@example.org")
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert '<script>alert("x")' not in response.text, url
        for url in pages[:2] + [f"/changes/{published}"]:
            assert "&lt;script&gt;" in client.get(url).text, url
        markdown = client.get("/summary/export?week=2026-W48&format=md").text
        assert "<script>" not in markdown and "&lt;script&gt;" in markdown
        csv_export = client.get("/summary/export?week=2026-W48&format=csv")
        assert csv_export.headers["content-type"].startswith("text/csv")
        assert csv_export.headers["content-disposition"].startswith("attachment")
        feed = client.get("/feeds/all.atom").text
        assert "<script>" not in feed and "&lt;script&gt;" in feed
        api = client.get("/api/changes")
        assert api.headers["content-type"].startswith("application/json")
        assert api.headers["x-content-type-options"] == "nosniff"


def test_csv_export_neutralises_formulas(web_app, db_sessions):
    from fastapi.testclient import TestClient

    make_change(
        db_sessions,
        "f1",
        title='=HYPERLINK("http://evil","x")',
        status="published",
        created=NOW - dt.timedelta(hours=5),
    )
    make_staff(db_sessions, "c@example.org", "committee")
    with TestClient(web_app) as client:
        login(client, "c@example.org")
        body = client.get("/summary/export?week=2026-W48&format=csv").text
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_security_headers_and_cookie_flags(client, db_sessions):
    response = client.get("/archive")
    assert "script-src 'nonce-" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    make_staff(db_sessions, "h@example.org")
    cookie = login(client, "h@example.org").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
