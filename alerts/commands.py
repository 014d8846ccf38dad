"""`regwatch members ...` and `regwatch digest ...`: thin shells over alerts.members and jobs."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import TYPE_CHECKING, Any

import click

from alerts.errors import AlertsError

if TYPE_CHECKING:
    from store.context import AppContext
    from store.models import Member


def _context() -> AppContext:
    from settings import SettingsError
    from store.context import get_context

    try:
        return get_context()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)  # the command's one clock read


@click.group(name="members")
def members_group() -> None:
    """Add, import, list and remove members (people who receive alerts)."""


@members_group.command(name="add")
@click.argument("email")
@click.option("--name", default="", help="Full name.")
@click.option("--company", default="", help="Member company.")
@click.option(
    "--language", type=click.Choice(["en", "es", "both"]), default="es", show_default=True
)
@click.option("--topics", default="", help="customs;labor;tax;immex (empty: all topics).")
@click.option(
    "--frequency",
    type=click.Choice(["instant", "daily", "weekly"]),
    default="daily",
    show_default=True,
)
@click.option("--keywords", default="", help="Only items containing one of these words (a;b).")
@click.option("--sources", default="", help="Only these source ids (a;b).")
@click.option(
    "--confirmed", is_flag=True, help="Already opted in elsewhere: skip the confirmation email."
)
def members_add(email: str, confirmed: bool, **fields: str) -> None:
    """Add a member; they get a confirmation email and nothing else until they confirm."""
    from alerts.members import add_member, validate

    context, now = _context(), _now()
    try:
        data = validate(email, **fields)
        with context.session() as session:
            member = add_member(session, data, now, confirmed=confirmed)
            member_id = member.id
    except AlertsError as error:
        raise click.ClickException(str(error)) from None
    if not confirmed:
        _send_confirmation(context, member_id, now)
    state = "active" if confirmed else "pending confirmation (email sent)"
    click.echo(f"Added {data.email}: {state}.")


def _send_confirmation(context, member_id: int, now: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    from alerts.jobs import deliver_confirmation

    try:
        deliver_confirmation(context, member_id, now)
    except AlertsError as error:
        click.echo(f"Warning: {error}.", err=True)


@members_group.command(name="import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option("--confirmed", is_flag=True, help="Members already opted in: no confirmation emails.")
def members_import(csv_file: pathlib.Path, confirmed: bool) -> None:
    """Import members from a CSV (email,name,company,language,topics,frequency,keywords,sources).

    Each bad row is reported with its line number and reason; the other rows are imported.
    """
    from alerts.members import find_member, import_members

    context, now = _context(), _now()
    text = csv_file.read_text(encoding="utf-8-sig")
    with context.session() as session:
        report = import_members(session, text, now, confirmed=confirmed)
        ids = [find_member(session, email).id for email in report.imported]  # type: ignore[union-attr]
    if not confirmed:
        for member_id in ids:
            _send_confirmation(context, member_id, now)
    for line, reason in report.errors:
        click.echo(f"line {line}: {reason}", err=True)
    click.echo(f"Imported {len(report.imported)} members; {len(report.errors)} rows rejected.")
    if report.errors and not report.imported:
        raise click.exceptions.Exit(1)


@members_group.command(name="list")
@click.option(
    "--status", type=click.Choice(["pending", "active", "unsubscribed", "bounced", "complained"])
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def members_list(status: str | None, as_json: bool) -> None:
    """List members and their subscriptions."""
    from alerts.members import list_members

    with _context().session() as session:
        rows = [_member_row(m) for m in list_members(session, status)]
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            subs = "; ".join(
                f"{s['frequency']}:{','.join(s['topics']) or 'all'}" for s in row["subscriptions"]
            )
            click.echo(f"{row['email']}\t{row['language']}\t{row['status']}\t{subs}")
    if not rows and not as_json:
        click.echo("No members.")


def _member_row(member: Member) -> dict[str, Any]:
    return {
        "email": member.email,
        "name": member.name,
        "company": member.company,
        "language": member.language.value,
        "status": member.status.value,
        "subscriptions": [
            {"id": s.id, "frequency": s.frequency.value, "topics": s.topics, "active": s.active}
            for s in member.subscriptions
        ],
    }


@members_group.command(name="remove")
@click.argument("email")
def members_remove(email: str) -> None:
    """Remove a member (kept as unsubscribed if they already received mail)."""
    from alerts.members import remove_member

    try:
        with _context().session() as session:
            outcome = remove_member(session, email, _now())
    except AlertsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{email}: {outcome}.")


@click.group(name="digest")
def digest_group() -> None:
    """Preview and send digests."""


@digest_group.command(name="preview")
@click.option("--member", "email", required=True, help="The member's email.")
@click.option("--frequency", type=click.Choice(["instant", "daily", "weekly"]), default=None)
@click.option("--html", is_flag=True, help="Print the HTML part instead of the text part.")
@click.option("--now", "now_iso", default=None, help="Preview the period of this ISO time.")
def digest_preview(email: str, frequency: str | None, html: bool, now_iso: str | None) -> None:
    """Show the digest a member would get for the current period (nothing is sent)."""
    from alerts.jobs import parse_now
    from alerts.preview import preview

    context = _context()
    try:
        with context.session() as session:
            now = parse_now(now_iso) if now_iso else _now()
            message = preview(session, context.settings, email, frequency, now)
    except AlertsError as error:
        raise click.ClickException(str(error)) from None
    if message is None:
        click.echo(f"Nothing to send to {email} for this period: no digest would go out.")
        return
    click.echo(f"Subject: {message.subject}\n")
    click.echo(message.html if html else message.text)


@digest_group.command(name="send")
@click.option(
    "--frequency",
    type=click.Choice(["instant", "daily", "weekly", "due"]),
    default="due",
    show_default=True,
    help="Which period to send; `due` sends whatever is due now.",
)
@click.option("--now", "now_iso", default=None, help="Pretend it is this ISO time (catch-up runs).")
def digest_send(frequency: str, now_iso: str | None) -> None:
    """Plan and send digests now, in this process; safe to run again."""
    from alerts import jobs

    _context()
    try:
        result = (
            jobs.send_due_digests(now_iso)
            if frequency == "due"
            else jobs.send_digests(frequency, now_iso)
        )
    except AlertsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(result, ensure_ascii=False, default=str))
