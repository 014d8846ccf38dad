"""The DOF publication calendar: weekends, statutory holidays, Holy Week, announced closures."""

from __future__ import annotations

import datetime as dt

import pytest

from crawlers.dof_calendar import easter_sunday, expects_edition, holidays, no_edition_reason


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, dt.date(2024, 3, 31)), (2025, dt.date(2025, 4, 20)), (2026, dt.date(2026, 4, 5))],
)
def test_easter_sunday(year, easter) -> None:
    assert easter_sunday(year) == easter


def test_the_2026_holidays() -> None:
    days = sorted(holidays(2026))
    assert days == [
        dt.date(2026, 1, 1), dt.date(2026, 2, 2), dt.date(2026, 3, 16), dt.date(2026, 4, 2),
        dt.date(2026, 4, 3), dt.date(2026, 5, 1), dt.date(2026, 9, 16), dt.date(2026, 11, 16),
        dt.date(2026, 12, 25),
    ]  # fmt: skip


def test_transfer_of_power_every_six_years() -> None:
    assert dt.date(2024, 10, 1) in holidays(2024)
    assert dt.date(2030, 10, 1) in holidays(2030)
    assert dt.date(2026, 10, 1) not in holidays(2026)


def test_reasons_name_the_day() -> None:
    assert no_edition_reason(dt.date(2026, 3, 7)) == "a Saturday"
    assert no_edition_reason(dt.date(2026, 3, 8)) == "a Sunday"
    assert no_edition_reason(dt.date(2026, 3, 16)) == "a holiday (Natalicio de Benito Juárez)"
    assert no_edition_reason(dt.date(2026, 3, 17)) is None


def test_announced_closures_from_settings() -> None:
    closed = ["2026-07-15"]
    assert not expects_edition(dt.date(2026, 7, 15), closed)
    assert no_edition_reason(dt.date(2026, 7, 15), closed) == "an announced closure of the DOF"
    assert expects_edition(dt.date(2026, 7, 16), closed)
