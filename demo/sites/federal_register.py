"""Fake Federal Register API: documents.json searches with `next_page_url` paging."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

AGENCY = {
    "name": "U.S. Customs and Border Protection",
    "raw_name": "DEPARTMENT OF HOMELAND SECURITY",
    "slug": "u-s-customs-and-border-protection",
    "parent_id": 227,
    "id": 501,
}
PARENT = {
    "name": "Homeland Security Department",
    "raw_name": "DEPARTMENT OF HOMELAND SECURITY",
    "slug": "homeland-security-department",
    "parent_id": None,
    "id": 227,
}
SUBJECTS = (
    "Automated Commercial Environment (ACE) Export Manifest for Truck Cargo Test",
    "Extension of Port Limits of Santa Teresa, New Mexico",
    "Modernization of Customs Brokerage Filing Requirements",
    "Agency Information Collection Activities: Declaration of Free Entry of Returned Goods",
)
TYPES = ("Notice", "Rule", "Proposed Rule", "Notice")


def documents_between(since: dt.date, until: dt.date) -> list[dict[str, object]]:
    """One CBP document per weekday in [since, until], newest first."""
    days = [since + dt.timedelta(days=i) for i in range((until - since).days + 1)]
    docs = [_document(day) for day in days if day.weekday() < 5]
    return list(reversed(docs))


def document_number(day: dt.date) -> str:
    """The number of the day's fake document."""
    return f"{day.year}-{(day.toordinal() % 90000) + 10000:05d}"


def citation(day: dt.date) -> str:
    """The day's fake document's citation ("91 FR 12345")."""
    return f"{day.year - 1935} FR {(day.timetuple().tm_yday * 97) % 90000 + 1000}"


def _dates_text(kind: int, day: dt.date) -> str | None:
    later = day + dt.timedelta(days=30 if TYPES[kind] == "Rule" else 60)
    when = f"{later:%B} {later.day}, {later.year}"
    if TYPES[kind] == "Rule":
        return f"Effective date: This final rule is effective {when}."
    if TYPES[kind] == "Proposed Rule":
        return f"Comments must be received on or before {when}."
    return None


def _document(day: dt.date) -> dict[str, object]:
    kind = day.toordinal() % len(TYPES)
    number = document_number(day)
    doc: dict[str, object] = {
        "citation": citation(day),
        "dates": _dates_text(kind, day),
        "document_number": number,
        "title": SUBJECTS[kind],
        "type": TYPES[kind],
        "abstract": f"CBP announces {SUBJECTS[kind].lower()} (fake document {number}).",
        "publication_date": day.isoformat(),
        "effective_on": _later(day, 30) if TYPES[kind] == "Rule" else None,
        "comments_close_on": _later(day, 60) if TYPES[kind] == "Proposed Rule" else None,
        "docket_ids": [f"USCBP-{day.year}-{kind:04d}"],
        "html_url": f"https://www.federalregister.gov/documents/{day:%Y/%m/%d}/{number}/fake",
        "pdf_url": f"https://www.govinfo.gov/content/pkg/FR-{day}/pdf/{number}.pdf",
        "agencies": [PARENT, AGENCY],
    }
    return doc


def _later(day: dt.date, days: int) -> str:
    return (day + dt.timedelta(days=days)).isoformat()


def search_page(base: str, params: dict[str, str], today: dt.date) -> bytes:
    """One page of a documents.json search, with `next_page_url` while more remain."""
    since = dt.date.fromisoformat(params.get("conditions[publication_date][gte]", str(today)))
    until = dt.date.fromisoformat(params.get("conditions[publication_date][lte]", str(today)))
    per_page = max(1, min(int(params.get("per_page", "20")), 1000))
    page = int(params.get("page", "1"))
    docs = documents_between(since, until)
    chunk = docs[(page - 1) * per_page : page * per_page]
    pages = max(1, -(-len(docs) // per_page))
    body: dict[str, object] = {"count": len(docs), "total_pages": pages, "results": chunk}
    if page < pages:
        following = {**params, "page": str(page + 1)}
        body["next_page_url"] = f"{base}/api/v1/documents.json?{urlencode(following)}"
    return json.dumps(body).encode("utf-8")
