"""What a member would get for the current period, without recording or sending anything."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from alerts import delivery
from alerts.digest import DigestItem, Footer, Message, build_digest
from alerts.errors import MemberInputError
from alerts.links import Links
from alerts.members import find_member
from alerts.periods import period_for, searchable, select_items


def preview(
    session: Session, settings: Any, email: str, frequency: str | None, now: dt.datetime
) -> Message | None:
    """The member's digest for the current period of `frequency` (default: their first one)."""
    member = find_member(session, email)
    if member is None:
        raise MemberInputError(f"No member has the address {email}; check `regwatch members list`.")
    interests = delivery.interests(member)
    chosen_frequency = frequency or (interests[0].frequency if interests else "daily")
    period = period_for(chosen_frequency, now, settings)
    changes = delivery.published_changes(session, period.start, period.end)
    items = [DigestItem.from_change(c) for c in changes]
    texts = {i.change_id: searchable(i) for i in items}
    chosen = set(select_items(interests, items, chosen_frequency, texts))
    picked = list(
        delivery.with_story_references(
            session, {i.change_id: i for i in items if i.change_id in chosen}
        ).values()
    )
    if not picked:
        return None
    recipient = delivery.recipient(member, chosen_frequency)
    return build_digest(
        picked,
        recipient,
        recipient.language,
        now,
        Links.from_settings(settings),
        chosen_frequency,
        settings.timezone,
        Footer.from_settings(settings),
    )
