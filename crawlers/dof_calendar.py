"""The DOF's publication calendar: which days carry no edition, so that a holiday is not a
failure and a missed working day is.

The DOF publishes a morning edition (MAT) every working day; evening (VES) and
extraordinary (EXT) editions come on some days, and an extraordinary edition can appear on
any day, a Sunday included. Days without a morning edition: weekends, the statutory rest
days of the Ley Federal del Trabajo (art. 74), the Thursday and Friday of Holy Week, and
closures the DOF announces (a setting, `dof_closed_dates`). Pure: no clock, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

WEEKEND = {5: "a Saturday", 6: "a Sunday"}
# The six-yearly change of the federal executive (art. 74 VII), on 1 October since 2024.
TRANSFER_OF_POWER_YEAR = 2024


def easter_sunday(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_monday(year: int, month: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (7 - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def holidays(year: int) -> dict[dt.date, str]:
    """The days of `year` on which the DOF publishes no ordinary edition, with their names."""
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): "Año Nuevo",
        _nth_monday(year, 2, 1): "Día de la Constitución",
        _nth_monday(year, 3, 3): "Natalicio de Benito Juárez",
        easter - dt.timedelta(days=3): "Jueves Santo",
        easter - dt.timedelta(days=2): "Viernes Santo",
        dt.date(year, 5, 1): "Día del Trabajo",
        dt.date(year, 9, 16): "Día de la Independencia",
        _nth_monday(year, 11, 3): "Día de la Revolución",
        dt.date(year, 12, 25): "Navidad",
    }
    if year >= TRANSFER_OF_POWER_YEAR and (year - TRANSFER_OF_POWER_YEAR) % 6 == 0:
        days[dt.date(year, 10, 1)] = "Transmisión del Poder Ejecutivo Federal"
    return days


def no_edition_reason(day: dt.date, closures: Iterable[dt.date | str] = ()) -> str | None:
    """Why the DOF publishes no morning edition on `day`, or None on a publication day."""
    if day.weekday() in WEEKEND:
        return WEEKEND[day.weekday()]
    name = holidays(day.year).get(day)
    if name:
        return f"a holiday ({name})"
    if day in {_as_date(c) for c in closures}:
        return "an announced closure of the DOF"
    return None


def expects_edition(day: dt.date, closures: Iterable[dt.date | str] = ()) -> bool:
    """True on a day the DOF publishes a morning edition."""
    return no_edition_reason(day, closures) is None


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
