"""The click commands: classify (the grading contract), eval and train."""

from __future__ import annotations

import json

from click.testing import CliRunner

from classifier import commands
from classifier.commands import classify_command, eval_command, train_command

LINES = [
    {"text": "DECRETO por el que se reforma la Ley Federal del Trabajo.", "lang": "es", "id": 1},
    {"text": "Sunshine Act Meetings.", "lang": "en", "id": 2, "labels": ["stale"]},
    {
        "text": "CSMS # 31-000001 - Section 232 duties on steel derivatives",
        "source": "cbp_csms",
        "id": 3,
    },
]


def run_classify(stdin: str, *args: str):
    return CliRunner().invoke(classify_command, list(args), input=stdin)


def test_classify_stdin_round_trips_objects_in_order():
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in LINES) + "\n"
    result = run_classify(stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == [1, 2, 3]
    assert [o["labels"] for o in out] == [["labor"], [], ["customs"]]
    assert all(set(o["scores"]) == {"customs", "labor", "tax", "immex"} for o in out)
    assert out[0]["text"] == LINES[0]["text"] and out[0]["lang"] == "es"


def test_classify_reads_a_file_and_skips_blank_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n" + json.dumps(LINES[0]) + "\n\n   \n", encoding="utf-8")
    result = run_classify("", str(path))
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 1


def test_classify_empty_input_writes_nothing():
    result = run_classify("")
    assert result.exit_code == 0 and result.output == ""


def test_classify_bad_json_is_one_sentence_and_nonzero():
    result = run_classify(json.dumps(LINES[0]) + "\n{not json\n")
    assert result.exit_code == 2
    assert result.output.strip() == "line 2 is not valid JSON; fix it or remove it"


def test_classify_missing_text_is_refused():
    result = run_classify('{"title": "x"}\n')
    assert result.exit_code == 2 and "line 1" in result.output and "Traceback" not in result.output


def test_eval_prints_metrics_and_comparison(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({**LINES[0], "labels": ["labor"]}) + "\n")
    model_dir = str(commands.MODELS_DIR.parent / "model")
    result = CliRunner().invoke(eval_command, [str(path), "--compare", model_dir])
    assert result.exit_code == 0, result.output
    assert "macro F1" in result.output and "->" in result.output
    as_json = CliRunner().invoke(eval_command, [str(path), "--json"])
    assert json.loads(as_json.output)["current"]["per_topic"]["labor"]["f1"] == 1.0


def test_eval_missing_file_is_one_sentence(tmp_path):
    result = CliRunner().invoke(eval_command, [str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_train_command_writes_model(tmp_path, tiny_corpus):
    out = tmp_path / "m"
    result = CliRunner().invoke(
        train_command, ["--corpus", str(tiny_corpus), "--out", str(out), "--seed", "2"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[-1])["model_dir"] == str(out)


def test_train_with_reviews_uses_the_hook(tmp_path, tiny_corpus):
    commands.set_review_source(lambda: [{"text": "Corrección de staff", "labels": ["tax"]}])
    try:
        result = CliRunner().invoke(
            train_command,
            ["--corpus", str(tiny_corpus), "--out", str(tmp_path / "m"), "--with-reviews"],
        )
    finally:
        commands.set_review_source(None)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[-1])["examples"] == 33


def test_train_with_reviews_without_hook_fails_clearly(tmp_path, tiny_corpus):
    result = CliRunner().invoke(
        train_command,
        ["--corpus", str(tiny_corpus), "--out", str(tmp_path / "m"), "--with-reviews"],
    )
    assert result.exit_code == 2 and "review store" in result.output
