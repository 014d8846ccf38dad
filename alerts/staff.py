"""Telling staff that a source broke: exactly one email per flagging (the crawler calls this)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from alerts.messages import send_single, staff_alert_message

log = logging.getLogger(__name__)


def notify_source_flagged(
    context: Any, source_id: str, message: str, now: dt.datetime | None = None
) -> None:
    """Send ONE email to settings.staff_alert_email saying `source_id` was flagged and why.

    The caller (the crawler's health check) decides when a source becomes flagged and
    records `staff_alerted_at`, so this is called once per flagging.
    """
    settings = context.settings
    moment = now or dt.datetime.now(dt.UTC)  # edge: callers usually pass their own now
    email = staff_alert_message(
        settings.staff_alert_email, source_id, message, moment, settings.timezone
    )
    outcome = send_single(settings, email)
    if not outcome.ok:
        log.error("staff alert for %s not sent: %s", source_id, outcome.error)
