"""`regwatch serve`, `regwatch staff ...` and `regwatch summary`: thin click shells."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import zoneinfo

import click
from sqlalchemy import select

from store.models import StaffRole, StaffUser

ROLES = [role.value for role in StaffRole]


def _context():  # type: ignore[no-untyped-def]
    """Settings and database from the environment, with one-sentence errors."""
    from settings import SettingsError, load_settings
    from store.context import build_context, set_context

    try:
        settings = load_settings()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    context = build_context(settings)
    set_context(context)
    return context


@click.command(name="serve")
@click.option("--host", default=None, help="Address to listen on (default: web_host setting).")
@click.option("--port", default=None, type=int, help="Port (default: web_port setting).")
@click.option("--workers", default=1, show_default=True, help="Worker processes.")
def serve_command(host: str | None, port: int | None, workers: int) -> None:
    """Run the web app (moderation queue, member pages, summary, archive, feeds)."""
    import uvicorn

    context = _context()
    settings = context.settings
    logging.getLogger().setLevel(settings.log_level)
    host, port = host or settings.web_host, port or settings.web_port
    click.echo(f"RegWatch web on http://{host}:{port}/ (Ctrl+C to stop)")
    # web.asgi sizes the connection pools for a web worker (also with a single worker).
    uvicorn.run(
        "web.asgi:app",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,
        log_level="warning",
    )


@click.group(name="staff")
def staff_group() -> None:
    """Manage staff, admin and committee accounts of the web app."""


@staff_group.command(name="add")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="staff",
    show_default=True,
    help="admin: everything; staff: queue and sources; committee: weekly summary.",
)
@click.option(
    "--language",
    type=click.Choice(["en", "es"]),
    default=None,
    help="Language of the staff pages (default: English; the account can switch it).",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def staff_add(email: str, role: str, language: str | None, password_stdin: bool) -> None:
    """Create an account (or reset its password and role) for EMAIL."""
    from web.security import hash_password, password_problem

    email = email.strip().lower()
    if "@" not in email:
        raise click.ClickException(f"{email!r} is not an email address; use name@example.org.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    context = _context()
    with context.session() as session:
        user = session.scalars(select(StaffUser).where(StaffUser.email == email)).first()
        created = user is None
        if user is None:
            user = StaffUser(email=email)
            session.add(user)
        user.password_hash, user.role, user.active = hash_password(password), StaffRole(role), True
        user.failed_logins, user.locked_until = 0, None
        if language:
            user.language = language
    click.echo(f"{'Created' if created else 'Updated'} {role} account {email}.")


@staff_group.command(name="list")
def staff_list() -> None:
    """List accounts as JSON Lines (email, role, active, last login)."""
    import json

    context = _context()
    with context.session() as session:
        for user in session.scalars(select(StaffUser).order_by(StaffUser.email)):
            click.echo(
                json.dumps(
                    {
                        "email": user.email,
                        "role": user.role.value,
                        "active": user.active,
                        "last_login_at": user.last_login_at.isoformat()
                        if user.last_login_at
                        else None,
                    }
                )
            )


@staff_group.command(name="disable")
@click.argument("email")
def staff_disable(email: str) -> None:
    """Stop EMAIL from logging in (its open sessions end on their next request)."""
    context = _context()
    with context.session() as session:
        user = session.scalars(
            select(StaffUser).where(StaffUser.email == email.strip().lower())
        ).first()
        if user is None:
            raise click.ClickException(f"No account {email}; see `regwatch staff list`.")
        user.active = False
    click.echo(f"Disabled {email}.")


@click.command(name="summary")
@click.option("--week", default=None, help="ISO week such as 2026-W47 (default: last week).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "csv", "html"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "es"]),
    default="en",
    show_default=True,
    help="Language of the summary.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file instead of standard output.",
)
def summary_command(week: str | None, fmt: str, lang: str, output: str | None) -> None:
    """Print the committee's weekly summary (the same as the web page's exports)."""
    from web.app import make_environment
    from web.errors import BadInput
    from web.summary import IsoWeek, load_week, render_csv, render_html, render_markdown

    context = _context()
    tz = context.settings.timezone
    try:
        chosen = IsoWeek.parse(week) if week else _last_week(tz)
    except BadInput as error:
        raise click.ClickException(str(error)) from None
    with context.session() as session:
        summary = load_week(session, chosen, tz, lang)
    renderers = {
        "md": render_markdown,
        "csv": render_csv,
        "html": lambda s: render_html(s, make_environment()),
    }
    text = renderers[fmt](summary)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=False)


def _last_week(tz: str):  # type: ignore[no-untyped-def]
    from web.summary import IsoWeek

    today = dt.datetime.now(dt.UTC).astimezone(zoneinfo.ZoneInfo(tz)).date()
    return IsoWeek.containing(today).shift(-1)
