"""A large, invented membership and a day of changes, for the crash test and the benchmark."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert

from store.models import (
    Change,
    ChangeStatus,
    Document,
    Member,
    MemberStatus,
    Source,
    Subscription,
    TextOrigin,
)

NOW = dt.datetime(2026, 11, 23, 15, 2, tzinfo=dt.UTC)  # Monday 07:02 in Tijuana
LANGUAGES = ("es", "en", "both")
TOPIC_SETS = (
    ("customs",),
    ("customs", "immex"),
    ("tax",),
    ("labor",),
    ("customs", "tax", "labor", "immex"),
)
TOPICS = ("customs", "immex", "tax", "labor")


def seed(engine: Engine, members: int = 10_000, changes: int = 30) -> None:
    """Insert `members` confirmed daily subscribers and `changes` changes published yesterday."""
    with engine.begin() as connection:
        connection.execute(
            insert(Source), [{"id": "dof_daily", "name": "Diario Oficial", "cursor": {}}]
        )
        connection.execute(insert(Member), [_member(i) for i in range(members)])
        connection.execute(insert(Subscription), [_subscription(i) for i in range(members)])
        connection.execute(insert(Document), [_document(i) for i in range(changes)])
        connection.execute(insert(Change), [_change(i) for i in range(changes)])


def _member(i: int) -> dict[str, object]:
    return {
        "id": i + 1,
        "email": f"member{i:05d}@maquila{i % 97}.mx",
        "name": f"Miembro {i}",
        "company": f"Maquila {i % 97}",
        "language": LANGUAGES[i % 3],
        "status": MemberStatus.ACTIVE,
        "confirmed_at": NOW - dt.timedelta(days=10),
        "created_at": NOW - dt.timedelta(days=10),
    }


def _subscription(i: int) -> dict[str, object]:
    return {
        "id": i + 1,
        "member_id": i + 1,
        "topics": list(TOPIC_SETS[i % len(TOPIC_SETS)]),
        "keywords": [],
        "sources": [],
        "frequency": "daily",
        "active": True,
        "created_at": NOW - dt.timedelta(days=10),
    }


def _document(i: int) -> dict[str, object]:
    published = NOW - dt.timedelta(hours=20)
    return {
        "id": i + 1,
        "source_id": "dof_daily",
        "external_id": f"nota-{i}",
        "url": f"https://dof.example.gob.mx/nota/{i}",
        "title": f"Acuerdo {i} que modifica las Reglas Generales de Comercio Exterior",
        "agency": "Secretaría de Hacienda y Crédito Público",
        "language": "es",
        "published_on": published.date(),
        "effective_on": published.date() + dt.timedelta(days=5),
        "content_hash": f"{i:064d}",
        "extra": {},
        "first_seen_at": published,
        "last_seen_at": published,
    }


def _change(i: int) -> dict[str, object]:
    published = NOW - dt.timedelta(hours=20) + dt.timedelta(minutes=i)
    return {
        "id": i + 1,
        "document_id": i + 1,
        "kind": "new",
        "status": ChangeStatus.PUBLISHED,
        "topics": [TOPICS[i % 4]],
        "scores": {},
        "urgent": False,
        "title_es": f"Acuerdo {i} que modifica las Reglas Generales de Comercio Exterior",
        "title_es_origin": TextOrigin.ORIGINAL,
        "title_en": f"Agreement {i} amending the General Foreign Trade Rules",
        "title_en_origin": TextOrigin.MACHINE,
        "summary_es": "Afecta a las empresas con Programa IMMEX.",
        "summary_es_origin": TextOrigin.STAFF,
        "created_at": published,
        "updated_at": published,
        "published_at": published,
        "version": 1,
    }


def expected_recipients(members: int = 10_000) -> set[str]:
    """Every seeded member gets a daily digest (each topic set matches some change)."""
    return {str(_member(i)["email"]) for i in range(members)}
