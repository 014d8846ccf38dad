"""Builders for alerts tests: members, subscriptions and published changes (invented content)."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.orm import Session

from store.models import (
    Change,
    ChangeStatus,
    Document,
    Frequency,
    Member,
    MemberLanguage,
    MemberStatus,
    Source,
    Subscription,
    TextOrigin,
)

NOW = dt.datetime(2026, 11, 23, 15, 2, tzinfo=dt.UTC)  # Monday 07:02 in Tijuana (PST)
YESTERDAY = NOW - dt.timedelta(hours=12)
_counter = itertools.count(1)


def member(
    session: Session,
    email: str,
    language: str = "es",
    topics: tuple[str, ...] = ("customs",),
    frequency: str = "daily",
    confirmed: bool = True,
    keywords: tuple[str, ...] = (),
) -> Member:
    """A member with one subscription."""
    row = Member(
        email=email,
        name="Ana <b>Pérez</b>",
        company="Maquila Uno",
        language=MemberLanguage(language),
        status=MemberStatus.ACTIVE if confirmed else MemberStatus.PENDING,
        confirmed_at=NOW - dt.timedelta(days=30) if confirmed else None,
        created_at=NOW - dt.timedelta(days=30),
    )
    session.add(row)
    session.flush()
    session.add(
        Subscription(
            member_id=row.id,
            topics=list(topics),
            keywords=list(keywords),
            sources=[],
            frequency=Frequency(frequency),
            active=True,
        )
    )
    session.flush()
    session.refresh(row)
    return row


def change(
    session: Session,
    title_es: str = "Primera Resolución de modificaciones a las RGCE para 2026",
    topics: tuple[str, ...] = ("customs",),
    published_at: dt.datetime = YESTERDAY,
    urgent: bool = False,
    title_en: str | None = None,
    summary_es: str | None = "Cambia los plazos para rectificar el pedimento.",
    source_id: str = "dof_daily",
    language: str = "es",
) -> Change:
    """A published change with its document."""
    if session.get(Source, source_id) is None:
        session.add(Source(id=source_id, name="Diario Oficial de la Federación", cursor={}))
        session.flush()
    n = next(_counter)
    document = Document(
        source_id=source_id,
        external_id=f"ext-{n}",
        url=f"https://dof.example.gob.mx/nota/{n}?a=1&b=2",
        title=title_es,
        agency="Secretaría de Hacienda y Crédito Público",
        language=language,
        published_on=published_at.date(),
        effective_on=published_at.date() + dt.timedelta(days=10),
        comments_close_on=None,
        content_hash=f"{n:064d}",
        extra={},
    )
    session.add(document)
    session.flush()
    row = Change(
        document_id=document.id,
        status=ChangeStatus.PUBLISHED,
        topics=list(topics),
        scores={},
        urgent=urgent,
        title_es=title_es if language == "es" else None,
        title_es_origin=TextOrigin.ORIGINAL if language == "es" else None,
        title_en=title_en if language == "es" else title_es,
        title_en_origin=(TextOrigin.STAFF if title_en else None)
        if language == "es"
        else TextOrigin.ORIGINAL,
        summary_es=summary_es,
        summary_es_origin=TextOrigin.STAFF if summary_es else None,
        created_at=published_at,
        updated_at=published_at,
        published_at=published_at,
    )
    session.add(row)
    session.flush()
    return row
