"""Member routes: subscribe, confirm, manage preferences, unsubscribe; the SendGrid webhook.

The rules live in alerts (validation, signed links, state changes); these handlers only
parse forms, pick the language and turn alerts' errors into one sentence on the page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from alerts import members as alert_members
from alerts.errors import AlertsError, InvalidToken, MemberInputError
from alerts.links import Links, Purpose
from store.models import Member, MemberStatus
from web import TOPICS
from web.i18n import translator
from web.pages import db, form_data, language, now, redirect, render, settings

router = APIRouter()
log = logging.getLogger(__name__)


def _links(request: Request) -> Links:
    return Links.from_settings(settings(request))


def _member_language(request: Request, member: Member | None) -> str:
    chosen = request.query_params.get("lang")
    if chosen in ("en", "es"):
        return chosen
    if member is not None and member.language.value in ("en", "es"):
        return member.language.value
    return language(request)


def _token_error(
    request: Request, error: AlertsError, lang: str, purpose: Purpose | None = None, token: str = ""
) -> Response:
    if purpose is not None and "lang" not in request.query_params:
        lang = _signer_language(request, purpose, token) or lang
    t = translator(lang)
    if isinstance(error, InvalidToken):
        message = t("link_expired") if "expired" in str(error) else t("link_invalid")
    else:
        message = str(error)
    return render(request, "member_message.html", status=400, error=message, lang=lang)


def _signer_language(request: Request, purpose: Purpose, token: str) -> str | None:
    """The language of the member an authentic but expired link was made for, if known."""
    member_id = _links(request).member_of(purpose, token)
    if member_id is None:
        return None
    with db(request) as session:
        member = session.get(Member, member_id)
        if member is None:
            return None
        return "es" if member.language.value == "both" else member.language.value


# ---------------------------------------------------------------- subscribe


@router.get("/subscribe")
def subscribe_page(request: Request) -> Response:
    """The subscription form."""
    return render(request, "subscribe.html", values={"topics": list(TOPICS)})


@router.post("/subscribe")
def subscribe(request: Request, form: FormData = Depends(form_data)) -> Response:
    """Validate, store a pending member and send the double opt-in email."""
    lang = language(request)
    t = translator(lang)
    values = _subscribe_values(form)
    address = f"ip:{request.client.host if request.client else '?'}"
    if not request.app.state.subscribe_limiter.hit(address):
        return render(request, "subscribe.html", status=429, error=t("rate_limited"), values=values)
    try:
        data = alert_members.validate(**values)
    except MemberInputError as error:
        message = t("bad_email") if "email address" in str(error) else str(error)
        return render(request, "subscribe.html", status=400, error=message, values=values)
    moment = now(request)
    with db(request) as session:
        member_id = _store_pending(session, data, moment)
    if member_id is not None:
        _send_confirmation(request, member_id, moment)
    # The same answer whether or not the address was known, so the form reveals nobody.
    return render(request, "member_message.html", message=t("subscribe_sent"))


def _subscribe_values(form: FormData) -> dict[str, Any]:
    return {
        "email": str(form.get("email", ""))[:320],
        "name": str(form.get("name", ""))[:200],
        "company": str(form.get("company", ""))[:200],
        "language": str(form.get("language", "es")),
        "topics": [str(v) for v in form.getlist("topics")],
        "frequency": str(form.get("frequency", "daily")),
    }


def _store_pending(session: Session, data: Any, moment: Any) -> int | None:
    """The member to send a confirmation to, or None when they are already active."""
    member = alert_members.find_member(session, data.email)
    if member is None:
        return alert_members.add_member(session, data, moment).id
    if member.status == MemberStatus.ACTIVE:
        return None
    if member.status in (MemberStatus.UNSUBSCRIBED, MemberStatus.PENDING):
        member.status, member.status_reason = MemberStatus.PENDING, "subscribed again"
        _replace_preferences(session, member, data, moment)
        return member.id
    return None  # bounced or complained addresses are not mailed again from a web form


def _send_confirmation(request: Request, member_id: int, moment: Any) -> None:
    """Hand the email to the job queue (inline without Redis); the answer never waits on it."""
    from redis.exceptions import RedisError

    from alerts.jobs import dispatch_confirmation

    try:
        dispatch_confirmation(request.app.state.context, member_id, moment)
    except (AlertsError, RedisError) as error:  # the member can submit the form again
        log.warning("confirmation email not sent member_id=%s: %s", member_id, error)


# ---------------------------------------------------------------- signed links


@router.get("/members/confirm/{token}")
def confirm(request: Request, token: str) -> Response:
    """Apply a confirmation link."""
    moment = now(request)
    with db(request) as session:
        try:
            member = alert_members.confirm_by_token(session, _links(request), token, moment)
        except AlertsError as error:
            return _token_error(request, error, _member_language(request, None), "confirm", token)
        lang = _member_language(request, member)
        manage = _links(request).token("manage", member.id, moment)
    return render(
        request,
        "member_message.html",
        message=translator(lang)("confirmed"),
        manage_url=f"/members/manage/{manage}",
        lang=lang,
    )


@router.get("/members/manage/{token}")
def manage_page(request: Request, token: str) -> Response:
    """The member's preferences form."""
    with db(request) as session:
        try:
            member = alert_members.member_for_manage_token(
                session, _links(request), token, now(request)
            )
        except AlertsError as error:
            return _token_error(request, error, _member_language(request, None), "manage", token)
        return _render_manage(request, member, token)


