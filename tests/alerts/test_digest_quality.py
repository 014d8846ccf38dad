"""The digest as a member's phone and mail system see it.

- Layout: a weekly digest of 30 items renders in headless Chromium at 390 px and fits in
  at most four phone screens (page height / 844 px), in English, Spanish and both.
- Trust: SpamAssassin (Debian's, offline: local tests only, no Bayes) scores the digests as
  written by the outbox, headers included, at 1.0 or less.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess

import pytest

from alerts import digest_layout as layout
from alerts.digest import Footer, build_digest
from alerts.links import Links
from alerts.senders import Batch, Envelope, Identity, OutboxSender
from tests.alerts import digest_samples as samples

CHROMIUM = pathlib.Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
MAX_SCREENS = 4
MAX_SPAM_SCORE = 1.0
LINKS = Links("quality-secret", "https://alertas.asociacion-demo.mx")
FOOTER = Footer(
    "Asociación de Maquiladoras Demo",
    "Av. Ejemplo 100, Tijuana, B.C. 22000, México",
    LINKS.base_url,
)
IDENTITY = Identity(
    "alertas@asociacion-demo.mx",
    "Asociación Demo",
    "staff@asociacion-demo.mx",
    "digests.asociacion-demo.mx",
)


def _weekly(language: str, count: int = 30):  # type: ignore[no-untyped-def]
    return build_digest(
        samples.week_items(count),
        samples.member(language),
        language,
        samples.NOW,
        LINKS,
        "weekly",
        footer=FOOTER,
    )


def _required(tool: pathlib.Path | None, name: str, variable: str) -> None:
    if tool is not None and tool.exists():
        return
    reason = f"Debian's {name} is not installed (apt-get install {name})"
    if os.environ.get(variable) == "1":
        pytest.fail(f"{reason} and {variable}=1")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def phone():  # type: ignore[no-untyped-def]
    _required(CHROMIUM, "chromium", "REGWATCH_REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser.new_page(viewport=PHONE)
        browser.close()


def screens(page, html: str) -> float:  # type: ignore[no-untyped-def]
    """Phone screens the HTML part takes at 390 px (its height over 844 px)."""
    page.set_content(html)
    height = page.evaluate("document.documentElement.scrollHeight")
    return float(height) / PHONE["height"]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es", "both"])
def test_weekly_digest_of_30_items_fits_four_phone_screens(phone, language: str) -> None:  # type: ignore[no-untyped-def]
    message = _weekly(language)
    used = screens(phone, message.html)
    print(f"weekly 30 items, {language}: {used:.2f} phone screens")
    assert used <= MAX_SCREENS
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.locator('meta[name="viewport"]').count() == 1


@pytest.mark.browser
def test_every_item_is_reachable_and_has_feedback_links(phone) -> None:  # type: ignore[no-untyped-def]
    message = _weekly("en")
    phone.set_content(message.html)
    hrefs = phone.eval_on_selector_all("a", "links => links.map(a => a.href)")
    # The 2 urgent items and the weekly budget of full items carry two links each.
    full = 2 + layout.FULL_BUDGET["weekly"]
    assert sum("/members/feedback/" in h for h in hrefs) >= 2 * full
    assert any("/archive?topic=customs" in h for h in hrefs)  # "see all on the web"
    # Every item is linked: full items and one-line titles alike.
    for item in samples.week_items(30):
        if item.story_key is None:
            assert any(h.endswith(str(item.change_id)) for h in hrefs), item.change_id


def spam_score(eml: pathlib.Path, home: pathlib.Path) -> tuple[float, str]:
    """SpamAssassin's score of one message, offline (-L), without Bayes or user state."""
    command = [
        "spamassassin",
        "-L",
        "-t",
        "-p",
        str(home / "user_prefs"),
        "--cf=use_bayes 0",
        "--cf=bayes_auto_learn 0",
    ]
    done = subprocess.run(
        command,
        input=eml.read_bytes(),
        capture_output=True,
        timeout=120,
        env={"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        check=False,
    )
    report = done.stdout.decode("utf-8", "replace")
    found = re.search(r"^X-Spam-Status: \w+, score=(-?[\d.]+)", report, re.MULTILINE)
    assert found, report[-2000:] + done.stderr.decode("utf-8", "replace")[-2000:]
    return float(found.group(1)), report


def _written(tmp_path: pathlib.Path, message) -> pathlib.Path:  # type: ignore[no-untyped-def]
    batch = Batch(
        message.subject, message.text, message.html, (Envelope(message.to, 1, {}, message.headers),)
    )
    folder = tmp_path / "outbox"
    OutboxSender(folder, IDENTITY.sender, IDENTITY.sender_name, IDENTITY).send(batch)
    return folder / "delivery-1.eml"


@pytest.fixture(scope="module")
def spamassassin() -> pathlib.Path:
    found = shutil.which("spamassassin")
    _required(
        pathlib.Path(found) if found else None, "spamassassin", "REGWATCH_REQUIRE_SPAMASSASSIN"
    )
    return pathlib.Path(str(found))


@pytest.mark.spam
@pytest.mark.parametrize(
    ("language", "frequency", "count"),
    [("en", "weekly", 30), ("es", "daily", 12), ("both", "weekly", 30), ("es", "instant", 2)],
)
def test_digests_pass_spamassassin(
    spamassassin: pathlib.Path, tmp_path: pathlib.Path, language: str, frequency: str, count: int
) -> None:
    message = build_digest(
        samples.week_items(count),
        samples.member(language, frequency),
        language,
        samples.NOW,
        LINKS,
        frequency,
        footer=FOOTER,
    )
    score, report = spam_score(_written(tmp_path, message), tmp_path)
    print(f"SpamAssassin {language} {frequency} {count} items: {score}")
    assert score <= MAX_SPAM_SCORE, report
