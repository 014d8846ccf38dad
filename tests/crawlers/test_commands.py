"""`regwatch crawl` and `regwatch sources` end to end against the fake sources."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli import cli


def _env(fake, sqlite_template, tmp_path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    import shutil

    database = tmp_path / "cli.db"
    shutil.copyfile(sqlite_template, database)
    env = {f"REGWATCH_{k.upper()}": v for k, v in fake.settings_overrides().items()}
    env.update(
        REGWATCH_DATABASE_URL=f"sqlite:///{database}",
        REGWATCH_CRAWL_AUTOTHROTTLE="false",
        REGWATCH_CRAWL_RETRY_TIMES="0",
        REGWATCH_ENVIRONMENT="test",
        REGWATCH_OUTBOX_DIR=str(tmp_path / "outbox"),
    )
    return env


def test_crawl_backfill_then_sources(fake, sqlite_template, tmp_path) -> None:
    env = _env(fake, sqlite_template, tmp_path)
    runner = CliRunner()
    args = ["crawl", "dof_daily", "--since", "2026-03-02", "--until", "2026-03-03", "--json"]
    result = runner.invoke(cli, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.strip().splitlines()[-1])
    assert line["source"] == "dof_daily" and line["new"] > 0 and line["status"] == "ok"
    shown = runner.invoke(cli, ["sources", "--json"], env=env, catch_exceptions=False)
    rows = {json.loads(x)["source"]: json.loads(x) for x in shown.output.strip().splitlines()}
    assert rows["dof_daily"]["state"] == "ok" and rows["dof_daily"]["last_success_at"]
    assert rows["us_cbp_csms"]["state"] == "new"


def test_crawl_table_and_bad_input(fake, sqlite_template, tmp_path) -> None:
    env = _env(fake, sqlite_template, tmp_path)
    runner = CliRunner()
    table = runner.invoke(cli, ["crawl", "mx_anam"], env=env, catch_exceptions=False)
    assert table.exit_code == 0 and "mx_anam" in table.output and "fetched" in table.output
    bad = runner.invoke(cli, ["crawl", "nope"], env=env)
    assert bad.exit_code != 0 and "unknown source 'nope'" in bad.output
    bad_date = runner.invoke(cli, ["crawl", "dof_daily", "--since", "03/02/2026"], env=env)
    assert bad_date.exit_code != 0 and "YYYY-MM-DD" in bad_date.output


def test_crawl_backfill_resumes_and_until_needs_since(fake, sqlite_template, tmp_path) -> None:
    env = _env(fake, sqlite_template, tmp_path)
    runner = CliRunner()
    args = ["crawl", "dof_daily", "--since", "2026-03-02", "--until", "2026-03-13", "--json"]
    first = runner.invoke(cli, args, env=env, catch_exceptions=False)
    line = json.loads(first.output.strip().splitlines()[-1])
    assert line["windows"] == 2 and line["resumed_windows"] == 0 and line["new"] > 0
    again = runner.invoke(cli, args, env=env, catch_exceptions=False)
    line = json.loads(again.output.strip().splitlines()[-1])
    assert line["resumed_windows"] == 2 and line["fetched"] == 0  # already done
    restarted = runner.invoke(cli, [*args, "--restart"], env=env, catch_exceptions=False)
    line = json.loads(restarted.output.strip().splitlines()[-1])
    assert line["resumed_windows"] == 0 and line["new"] == 0  # read again, stored once
    bad = runner.invoke(cli, ["crawl", "dof_daily", "--until", "2026-03-13"], env=env)
    assert bad.exit_code != 0 and "--until needs --since" in bad.output
    shown = runner.invoke(cli, ["sources", "--json"], env=env, catch_exceptions=False)
    rows = {json.loads(x)["source"]: json.loads(x) for x in shown.output.strip().splitlines()}
    assert rows["dof_daily"]["warnings"] == []


def test_crawl_table_prints_warnings_as_text(fake, sqlite_template, tmp_path) -> None:
    env = _env(fake, sqlite_template, tmp_path)
    fake.set_fault("sat", "reshaped", path_contains="/normatividad_rmf_rgce")
    result = CliRunner().invoke(cli, ["crawl", "mx_sat_normatividad"], env=env)
    assert "mx_sat_normatividad:" in result.output and "a[href]" in result.output
