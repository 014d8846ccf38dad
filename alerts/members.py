"""Members and their subscriptions: add, import, confirm (double opt-in), unsubscribe, remove.

Functions take a session and never commit; the command, job or request owns the
transaction. Input problems raise MemberInputError with one sentence saying what to fix.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from alerts.errors import MemberInputError
from alerts.links import Links
from store.models import (
    Delivery,
    EmailEvent,
    Frequency,
    Member,
    MemberLanguage,
    MemberStatus,
    Subscription,
)

TOPICS = ("customs", "labor", "tax", "immex")
LANGUAGES = tuple(language.value for language in MemberLanguage)
FREQUENCIES = tuple(frequency.value for frequency in Frequency)
EMAIL_RE = re.compile(
    r"^[^@\s<>,;\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$"
)
CSV_COLUMNS = ("email", "name", "company", "language", "topics", "frequency", "keywords", "sources")


@dataclasses.dataclass(frozen=True)
class MemberInput:
    """A validated member with one subscription, ready to store."""

    email: str
    name: str = ""
    company: str = ""
    language: str = "es"
    topics: tuple[str, ...] = ()
    frequency: str = "daily"
    keywords: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclasses.dataclass
class ImportReport:
    """What an import did: members added, and each bad row with its line and reason."""

    imported: list[str] = dataclasses.field(default_factory=list)
    errors: list[tuple[int, str]] = dataclasses.field(default_factory=list)


# ---------------------------------------------------------------- validation (pure)


def normalise_email(raw: str) -> str:
    """A trimmed, lower-cased address, or MemberInputError."""
    value = (raw or "").strip().lower()
    if not EMAIL_RE.match(value):
        raise MemberInputError(f"{raw!r} is not an email address; write it as name@company.com.")
    return value


def split_list(raw: str | Iterable[str] | None) -> tuple[str, ...]:
    """Items from "a;b|c, d" or a list, trimmed, empties dropped, order kept, no repeats."""
    if raw is None:
        return ()
    parts = re.split(r"[;|,]", raw) if isinstance(raw, str) else list(raw)
    return tuple(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def validate(
    email: str,
    name: str = "",
    company: str = "",
    language: str = "es",
    topics: str | Iterable[str] | None = None,
    frequency: str = "daily",
    keywords: str | Iterable[str] | None = None,
    sources: str | Iterable[str] | None = None,
) -> MemberInput:
    """Check one member's details; raise MemberInputError naming the first problem."""
    language = (language or "es").strip().lower()
    if language not in LANGUAGES:
        raise MemberInputError(f"language {language!r} is not one of en, es or both.")
    frequency = (frequency or "daily").strip().lower()
    if frequency not in FREQUENCIES:
        raise MemberInputError(f"frequency {frequency!r} is not one of instant, daily or weekly.")
    topic_list = tuple(t.lower() for t in split_list(topics))
    unknown = [t for t in topic_list if t not in TOPICS]
    if unknown:
        raise MemberInputError(f"topic {unknown[0]!r} is not one of customs, labor, tax or immex.")
    return MemberInput(
        email=normalise_email(email),
        name=(name or "").strip()[:200],
        company=(company or "").strip()[:200],
        language=language,
        topics=topic_list,
        frequency=frequency,
        keywords=tuple(k.lower() for k in split_list(keywords)),
        sources=split_list(sources),
    )


# ---------------------------------------------------------------- storing


def find_member(session: Session, email: str) -> Member | None:
    """The member with this address (case-insensitive), if any."""
    address = (email or "").strip().lower()
    return session.scalars(select(Member).where(func.lower(Member.email) == address)).first()


def add_member(
    session: Session, data: MemberInput, now: dt.datetime, confirmed: bool = False
) -> Member:
    """Store a member with one subscription; pending until they confirm unless `confirmed`."""
    if find_member(session, data.email) is not None:
        raise MemberInputError(f"{data.email} is already a member; use `regwatch members list`.")
    member = Member(
        email=data.email,
        name=data.name,
        company=data.company,
        language=MemberLanguage(data.language),
        status=MemberStatus.ACTIVE if confirmed else MemberStatus.PENDING,
        confirmed_at=now if confirmed else None,
        created_at=now,
    )
    session.add(member)
    session.flush()
    add_subscription(session, member, data.topics, data.frequency, data.keywords, data.sources, now)
    return member


