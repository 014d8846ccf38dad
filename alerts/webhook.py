"""SendGrid Event Webhook: verify the ECDSA signature, then apply events to members once.

Bounces, drops, spam reports and unsubscribes change the member's state; every event is
stored under its `sg_event_id`, so a redelivered batch changes nothing the second time.
The web app mounts `handle_event_webhook` as a POST route and maps InvalidSignature to 403
and PermanentError to 400.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from cryptography.exceptions import InvalidSignature as _CryptoInvalid
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key, load_pem_public_key
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from alerts.errors import PermanentError
from store.models import Delivery, DeliveryStatus, EmailEvent, Member, MemberStatus

SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"

# A stronger state is never replaced by a weaker one: a bounce after a complaint stays a complaint.
RANK = {
    MemberStatus.PENDING: 0,
    MemberStatus.ACTIVE: 0,
    MemberStatus.BOUNCED: 1,
    MemberStatus.UNSUBSCRIBED: 2,
    MemberStatus.COMPLAINED: 3,
}
DROP_REASONS = {
    "bounced address": MemberStatus.BOUNCED,
    "invalid": MemberStatus.BOUNCED,
    "unsubscribed address": MemberStatus.UNSUBSCRIBED,
    "spam reporting address": MemberStatus.COMPLAINED,
}


class InvalidSignature(PermanentError):
    """The request was not signed by SendGrid with the configured key."""


def load_public_key(public_key: str) -> ec.EllipticCurvePublicKey:
    """The verification key from settings: base64 DER as SendGrid shows it, or PEM."""
    text = (public_key or "").strip()
    if not text:
        raise InvalidSignature(
            "sendgrid_webhook_public_key is empty; copy it from SendGrid's Mail Settings."
        )
    try:
        if text.startswith("-----BEGIN"):
            key = load_pem_public_key(text.encode("ascii"))
        else:
            key = load_der_public_key(base64.b64decode(text))
    except (ValueError, binascii.Error):
        raise InvalidSignature(
            "sendgrid_webhook_public_key is not a valid ECDSA public key."
        ) from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise InvalidSignature("sendgrid_webhook_public_key is not an ECDSA key.")
    return key


def verify_signature(body: bytes, signature: str, timestamp: str, public_key: str) -> None:
    """Check SendGrid's ECDSA (SHA-256) signature over timestamp + raw body; raise if bad."""
    key = load_public_key(public_key)
    try:
        raw_signature = base64.b64decode(signature or "", validate=True)
        key.verify(
            raw_signature, (timestamp or "").encode("utf-8") + body, ec.ECDSA(hashes.SHA256())
        )
    except (binascii.Error, ValueError, _CryptoInvalid):
        raise InvalidSignature(
            "The webhook signature does not match; check the public key."
        ) from None


def parse_events(body: bytes) -> list[dict[str, Any]]:
    """The JSON array of events; PermanentError for anything else."""
    try:
        events = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PermanentError("The webhook body is not JSON.") from None
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise PermanentError("The webhook body must be a JSON array of event objects.")
    return events


def handle_event_webhook(
    session: Session, body: bytes, signature: str, timestamp: str, public_key: str, now: dt.datetime
) -> int:
    """Verify, then apply each new event; return how many were new. Never commits."""
    verify_signature(body, signature, timestamp, public_key)
    applied = 0
    for event in parse_events(body):
        if apply_event(session, event, now):
            applied += 1
    return applied


def apply_event(session: Session, event: dict[str, Any], now: dt.datetime) -> bool:
    """Store one event under its id and update member and delivery; False if seen before."""
    event_id = str(event.get("sg_event_id") or "")
    address = str(event.get("email") or "").strip().lower()
    if not event_id or not address:
        return False
    if session.scalar(select(EmailEvent.id).where(EmailEvent.provider_event_id == event_id)):
        return False
    delivery_id = _delivery_id(session, event)
    try:
        with session.begin_nested():
            session.add(_event_row(event, event_id, address, delivery_id, now))
    except IntegrityError:  # the same event arriving concurrently
        return False
    _apply_state(session, event, address, delivery_id, now)
    return True


def _event_row(
    event: dict[str, Any], event_id: str, address: str, delivery_id: int | None, now: dt.datetime
) -> EmailEvent:
    return EmailEvent(
        provider_event_id=event_id[:200],
        event=str(event.get("event") or "")[:50],
        email=address[:320],
        delivery_id=delivery_id,
        payload=event,
        received_at=now,
    )


def _delivery_id(session: Session, event: dict[str, Any]) -> int | None:
    raw = str(event.get("delivery_id") or "")
    if not raw.isdigit():
        return None
    return session.scalar(select(Delivery.id).where(Delivery.id == int(raw)))


def new_status(event: dict[str, Any]) -> MemberStatus | None:
    """The member state an event implies, if any."""
    kind = str(event.get("event") or "")
    if kind == "bounce":
        return None if event.get("type") == "blocked" else MemberStatus.BOUNCED
    if kind == "dropped":
        return DROP_REASONS.get(str(event.get("reason") or "").strip().lower())
    if kind == "spamreport":
        return MemberStatus.COMPLAINED
    if kind in ("unsubscribe", "group_unsubscribe"):
        return MemberStatus.UNSUBSCRIBED
    return None


def _apply_state(
    session: Session, event: dict[str, Any], address: str, delivery_id: int | None, now: dt.datetime
) -> None:
    status = new_status(event)
    if delivery_id is not None and event.get("event") in ("bounce", "dropped"):
        delivery = session.get(Delivery, delivery_id)
        if delivery is not None:
            delivery.status = DeliveryStatus.FAILED
            delivery.error = f"{event.get('event')}: {event.get('reason') or ''}"[:2000]
    if status is None:
        return
    member = session.scalars(select(Member).where(func.lower(Member.email) == address)).first()
    if member is None or RANK[status] <= RANK[member.status]:
        return
    member.status = status
    member.status_reason = f"sendgrid {event.get('event')}: {event.get('reason') or ''}".strip()[
        :1000
    ]
    if status == MemberStatus.UNSUBSCRIBED:
        member.unsubscribed_at = now
    session.flush()
