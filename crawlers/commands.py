"""`regwatch crawl` and `regwatch sources`: thin commands over the runner and health."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from crawlers.jobs import parse_day
from crawlers.plan import CrawlStats
from crawlers.spiders import SPIDERS


def _context() -> Any:
    from settings import SettingsError, load_settings
    from store.context import build_context, set_context

    try:
        context = build_context(load_settings())
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    set_context(context)
    return context


def _day(value: str | None, option: str) -> dt.date | None:
    try:
        return parse_day(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=option) from None


def _sources(names: tuple[str, ...], settings: Any) -> list[str]:
    chosen = list(names) or list(settings.enabled_sources)
    unknown = [name for name in chosen if name not in SPIDERS]
    if unknown:
        known = ", ".join(sorted(SPIDERS))
        raise click.BadParameter(f"unknown source {unknown[0]!r}; use one of: {known}")
    return chosen


@click.command(name="crawl")
@click.argument("sources", nargs=-1)
@click.option("--since", metavar="YYYY-MM-DD", help="Backfill from this date (DOF, FR).")
@click.option("--until", metavar="YYYY-MM-DD", help="Backfill up to this date (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per source.")
@click.option("--restart", is_flag=True, help="Start a backfill over instead of resuming it.")
def crawl_command(
    sources: tuple[str, ...], since: str | None, until: str | None, as_json: bool, restart: bool
) -> None:
    """Crawl SOURCES (default: settings.enabled_sources) into the database.

    Without --since, each source continues from its last good run (the DOF also re-checks
    the last days for corrections). With --since/--until it backfills that date range, a
    week at a time for the DOF and the Federal Register; run the same command again after
    an interruption and it resumes after the last finished week.
    """
    start, end = _day(since, "--since"), _day(until, "--until")
    if start and end and end < start:
        raise click.BadParameter("--until must not be before --since", param_hint="--until")
    if end and not start:
        raise click.BadParameter("--until needs --since", param_hint="--until")
    context = _context()
    chosen = _sources(sources, context.settings)
    now = dt.datetime.now(dt.UTC)  # the command's one clock read
    if start is not None:
        results = _backfill_with_progress(context, chosen, start, end, now, as_json, restart)
    else:
        results = _run_with_progress(context, chosen, start, end, now, quiet=as_json)
    if as_json:
        for source_id, stats in results.items():
            click.echo(json.dumps({"source": source_id, **stats}, default=str))
    else:
        _print_table(results)
    if any(stats.get("status") == "failed" for stats in results.values()):
        raise click.exceptions.Exit(1)


def _run_with_progress(
    context: Any, chosen: list[str], start: Any, end: Any, now: dt.datetime, quiet: bool
) -> dict[str, dict[str, Any]]:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from crawlers.runner import run_source

    results: dict[str, dict[str, Any]] = {}
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, transient=True, disable=quiet) as progress:
        for source_id in chosen:
            task = progress.add_task(source_id, total=None)

            def show(name: str, stats: CrawlStats, task: Any = task) -> None:
                progress.update(task, description=_progress_line(name, stats))

            results[source_id] = run_source(context, source_id, start, end, now, show)
            progress.update(task, completed=1, total=1)
    return results


def _backfill_with_progress(
    context: Any,
    chosen: list[str],
    start: dt.date,
    end: dt.date | None,
    now: dt.datetime,
    quiet: bool,
    restart: bool,
) -> dict[str, dict[str, Any]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from crawlers.backfill import run_backfill

    results: dict[str, dict[str, Any]] = {}
    columns = (
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    )  # fmt: skip
    with Progress(*columns, transient=True, disable=quiet) as progress:
        for source_id in chosen:
            task = progress.add_task(source_id, total=None)

            def show(name: str, done: int, total: int, stats: Any, task: Any = task) -> None:
                line = _progress_line(name, stats) if stats is not None else name
                progress.update(task, description=line, completed=done, total=total)

            results[source_id] = run_backfill(context, source_id, start, end, now, show, restart)
    return results


def _progress_line(name: str, stats: CrawlStats) -> str:
    return (
        f"{name}: fetched {stats.fetched}, new {stats.new}, amended {stats.amended}, "
        f"failed {stats.failed}"
    )


def _print_table(results: dict[str, dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Crawl results")
    for header in ("source", "status", "fetched", "new", "amended", "unchanged", "failed"):
        table.add_column(header, justify="left" if header in ("source", "status") else "right")
    table.add_column("error")
    for source_id, stats in results.items():
        counts = [str(stats.get(k, 0)) for k in ("fetched", "new", "amended", "unchanged")]
        row = [source_id, str(stats.get("status")), *counts, str(stats.get("failed", 0))]
        table.add_row(*row, stats.get("error") or "")
    console = Console()
    console.print(table)
    for source_id, stats in results.items():
        for warning in (stats.get("warnings") or [])[:3]:
            # Text, not markup: a warning may quote a selector such as a[href].
            console.print(Text(f"{source_id}: {warning}", style="yellow"))


@click.command(name="sources")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per source.")
def sources_command(as_json: bool) -> None:
    """Show each source's state, last success and last error."""
    from crawlers.health import list_health
    from store.db import session_scope

    context = _context()
    with session_scope(context.sessions) as session:
        rows = list_health(session, list(context.settings.enabled_sources))
    if as_json:
        for row in rows:
            click.echo(json.dumps(_row_dict(row), default=str))
        return
    _print_sources(rows)


def _row_dict(row: Any) -> dict[str, Any]:
    return {
        "source": row.id,
        "state": row.state,
        "consecutive_failures": row.consecutive_failures,
        "last_run_at": row.last_run_at,
        "last_success_at": row.last_success_at,
        "last_error": row.last_error,
        "warnings": list(row.warnings),
    }


def _print_sources(rows: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Sources")
    for header in ("source", "state", "failures", "last success", "last error", "warnings"):
        table.add_column(header)
    for row in rows:
        failures = str(row.consecutive_failures)
        last = (_when(row.last_success_at), row.last_error or "", "\n".join(row.warnings))
        table.add_row(row.id, row.state, failures, *last)
    Console().print(table)


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


@click.group(name="dates")
def dates_group() -> None:
    """Deadlines (effective dates, comment periods, compliance dates) and stories."""


@dates_group.command(name="backfill")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Recompute every document, not only those without deadlines.",
)
@click.option(
    "--stories", is_flag=True, help="Also link the last 120 days of changes into stories."
)
def dates_backfill_command(everything: bool, stories: bool) -> None:
    """Extract deadlines for stored documents (those stored before extraction existed).

    Fills Document.deadlines, and effective_on / comments_close_on where they are empty.
    """
    from crawlers.dates_backfill import backfill_deadlines, backfill_stories
    from store.db import session_scope

    context = _context()
    now = dt.datetime.now(dt.UTC)  # the command's one clock read
    count = backfill_deadlines(context.sessions, everything)
    click.echo(f"Deadlines computed for {count} documents.")
    if stories:
        with session_scope(context.sessions) as session:
            links = backfill_stories(session, now)
        click.echo(f"Story links written: {links}.")
