"""The RQ worker entry point, the recurring schedule, and one full pipeline cycle.

The schedule is declared once, in SCHEDULE, and registered with RQ's cron scheduler by
`regwatch cron`. `regwatch run` performs the same cycle on demand: crawl every enabled
source, store, classify, publish or flag, then send the digests that are due.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from typing import Any, cast

import click

from store.jobs import Dispatched, dispatch, resolve

log = logging.getLogger("regwatch.worker")


@dataclasses.dataclass(frozen=True)
class ScheduleEntry:
    """One recurring job: a dotted function, its queue, and when it runs (local time)."""

    name: str
    func: str
    queue: str
    cron: str | None = None
    interval: int | None = None
    args: tuple[Any, ...] = ()


def schedule(settings: Any) -> list[ScheduleEntry]:
    """The recurring jobs, built from settings (times are in settings.timezone)."""
    weekday = (settings.weekly_digest_weekday + 1) % 7  # cron counts Sunday as 0
    hour = settings.daily_digest_hour
    return [
        ScheduleEntry("crawl-cycle", "worker.scheduled_cycle", "crawl", cron="*/30 * * * *"),
        # The digest entries all call send_due_digests, which decides in settings.timezone
        # what is due (sweep, daily, weekly), so a missed tick is caught up five minutes later.
        ScheduleEntry(
            "instant-sweep",
            "alerts.jobs.send_due_digests",
            "alerts",
            interval=settings.instant_sweep_minutes * 60,
        ),
        ScheduleEntry(
            "daily-digest", "alerts.jobs.send_due_digests", "alerts", cron=f"0 {hour} * * *"
        ),
        ScheduleEntry(
            "weekly-digest",
            "alerts.jobs.send_due_digests",
            "alerts",
            cron=f"0 {hour} * * {weekday}",
        ),
    ]


# ---------------------------------------------------------------- the cycle


@dataclasses.dataclass
class CycleReport:
    """What one cycle did, per source and overall."""

    sources: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    classified: dict[str, Any] = dataclasses.field(default_factory=dict)
    digests: dict[str, Any] = dataclasses.field(default_factory=dict)
    queued: bool = False


Reporter = Callable[[str, str], None]  # (stage, message)


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%dT%H%M")


def run_cycle(
    context: Any,
    now: dt.datetime,
    sources: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    report: Reporter | None = None,
    wait_seconds: float = 3600,
) -> CycleReport:
    """Crawl, classify, publish or flag, and send due digests: inline or through RQ."""
    settings = context.settings
    report = report or (lambda stage, message: None)
    result = CycleReport(queued=settings.queue_enabled)
    stamp = _stamp(now)
    crawl_jobs = []
    for source in sources or list(settings.enabled_sources):
        report("crawl", source)
        job = dispatch(
            settings,
            "crawlers.jobs.crawl_source",
            source,
            since,
            until,
            job_id=f"crawl-{source}-{stamp}",
            queue="crawl",
        )
        crawl_jobs.append((source, job))
    report("classify", "classifying new changes")
    classify = dispatch(
        settings,
        "classifier.jobs.classify_pending",
        500,
        now.isoformat(),  # the cycle's clock, so that publication times fall in its period
        job_id=f"classify-{stamp}",
        queue="classify",
        depends_on=[job.job_id for _, job in crawl_jobs],
    )
    report("digests", "sending due digests")
    digests = dispatch(
        settings,
        "alerts.jobs.send_due_digests",
        now.isoformat(),
        job_id=f"digests-{stamp}",
        queue="alerts",
        depends_on=[classify.job_id],
    )
    results = _collect(settings, [job for _, job in crawl_jobs] + [classify, digests], wait_seconds)
    for (source, _job), value in zip(crawl_jobs, results, strict=False):
        result.sources[source] = value if isinstance(value, dict) else {"error": str(value)}
    result.classified = results[-2] if isinstance(results[-2], dict) else {}
    result.digests = results[-1] if isinstance(results[-1], dict) else {}
    return result


def _collect(settings: Any, jobs: list[Dispatched], wait_seconds: float) -> list[Any]:
    """Results of the jobs: at hand when inline, awaited from Redis when queued."""
    if not any(job.queued for job in jobs):
        return [job.result for job in jobs]
    from redis import Redis
    from rq.job import Job
    from rq.serializers import JSONSerializer

    connection = Redis.from_url(settings.redis_url)
    deadline = time.monotonic() + wait_seconds
    fetched = [Job.fetch(j.job_id, connection=connection, serializer=JSONSerializer) for j in jobs]
    while time.monotonic() < deadline:
        statuses = [job.get_status() for job in fetched]
        if all(status in {"finished", "failed", "canceled", "stopped"} for status in statuses):
            break
        time.sleep(0.5)
    return [
        job.return_value() if job.get_status() == "finished" else job.get_status()
        for job in fetched
    ]


def scheduled_cycle() -> dict[str, Any]:
    """The cron entry: one cycle on the process's context, at the clock's now."""
    from store.context import get_context

    report = run_cycle(get_context(), dt.datetime.now(dt.UTC), wait_seconds=0)
    return {"sources": list(report.sources), "queued": report.queued}


# ---------------------------------------------------------------- RQ worker and cron


def make_worker(settings: Any, queues: list[str] | None = None, connection: Any = None) -> Any:
    """An RQ worker on our queues with the JSON serializer."""
    from redis import Redis
    from rq import Queue, Worker
    from rq.serializers import JSONSerializer

    connection = connection or Redis.from_url(settings.redis_url)
    names = queues or list(settings.queue_names)
    queue_objects = [Queue(n, connection=connection, serializer=JSONSerializer) for n in names]
    return Worker(queue_objects, connection=connection, serializer=JSONSerializer)


def make_cron(settings: Any, connection: Any = None) -> Any:
    """RQ's cron scheduler with SCHEDULE registered; its jobs use the JSON serializer."""
    from redis import Redis
    from rq.cron import CronJob, CronScheduler
    from rq.queue import Queue
    from rq.serializers import JSONSerializer

    class JSONCronJob(CronJob):
        """RQ's CronJob enqueues with the default (pickle) serializer; ours speak JSON."""

        def enqueue(self, connection: Any) -> Any:  # noqa: D102
            queue = Queue(self.queue_name, connection=connection, serializer=JSONSerializer)
            func = cast(Any, self.func)  # typed optional by RQ; every entry of ours has one
            return queue.enqueue(func, args=self.args, kwargs=self.kwargs, **self.job_options)

    scheduler = CronScheduler(connection=connection or Redis.from_url(settings.redis_url))
    for entry in schedule(settings):
        job = JSONCronJob(
            queue_name=entry.queue,
            func=resolve(entry.func),
            args=entry.args,
            cron=entry.cron,
            interval=entry.interval,
            name=entry.name,
            job_timeout=settings.job_timeout_seconds,
        )
        scheduler._cron_jobs.append(job)
    return scheduler


