"""`regwatch parse`: one JSON line per item, one sentence and a non-zero exit on failure."""

from __future__ import annotations

import json
import pathlib

import pytest
from click.testing import CliRunner

from crawlers.items import CONTRACT_KEYS, DOF_EXTRA_KEYS
from crawlers.parse_command import parse_command

DOF_KEYS = list(CONTRACT_KEYS + DOF_EXTRA_KEYS)


def run(*args: str, stdin: bytes | None = None):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(parse_command, list(args), input=stdin)


def lines(result) -> list[dict]:  # noqa: ANN001
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def assert_one_sentence_failure(result, code: int = 1) -> None:  # noqa: ANN001
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message and "\n" not in message and "Traceback" not in message


@pytest.fixture
def dof_dir(fixtures_dir: pathlib.Path) -> pathlib.Path:
    return fixtures_dir / "dof"


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("index_2025-03-14_MAT.html", 9),
        ("index_2025-03-14_VES.html", 2),
        ("index_2025-03-14_EXT.html", 1),
        ("index_2025-03-16_EMPTY.html", 0),
        ("index_truncated.html", 3),
        ("docFuente_5912301.html", 1),
        ("nota_detalle_5912301.html", 1),
        ("nota_detalle_epoch.html", 0),
        ("sidof_nota_shell_5912301.html", 1),
        ("sidof_notas_14-03-2025.json", 5),
        ("sidof_notas_16-03-2025.json", 0),
        ("sidof_nota_5912301.json", 1),
        ("ws_getdiariofull_2013-07-31.json", 5),
    ],
)
def test_fixture_without_url(dof_dir: pathlib.Path, name: str, count: int) -> None:
    result = run("dof_daily", str(dof_dir / name))
    assert result.exit_code == 0, result.stderr
    items = lines(result)
    assert len(items) == count
    for item in items:
        assert list(item) == DOF_KEYS
        assert item["source"] == "dof_daily" and item["external_id"].isdigit()
        assert item["language"] == "es"


def test_output_is_utf8_json_lines(dof_dir: pathlib.Path) -> None:
    result = run("dof_daily", str(dof_dir / "index_2025-03-14_VES.html"))
    assert "Juárez" in result.stdout  # ensure_ascii=False
    assert lines(result)[1]["agency"] == "AGENCIA NACIONAL DE ADUANAS DE MEXICO"
    assert lines(result)[0]["published_on"] == "2025-03-14"


def test_url_and_date_options(dof_dir: pathlib.Path) -> None:
    path = str(dof_dir / "index_2025-03-14_MAT.html")
    url = "https://dof.gob.mx/index.php?year=2025&month=03&day=14&edicion=MAT"
    ok = run("dof_daily", path, "--url", url, "--date", "2025-03-14")
    assert ok.exit_code == 0 and len(lines(ok)) == 9
    assert_one_sentence_failure(run("dof_daily", path, "--date", "2025-03-13"))
    assert "2025-03-13" in run("dof_daily", path, "--date", "2025-03-13").stderr


def test_stdin_is_read_with_a_dash(dof_dir: pathlib.Path) -> None:
    body = (dof_dir / "index_2025-03-14_EXT.html").read_bytes()
    result = run("dof_daily", "-", stdin=body)
    assert result.exit_code == 0 and lines(result)[0]["edition"] == "EXT"


def test_failures_exit_1_with_one_sentence(dof_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    assert_one_sentence_failure(run("dof_daily", str(dof_dir / "interstitial.html")))
    assert_one_sentence_failure(run("dof_daily", str(dof_dir / "sidof_bad_request.json")))
    assert_one_sentence_failure(run("dof_daily", str(tmp_path / "missing.html")))
    assert_one_sentence_failure(run("dof_daily", str(tmp_path)))
    assert_one_sentence_failure(run("no_such_source", str(dof_dir / "interstitial.html")))
    assert "dof_daily" in run("no_such_source", str(tmp_path)).stderr
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert_one_sentence_failure(run("dof_daily", str(empty)))
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 4)
    assert_one_sentence_failure(run("dof_daily", str(garbage)))


def test_usage_errors_exit_2(dof_dir: pathlib.Path) -> None:
    path = str(dof_dir / "index_2025-03-14_MAT.html")
    assert run("dof_daily", path, "--date", "14/03/2025").exit_code == 2
    assert run("dof_daily").exit_code == 2
    assert run().exit_code == 2


def test_help_text() -> None:
    result = run("--help")
    assert result.exit_code == 0 and "--url" in result.stdout and "--date" in result.stdout


# --- reference captures -----------------------------------------------------------------

REFERENCE_COUNTS = {
    "sarcom2_dof-scraper/index_2026-07-31_VES.html": 4,
    "sarcom2_dof-scraper/index_2026-07-26_EMPTY.html": 0,
    "sarcom2_dof-scraper/docFuente_5788395.html": 1,
    "sarcom2_dof-scraper/nota_5788395.html": 1,
    "tradelogic/index_111_sample.html": 5,
    "tradelogic/nota_detalle_sample.html": 1,
    "emirhg_nmx/WS_getDiarioFull_2014-01-24.json": 94,
    "pages_corpus_text/nota_4880755_1998-06-01_maquiladora_decree.txt": 1,
}


@pytest.mark.reference
@pytest.mark.parametrize(("name", "count"), sorted(REFERENCE_COUNTS.items()))
def test_reference_captures_without_url(reference_dir: pathlib.Path, name: str, count: int) -> None:
    result = run("dof_daily", str(reference_dir / "dof" / name))
    assert result.exit_code == 0, result.stderr
    items = lines(result)
    assert len(items) == count
    assert all(list(item) == DOF_KEYS for item in items)


@pytest.mark.reference
def test_reference_ves_fields_through_the_command(reference_dir: pathlib.Path) -> None:
    path = reference_dir / "dof/sarcom2_dof-scraper/index_2026-07-31_VES.html"
    items = lines(run("dof_daily", str(path)))
    assert [i["external_id"] for i in items] == ["5795217", "5795218", "5795219", "5795221"]
    assert {(i["edition"], i["section"], i["published_on"]) for i in items} == {
        ("VES", "UNICA", "2026-07-31")
    }
    assert items[3]["agency"] == "INSTITUTO MEXICANO DEL SEGURO SOCIAL"
    assert items[0]["url"] == "https://dof.gob.mx/nota_detalle.php?codigo=5795217&fecha=31/07/2026"


@pytest.mark.reference
def test_reference_detail_sample_takes_code_from_url(reference_dir: pathlib.Path) -> None:
    path = reference_dir / "dof/tradelogic/nota_detalle_sample.html"
    url = "https://dof.gob.mx/nota_detalle.php?codigo=5795797&fecha=07/08/2026"
    (item,) = lines(run("dof_daily", str(path), "--url", url))
    assert (item["external_id"], item["published_on"], item["doc_type"]) == (
        "5795797",
        "2026-08-07",
        "acuerdo",
    )


@pytest.mark.reference
def test_reference_robots_file_is_refused(reference_dir: pathlib.Path) -> None:
    path = reference_dir / "dof/sarcom2_dof-scraper/robots_dof.gob.mx.txt"
    assert_one_sentence_failure(run("dof_daily", str(path)))
