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

Purpose = Literal["confirm", "manage", "unsubscribe"]
PURPOSES: tuple[Purpose, ...] = ("confirm", "manage", "unsubscribe")

# URL paths the web app mounts; `{token}` is the signed token.
PATHS: dict[Purpose, str] = {
    "confirm": "/members/confirm/{token}",
    "manage": "/members/manage/{token}",
    "unsubscribe": "/members/unsubscribe/{token}",
}
# Manage and unsubscribe links live in old emails: they must keep working for a long time.
LONG_LIVED_DAYS = 365

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


class Links:
    """Makes and checks the signed links of one deployment (key and base URL from settings)."""

    def __init__(self, signing_key: str, base_url: str, confirm_max_age_days: int = 7) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_age_days: dict[Purpose, int] = {
            "confirm": confirm_max_age_days,
            "manage": LONG_LIVED_DAYS,
            "unsubscribe": LONG_LIVED_DAYS,
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

    def verify(self, purpose: Purpose, token: str, now: dt.datetime) -> LinkTarget:
        """Check a token for `purpose` at time `now`; raise InvalidToken if it is not good."""
        max_age = self.max_age_days[purpose] * 86400
        try:
            with _at(now):
                payload = self._serializers[purpose].loads(token, max_age=max_age)
        except SignatureExpired:
            raise InvalidToken("This link has expired; ask for a new one.") from None
        except BadData:
            raise InvalidToken("This link is not valid; use the latest email we sent.") from None
        return _target(purpose, payload)


def _target(purpose: Purpose, payload: Any) -> LinkTarget:
    if not isinstance(payload, list) or not 1 <= len(payload) <= 2:
        raise InvalidToken("This link is not valid; use the latest email we sent.")
    if not all(isinstance(value, int) for value in payload):
        raise InvalidToken("This link is not valid; use the latest email we sent.")
    subscription = payload[1] if len(payload) == 2 else None
    return LinkTarget(purpose=purpose, member_id=payload[0], subscription_id=subscription)