def _settings_for_queue() -> Any:
    from settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    if not settings.redis_url:
        raise click.ClickException(
            "REGWATCH_REDIS_URL is not set; set it to redis://127.0.0.1:6379/0 to use a worker."
        )
    return settings


@click.command(name="worker")
@click.option("--burst", is_flag=True, help="Exit when the queues are empty.")
@click.option("--queue", "queues", multiple=True, help="Queue to listen on (repeatable).")
def worker_command(burst: bool, queues: tuple[str, ...]) -> None:
    """Start an RQ worker that runs crawl, classify and alert jobs."""
    settings = _settings_for_queue()
    logging.getLogger().setLevel(settings.log_level)
    worker = make_worker(settings, list(queues) or None)
    worker.work(burst=burst, with_scheduler=True, logging_level=settings.log_level)


@click.command(name="cron")
def cron_command() -> None:
    """Run RQ's cron scheduler with the recurring crawls and digests (local time)."""
    settings = _settings_for_queue()
    # RQ's cron reads cron expressions in the process's local time zone.
    os.environ["TZ"] = settings.timezone
    time.tzset()
    for entry in schedule(settings):
        when = entry.cron or f"every {entry.interval} s"
        click.echo(f"{entry.name:15} {entry.func:32} {when} ({settings.timezone})")
    make_cron(settings).start()


# ---------------------------------------------------------------- the run command


def print_report(result: CycleReport) -> None:
    """The closing table of a cycle: per source, then classifier and digests."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="RegWatch cycle")
    for column in ("source", "fetched", "new", "amended", "failed", "status"):
        table.add_column(column, justify="left" if column in ("source", "status") else "right")
    errors = []
    for source, stats in result.sources.items():
        counts = (str(stats.get(k, "-")) for k in ("fetched", "new", "amended", "failed"))
        table.add_row(
            source, *counts, str(stats.get("status") or ("failed" if stats.get("error") else "ok"))
        )
        if stats.get("error"):
            errors.append(f"{source}: {stats['error']}")
    console = Console()
    console.print(table)
    for line in errors:
        console.print(f"[red]{line}[/red]")
    if errors:
        console.print(
            "Details are in var/regwatch.log; `regwatch sources` shows each source's health."
        )
    _print_tail(console, result)


def _print_tail(console: Any, result: CycleReport) -> None:
    classified = result.classified or {}
    if classified.get("stub"):
        console.print("[yellow]Classifier: a stub is in use (no trained model found).[/yellow]")
    if classified:
        counts = ", ".join(
            f"{k} {classified.get(k, 0)}" for k in ("published", "flagged", "archived")
        )
        console.print(f"Classified with model {classified.get('model') or '?'}: {counts}")
    for frequency, outcome in (result.digests or {}).items():
        if isinstance(outcome, dict):
            sent = (outcome.get("result") or {}).get("sent", 0)
            state = outcome.get("status") or ("queued" if outcome.get("queued") else f"{sent} sent")
            console.print(f"Digest {frequency} {outcome.get('period', '')}: {state}")


def run_with_progress(context: Any, now: dt.datetime, **kwargs: Any) -> CycleReport:
    """`run_cycle` behind a Rich spinner that names the stage under way."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("[bold]{task.description}"), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("starting", total=None)

        def report(stage: str, message: str) -> None:
            progress.update(task, description=f"{stage}: {message}")

        return run_cycle(context, now, report=report, **kwargs)


def _ensure_schema(context: Any) -> None:
    from store.migrate import current_revision, upgrade

    with context.engine.connect() as connection:
        revision = current_revision(connection)
    if revision is None:
        click.echo("Empty database: creating the schema (regwatch db upgrade).")
        upgrade(context.settings.database_url)


@click.command(name="run")
@click.option("--source", "sources", multiple=True, help="Crawl only this source (repeatable).")
@click.option("--since", help="First date to crawl (YYYY-MM-DD); default: since the last run.")
@click.option("--until", help="Last date to crawl (YYYY-MM-DD); default: today.")
def run_command(sources: tuple[str, ...], since: str | None, until: str | None) -> None:
    """Run one full cycle: crawl, store, classify, publish or flag, send due digests."""
    from settings import SettingsError, load_settings
    from store.context import build_context, set_context

    try:
        context = build_context(load_settings())
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    set_context(context)
    _ensure_schema(context)
    now = dt.datetime.now(dt.UTC)
    result = run_with_progress(
        context, now, sources=list(sources) or None, since=since, until=until
    )
    print_report(result)
