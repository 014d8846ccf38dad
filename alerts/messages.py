"""Single emails that are not digests: the double opt-in confirmation and the staff alert."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from alerts import rendering
from alerts.digest import Message, frame_locale
from alerts.links import Links
from alerts.senders import Batch, Envelope, Outcome, Sender, make_sender


def confirmation_message(
    email: str, name: str, language: str, member_id: int, links: Links, now: dt.datetime
) -> Message:
    """The double opt-in email: one signed link that expires; nothing else is sent before it."""
    locale = frame_locale(language)
    context = {
        "name": name,
        "confirm_url": links.url("confirm", member_id, now),
        "days": links.max_age_days["confirm"],
    }
    rendered = rendering.render("confirmation", locale, context)
    return Message(email, rendered.subject, rendered.text, rendered.html, {}, ("regwatch-confirm",))


def staff_alert_message(
    to: str, source_id: str, text: str, now: dt.datetime, timezone: str, locale: str = "es"
) -> Message:
    """The email telling staff that a source was flagged."""
    context = {
        "source_id": source_id,
        "message": text,
        "moment": rendering.format_moment(now, locale, timezone),
    }
    rendered = rendering.render("staff_source_alert", locale, context)
    return Message(to, rendered.subject, rendered.text, rendered.html, {}, ("regwatch-staff",))


def send_single(settings: Any, message: Message, sender: Sender | None = None) -> Outcome:
    """Send one message through the configured backend; return its outcome."""
    sender = sender or make_sender(settings)
    batch = Batch(
        subject=message.subject,
        text=message.text,
        html=message.html,
        envelopes=(Envelope(to=message.to, headers=dict(message.headers)),),
        categories=message.categories,
        send_id=uuid.uuid4().hex,
    )
    return sender.send(batch)[0]
