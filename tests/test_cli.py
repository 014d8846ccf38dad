"""`regwatch --help` and `regwatch COMMAND --help` describe every command."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from cli import LAZY_COMMANDS, cli


def _all_commands() -> list[tuple[str, click.Command]]:
    context = click.Context(cli)
    found = []
    for name in LAZY_COMMANDS:
        command = cli.get_command(context, name)
        found.append((name, command))
        if isinstance(command, click.Group):
            found.extend((f"{name} {sub}", command.commands[sub]) for sub in command.commands)
    return found


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in LAZY_COMMANDS:
        assert name in result.output
    assert "not available" not in result.output


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_every_command_has_help(name):
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and (command.help or "").strip(), f"{name} has no help text"


def test_every_subcommand_has_help_text():
    missing = [name for name, command in _all_commands() if not (command.help or "").strip()]
    assert missing == []


def test_bad_setting_is_one_sentence_not_a_traceback(tmp_path):
    env = {"REGWATCH_EMAIL_BACKEND": "pigeon", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "cli", "db", "upgrade"], capture_output=True, text=True, env=env
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "email_backend" in result.stderr


def test_db_upgrade_creates_the_sqlite_database(tmp_path, monkeypatch):
    monkeypatch.setenv("REGWATCH_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["db", "current"])
    from alembic.script import ScriptDirectory

    from store.migrate import alembic_config

    config = alembic_config(f"sqlite:///{tmp_path}/x.db")
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head and result.output.strip().startswith(head)  # the newest migration
