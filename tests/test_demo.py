"""`regwatch demo` end to end: the digests it writes are what the maintainers read.

Every .eml carries the standard headers with a plain List-Unsubscribe, every signed link
in it works right now (the demo renders tomorrow's digests today), and SpamAssassin,
offline, scores each at 1.0 or less.
"""

from __future__ import annotations

import datetime as dt
import email
import pathlib
import re
from email import policy

import pytest

from alerts.links import Links
from tests.alerts.test_digest_quality import MAX_SPAM_SCORE, spam_score

pytestmark = [pytest.mark.slow, pytest.mark.spam]
LINK = re.compile(r"/members/(manage|unsubscribe|feedback)/([\w.\-]+)")


@pytest.fixture(scope="module")
def outbox(tmp_path_factory):  # type: ignore[no-untyped-def]
    from demo.run import run_demo
    from store.context import set_context

    folder = tmp_path_factory.mktemp("demo")
    try:
        yield run_demo(var_dir=str(folder))
    finally:
        set_context(None)


def _messages(outbox: pathlib.Path) -> list[tuple[pathlib.Path, email.message.EmailMessage]]:
    paths = sorted(outbox.glob("*.eml"))
    assert len(paths) >= 3
    return [(p, email.message_from_bytes(p.read_bytes(), policy=policy.default)) for p in paths]


def test_demo_digests_have_trustworthy_headers(outbox) -> None:  # type: ignore[no-untyped-def]
    for path, message in _messages(outbox):
        for name in ("Date", "Message-ID", "Reply-To", "List-Id", "List-Unsubscribe"):
            assert message[name], f"{path.name} lacks {name}"
        head = path.read_bytes().split(b"\r\n\r\n", 1)[0]
        assert re.search(rb"^List-Unsubscribe: <https?://[^>\s]+>\r$", head, re.MULTILINE)


def test_every_demo_link_works_now(outbox) -> None:  # type: ignore[no-untyped-def]
    from settings import load_settings

    links = Links.from_settings(load_settings())
    now = dt.datetime.now(dt.UTC)
    for _path, message in _messages(outbox):
        text = message.get_body(("plain",)).get_content()
        found = LINK.findall(text)
        assert {purpose for purpose, _ in found} >= {"manage", "unsubscribe", "feedback"}
        for purpose, token in found:
            links.verify(purpose, token, now)  # raises InvalidToken if expired or forged


def test_demo_digests_pass_spamassassin(outbox, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from tests.alerts.test_digest_quality import _required

    found = shutil.which("spamassassin")
    _required(
        pathlib.Path(found) if found else None, "spamassassin", "REGWATCH_REQUIRE_SPAMASSASSIN"
    )
    for path, _ in _messages(outbox):
        score, report = spam_score(path, tmp_path)
        print(f"SpamAssassin {path.name}: {score}")
        assert score <= MAX_SPAM_SCORE, report
