"""Digest periods in local time (America/Tijuana by default) and what each subscription matches.

Pure: every function takes `now` and settings values; none reads the clock or the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import Any

from alerts.digest import DigestItem

# How far back an instant sweep looks for changes a member has not had yet.
INSTANT_LOOKBACK = dt.timedelta(days=2)


@dataclasses.dataclass(frozen=True)
class Period:
    """One digest period: deliveries are unique per (member, frequency, key)."""

    frequency: str
    key: str
    start: dt.datetime  # UTC, inclusive
    end: dt.datetime  # UTC, exclusive


def _local(now: dt.datetime, timezone: str) -> dt.datetime:
    return now.astimezone(zoneinfo.ZoneInfo(timezone))


def _at_hour(day: dt.date, hour: int, timezone: str) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo(timezone))


def daily_period(now: dt.datetime, hour: int, timezone: str) -> Period:
    """The latest daily period that has ended by `now` (boundary at `hour` local time)."""
    local = _local(now, timezone)
    day = local.date() if local.hour >= hour else local.date() - dt.timedelta(days=1)
    end = _at_hour(day, hour, timezone)
    start = _at_hour(day - dt.timedelta(days=1), hour, timezone)
    return Period("daily", day.isoformat(), start.astimezone(dt.UTC), end.astimezone(dt.UTC))


def weekly_period(now: dt.datetime, weekday: int, hour: int, timezone: str) -> Period:
    """The latest weekly period that has ended by `now` (boundary on `weekday` at `hour`)."""
    local = _local(now, timezone)
    back = (local.weekday() - weekday) % 7
    day = local.date() - dt.timedelta(days=back)
    if back == 0 and local.hour < hour:
        day -= dt.timedelta(days=7)
    end = _at_hour(day, hour, timezone)
    start = _at_hour(day - dt.timedelta(days=7), hour, timezone)
    iso = day.isocalendar()
    return Period(
        "weekly", f"{iso.year}-W{iso.week:02d}", start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    )


def instant_period(now: dt.datetime, minutes: int, timezone: str) -> Period:
    """The sweep slot `now` falls in; it covers what members have not had in the lookback."""
    local = _local(now, timezone).replace(second=0, microsecond=0)
    slot = local.replace(minute=local.minute - local.minute % minutes)
    end = slot + dt.timedelta(minutes=minutes)
    return Period(
        "instant",
        slot.strftime("%Y-%m-%dT%H:%M"),
        (slot - INSTANT_LOOKBACK).astimezone(dt.UTC),
        end.astimezone(dt.UTC),
    )


def period_for(frequency: str, now: dt.datetime, settings: Any) -> Period:
    """The current period of `frequency` under these settings."""
    if frequency == "instant":
        return instant_period(now, settings.instant_sweep_minutes, settings.timezone)
    if frequency == "weekly":
        return weekly_period(
            now, settings.weekly_digest_weekday, settings.daily_digest_hour, settings.timezone
        )
    return daily_period(now, settings.daily_digest_hour, settings.timezone)


# ---------------------------------------------------------------- matching


@dataclasses.dataclass(frozen=True)
class Interest:
    """A subscription as matching sees it."""

    id: int
    frequency: str
    topics: frozenset[str]
    keywords: tuple[str, ...] = ()
    sources: frozenset[str] = frozenset()


def fold(text: str) -> str:
    """Lower-case without accents, so "aduana" finds "ADUANA" and "pedimento" finds "Pedimento"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def searchable(item: DigestItem) -> str:
    """The folded text keywords are looked for in."""
    parts = (item.title_en, item.title_es, item.summary_en, item.summary_es, item.agency)
    return fold(" ".join(p for p in parts if p))


def matches(interest: Interest, item: DigestItem, text: str, topics_only: bool = False) -> bool:
    """Whether a subscription wants an item (topics, then sources and keywords if it set them)."""
    if interest.topics and not interest.topics.intersection(item.topics):
        return False
    if topics_only:
        return True
    if interest.sources and item.source_id not in interest.sources:
        return False
    return not interest.keywords or any(fold(k) in text for k in interest.keywords)


def select_items(
    interests: Sequence[Interest],
    items: Sequence[DigestItem],
    frequency: str,
    texts: dict[int, str],
    already: Iterable[int] = (),
) -> list[int]:
    """Change ids one member gets for a period; urgent items reach instant sweeps for everyone."""
    skip = set(already)
    chosen = []
    for item in items:
        if item.change_id in skip:
            continue
        own = [i for i in interests if i.frequency == frequency]
        wanted = any(matches(i, item, texts[item.change_id]) for i in own)
        if not wanted and frequency == "instant" and item.urgent:
            wanted = any(matches(i, item, "", topics_only=True) for i in interests)
        if wanted:
            chosen.append(item.change_id)
    return chosen
