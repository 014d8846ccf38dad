"""`regwatch --help` and `regwatch COMMAND --help` describe every command."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from cli import LAZY_COMMANDS, cli

ROOT = pathlib.Path(__file__).resolve().parent.parent


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
    versions = ROOT / "store" / "migrations" / "versions"
    revisions = {path.stem for path in versions.glob("0*.py")}
    assert result.output.strip() in revisions  # the newest one, whichever branch set it


def test_demo_runs_from_the_clone_but_is_not_installed_with_the_package():
    import tomllib

    import cli as cli_module

    project = tomllib.loads((cli_module.CLONE_ROOT / "pyproject.toml").read_text())
    setuptools = project["tool"]["setuptools"]
    assert "demo" not in setuptools["py-modules"]
    assert not any(p.startswith("demo") for p in setuptools["packages"]["find"]["include"])
    result = subprocess.run(
        [str(cli_module.CLONE_ROOT / ".venv" / "bin" / "regwatch"), "demo", "--help"],
        capture_output=True,
        text=True,
        cwd="/",
    )
    if result.returncode == 127 or "No such file" in result.stderr:
        pytest.skip("no .venv/bin/regwatch in this clone")
    assert result.returncode == 0 and "offline" in result.stdout, result.stderr


def test_demo_without_its_folder_is_one_sentence(monkeypatch, tmp_path):
    import cli as cli_module

    monkeypatch.setattr(cli_module, "CLONE_ROOT", tmp_path)
    monkeypatch.setitem(cli_module.LAZY_COMMANDS, "demo", "demo_missing_here.run:demo_command")
    command = cli.get_command(click.Context(cli), "demo")
    result = CliRunner().invoke(command, [])
    assert result.exit_code != 0
    assert "not available" in result.output and "demo_missing_here.run is missing" in result.output
