"""SendGrid Event Webhook: ECDSA signature checked, events applied once."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from alerts.errors import PermanentError
from alerts.webhook import InvalidSignature, handle_event_webhook, verify_signature
from store.models import EmailEvent, MemberStatus
from tests.alerts import factories as f

TIMESTAMP = "1795446120"


@pytest.fixture(scope="module")
def keys() -> tuple[ec.EllipticCurvePrivateKey, str]:
    private = ec.generate_private_key(ec.SECP256R1())
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, base64.b64encode(der).decode()


def _sign(private: ec.EllipticCurvePrivateKey, body: bytes, timestamp: str = TIMESTAMP) -> str:
    signature = private.sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    return base64.b64encode(signature).decode()


def _events() -> bytes:
    events = [
        {
            "email": "bounce@maquila.mx",
            "event": "bounce",
            "type": "bounce",
            "sg_event_id": "e1",
            "reason": "550",
        },
        {"email": "spam@maquila.mx", "event": "spamreport", "sg_event_id": "e2"},
        {"email": "unsub@maquila.mx", "event": "unsubscribe", "sg_event_id": "e3"},
        {"email": "ok@maquila.mx", "event": "delivered", "sg_event_id": "e4"},
        {"email": "blocked@maquila.mx", "event": "bounce", "type": "blocked", "sg_event_id": "e5"},
        {
            "email": "drop@maquila.mx",
            "event": "dropped",
            "reason": "Bounced Address",
            "sg_event_id": "e6",
        },
    ]
    return json.dumps(events).encode()


def test_signature_valid_invalid_and_tampered(keys) -> None:  # type: ignore[no-untyped-def]
    private, public = keys
    body = _events()
    verify_signature(body, _sign(private, body), TIMESTAMP, public)
    with pytest.raises(InvalidSignature):
        verify_signature(body + b" ", _sign(private, body), TIMESTAMP, public)
    with pytest.raises(InvalidSignature):
        verify_signature(body, _sign(private, body), "1795446121", public)
    with pytest.raises(InvalidSignature):
        verify_signature(body, "not base64!", TIMESTAMP, public)
    other = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(InvalidSignature):
        verify_signature(body, _sign(other, body), TIMESTAMP, public)
    with pytest.raises(InvalidSignature):
        verify_signature(body, _sign(private, body), TIMESTAMP, "")


def test_events_become_member_state_once(keys, db_session) -> None:  # type: ignore[no-untyped-def]
    private, public = keys
    people = {
        e: f.member(db_session, f"{e}@maquila.mx")
        for e in ("bounce", "spam", "unsub", "ok", "blocked", "drop")
    }
    body = _events()
    applied = handle_event_webhook(db_session, body, _sign(private, body), TIMESTAMP, public, f.NOW)
    assert applied == 6
    assert people["bounce"].status == MemberStatus.BOUNCED
    assert people["spam"].status == MemberStatus.COMPLAINED
    assert people["unsub"].status == MemberStatus.UNSUBSCRIBED
    assert people["ok"].status == MemberStatus.ACTIVE
    assert people["blocked"].status == MemberStatus.ACTIVE
    assert people["drop"].status == MemberStatus.BOUNCED
    again = handle_event_webhook(db_session, body, _sign(private, body), TIMESTAMP, public, f.NOW)
    assert again == 0
    assert db_session.query(EmailEvent).count() == 6


def test_weaker_event_never_downgrades_a_complaint(keys, db_session) -> None:  # type: ignore[no-untyped-def]
    private, public = keys
    member = f.member(db_session, "spam@maquila.mx")
    first = json.dumps(
        [{"email": "spam@maquila.mx", "event": "spamreport", "sg_event_id": "x1"}]
    ).encode()
    later = json.dumps(
        [{"email": "spam@maquila.mx", "event": "bounce", "sg_event_id": "x2"}]
    ).encode()
    handle_event_webhook(db_session, first, _sign(private, first), TIMESTAMP, public, f.NOW)
    handle_event_webhook(db_session, later, _sign(private, later), TIMESTAMP, public, f.NOW)
    assert member.status == MemberStatus.COMPLAINED


def test_signed_but_malformed_body_is_a_permanent_error(keys, db_session) -> None:  # type: ignore[no-untyped-def]
    private, public = keys
    body = b'{"not": "a list"}'
    with pytest.raises(PermanentError):
        handle_event_webhook(db_session, body, _sign(private, body), TIMESTAMP, public, f.NOW)
