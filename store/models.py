"""Typed SQLAlchemy 2.0 models: one identity per thing, status as enums."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base with naming conventions so migrations name constraints stably."""

    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, dict[str, float]: JSON}


Base.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: type[enum.Enum]) -> Enum:
    """Store enums by value, as portable VARCHAR with a CHECK, identical on both databases."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        name=cls.__name__.lower(),
        validate_strings=True,
    )


def utcnow() -> dt.datetime:
    """Default for timestamp columns (the only clock read in the store, at insert time)."""
    return dt.datetime.now(dt.UTC)


TZDateTime = DateTime(timezone=True)


class SourceState(enum.StrEnum):
    OK = "ok"
    NEW = "new"
    FAILING = "failing"  # failed at least once, below the threshold
    FLAGGED = "flagged"  # failed N runs in a row or returned nothing where items were due
    DISABLED = "disabled"


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class ChangeKind(enum.StrEnum):
    NEW = "new"
    AMENDED = "amended"


class ChangeStatus(enum.StrEnum):
    PENDING = "pending"  # stored, waiting for the classifier
    FLAGGED = "flagged"  # waiting for staff
    PUBLISHED = "published"  # approved (by the model or staff): goes into digests
    ARCHIVED = "archived"  # confidently irrelevant: never mailed
    REJECTED = "rejected"  # staff said no


class TextOrigin(enum.StrEnum):
    ORIGINAL = "original"
    MACHINE = "machine"
    STAFF = "staff"


class MemberLanguage(enum.StrEnum):
    EN = "en"
    ES = "es"
    BOTH = "both"


class MemberStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for double opt-in
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    BOUNCED = "bounced"
    COMPLAINED = "complained"


class Frequency(enum.StrEnum):
    INSTANT = "instant"
    DAILY = "daily"
    WEEKLY = "weekly"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # recorded before the send
    SENDING = "sending"  # handed to the provider; in doubt if the process dies here
    SENT = "sent"  # accepted by the provider
    FAILED = "failed"  # permanent error, recorded, not retried
    SKIPPED = "skipped"  # nothing to send (never an empty digest)


class StaffRole(enum.StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    COMMITTEE = "committee"


class Source(Base):
    """A feed we crawl, with its health."""

    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[SourceState] = mapped_column(_enum(SourceState), default=SourceState.NEW)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_run_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    flagged_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    staff_alerted_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    cursor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The last run's warnings: a DOF route switch, a page that no longer matches its parser.
    warnings: Mapped[list[str] | None] = mapped_column(JSON)

    runs: Mapped[list[CrawlRun]] = relationship(back_populates="source")


class CrawlRun(Base):
    """One run of one source's spider."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    status: Mapped[RunStatus] = mapped_column(_enum(RunStatus), default=RunStatus.RUNNING)
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    amended: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[list[str] | None] = mapped_column(JSON)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    source: Mapped[Source] = relationship(back_populates="runs")


class Document(Base):
    """A published item, keyed by (source, external_id); new content makes a Revision."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("source_id", "external_id", name="uq_documents_source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    agency: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(2), default="es")
    published_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    doc_type: Mapped[str | None] = mapped_column(String(100))
    effective_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    comments_close_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # [{"kind": "effective"|"comments_close"|"compliance"|"deadline", "date": ISO, "text"}],
    # from crawlers.dates; None on rows stored before it existed (backfilled on re-crawl).
    deadlines: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    body: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    first_seen_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)

    source: Mapped[Source] = relationship()
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="document", order_by="Revision.id"
    )
    changes: Mapped[list[Change]] = relationship(back_populates="document", order_by="Change.id")


class Revision(Base):
    """A Document's earlier contents, kept when new content replaces them."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    captured_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="revisions")


