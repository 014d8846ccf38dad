"""Members' one-click "relevant" / "not relevant" answers, and how they become training data.

Every item of a digest carries two signed links (purpose "feedback": member, change,
answer). Clicking one records the answer without a login: one row per member and change,
the last click wins, so a mail scanner following both links or a member changing their mind
never counts twice.

From answers to labels (what `regwatch train --with-reviews` reads, like staff reviews):
- staff come first: a change that a staff member already labelled gets no member example;
- otherwise, when at least `feedback_quorum` members answered the same way and they
  outnumber the other answer, the change gets ONE example written by "members:feedback":
  "relevant" keeps the change's current topics as its labels (the members confirm the
  classifier), "not relevant" stores it with no topic (a negative example);
- when the majority is lost again (answers changed), that example is removed.
A single member's click never changes the model: it takes agreement.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from alerts.errors import InvalidToken
from store.models import Change, Feedback, LabelledExample, Member

MEMBERS_ACTOR = "members:feedback"
EXAMPLE_TEXT_LIMIT = 4000


@dataclasses.dataclass(frozen=True)
class Tally:
    """Answers about one change."""

    relevant: int = 0
    not_relevant: int = 0

    @property
    def total(self) -> int:
        """Every answer."""
        return self.relevant + self.not_relevant


def record_answer(
    session: Session,
    member_id: int,
    change_id: int,
    relevant: bool,
    now: dt.datetime,
    quorum: int = 2,
) -> Feedback:
    """Store (or replace) a member's answer and refresh the change's member example."""
    if session.get(Member, member_id) is None or session.get(Change, change_id) is None:
        raise InvalidToken("This link is not valid; use the latest email we sent.")
    row = session.scalars(
        select(Feedback).where(Feedback.member_id == member_id, Feedback.change_id == change_id)
    ).first()
    if row is None:
        row = Feedback(
            member_id=member_id,
            change_id=change_id,
            relevant=relevant,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
    elif row.relevant != relevant:
        row.relevant, row.updated_at = relevant, now
    session.flush()
    refresh_example(session, change_id, now, quorum)
    return row


def tallies(session: Session, change_ids: list[int]) -> dict[int, Tally]:
    """Answers per change for these ids (changes nobody answered are absent)."""
    if not change_ids:
        return {}
    statement = (
        select(Feedback.change_id, Feedback.relevant, func.count())
        .where(Feedback.change_id.in_(change_ids))
        .group_by(Feedback.change_id, Feedback.relevant)
    )
    counts: dict[int, dict[bool, int]] = {}
    for change_id, relevant, count in session.execute(statement):
        counts.setdefault(change_id, {})[bool(relevant)] = int(count)
    return {cid: Tally(c.get(True, 0), c.get(False, 0)) for cid, c in counts.items()}


def member_labels(tally: Tally, topics: list[str], quorum: int) -> list[str] | None:
    """The labels members' agreement gives a change, or None while they do not agree."""
    if tally.relevant >= quorum and tally.relevant > tally.not_relevant:
        return sorted(topics) or None  # "relevant" to a change with no topic teaches nothing
    if tally.not_relevant >= quorum and tally.not_relevant > tally.relevant:
        return []
    return None


def refresh_example(session: Session, change_id: int, now: dt.datetime, quorum: int) -> None:
    """Write, update or remove the change's members' example after an answer."""
    change = session.get(Change, change_id)
    if change is None:
        return
    examples = list(
        session.scalars(select(LabelledExample).where(LabelledExample.change_id == change_id))
    )
    ours = [e for e in examples if e.created_by == MEMBERS_ACTOR]
    staff_labelled = len(ours) < len(examples)
    tally = tallies(session, [change_id]).get(change_id, Tally())
    labels = member_labels(tally, list(change.topics or []), quorum)
    if labels is None or staff_labelled:
        if ours:
            ids = [e.id for e in ours]
            session.execute(delete(LabelledExample).where(LabelledExample.id.in_(ids)))
        return
    if ours:
        ours[0].labels = labels
        return
    session.add(_example(change, labels, now))
    session.flush()


def _example(change: Change, labels: list[str], now: dt.datetime) -> LabelledExample:
    document = change.document
    return LabelledExample(
        change_id=change.id,
        text=f"{document.title}\n\n{document.body or ''}"[:EXAMPLE_TEXT_LIMIT],
        lang=document.language,
        source=document.source_id,
        agency=document.agency,
        labels=labels,
        created_by=MEMBERS_ACTOR,
        created_at=now,
    )
