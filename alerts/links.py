"""Signed, expiring links for confirming, managing and unsubscribing (itsdangerous).

A token names a purpose, a member and optionally one subscription, so a link for one
purpose never works for another and a per-subscription unsubscribe never stops everything.
The signing time comes from `now` (handed in), never from the clock inside the logic.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, Literal

from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode

from alerts.errors import InvalidToken

Purpose = Literal["confirm", "manage", "unsubscribe", "feedback"]
PURPOSES: tuple[Purpose, ...] = ("confirm", "manage", "unsubscribe", "feedback")

# URL paths the web app mounts; `{token}` is the signed token.
PATHS: dict[Purpose, str] = {
    "confirm": "/members/confirm/{token}",
    "manage": "/members/manage/{token}",
    "unsubscribe": "/members/unsubscribe/{token}",
    "feedback": "/members/feedback/{token}",
}
# Manage and unsubscribe links live in old emails: they must keep working for a long time.
LONG_LIVED_DAYS = 365
# A link checked by a machine whose clock runs a little behind the signer's is still good:
# without this, a link signed one second "in the future" was reported as expired.
CLOCK_SKEW_SECONDS = 300
# Feedback answers in a token (member, change, answer): 1 relevant, 0 not relevant.
ANSWERS = {1: "relevant", 0: "not_relevant"}

_clock: contextvars.ContextVar[int | None] = contextvars.ContextVar("links_clock", default=None)


class _ClockSigner(TimestampSigner):
    """A TimestampSigner whose notion of "now" is the one handed in by the caller."""

    def get_timestamp(self) -> int:
        fixed = _clock.get()
        return fixed if fixed is not None else super().get_timestamp()


@contextlib.contextmanager
def _at(now: dt.datetime) -> Iterator[None]:
    token = _clock.set(int(now.timestamp()))
    try:
        yield
    finally:
        _clock.reset(token)


@dataclasses.dataclass(frozen=True)
class LinkTarget:
    """Who a verified token is for."""

    purpose: Purpose
    member_id: int
    subscription_id: int | None = None
    change_id: int | None = None
    answer: str | None = None  # feedback: relevant | not_relevant


class Links:
    """Makes and checks the signed links of one deployment (key and base URL from settings)."""

    def __init__(self, signing_key: str, base_url: str, confirm_max_age_days: int = 7) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_age_days: dict[Purpose, int] = {
            "confirm": confirm_max_age_days,
            "manage": LONG_LIVED_DAYS,
            "unsubscribe": LONG_LIVED_DAYS,
            "feedback": LONG_LIVED_DAYS,
        }
        self._serializers = {
            purpose: URLSafeTimedSerializer(
                signing_key, salt=f"regwatch.alerts.{purpose}", signer=_ClockSigner
            )
            for purpose in PURPOSES
        }
        # One signer per purpose: building one per token costs more than the HMAC itself.
        self._signers = {purpose: s.make_signer(s.salt) for purpose, s in self._serializers.items()}

    @classmethod
    def from_settings(cls, settings: Any) -> Links:
        """Build from the settings object (signing_key, public_base_url, confirm days)."""
        return cls(
            settings.signing_key, settings.public_base_url, settings.confirm_link_max_age_days
        )

    def token(
        self, purpose: Purpose, member_id: int, now: dt.datetime, subscription_id: int | None = None
    ) -> str:
        """A signed token for `purpose`, stamped with `now`."""
        payload: list[int] = (
            [member_id] if subscription_id is None else [member_id, subscription_id]
        )
        return self._sign(purpose, payload, now)

    def feedback_url(self, member_id: int, change_id: int, relevant: bool, now: dt.datetime) -> str:
        """The one-click "relevant" / "not relevant" link of one item for one member."""
        token = self._sign("feedback", [member_id, change_id, int(relevant)], now)
        return self.base_url + PATHS["feedback"].format(token=token)

    def _sign(self, purpose: Purpose, payload: list[int], now: dt.datetime) -> str:
        # The URL-safe serializer's own payload minus its zlib attempt, which costs ~100 µs a
        # token and never pays off on a few digits; `loads` reads both forms.
        data = base64_encode(json.dumps(payload, separators=(",", ":")).encode("ascii"))
        with _at(now):
            return self._signers[purpose].sign(data).decode("ascii")

    def url(
        self, purpose: Purpose, member_id: int, now: dt.datetime, subscription_id: int | None = None
    ) -> str:
        """The full public URL carrying a fresh token."""
        token = self.token(purpose, member_id, now, subscription_id)
        return self.base_url + PATHS[purpose].format(token=token)

    def member_of(self, purpose: Purpose, token: str) -> int | None:
        """The member an authentic token was made for, even if it has expired; else None.

        Only used to speak the member's language on the "expired link" page.
        """
        try:
            ok, payload = self._serializers[purpose].loads_unsafe(token)
        except Exception:  # noqa: BLE001 - any unreadable token simply has no member
            return None
        if not ok or not isinstance(payload, list) or not payload:
            return None
        return payload[0] if isinstance(payload[0], int) else None

    def verify(self, purpose: Purpose, token: str, now: dt.datetime) -> LinkTarget:
        """Check a token for `purpose` at time `now`; raise InvalidToken if it is not good."""
        # Checked as if a little later, with the window widened by as much: a token stamped up
        # to CLOCK_SKEW_SECONDS ahead of `now` is good, and expiry stays where it was.
        max_age = self.max_age_days[purpose] * 86400 + CLOCK_SKEW_SECONDS
        try:
            with _at(now + dt.timedelta(seconds=CLOCK_SKEW_SECONDS)):
                payload = self._serializers[purpose].loads(token, max_age=max_age)
        except SignatureExpired:
            raise InvalidToken("This link has expired; ask for a new one.") from None
        except BadData:
            raise InvalidToken("This link is not valid; use the latest email we sent.") from None
        return _target(purpose, payload)


def _target(purpose: Purpose, payload: Any) -> LinkTarget:
    if purpose == "feedback":
        return _feedback_target(payload)
    if not isinstance(payload, list) or not 1 <= len(payload) <= 2:
        raise InvalidToken("This link is not valid; use the latest email we sent.")
    if not all(isinstance(value, int) for value in payload):
        raise InvalidToken("This link is not valid; use the latest email we sent.")
    subscription = payload[1] if len(payload) == 2 else None
    return LinkTarget(purpose=purpose, member_id=payload[0], subscription_id=subscription)


def _feedback_target(payload: Any) -> LinkTarget:
    if (
        not isinstance(payload, list)
        or len(payload) != 3
        or not all(isinstance(value, int) for value in payload)
        or payload[2] not in ANSWERS
    ):
        raise InvalidToken("This link is not valid; use the latest email we sent.")
    return LinkTarget("feedback", payload[0], change_id=payload[1], answer=ANSWERS[payload[2]])