class Change(Base):
    """The unit that is classified, moderated and sent: a new or amended Document."""

    __tablename__ = "changes"
    __table_args__ = (
        Index("ix_changes_status_created", "status", "created_at", "id"),
        Index("ix_changes_published", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"))
    kind: Mapped[ChangeKind] = mapped_column(_enum(ChangeKind), default=ChangeKind.NEW)
    status: Mapped[ChangeStatus] = mapped_column(_enum(ChangeStatus), default=ChangeStatus.PENDING)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    scores: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    model_version: Mapped[str | None] = mapped_column(String(100))
    flag_reason: Mapped[str | None] = mapped_column(Text)
    # What changed, as "<code>" or "<code>:<detail>" (store.amendments renders it en/es).
    amendment_note: Mapped[str | None] = mapped_column(Text)
    # Changes with one story_key belong to one policy event (store.stories links them).
    story_key: Mapped[str | None] = mapped_column(String(80), index=True)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    title_en: Mapped[str | None] = mapped_column(Text)
    title_en_origin: Mapped[TextOrigin | None] = mapped_column(_enum(TextOrigin))
    title_es: Mapped[str | None] = mapped_column(Text)
    title_es_origin: Mapped[TextOrigin | None] = mapped_column(_enum(TextOrigin))
    summary_en: Mapped[str | None] = mapped_column(Text)
    summary_en_origin: Mapped[TextOrigin | None] = mapped_column(_enum(TextOrigin))
    summary_es: Mapped[str | None] = mapped_column(Text)
    summary_es_origin: Mapped[TextOrigin | None] = mapped_column(_enum(TextOrigin))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("changes.id"))
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    # Optimistic locking: two staff editing one change never silently overwrite each other.
    version: Mapped[int] = mapped_column(Integer, default=1)

    document: Mapped[Document] = relationship(back_populates="changes")
    events: Mapped[list[ReviewEvent]] = relationship(
        back_populates="change", order_by="ReviewEvent.id"
    )

    __mapper_args__ = {"version_id_col": version}


class ChangeLink(Base):
    """Two changes that belong together: related (a CSMS citing an FR notice) or duplicate."""

    __tablename__ = "change_links"
    __table_args__ = (UniqueConstraint("change_id", "other_id", name="uq_change_links_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("changes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="related")
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)


class ReviewEvent(Base):
    """Audit trail: who did what to a change, when, with the values before and after."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id"), index=True)
    actor: Mapped[str] = mapped_column(String(320))  # staff email, or "system:<component>"
    action: Mapped[str] = mapped_column(String(50))
    from_status: Mapped[ChangeStatus | None] = mapped_column(_enum(ChangeStatus))
    to_status: Mapped[ChangeStatus | None] = mapped_column(_enum(ChangeStatus))
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)

    change: Mapped[Change] = relationship(back_populates="events")


class LabelledExample(Base):
    """A staff correction kept as training data for the classifier."""

    __tablename__ = "labelled_examples"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change_id: Mapped[int | None] = mapped_column(ForeignKey("changes.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2))
    source: Mapped[str | None] = mapped_column(String(64))
    agency: Mapped[str | None] = mapped_column(String(300))
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)


class Member(Base):
    """A person at a member company who receives alerts."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[MemberLanguage] = mapped_column(
        _enum(MemberLanguage), default=MemberLanguage.ES
    )
    status: Mapped[MemberStatus] = mapped_column(_enum(MemberStatus), default=MemberStatus.PENDING)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    unsubscribed_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)

    subscriptions: Mapped[list[Subscription]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="Subscription.id"
    )


class Subscription(Base):
    """What a member hears about, and how often."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency), default=Frequency.DAILY)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)

    member: Mapped[Member] = relationship(back_populates="subscriptions")


class Digest(Base):
    """One digest period of one frequency (e.g. daily 2026-11-23)."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("frequency", "period_key", name="uq_digests_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency))
    period_key: Mapped[str] = mapped_column(String(40))
    period_start: Mapped[dt.datetime] = mapped_column(TZDateTime)
    period_end: Mapped[dt.datetime] = mapped_column(TZDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)


class Delivery(Base):
    """One member's digest for one period: recorded before and after the send."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("member_id", "period_key", "frequency", name="uq_deliveries_member"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("digests.id"), index=True)
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency))
    period_key: Mapped[str] = mapped_column(String(40))
    status: Mapped[DeliveryStatus] = mapped_column(
        _enum(DeliveryStatus), default=DeliveryStatus.PENDING
    )
    change_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)


class EmailEvent(Base):
    """A provider event (bounce, drop, spam report...) applied once, keyed by its id."""

    __tablename__ = "email_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_event_id: Mapped[str] = mapped_column(String(200), unique=True)
    event: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(320), index=True)
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)


class StaffUser(Base):
    """A staff, admin or committee account of the web app."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[StaffRole] = mapped_column(_enum(StaffRole), default=StaffRole.STAFF)
    # The language of the staff pages (en or es); chosen in the page header.
    language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(TZDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)


class DataVersion(Base):
    """A counter per scope of what cached pages show; triggers move it (store.versions)."""

    __tablename__ = "data_versions"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=1)


class Feedback(Base):
    """A member's one-click answer about one change in a digest: relevant or not relevant.

    One row per (member, change); a later click replaces the answer (the last one wins).
    """

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("member_id", "change_id", name="uq_feedback_member"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id"), index=True)
    relevant: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)


class GlossaryEntry(Base):
    """A staff-edited termbase entry, laid over alerts/glossary.toml for future translations."""

    __tablename__ = "glossary_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    es: Mapped[str] = mapped_column(String(300))
    en: Mapped[str] = mapped_column(String(300))
    only: Mapped[str] = mapped_column(String(10), default="")
    keep: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(320))
    updated_at: Mapped[dt.datetime] = mapped_column(TZDateTime, default=utcnow)


__all__ = [
    "Base",
    "Change",
    "ChangeKind",
    "ChangeLink",
    "ChangeStatus",
    "CrawlRun",
    "DataVersion",
    "Delivery",
    "DeliveryStatus",
    "Digest",
    "Document",
    "EmailEvent",
    "Feedback",
    "Frequency",
    "GlossaryEntry",
    "LabelledExample",
    "Member",
    "MemberLanguage",
    "MemberStatus",
    "ReviewEvent",
    "RunStatus",
    "Source",
    "SourceState",
    "StaffRole",
    "StaffUser",
    "Subscription",
    "TextOrigin",
]
