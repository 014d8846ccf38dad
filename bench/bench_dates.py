"""Deadline extraction speed: whole documents against a bare scan for date mentions.

The baseline is the cheapest useful pass over the same texts (finding every written date,
no triggers, no filters); the ratio says what the trigger and citation rules cost on top.
Texts are generated here: a long DOF-style legal text citing many past dates, and short
Federal Register abstracts with a DATES paragraph.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from crawlers.dates import _date_mentions, extract_deadlines, fold

PUBLISHED = dt.date(2026, 11, 20)
MONTHS = ("enero", "marzo", "mayo", "julio", "septiembre", "noviembre")


def legal_text(articles: int = 400) -> str:
    """A long Spanish text: many cited dates, one transitorio with the real deadline."""
    parts = []
    for n in range(articles):
        month = MONTHS[n % len(MONTHS)]
        parts.append(
            f"Artículo {n}. Se reforma la fracción {n % 9} del Acuerdo publicado en el Diario "
            f"Oficial de la Federación el {n % 27 + 1} de {month} de {2000 + n % 25}, para "
            "precisar los requisitos del programa y las obligaciones de las empresas."
        )
    parts.append(
        "TRANSITORIO. ÚNICO.- El presente Acuerdo entrará en vigor el 1o. de enero de 2027."
    )  # noqa: E501
    return "\n".join(parts)


def abstract(n: int) -> tuple[str, dict[str, str]]:
    """A short English abstract and its Federal Register fields."""
    text = f"CBP amends its regulations on the filing of entry {n} for goods from Mexico."
    dates = "Comments must be received on or before January 4, 2027. Effective December 1, 2026."
    return text, {"dates": dates, "effective_on": "2026-12-01"}


def _timed(work, repeat: int) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    return (time.perf_counter() - started) / repeat


def run() -> list[tuple[str, str]]:
    """Figures: documents per second for both kinds of text, and the ratio to the baseline."""
    long_text = legal_text()
    abstracts = [abstract(n) for n in range(200)]
    full_long = _timed(lambda: extract_deadlines("ACUERDO", long_text, "es", PUBLISHED), 5)
    base_long = _timed(lambda: _date_mentions(fold(long_text), PUBLISHED), 5)

    def all_abstracts() -> None:
        for text, fields in abstracts:
            extract_deadlines("Rule", text, "en", PUBLISHED, fields)

    def all_abstracts_base() -> None:
        for text, fields in abstracts:
            _date_mentions(fold(f"{text}\n{fields['dates']}"), PUBLISHED)

    full_short = _timed(all_abstracts, 5) / len(abstracts)
    base_short = _timed(all_abstracts_base, 5) / len(abstracts)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return [
        (f"legal text ({len(long_text) // 1000} kB), ms", f"{full_long * 1000:.1f}"),
        ("legal text, baseline date scan, ms", f"{base_long * 1000:.1f}"),
        ("legal text, ratio to baseline", f"{full_long / base_long:.2f}x"),
        ("FR abstract + DATES, µs", f"{full_short * 1e6:.0f}"),
        ("FR abstract, baseline date scan, µs", f"{base_short * 1e6:.0f}"),
        ("FR abstract, ratio to baseline", f"{full_short / base_short:.2f}x"),
        ("load average (1 min)", f"{load:.2f}"),
    ]


def main() -> None:
    """Print the figures as a small table."""
    for figure, value in run():
        print(f"{figure:42} {value}")


if __name__ == "__main__":
    main()
