"""Browser journeys in headless Chromium (Debian's build, driven by Playwright).

The app runs under uvicorn in a thread on 127.0.0.1 with a committed SQLite database in a
temporary folder; screenshots of the key pages go to var/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
import socket
import threading
import time

import pytest

from tests.web.conftest import PASSWORD, make_change, make_staff

pytestmark = pytest.mark.browser
CHROMIUM = pathlib.Path("/usr/bin/chromium")
SHOTS = pathlib.Path(__file__).resolve().parents[2] / "var" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def live(tmp_path):  # type: ignore[no-untyped-def]
    """(base URL, context) of the app served by uvicorn on loopback."""
    import uvicorn

    from settings import load_settings
    from store.context import build_context
    from store.migrate import upgrade
    from web.app import create_app

    url = f"sqlite:///{tmp_path / 'browser.db'}"
    upgrade(url)
    port = _free_port()
    settings = load_settings(
        environment="test",
        database_url=url,
        secret_key="browser-test-key",
        translator="none",
        outbox_dir=str(tmp_path / "outbox"),
        var_dir=str(tmp_path / "var"),
        public_base_url=f"http://127.0.0.1:{port}",
    )
    context = build_context(settings)
    server = uvicorn.Server(
        uvicorn.Config(create_app(context), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", context
    server.should_exit = True
    thread.join(timeout=10)
    context.engine.dispose()


@pytest.fixture()
def page():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("REGWATCH_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " and REGWATCH_REQUIRE_BROWSER=1")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        yield context.new_page()
        browser.close()


def _login(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


def test_staff_edits_and_approves_then_change_is_public(live, page):
    base, context = live
    now = dt.datetime.now(dt.UTC)
    make_staff(context.sessions, "ana@example.org", "staff")
    first = make_change(
        context.sessions,
        "br1",
        title="ACUERDO que modifica las Reglas de comercio exterior",
        created=now - dt.timedelta(hours=1),
    )
    second = make_change(
        context.sessions,
        "br2",
        title="Aviso sobre inventarios",
        created=now - dt.timedelta(hours=2),
    )
    _login(page, base, "ana@example.org")
    page.wait_for_url(f"{base}/queue")
    page.screenshot(path=str(SHOTS / "queue.png"), full_page=True)
    page.click(f"a[href='/changes/{first}']")
    page.fill("#title_en", "Agreement amending the Foreign Trade Rules")
    page.fill("#summary_en", "Changes inventory control for IMMEX companies.")
    page.fill("#title_es", "ACUERDO que modifica las Reglas de comercio exterior")
    page.click("#edit button[type=submit]")
    page.wait_for_selector("text=Texts of change")
    page.screenshot(path=str(SHOTS / "change.png"), full_page=True)
    page.click("form[data-action=approve] button")
    page.wait_for_selector(f"text=Change {first} approved.")
    page.goto(f"{base}/queue")
    page.keyboard.press("a")  # the first row is selected: approve it from the keyboard
    page.wait_for_selector(f"text=Change {second} approved.")

    page.goto(f"{base}/archive?lang=en")
    assert page.is_visible("text=Agreement amending the Foreign Trade Rules")
    page.screenshot(path=str(SHOTS / "archive.png"), full_page=True)
    feed = page.request.get(f"{base}/feeds/all.atom").text()
    assert "Agreement amending the Foreign Trade Rules" in feed
    page.goto(f"{base}/digest/preview?lang=en&days=1")
    assert "Agreement amending the Foreign Trade Rules" in page.inner_text("#digest-text")
    page.screenshot(path=str(SHOTS / "digest_preview.png"), full_page=True)


def _confirm_link(outbox: pathlib.Path) -> str:
    text = "\n".join(p.read_text(errors="replace") for p in sorted(outbox.rglob("*.eml")))
    text = re.sub(r"=\r?\n", "", text)
    return re.findall(r"/members/confirm/[A-Za-z0-9_.\-=]+", text)[-1]


def test_member_subscribes_confirms_manages_and_unsubscribes(live, page):
    base, context = live
    page.goto(f"{base}/subscribe?lang=es")
    page.fill("#email", "compliance@maquila.example")
    page.fill("#name", "Lucía")
    page.fill("#company", "Maquila del Norte")
    page.check("input[value=customs]")
    page.check("input[value=immex]")
    page.select_option("#frequency", "weekly")
    page.screenshot(path=str(SHOTS / "subscribe.png"), full_page=True)
    page.click("#subscribe button[type=submit]")
    page.wait_for_selector("text=enviamos un enlace de confirmación")
    page.goto(base + _confirm_link(pathlib.Path(context.settings.outbox_dir)))
    page.wait_for_selector("text=Su suscripción está confirmada.")
    page.click("#message a.button")
    page.uncheck("input[value=customs]")
    page.check("input[value=labor]")
    page.select_option("#frequency", "daily")
    page.click("#manage button[type=submit]")
    page.wait_for_selector("text=Sus preferencias quedaron guardadas.")
    assert page.is_checked("input[value=labor]") and not page.is_checked("input[value=customs]")
    page.screenshot(path=str(SHOTS / "manage.png"), full_page=True)
    page.click("#unsubscribe-link")
    page.click("button.danger")
    page.wait_for_selector("text=Su suscripción fue cancelada")


def test_committee_exports_a_week(live, page):
    from web.summary import IsoWeek

    base, context = live
    now = dt.datetime.now(dt.UTC)
    make_staff(context.sessions, "comite@example.org", "committee")
    make_change(
        context.sessions,
        "cm1",
        title="Reforma a la Ley Federal del Trabajo",
        status="published",
        topics=("labor",),
        created=now,
        effective_on=(now + dt.timedelta(days=10)).date(),
    )
    week = IsoWeek.containing(now.date())
    _login(page, base, "comite@example.org")
    page.wait_for_url(re.compile(r".*/summary.*"))
    page.goto(f"{base}/summary?week={week}&lang=es")
    assert page.is_visible("svg.chart")
    page.screenshot(path=str(SHOTS / "summary.png"), full_page=True)
    for fmt in ("md", "csv"):
        with page.expect_download() as download:
            page.click(f"#export-{fmt}")
        text = pathlib.Path(download.value.path()).read_text(encoding="utf-8")
        assert "Reforma a la Ley Federal del Trabajo" in text
    page.click("#export-html")
    page.wait_for_selector("text=Resumen semanal de RegWatch")
    page.screenshot(path=str(SHOTS / "summary_print.png"), full_page=True)


def test_staff_member_switches_the_pages_to_spanish(live, page):
    base, context = live
    make_staff(context.sessions, "luz@example.org", "staff")
    change = make_change(context.sessions, "br9", title="Aviso sobre el padrón de importadores")
    _login(page, base, "luz@example.org")
    page.wait_for_url(f"{base}/queue")
    assert page.is_visible("text=Moderation queue")
    page.click("form.lang-switch button[value=es]")
    page.wait_for_selector("text=Cola de moderación")
    assert page.get_attribute("html", "lang") == "es"
    page.keyboard.press("r")  # the first row: reject it from the keyboard, in Spanish too
    page.wait_for_selector(f"text=Se rechazó el cambio {change}.")
    page.screenshot(path=str(SHOTS / "queue_es.png"), full_page=True)
    page.goto(f"{base}/summary")
    assert page.is_visible("h1:has-text('Resumen semanal de RegWatch')")
    page.click("form.lang-switch button[value=en]")
    page.wait_for_selector("text=Approved changes by topic")


def test_member_answers_from_a_digest_on_a_phone(live, page):
    """A member taps "No" under an item in a digest, reads the thank-you page, changes it."""
    from sqlalchemy import select

    from alerts.digest import DigestItem, Footer, Recipient, SubscriptionView, build_digest
    from alerts.links import Links
    from store.models import Change, Feedback, Member, MemberLanguage, MemberStatus

    base, context = live
    now = dt.datetime.now(dt.UTC)
    change_id = make_change(context.sessions, "fb-browser", status="published", created=now)
    with context.sessions() as session, session.begin():
        member = Member(
            email="ana@maquila.example",
            name="Ana",
            company="Maquila",
            language=MemberLanguage("es"),
            status=MemberStatus.ACTIVE,
            confirmed_at=now,
            created_at=now,
        )
        session.add(member)
        session.flush()
        member_id = member.id
        item = DigestItem.from_change(session.get(Change, change_id))
    links = Links.from_settings(context.settings)
    recipient = Recipient(member_id, "ana@maquila.example", "es", (SubscriptionView(1, "daily"),))
    footer = Footer("Asociación Demo", "Av. Ejemplo 100, Tijuana", base)
    message = build_digest([item], recipient, "es", now, links, footer=footer)
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(message.html)
    page.screenshot(path=str(SHOTS / "digest-phone.png"), full_page=True)
    page.click("text=No")
    page.wait_for_selector("#message")
    assert "no es relevante para usted" in page.inner_text("#message")
    page.screenshot(path=str(SHOTS / "feedback-thanks.png"), full_page=True)
    page.click("#change-answer")
    page.wait_for_selector("text=Gracias: anotamos que este aviso es relevante para usted.")
    with context.sessions() as session:
        answers = session.scalars(select(Feedback)).all()
        assert [(a.member_id, a.relevant) for a in answers] == [(member_id, True)]
