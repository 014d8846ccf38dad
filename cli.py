"""The `regwatch` command: thin. It parses arguments and calls the packages.

Subcommands live beside the code they drive (`crawlers/commands.py`, ...) and are imported
only when used, so `regwatch classify` does not pay for Scrapy and `regwatch parse` does not
pay for spaCy.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import pathlib
import sys
from typing import Any

import click

from settings import SettingsError, load_settings

# The demo lives beside cli.py in a clone and is not installed with the package.
CLONE_ROOT = pathlib.Path(__file__).resolve().parent
CLONE_ONLY = frozenset({"demo"})
# name -> "module:attribute" of a click command or group.
LAZY_COMMANDS: dict[str, str] = {
    "run": "worker:run_command",
    "demo": "demo.run:demo_command",
    "db": "cli:db_group",
    "crawl": "crawlers.commands:crawl_command",
    "sources": "crawlers.commands:sources_command",
    "dates": "crawlers.commands:dates_group",
    "parse": "crawlers.parse_command:parse_command",
    "train": "classifier.commands:train_command",
    "eval": "classifier.commands:eval_command",
    "classify": "classifier.commands:classify_command",
    "translate": "alerts.translate_command:translate_command",
    "members": "alerts.commands:members_group",
    "digest": "alerts.commands:digest_group",
    "serve": "web.commands:serve_command",
    "staff": "web.commands:staff_group",
    "summary": "web.commands:summary_command",
    "worker": "worker:worker_command",
    "cron": "worker:cron_command",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        target = LAZY_COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attribute = target.partition(":")
        _find_clone_only(module_name)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name and module_name.startswith(error.name):
                return _unavailable(cmd_name, module_name)
            raise
        return getattr(module, attribute, None) or _unavailable(cmd_name, module_name)


def _find_clone_only(module_name: str) -> None:
    """Let a command that runs only from a clone (the demo) import its package from there."""
    top = module_name.partition(".")[0]
    beside = (CLONE_ROOT / top / "__init__.py").exists()
    if top in CLONE_ONLY and beside and str(CLONE_ROOT) not in sys.path:
        sys.path.append(str(CLONE_ROOT))


def _unavailable(name: str, module: str) -> click.Command:
    @click.command(name=name, help=f"(not available in this build: {module} is missing)")
    def command() -> None:
        raise click.ClickException(f"`regwatch {name}` is not available: {module} is missing.")

    return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show debug logs and full tracebacks.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """RegWatch: regulatory change alerts for maquiladora (IMMEX) operators.

    Watches the Diario Oficial, SAT, Economía, STPS, CONASAMI, ANAM, CBP's CSMS messages
    and the Federal Register; tags each change with customs / labor / tax / IMMEX; sends
    bilingual digests to subscribed members. Start with `regwatch demo` (offline) or
    `regwatch run` (live sources). Settings: settings.toml, overridden by REGWATCH_* env.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    _configure_logging(debug)


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _configure_logging(debug: bool) -> None:
    """Full logs go to var/regwatch.log; the screen shows errors only (all with --debug)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if debug else logging.ERROR)
    console.setFormatter(logging.Formatter(LOG_FORMAT))
    if not debug:  # Scrapy reports each failed request; the closing table says it once
        console.addFilter(lambda record: not record.name.startswith(("scrapy", "twisted")))
    root.addHandler(console)
    try:
        pathlib.Path("var").mkdir(exist_ok=True)
        logfile = logging.FileHandler("var/regwatch.log", encoding="utf-8")
    except OSError:  # a read-only working folder still runs, without the log file
        return
    logfile.setLevel(logging.INFO)
    logfile.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(logfile)
    for noisy in ("scrapy", "twisted", "py.warnings", "filelock", "urllib3", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def settings_or_exit() -> Any:
    """Load settings, or stop with the one sentence that says what to fix."""
    try:
        return load_settings()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


def app_context() -> Any:
    """The store context built from validated settings."""
    from store.context import build_context, set_context

    context = build_context(settings_or_exit())
    set_context(context)
    return context


def utc_now() -> dt.datetime:
    """The one clock read of a command; logic below gets `now` handed in."""
    return dt.datetime.now(dt.UTC)


@click.group(name="db")
def db_group() -> None:
    """Manage the database schema (SQLite by default, PostgreSQL via REGWATCH_DATABASE_URL)."""


@db_group.command(name="upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def db_upgrade(revision: str) -> None:
    """Create or migrate the database to the latest schema."""
    from store.migrate import upgrade

    settings = settings_or_exit()
    upgrade(settings.database_url, revision)
    click.echo(f"Database at {_safe_url(settings.database_url)} is at revision {revision}.")


@db_group.command(name="current")
def db_current() -> None:
    """Show the schema revision the database is at."""
    from store.migrate import current_revision

    context = app_context()
    with context.engine.connect() as connection:
        revision = current_revision(connection)
    click.echo(revision or "empty database: run `regwatch db upgrade`")


def _safe_url(url: str) -> str:
    """The database URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main() -> None:
    """Console entry point: one sentence on error, never a traceback (unless --debug)."""
    try:
        cli.main(standalone_mode=False, prog_name="regwatch")
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except SettingsError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except Exception as error:  # the edge: turn anything unexpected into one sentence
        if "--debug" in sys.argv:
            raise
        click.echo(
            f"Error: {type(error).__name__}: {error} (run with --debug for details).", err=True
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