def _render_manage(
    request: Request, member: Member, token: str, status: int = 200, **extra: Any
) -> Response:
    subscription = next((s for s in member.subscriptions if s.active), None)
    values = {
        "email": member.email,
        "name": member.name,
        "company": member.company,
        "language": member.language.value,
        "topics": list(subscription.topics) if subscription else [],
        "frequency": subscription.frequency.value if subscription else "daily",
    }
    unsubscribe = _links(request).token("unsubscribe", member.id, now(request))
    return render(
        request,
        "manage.html",
        status=status,
        values=values,
        token=token,
        unsubscribe_url=f"/members/unsubscribe/{unsubscribe}",
        lang=_member_language(request, member),
        **extra,
    )


@router.post("/members/manage/{token}")
def manage(request: Request, token: str, form: FormData = Depends(form_data)) -> Response:
    """Save the member's preferences."""
    moment = now(request)
    with db(request) as session:
        try:
            member = alert_members.member_for_manage_token(session, _links(request), token, moment)
            data = alert_members.validate(**{**_subscribe_values(form), "email": member.email})
        except InvalidToken as error:
            return _token_error(request, error, _member_language(request, None))
        except MemberInputError as error:
            return _render_manage(request, member, token, 400, error=str(error))
        member.name, member.company = data.name, data.company
        member.language = type(member.language)(data.language)
        _replace_preferences(session, member, data, moment)
        if member.status == MemberStatus.UNSUBSCRIBED:
            member.status, member.status_reason = MemberStatus.ACTIVE, "resubscribed"
        lang = _member_language(request, member)
    request.session.setdefault("flash", []).append(["ok", translator(lang)("saved")])
    return redirect(f"/members/manage/{token}")


def _replace_preferences(session: Session, member: Member, data: Any, moment: Any) -> None:
    """Keep one active subscription holding the chosen topics and frequency."""
    from store.models import Frequency

    active = [s for s in member.subscriptions if s.active]
    if not active:
        alert_members.add_subscription(session, member, data.topics, data.frequency, now=moment)
        session.refresh(member)
        return
    active[0].topics, active[0].frequency = list(data.topics), Frequency(data.frequency)
    for extra in active[1:]:
        extra.active = False
    session.flush()


@router.get("/members/unsubscribe/{token}")
def unsubscribe_page(request: Request, token: str) -> Response:
    """Ask before unsubscribing (a GET must not change anything: mail scanners follow links)."""
    with db(request) as session:
        try:
            target = _links(request).verify("unsubscribe", token, now(request))
        except AlertsError as error:
            lang = _member_language(request, None)
            return _token_error(request, error, lang, "unsubscribe", token)
        member = session.get(Member, target.member_id)
        lang = _member_language(request, member)
    return render(request, "unsubscribe.html", token=token, lang=lang)


@router.post("/members/unsubscribe/{token}")
def unsubscribe(request: Request, token: str) -> Response:
    """Apply the unsubscribe link; also the RFC 8058 one-click POST from mail clients."""
    with db(request) as session:
        try:
            member = alert_members.unsubscribe_by_token(
                session, _links(request), token, now(request)
            )
        except AlertsError as error:
            return _token_error(request, error, _member_language(request, None))
        lang = _member_language(request, member)
    return render(
        request, "member_message.html", message=translator(lang)("unsubscribed"), lang=lang
    )


# ---------------------------------------------------------------- feedback


@router.get("/members/feedback/{token}")
def feedback(request: Request, token: str) -> Response:
    """Record a member's "relevant" / "not relevant" click (no login; the last click wins)."""
    from alerts.feedback import record_answer

    moment = now(request)
    links = _links(request)
    try:
        target = links.verify("feedback", token, moment)
    except AlertsError as error:
        return _token_error(request, error, _member_language(request, None), "feedback", token)
    relevant = target.answer == "relevant"
    change_id = int(target.change_id or 0)
    with db(request) as session:
        try:
            record_answer(
                session,
                target.member_id,
                change_id,
                relevant,
                moment,
                settings(request).feedback_quorum,
            )
        except AlertsError as error:
            return _token_error(request, error, _member_language(request, None))
        member = session.get(Member, target.member_id)
        lang = _member_language(request, member)
    t = translator(lang)
    other = links.feedback_url(target.member_id, change_id, not relevant, moment)
    return render(
        request,
        "member_message.html",
        message=t("feedback_relevant" if relevant else "feedback_not_relevant"),
        change_url=other.removeprefix(links.base_url),
        change_label=t("feedback_change"),
        lang=lang,
    )


# ---------------------------------------------------------------- provider webhook


@router.post("/webhooks/sendgrid")
async def sendgrid_webhook(request: Request) -> Response:
    """SendGrid Event Webhook: signature-verified (no CSRF); applies bounces and complaints."""
    from alerts.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, InvalidSignature

    body = await request.body()
    signature = request.headers.get(SIGNATURE_HEADER, "")
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    try:
        applied = await run_in_threadpool(_apply_webhook, request, body, signature, timestamp)
    except InvalidSignature as error:
        raise HTTPException(403, str(error)) from None
    except AlertsError as error:
        raise HTTPException(400, str(error)) from None
    return JSONResponse({"applied": applied})


def _apply_webhook(request: Request, body: bytes, signature: str, timestamp: str) -> int:
    from alerts.webhook import handle_event_webhook

    key = settings(request).sendgrid_webhook_public_key
    with db(request) as session:
        return handle_event_webhook(session, body, signature, timestamp, key, now(request))
