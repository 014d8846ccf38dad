"""A source whose pages change shape degrades safely: no item, a health warning that names
what the parser expected, and a saved copy of the response, on bounded disk."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest
from sqlalchemy import func, select

from crawlers import saved
from crawlers.runner import run_source
from store.models import Document, Source
from tests.crawlers.conftest import NOW

CASES = {
    # source: (host, path fragment, a phrase of what was expected)
    "us_cbp_csms": ("csms", "/widgets/", "a JSON array of {subject, pub_date, href}"),
    "mx_sat_normatividad": ("sat", "/normatividad_rmf_rgce", "a[href]"),
    "mx_anam": ("anam", "/sitemap.rss", "rss > channel > item"),
    "mx_snice": ("snice", "/home.html", "a DD/MM/YYYY date"),
}


@pytest.fixture(autouse=True)
def _pinned_day(fake) -> None:  # type: ignore[no-untyped-def]
    fake.state.others.today = NOW.date()


def _saved_files(settings, source: str) -> list[pathlib.Path]:  # type: ignore[no-untyped-def]
    folder = saved.responses_dir(settings.path(settings.var_dir)) / source
    return sorted(folder.glob("*")) if folder.exists() else []


@pytest.mark.parametrize("source", sorted(CASES))
def test_a_reshaped_page_warns_with_the_selector_and_a_saved_copy(
    source, crawl_context, fake, crawl_session
) -> None:
    host, fragment, expected = CASES[source]
    fake.set_fault(host, "reshaped", path_contains=fragment)
    stats = run_source(crawl_context, source, now=NOW)
    crawl_session.commit()
    stored = crawl_session.scalar(
        select(func.count()).select_from(Document).where(Document.source_id == source)
    )
    assert stored == 0 or source == "mx_snice"  # SNICE's IMMEX page still reads fine
    warnings = [w for w in stats["warnings"] if expected in w]
    assert warnings, stats["warnings"]
    assert "saved as" in warnings[0]
    files = _saved_files(crawl_context.settings, source)
    assert files
    copy = files[0].read_bytes()
    assert b"Nuevo portal" in copy or b"moved" in copy
    source_row = crawl_session.get(Source, source)
    crawl_session.refresh(source_row)
    assert any(expected in w for w in source_row.warnings)


def test_no_copy_is_kept_when_the_budget_is_zero(crawl_context, fake) -> None:
    crawl_context.settings = crawl_context.settings.model_copy(
        update={"crawl_saved_responses_mb": 0}
    )
    fake.set_fault("anam", "reshaped")
    stats = run_source(crawl_context, "mx_anam", now=NOW)
    assert stats["warnings"] and "saved as" not in stats["warnings"][0]
    assert _saved_files(crawl_context.settings, "mx_anam") == []


def test_saved_responses_stay_within_the_budget(tmp_path) -> None:
    now = dt.datetime(2026, 3, 6, 12, 0, tzinfo=dt.UTC)
    for i in range(10):
        body = bytes([65 + i]) * 400
        saved.save_response(tmp_path, "mx_anam", body, "application/rss+xml", now, 1000)
        now += dt.timedelta(seconds=1)
    files = sorted(tmp_path.rglob("*.xml"))
    assert sum(p.stat().st_size for p in files) <= 1000
    assert len(files) == 2 and files[-1].read_bytes() == b"J" * 400  # the newest are kept


def test_a_response_larger_than_the_budget_is_not_saved(tmp_path) -> None:
    now = dt.datetime(2026, 3, 6, 12, 0, tzinfo=dt.UTC)
    assert saved.save_response(tmp_path, "x", b"a" * 2000, "text/html", now, 1000) is None
    assert list(tmp_path.rglob("*")) == []
