"""The staff queue, a change's page and the moderation actions, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from store.models import Change, ChangeLink, ChangeStatus, LabelledExample, ReviewEvent
from tests.web.conftest import NOW, csrf_from, login, make_change, make_staff


def _staff(client, sessions, email="ana@example.org", role="staff"):  # type: ignore[no-untyped-def]
    make_staff(sessions, email, role)
    assert login(client, email).status_code == 303


def test_login_then_queue_lists_flagged_newest_first(client, db_sessions):
    _staff(client, db_sessions)
    older = make_change(db_sessions, "a1", title="Older notice", created=NOW.replace(day=20))
    newer = make_change(db_sessions, "a2", title="Newer notice", created=NOW.replace(day=24))
    make_change(db_sessions, "a3", title="Published one", status="published")
    page = client.get("/queue")
    assert page.status_code == 200
    assert page.text.index("Newer notice") < page.text.index("Older notice")
    assert "Published one" not in page.text
    assert f"/changes/{older}" in page.text and f"/changes/{newer}" in page.text
    assert "low confidence" in page.text and "0.61" in page.text


def test_queue_filters_and_search(client, db_sessions):
    _staff(client, db_sessions)
    make_change(db_sessions, "b1", title="Aviso de aduanas", topics=("customs",))
    make_change(
        db_sessions,
        "b2",
        title="Reforma laboral salario mínimo",
        topics=("labor",),
        body="salario minimo general",
        source="mx_gobmx_prensa",
    )
    assert "Aviso de aduanas" not in client.get("/queue?topic=labor").text
    assert "Reforma laboral" in client.get("/queue?topic=labor").text
    assert "Reforma laboral" not in client.get("/queue?source=dof_daily").text
    searched = client.get("/queue?q=salario")
    assert "Reforma laboral" in searched.text and "Aviso de aduanas" not in searched.text
    assert client.get("/queue?topic=bogus").status_code == 400
    assert client.get("/queue?from=2026-13-01").status_code == 400


def test_queue_keyset_pagination(client, db_sessions):
    from web.queries import PAGE_SIZE

    _staff(client, db_sessions)
    for index in range(PAGE_SIZE + 3):
        make_change(
            db_sessions,
            f"p{index}",
            title=f"Item number {index:03d}",
            created=NOW.replace(hour=0).replace(minute=index % 60, second=index // 60),
        )
    first = client.get("/queue")
    assert first.text.count('name="item"') == PAGE_SIZE
    link = first.text.split('class="pager"><a class="button secondary" href="')[1].split('"')[0]
    second = client.get(link.replace("&amp;", "&"))
    assert second.text.count('name="item"') == 3
    assert "Item number 000" in second.text
    assert client.get("/queue?after=%%%").status_code == 400


def test_approve_writes_audit_and_checks_version(client, db_sessions):
    _staff(client, db_sessions)
    change_id = make_change(db_sessions, "c1")
    page = client.get(f"/changes/{change_id}")
    token = csrf_from(page.text)
    with db_sessions() as session:
        version = session.get(Change, change_id).version
    stale = client.post(
        f"/changes/{change_id}/approve", data={"csrf_token": token, "version": version - 1}
    )
    assert stale.status_code == 409
    assert "saved by someone else" in stale.text
    done = client.post(
        f"/changes/{change_id}/approve",
        data={"csrf_token": token, "version": version},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with db_sessions() as session:
        change = session.get(Change, change_id)
        assert change.status == ChangeStatus.PUBLISHED
        event = session.scalars(
            select(ReviewEvent).where(
                ReviewEvent.change_id == change_id, ReviewEvent.action == "approve"
            )
        ).one()
        assert event.actor == "ana@example.org"
        assert event.before == {"status": "flagged"} and event.after == {"status": "published"}


def test_two_editors_never_silently_overwrite(client, db_sessions):
    _staff(client, db_sessions)
    change_id = make_change(db_sessions, "d1")
    token = csrf_from(client.get(f"/changes/{change_id}").text)
    with db_sessions() as session:
        version = session.get(Change, change_id).version
    first = client.post(
        f"/changes/{change_id}/edit",
        follow_redirects=False,
        data={"csrf_token": token, "version": version, "title_en": "First editor's title"},
    )
    assert first.status_code == 303
    second = client.post(
        f"/changes/{change_id}/edit",
        data={"csrf_token": token, "version": version, "title_en": "Second editor's title"},
    )
    assert second.status_code == 409
    assert "reload it and apply your action again" in second.text
    assert "Second editor&#39;s title" in second.text  # the draft is kept in the form
    with db_sessions() as session:
        change = session.get(Change, change_id)
        assert change.title_en == "First editor's title"
        assert change.title_en_origin.value == "staff"


def test_topics_urgent_and_labelled_example(client, db_sessions):
    _staff(client, db_sessions)
    change_id = make_change(db_sessions, "e1", topics=("customs",))
    token = csrf_from(client.get(f"/changes/{change_id}").text)
    client.post(
        f"/changes/{change_id}/topics",
        data={"csrf_token": token, "topics": ["tax", "immex", "nonsense"]},
    )
    with db_sessions() as session:
        version = session.get(Change, change_id).version
    client.post(
        f"/changes/{change_id}/urgent",
        data={"csrf_token": token, "urgent": "1", "version": version},
    )
    with db_sessions() as session:
        change = session.get(Change, change_id)
        assert change.topics == ["immex", "tax"] and change.urgent
        example = session.scalars(select(LabelledExample)).one()
        assert example.labels == ["immex", "tax"] and example.created_by == "ana@example.org"


def test_bulk_approve_and_reject(client, db_sessions):
    _staff(client, db_sessions)
    ids = [make_change(db_sessions, f"f{i}") for i in range(3)]
    page = client.get("/queue")
    token = csrf_from(page.text)
    with db_sessions() as session:
        items = [f"{i}:{session.get(Change, i).version}" for i in ids]
    items[2] = f"{ids[2]}:999"  # someone else touched this one
    response = client.post(
        "/queue/bulk", data={"csrf_token": token, "action": "approve", "item": items}
    )
    assert "2 change(s) approved" in response.text
    assert "saved by someone else" in response.text
    with db_sessions() as session:
        statuses = [session.get(Change, i).status for i in ids]
    assert statuses == [ChangeStatus.PUBLISHED, ChangeStatus.PUBLISHED, ChangeStatus.FLAGGED]


def test_change_page_shows_revision_diff_and_related(client, db_sessions):
    from store.changes import upsert_document

    _staff(client, db_sessions)
    first = make_change(db_sessions, "g1", body="Artículo 1. Plazo de 30 días.")
    with db_sessions() as session, session.begin():
        amended = upsert_document(
            session,
            "dof_daily",
            "g1",
            {
                "title": "ACUERDO por el que se modifica el Anexo 24",
                "language": "es",
                "body": "Artículo 1. Plazo de 60 días.",
                "url": "https://example.org/g1",
                "agency": "SE",
            },
            NOW,
        ).change.id
    other = make_change(
        db_sessions, "g2", title="CSMS # 123 - Guidance", language="en", source="us_cbp_csms"
    )
    token = csrf_from(client.get(f"/changes/{amended}").text)
    client.post(f"/changes/{amended}/link", data={"csrf_token": token, "other_id": str(other)})
    page = client.get(f"/changes/{amended}")
    assert '<span class="del">-Artículo 1. Plazo de 30 días.' in page.text
    assert '<span class="add">+Artículo 1. Plazo de 60 días.' in page.text
    assert "CSMS # 123 - Guidance" in page.text
    assert first != amended


def test_merge_duplicate(client, db_sessions):
    _staff(client, db_sessions)
    keep = make_change(db_sessions, "h1", topics=("customs",))
    dup = make_change(db_sessions, "h2", topics=("immex",), source="mx_anam")
    token = csrf_from(client.get(f"/changes/{dup}").text)
    with db_sessions() as session:
        version = session.get(Change, dup).version
    response = client.post(
        f"/changes/{dup}/merge",
        follow_redirects=False,
        data={"csrf_token": token, "version": version, "other_id": str(keep)},
    )
    assert response.status_code == 303
    with db_sessions() as session:
        duplicate, canonical = session.get(Change, dup), session.get(Change, keep)
        assert duplicate.duplicate_of_id == keep
        assert duplicate.status == ChangeStatus.REJECTED
        assert canonical.topics == ["customs", "immex"]
        assert session.scalars(select(ChangeLink)).one().kind == "duplicate"


def test_sources_page(client, db_sessions):
    _staff(client, db_sessions)
    make_change(db_sessions, "i1", source="us_federal_register", created=NOW)
    page = client.get("/sources")
    assert page.status_code == 200 and "us_federal_register" in page.text


def test_sources_page_shows_route_switches_and_layout_warnings(client, db_sessions):
    from store.models import Source

    _staff(client, db_sessions)
    make_change(db_sessions, "i2", source="dof_daily", created=NOW)
    with db_sessions() as session:
        source = session.get(Source, "dof_daily")
        source.warnings = [
            "DOF read from SIDOF's note list instead of the index; reason: <b>HTTP 500</b>."
        ]
        session.commit()
    page = client.get("/sources")
    assert "DOF read from SIDOF&#39;s note list instead of the index" in page.text
    assert "&lt;b&gt;HTTP 500&lt;/b&gt;" in page.text  # scraped text stays inert


def test_login_throttled_and_account_locked(client, db_sessions, test_settings):
    make_staff(db_sessions, "bob@example.org")
    for _ in range(test_settings.login_max_attempts):
        assert login(client, "bob@example.org", "wrong password!").status_code == 400
    locked = login(client, "bob@example.org")
    assert locked.status_code == 429
    assert "wait 15 minutes" in locked.text


def test_account_lock_after_failures(web_app, db_sessions, test_settings):
    from fastapi.testclient import TestClient

    make_staff(db_sessions, "eve@example.org")
    for attempt in range(test_settings.login_max_attempts):
        # a fresh limiter per attempt isolates the per-account lock from the per-address one
        web_app.state.login_limiter.reset("ip:testclient")
        with TestClient(web_app) as fresh:
            login(fresh, "eve@example.org", f"wrong {attempt}")
    with TestClient(web_app) as fresh:
        response = login(fresh, "eve@example.org")
    assert response.status_code == 400 and "locked" in response.text


def test_disabled_account_loses_its_session(client, db_sessions):
    from store.models import StaffUser

    user_id = make_staff(db_sessions, "gone@example.org")
    login(client, "gone@example.org")
    assert client.get("/queue").status_code == 200
    with db_sessions() as session, session.begin():
        session.get(StaffUser, user_id).active = False
    response = client.get("/queue", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
