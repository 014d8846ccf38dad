"""`make bench`: run every benchmark module's `run()` and print one table of figures.

Each bench/bench_*.py exposes `run() -> list[tuple[str, str]]` (figure name, value). A
benchmark that fails prints its error in the table and the others still run.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

from rich.console import Console
from rich.table import Table


def discover(selected: list[str]) -> list[str]:
    """Names of the bench modules, or only those asked for on the command line."""
    import bench

    names = sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_")
    )
    return [n for n in names if not selected or n.removeprefix("bench_") in selected]


def main(argv: list[str]) -> int:
    """Run the benchmarks and print the table; exit 1 if any failed."""
    console = Console()
    table = Table(title="RegWatch benchmarks")
    for column in ("benchmark", "figure", "value"):
        table.add_column(column)
    failed = 0
    for name in discover(argv):
        console.print(f"[bold]running {name}...[/bold]")
        started = time.perf_counter()
        try:
            rows = importlib.import_module(f"bench.{name}").run()
        except Exception as error:  # the edge: report and go on with the others
            failed += 1
            rows = [("error", f"{type(error).__name__}: {error}")]
        rows.append(("wall time", f"{time.perf_counter() - started:.1f} s"))
        for figure, value in rows:
            table.add_row(name.removeprefix("bench_"), figure, value)
    console.print(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
