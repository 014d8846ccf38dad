"""RQ jobs of the alerts queue. They take strings (an ISO time), never objects, and are safe
to run twice: deliveries are unique per member and period and recorded before and after
each send (see alerts.delivery).

The clock is read here, at the edge, only when a job is given no `now_iso`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any

from alerts import delivery
from alerts.digest import Footer
from alerts.errors import AlertsError
from alerts.links import Links
from alerts.periods import Period, period_for
from alerts.senders import Sender, make_sender
from alerts.translate import fill_translations, make_translator, translation_status
from store.context import AppContext, get_context
from store.jobs import dispatch

log = logging.getLogger(__name__)
QUEUE = "alerts"

# The recurring schedule is declared once, in worker.schedule(); its digest entries call
# send_due_digests, which decides in settings.timezone what is due, so a missed tick is
# caught up by the next 5-minute sweep.


def parse_now(now_iso: str | None) -> dt.datetime:
    """The job's notion of now: the ISO time given (naive means UTC), else the clock."""
    if not now_iso:
        return dt.datetime.now(dt.UTC)
    moment = dt.datetime.fromisoformat(now_iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def job_id(frequency: str, period_key: str) -> str:
    """Deterministic job id of one period's sending (RQ ids allow no ':' issues here)."""
    return f"alerts-{frequency}-{period_key}".replace(":", "")


def send_digests(
    frequency: str, now_iso: str | None = None, signed_at_iso: str | None = None
) -> dict[str, Any]:
    """Plan and send the current period of `frequency` (instant, daily or weekly).

    `signed_at_iso` stamps the links at another time than `now_iso` (the demo sends
    tomorrow's digest today; its links must work today).
    """
    context = get_context()
    now = parse_now(now_iso)
    period = period_for(frequency, now, context.settings)
    signed_at = parse_now(signed_at_iso) if signed_at_iso else None
    return run_period(context, period, now, signed_at=signed_at).as_dict()


def instant_sweep(now_iso: str | None = None) -> dict[str, Any]:
    """Send instant alerts and urgent items to members who have not had them yet."""
    return send_digests("instant", now_iso)


def send_due_digests(now_iso: str | None = None) -> dict[str, Any]:
    """Dispatch every period that is due and unfinished: the sweep, today's daily, this week's."""
    context = get_context()
    now = parse_now(now_iso)
    results: dict[str, Any] = {}
    for frequency in ("instant", "daily", "weekly"):
        period = period_for(frequency, now, context.settings)
        if frequency != "instant" and not _unfinished(context, period):
            results[frequency] = {"period": period.key, "status": "done"}
            continue
        done = dispatch(
            context.settings,
            "alerts.jobs.send_period_job",
            frequency,
            period.key,
            now.isoformat(),
            job_id=job_id(frequency, period.key),
            queue=QUEUE,
        )
        results[frequency] = {
            "period": period.key,
            "job_id": done.job_id,
            "queued": done.queued,
            "result": done.result,
        }
    return results


def send_period_job(frequency: str, period_key: str, now_iso: str) -> dict[str, Any]:
    """Send one named period (what send_due_digests dispatches); checks the key still matches."""
    context = get_context()
    now = parse_now(now_iso)
    period = period_for(frequency, now, context.settings)
    if period.key != period_key:
        raise AlertsError(
            f"period {period_key} does not match {now_iso}; dispatch it with its own time."
        )
    return run_period(context, period, now).as_dict()


def run_period(
    context: AppContext,
    period: Period,
    now: dt.datetime,
    sender: Sender | None = None,
    signed_at: dt.datetime | None = None,
) -> delivery.Report:
    """Translate what lacks a language, plan the period, send it; return the figures."""
    settings = context.settings
    _translate(context, period, now)
    planned = delivery.plan_once(context.sessions, period, now)
    sender = sender or make_sender(settings)
    links = Links.from_settings(settings)
    footer = dataclasses.replace(
        Footer.from_settings(settings), translator_available=translation_status(settings)[0]
    )
    report = delivery.send_period(
        context.sessions, period, sender, links, now, settings.timezone, footer, signed_at
    )
    report.planned = planned
    log.info("alerts %s %s: %s", period.frequency, period.key, report.as_dict())
    return report


def _translate(context: AppContext, period: Period, now: dt.datetime) -> None:
    """Fill missing languages before planning; a translator outage never blocks a digest."""
    try:
        translator = make_translator(context.settings)
    except AlertsError as error:
        log.warning("translation skipped: %s", error)
        return
    if translator is None:
        return
    session = context.sessions()
    try:
        changes = delivery.published_changes(session, period.start, period.end)
        filled = fill_translations(session, changes, translator, now)
        session.commit()
        log.info("machine-translated %d changes", filled)
    except AlertsError as error:
        session.rollback()
        log.warning("translation skipped: %s", error)
    finally:
        session.close()


def _unfinished(context: AppContext, period: Period) -> bool:
    session = context.sessions()
    try:
        return delivery.unfinished(session, period)
    finally:
        session.close()


def translate_change(change_id: int, now_iso: str | None = None) -> int:
    """Machine-translate one change's missing title/summary (e.g. right after publishing)."""
    from store.models import Change

    context = get_context()
    translator = make_translator(context.settings)
    with context.session() as session:
        change = session.get(Change, change_id)
        if change is None:
            return 0
        return fill_translations(session, [change], translator, parse_now(now_iso))


def confirmation_job_id(member_id: int, now: dt.datetime) -> str:
    """Deterministic id of one subscribe request's confirmation: a resubmitted form within
    the same second is not mailed twice, a later request gets its own link."""
    return f"confirm-member-{member_id}-{now.strftime('%Y%m%dT%H%M%S')}"


def dispatch_confirmation(context: AppContext, member_id: int, now: dt.datetime) -> str:
    """Queue the double opt-in email of a member just stored (RQ), or send it now in the
    caller's context when no Redis is configured; "queued", "sent" or "skipped"."""
    if not context.settings.redis_url:
        return deliver_confirmation(context, member_id, now)
    dispatch(
        context.settings,
        "alerts.jobs.send_confirmation",
        member_id,
        now.isoformat(),
        job_id=confirmation_job_id(member_id, now),
        queue=QUEUE,
    )
    return "queued"


def send_confirmation(member_id: int, now_iso: str | None = None) -> str:
    """The RQ job: send a pending member's confirmation email (see deliver_confirmation)."""
    return deliver_confirmation(get_context(), member_id, parse_now(now_iso))


def deliver_confirmation(context: AppContext, member_id: int, now: dt.datetime) -> str:
    """Render and send the confirmation email of a pending member; return what happened.

    Safe to run twice: a member who is no longer pending (confirmed, unsubscribed, bounced
    or deleted meanwhile) gets nothing. A failed send raises, so RQ retries it.
    """
    from alerts.messages import confirmation_message, send_single
    from store.models import Member, MemberStatus

    with context.session() as session:
        member = session.get(Member, member_id)
        if member is None or member.status != MemberStatus.PENDING:
            log.info("confirmation skipped member_id=%s: not pending", member_id)
            return "skipped"
        message = confirmation_message(
            member.email,
            member.name,
            member.language.value,
            member.id,
            Links.from_settings(context.settings),
            now,
        )
    outcome = send_single(context.settings, message)
    if not outcome.ok:
        raise AlertsError(f"confirmation email to member {member_id} not sent: {outcome.error}")
    return "sent"
