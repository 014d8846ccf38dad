"""Passwords, CSRF tokens, safe redirects and rate limits for the web app."""

from __future__ import annotations

import collections
import hmac
import secrets
import threading
import time
import urllib.parse
from typing import Any, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# Verifying against this keeps the timing of "no such user" close to "wrong password".
_DUMMY_HASH = _hasher.hash("regwatch-dummy-password")
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; spends the same work when there is no hash."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """One sentence on why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use a password of at least {MIN_PASSWORD_LENGTH} characters."
    return None


def new_csrf_token() -> str:
    """A fresh random CSRF token for a session."""
    return secrets.token_urlsafe(32)


def csrf_token(request: Any) -> str:
    """The session's CSRF token (a Starlette request's), created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = new_csrf_token()
    return str(token)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; a missing token on either side never matches."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def safe_next(target: str | None, default: str = "/queue") -> str:
    """`target` when it is a path on this site, else `default` (no open redirects)."""
    if not target:
        return default
    target = target.strip()
    parsed = urllib.parse.urlsplit(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/"):
        return default
    # "//evil", "/\\evil" and control characters are read as other hosts by some browsers.
    if target.startswith(("//", "/\\")) or any(ord(ch) < 32 for ch in target) or "\\" in target:
        return default
    return target


class RateLimiter(Protocol):
    """Counts attempts per key; the same interface in process memory and in Redis."""

    limit: int
    window: float

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one attempt for `key`; False when the key is over its limit."""
        ...

    def blocked(self, key: str, now: float | None = None) -> bool:
        """True when `key` has used up its attempts in the current window."""
        ...

    def reset(self, key: str) -> None:
        """Forget the attempts of `key` (after a successful login)."""
        ...


class MemoryRateLimiter:
    """A sliding-window counter per key, in process memory (one per app instance).

    Right for the embedded default (one process); with several server processes each
    would count on its own, so `make_rate_limiter` picks Redis when Redis is configured.
    """

    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._hits: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one attempt for `key`; False when the key is over its limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def blocked(self, key: str, now: float | None = None) -> bool:
        """True when `key` has used up its attempts in the current window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key)
            if not hits:
                return False
            return sum(1 for t in hits if t > now - self.window) >= self.limit

    def reset(self, key: str) -> None:
        """Forget the attempts of `key` (after a successful login)."""
        with self._lock:
            self._hits.pop(key, None)


# Check, count and start the window in one step, so that two processes racing on one key
# can never both take the last attempt. A refused attempt is not counted, as in memory.
_HIT_SCRIPT = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then
  return 0
end
used = redis.call('INCR', KEYS[1])
if used == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
"""
RATE_KEY_PREFIX = "regwatch:rate"


class RedisRateLimiter:
    """A counter per key in Redis, shared by every server process.

    The window opens with a key's first attempt and closes `window_seconds` later (Redis
    expires the key), so a blocked key stays blocked until then: the login lock.
    """

    def __init__(self, connection: Any, name: str, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self.connection = connection
        self.prefix = f"{RATE_KEY_PREFIX}:{name}:{int(window_seconds)}"
        self._hit = connection.register_script(_HIT_SCRIPT)

    def _key(self, key: str) -> str:
        return f"{self.prefix}:{key}"

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one attempt for `key`; False when the key is over its limit.

        `now` is accepted for the shared interface; Redis keeps the time itself.
        """
        window_ms = max(1, int(self.window * 1000))
        return bool(self._hit(keys=[self._key(key)], args=[self.limit, window_ms]))

    def blocked(self, key: str, now: float | None = None) -> bool:
        """True when `key` has used up its attempts in the current window."""
        used = self.connection.get(self._key(key))
        return used is not None and int(used) >= self.limit

    def reset(self, key: str) -> None:
        """Forget the attempts of `key` (after a successful login)."""
        self.connection.delete(self._key(key))


def make_rate_limiter(redis_url: str, name: str, limit: int, window_seconds: float) -> RateLimiter:
    """Redis when `redis_url` is set (several processes share one count), else memory."""
    if not redis_url:
        return MemoryRateLimiter(limit, window_seconds)
    from redis import Redis

    connection = Redis.from_url(redis_url, socket_timeout=5)
    return RedisRateLimiter(connection, name, limit, window_seconds)
