"""SMTP against a real local aiosmtpd server, and the .eml outbox."""

from __future__ import annotations

import email
import email.header
import pathlib
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

from alerts.errors import RetryableError
from alerts.senders import Batch, Envelope, OutboxSender, SmtpSender

BATCH = Batch(
    subject="Su resumen diario de RegWatch",
    text="Hola\nAdministrar: [%manage%]\n",
    html="<p>Hola <a href='[%manage%]'>Administrar</a></p>",
    envelopes=(
        Envelope(
            "ana@maquila.mx",
            1,
            {"[%manage%]": "https://rw.example/members/manage/abc"},
            {
                "List-Unsubscribe": "<https://rw.example/members/unsubscribe/xyz>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ),
        Envelope("refuse@maquila.mx", 2, {"[%manage%]": "https://rw.example/m/2"}),
    ),
    send_id="s1",
)


class Collector(MessageHandler):
    """Keeps received messages; refuses one address with a permanent 550."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[email.message.Message] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]  # noqa: N802
        if address.startswith("refuse@"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def handle_message(self, message) -> None:  # type: ignore[no-untyped-def]
        self.messages.append(message)


@pytest.fixture()
def smtp_server():  # type: ignore[no-untyped-def]
    handler = Collector()
    with socket.socket() as probe:  # aiosmtpd cannot bind port 0 itself
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, handler
    controller.stop()


def test_smtp_sends_multipart_with_rfc8058_headers(smtp_server) -> None:  # type: ignore[no-untyped-def]
    controller, handler = smtp_server
    outcomes = SmtpSender("127.0.0.1", controller.port, "alertas@rw.example", "RegWatch").send(
        BATCH
    )
    assert [o.ok for o in outcomes] == [True, False]
    assert outcomes[1].error and outcomes[1].error.startswith("550")
    (received,) = handler.messages
    assert received["To"] == "ana@maquila.mx"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["List-Unsubscribe"] == "<https://rw.example/members/unsubscribe/xyz>"
    parts = {part.get_content_type(): part for part in received.walk()}
    assert received.get_content_type() == "multipart/alternative"
    text = parts["text/plain"].get_payload(decode=True).decode()
    assert "https://rw.example/members/manage/abc" in text and "[%" not in text
    assert "text/html" in parts


def test_smtp_unreachable_is_retryable() -> None:
    with pytest.raises(RetryableError):
        SmtpSender("127.0.0.1", 1, "a@rw.example", "RW", timeout=2).send(BATCH)


def test_outbox_writes_one_eml_per_delivery_and_knows_what_it_wrote(tmp_path: pathlib.Path) -> None:
    sender = OutboxSender(tmp_path, "alertas@rw.example", "RegWatch")
    assert sender.sent_ids("s1", BATCH) == set()
    sender.send(BATCH)
    sender.send(BATCH)  # a retry rewrites the same files
    files = sorted(p.name for p in tmp_path.glob("*.eml"))
    assert files == ["delivery-1.eml", "delivery-2.eml"]
    parsed = email.message_from_bytes(
        (tmp_path / "delivery-1.eml").read_bytes(), policy=policy.default
    )
    assert parsed["Subject"] == "Su resumen diario de RegWatch"
    assert sender.sent_ids("s1", BATCH) == {1, 2}


LONG_UNSUBSCRIBE = "<https://regwatch.example.org/members/unsubscribe/" + "A" * 90 + ">"


def _identity():  # type: ignore[no-untyped-def]
    from alerts.senders import Identity

    return Identity("alertas@rw.example", "RegWatch", "staff@rw.example", "digests.rw.example")


def _long_batch() -> Batch:
    headers = {
        "List-Unsubscribe": LONG_UNSUBSCRIBE,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return Batch("Asunto", "texto", "<p>html</p>", (Envelope("ana@maquila.mx", 7, {}, headers),))


def _check_standard_headers(message) -> None:  # type: ignore[no-untyped-def]
    for name in ("Date", "Message-ID", "Reply-To", "List-Id", "List-Unsubscribe"):
        assert message[name], name
    assert str(message["List-Id"]) == "RegWatch <digests.rw.example>"
    assert str(message["Reply-To"]) == "staff@rw.example"


def test_outbox_writes_list_unsubscribe_plain_not_encoded(tmp_path: pathlib.Path) -> None:
    sender = OutboxSender(tmp_path, "alertas@rw.example", "RegWatch", _identity())
    sender.send(_long_batch())
    raw = (tmp_path / "delivery-7.eml").read_bytes()
    assert b"List-Unsubscribe: " + LONG_UNSUBSCRIBE.encode() + b"\r\n" in raw
    assert b"=?utf-8?" not in raw.split(b"\r\n\r\n", 1)[0]
    _check_standard_headers(email.message_from_bytes(raw, policy=policy.default))


def test_smtp_sends_the_same_headers_unencoded(smtp_server) -> None:  # type: ignore[no-untyped-def]
    controller, handler = smtp_server
    sender = SmtpSender(
        "127.0.0.1", controller.port, "alertas@rw.example", "RegWatch", identity=_identity()
    )
    assert all(o.ok for o in sender.send(_long_batch()))
    received = handler.messages[0]
    assert received["List-Unsubscribe"] == LONG_UNSUBSCRIBE
    _check_standard_headers(received)


LONG_SUBJECT = (
    "13 cambios de aduanas: CSMS # 66997500 - Southern Border: Extended Commercial Hours at the "
    "Otay Mesa and Santa Teresa Crossings…"
)


def test_a_long_non_ascii_subject_reads_back_with_single_spaces(tmp_path: pathlib.Path) -> None:
    batch = Batch(LONG_SUBJECT, "texto", "<p>html</p>", (Envelope("ana@maquila.mx", 3, {}),))
    OutboxSender(tmp_path, "alertas@rw.example", "RegWatch", _identity()).send(batch)
    raw = (tmp_path / "delivery-3.eml").read_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))
    assert b" \r\n" not in head  # no space left before a fold
    assert email.message_from_bytes(raw, policy=policy.default)["Subject"] == LONG_SUBJECT


def test_smtp_delivers_the_same_subject(smtp_server) -> None:  # type: ignore[no-untyped-def]
    controller, handler = smtp_server
    sender = SmtpSender("127.0.0.1", controller.port, "alertas@rw.example", "RegWatch")
    batch = Batch(LONG_SUBJECT, "texto", "<p>html</p>", (Envelope("ana@maquila.mx", 4, {}),))
    assert all(o.ok for o in sender.send(batch))
    received = handler.messages[0]
    decoded = str(email.header.make_header(email.header.decode_header(received["Subject"])))
    assert decoded == LONG_SUBJECT
