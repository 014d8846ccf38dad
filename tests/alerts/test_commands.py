"""`regwatch members ...` and `regwatch digest ...` through click's runner."""

from __future__ import annotations

import json
import pathlib

from click.testing import CliRunner

from alerts.commands import digest_group, members_group
from tests.alerts import factories as f


def test_members_add_list_remove(app_context, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    added = runner.invoke(
        members_group, ["add", "ana@maquila.mx", "--language", "both", "--topics", "customs"]
    )
    assert added.exit_code == 0, added.output
    assert "pending confirmation" in added.output
    assert list(pathlib.Path(app_context.settings.outbox_dir).glob("*.eml"))  # the confirmation
    again = runner.invoke(members_group, ["add", "ana@maquila.mx"])
    assert again.exit_code == 1 and "already a member" in again.output
    listed = runner.invoke(members_group, ["list", "--json"])
    row = json.loads(listed.output.splitlines()[0])
    assert row["email"] == "ana@maquila.mx" and row["status"] == "pending"
    removed = runner.invoke(members_group, ["remove", "ana@maquila.mx"])
    assert removed.exit_code == 0 and "deleted" in removed.output


def test_members_import_reports_lines(app_context, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    csv_file = tmp_path / "members.csv"
    csv_file.write_text("email,language\nok@maquila.mx,es\nbad,es\n", encoding="utf-8")
    result = CliRunner().invoke(members_group, ["import", str(csv_file), "--confirmed"])
    assert result.exit_code == 0
    assert "line 3:" in result.output and "Imported 1 members; 1 rows rejected." in result.output


def test_digest_preview_and_send(app_context, db_session) -> None:  # type: ignore[no-untyped-def]
    f.member(db_session, "ana@maquila.mx", "en", ("customs",))
    f.change(db_session, published_at=f.NOW - f.dt.timedelta(hours=1))
    db_session.commit()
    runner = CliRunner()
    missing = runner.invoke(digest_group, ["preview", "--member", "nobody@maquila.mx"])
    assert missing.exit_code == 1 and "No member" in missing.output
    preview = runner.invoke(
        digest_group, ["preview", "--member", "ana@maquila.mx", "--now", f.NOW.isoformat()]
    )
    assert preview.exit_code == 0, preview.output
    assert "Subject: 1 customs change: Primera Resolución" in preview.output
    assert "/members/unsubscribe/" in preview.output
    sent = runner.invoke(digest_group, ["send", "--frequency", "daily", "--now", f.NOW.isoformat()])
    assert sent.exit_code == 0, sent.output
    assert json.loads(sent.output)["sent"] == 1
