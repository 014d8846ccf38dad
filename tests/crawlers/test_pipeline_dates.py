"""The store pipeline computes each item's deadlines and links stories as it stores."""

from __future__ import annotations

import datetime as dt

from crawlers.dates import stored_deadlines as item_deadlines
from crawlers.items import DocumentItem
from crawlers.pipelines import store_fields


def test_store_fields_carry_deadlines_from_text_and_fields() -> None:
    item = DocumentItem(
        source="us_federal_register",
        external_id="2026-00777",
        title="Electronic filing of entry summaries",
        published_on=dt.date(2026, 11, 20),
        language="en",
        comments_close_on=dt.date(2027, 1, 4),
        body="CBP proposes to require electronic filing.",
        extra={"dates": "Comments must be received on or before January 4, 2027."},
    )
    fields = store_fields(item)
    assert fields["deadlines"] == [
        {
            "kind": "comments_close",
            "date": "2027-01-04",
            "text": "Comments must be received on or before January 4, 2027.",
        }
    ]
    assert fields["effective_on"] is None  # the store fills it, after hashing the content


def test_an_item_without_dates_has_an_empty_list() -> None:
    item = DocumentItem(source="dof_daily", external_id="1", title="AVISO", body="Sin fechas.")
    assert item_deadlines(item) == []