def add_subscription(
    session: Session,
    member: Member,
    topics: Sequence[str],
    frequency: str,
    keywords: Sequence[str] = (),
    sources: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> Subscription:
    """Give a member one more subscription (empty topics means every topic)."""
    subscription = Subscription(
        member_id=member.id,
        topics=list(topics),
        keywords=list(keywords),
        sources=list(sources),
        frequency=Frequency(frequency),
        active=True,
    )
    if now is not None:
        subscription.created_at = now
    session.add(subscription)
    session.flush()
    return subscription


def import_members(
    session: Session, text: str, now: dt.datetime, confirmed: bool = False
) -> ImportReport:
    """Import CSV text (header row with at least `email`); bad rows are reported, the rest kept."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or "email" not in [f.strip().lower() for f in reader.fieldnames]:
        report.errors.append((1, "the header row must name an `email` column"))
        return report
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        try:
            data = validate(**_row_fields(row))
            if data.email in seen:
                raise MemberInputError(f"{data.email} appears twice in the file.")
            with session.begin_nested():
                add_member(session, data, now, confirmed=confirmed)
        except MemberInputError as error:
            report.errors.append((line, str(error)))
            continue
        seen.add(data.email)
        report.imported.append(data.email)
    return report


def _row_fields(row: dict[str | None, Any]) -> dict[str, str]:
    if None in row:
        raise MemberInputError("the row has more fields than the header; quote values with commas.")
    clean = {str(k).strip().lower(): (v or "") for k, v in row.items()}
    return {column: str(clean.get(column, "")) for column in CSV_COLUMNS}


def list_members(session: Session, status: str | None = None) -> list[Member]:
    """Members (with subscriptions), by email; optionally only one status."""
    statement = select(Member).options(selectinload(Member.subscriptions)).order_by(Member.email)
    if status:
        statement = statement.where(Member.status == MemberStatus(status))
    return list(session.scalars(statement))


def remove_member(session: Session, email: str, now: dt.datetime) -> str:
    """Delete a member who never got mail; otherwise unsubscribe them and keep the history."""
    member = find_member(session, email)
    if member is None:
        raise MemberInputError(f"No member has the address {email}; check `regwatch members list`.")
    has_history = session.scalar(select(func.count()).where(Delivery.member_id == member.id))
    events = session.scalar(select(func.count()).where(EmailEvent.email == member.email))
    if has_history or events:
        unsubscribe(session, member, None, now, reason="removed by staff")
        return "unsubscribed"
    session.execute(delete(Subscription).where(Subscription.member_id == member.id))
    session.delete(member)
    session.flush()
    return "deleted"


# ---------------------------------------------------------------- state changes


def confirm(session: Session, member: Member, now: dt.datetime) -> bool:
    """Double opt-in: a pending member becomes active. False if nothing changed."""
    if member.status != MemberStatus.PENDING:
        return False
    member.status = MemberStatus.ACTIVE
    member.confirmed_at = now
    member.status_reason = None
    session.flush()
    return True


def unsubscribe(
    session: Session,
    member: Member,
    subscription_id: int | None,
    now: dt.datetime,
    reason: str = "one-click",
) -> bool:
    """Stop one subscription, or everything when `subscription_id` is None."""
    if subscription_id is not None:
        return _stop_subscription(session, member, subscription_id)
    changed = member.status != MemberStatus.UNSUBSCRIBED
    for subscription in member.subscriptions:
        subscription.active = False
    member.status = MemberStatus.UNSUBSCRIBED
    member.unsubscribed_at = member.unsubscribed_at if not changed else now
    member.status_reason = reason
    session.flush()
    return changed


def _stop_subscription(session: Session, member: Member, subscription_id: int) -> bool:
    subscription = session.get(Subscription, subscription_id)
    if subscription is None or subscription.member_id != member.id or not subscription.active:
        return False
    subscription.active = False
    session.flush()
    return True


def confirm_by_token(session: Session, links: Links, token: str, now: dt.datetime) -> Member:
    """Apply a confirmation link; InvalidToken if bad, MemberInputError if the member is gone."""
    target = links.verify("confirm", token, now)
    member = _member(session, target.member_id)
    confirm(session, member, now)
    return member


def unsubscribe_by_token(session: Session, links: Links, token: str, now: dt.datetime) -> Member:
    """Apply a one-click unsubscribe link (idempotent; RFC 8058 POST lands here)."""
    target = links.verify("unsubscribe", token, now)
    member = _member(session, target.member_id)
    unsubscribe(session, member, target.subscription_id, now)
    return member


def member_for_manage_token(session: Session, links: Links, token: str, now: dt.datetime) -> Member:
    """The member a manage-preferences link belongs to."""
    return _member(session, links.verify("manage", token, now).member_id)


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise MemberInputError("This member no longer exists; subscribe again if you want alerts.")
    return member
