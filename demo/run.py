"""`regwatch demo` (or `python -m demo`): the whole cycle offline, on our copies of the sources.

It serves fixture pages in the sources' real formats from local HTTP servers, points every
source at them, seeds a few demo members, runs crawl -> store -> classify -> publish or
flag -> digests, and writes the digests as .eml files to var/outbox/.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil
from typing import Any

import click

DEMO_MEMBERS = [
    # email, name, company, language, topics, frequency
    (
        "ana.lopez@maquila-demo.mx",
        "Ana López",
        "Maquiladora Demo Tijuana",
        "es",
        ("customs", "immex"),
        "daily",
    ),
    (
        "mike.chen@border-demo.com",
        "Mike Chen",
        "Border Electronics Demo",
        "en",
        ("customs", "tax"),
        "daily",
    ),
    (
        "rh@planta-demo.mx",
        "Recursos Humanos",
        "Planta Demo Mexicali",
        "both",
        ("labor",),
        "instant",
    ),
    (
        "comite@asociacion-demo.mx",
        "Comité de Asuntos Públicos",
        "Asociación Demo",
        "both",
        (),
        "weekly",
    ),
]


def _demo_settings(var_dir: pathlib.Path, overrides: dict[str, str]) -> Any:
    from settings import load_settings

    return load_settings(
        database_url=f"sqlite:///{var_dir / 'demo.db'}",
        redis_url="",
        email_backend="outbox",
        outbox_dir=str(var_dir / "outbox"),
        crawl_obey_robots=True,
        crawl_autothrottle=False,
        crawl_first_run_days=3,
        dof_recheck_days=0,
        **overrides,
    )


def _reset(var_dir: pathlib.Path, keep: bool) -> None:
    var_dir.mkdir(parents=True, exist_ok=True)
    if keep:
        return
    for name in ("demo.db", "demo.db-wal", "demo.db-shm"):
        (var_dir / name).unlink(missing_ok=True)
    shutil.rmtree(var_dir / "outbox", ignore_errors=True)


def seed_members(context: Any, now: dt.datetime) -> int:
    """Add the demo members (confirmed), skipping any already there."""
    from alerts.members import MemberInput, add_member, find_member

    added = 0
    with context.session() as session:
        for email, name, company, language, topics, frequency in DEMO_MEMBERS:
            if find_member(session, email) is not None:
                continue
            data = MemberInput(
                email=email,
                name=name,
                company=company,
                language=language,
                topics=topics,
                frequency=frequency,
            )
            add_member(session, data, now, confirmed=True)
            added += 1
    return added


def next_boundary(now: dt.datetime, settings: Any, weekly: bool) -> dt.datetime:
    """The first daily (or weekly) digest time after `now`, in settings.timezone."""
    from alerts.periods import daily_period, weekly_period

    hour, zone = settings.daily_digest_hour, settings.timezone
    if weekly:
        ahead = now + dt.timedelta(days=7)
        return weekly_period(ahead, settings.weekly_digest_weekday, hour, zone).end
    return daily_period(now + dt.timedelta(days=1), hour, zone).end


def _send_all_digests(now: dt.datetime, settings: Any) -> dict[str, Any]:
    """The demo does not wait for 07:00: it sends the periods that today's changes fall in."""
    from alerts.jobs import send_digests

    minutes = dt.timedelta(minutes=5)
    signed = now.isoformat()  # links must work today, not from the digest's future send time
    return {
        "instant": send_digests("instant", now.isoformat()),
        "daily": send_digests(
            "daily", (next_boundary(now, settings, False) + minutes).isoformat(), signed
        ),
        "weekly": send_digests(
            "weekly", (next_boundary(now, settings, True) + minutes).isoformat(), signed
        ),
    }


def run_demo(keep: bool = False, var_dir: str | None = None) -> pathlib.Path:
    """Run the offline demo and return the outbox folder."""
    from demo.fake_sources import running_fake_sources
    from store.context import build_context, set_context
    from store.migrate import upgrade
    from worker import print_report, run_with_progress

    folder = pathlib.Path(var_dir or "var")
    _reset(folder, keep)
    now = dt.datetime.now(dt.UTC)
    with running_fake_sources() as fake:
        settings = _demo_settings(folder, fake.settings_overrides())
        context = build_context(settings)
        set_context(context)
        upgrade(settings.database_url)
        click.echo(f"Demo sources serving on {fake.base_url('dof')} and friends (loopback only).")
        click.echo(f"Seeded {seed_members(context, now)} demo members.")
        report = run_with_progress(context, now)
        print_report(report)
        digests = _send_all_digests(now, settings)
    outbox = pathlib.Path(settings.outbox_dir)
    _print_outbox(outbox, digests, settings.database_url)
    return outbox


def _print_outbox(outbox: pathlib.Path, digests: dict[str, Any], database_url: str) -> None:
    files = sorted(outbox.glob("**/*.eml")) if outbox.exists() else []
    click.echo("\nNot waiting for 07:00, the demo sends the next daily and weekly digests now:")
    for frequency, result in digests.items():
        click.echo(
            f"{frequency:8} digest {result.get('period', '')}: {result.get('sent', 0)} sent"
            f" in {result.get('requests', 0)} requests"
        )
    click.echo(f"\n{len(files)} emails written to {outbox}/:")
    for path in files[:12]:
        click.echo(f"  {path}")
    click.echo(
        f"\nOpen one with any mail program, e.g. `less {files[0] if files else outbox}`."
        f"\nThe demo database is {database_url}; browse it with "
        f"`REGWATCH_DATABASE_URL={database_url} regwatch serve`."
    )


@click.command(name="demo")
@click.option("--keep", is_flag=True, help="Keep the demo database from an earlier demo.")
def demo_command(keep: bool) -> None:
    """Run the whole cycle offline against local copies of the sources; digests go to var/outbox."""
    run_demo(keep=keep)
