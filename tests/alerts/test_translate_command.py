"""`regwatch translate`: the JSON-lines contract, against a fake LibreTranslate on loopback."""

from __future__ import annotations

import http.server
import json
import pathlib
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from alerts.translate_command import BadLine, read_records, translate_command
from cli import cli


class FakeLibreTranslate(http.server.BaseHTTPRequestHandler):
    """POST /translate: upper-cases each text (tokens too) and records what it was sent."""

    seen: list[dict] = []  # type: ignore[type-arg]

    def do_POST(self) -> None:  # noqa: N802 (the http.server API)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeLibreTranslate.seen.append(body)
        answer = json.dumps({"translatedText": [t.upper() for t in body["q"]]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def libretranslate() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeLibreTranslate)
    FakeLibreTranslate.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def http_env(monkeypatch, tmp_path: pathlib.Path, libretranslate: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REGWATCH_TRANSLATOR", "http")
    monkeypatch.setenv("REGWATCH_TRANSLATE_URL", libretranslate)
    monkeypatch.setenv("REGWATCH_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("REGWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")


def run(args: list[str], stdin: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(translate_command, args, input=stdin)


def test_lines_in_same_lines_out_with_translation(http_env) -> None:  # type: ignore[no-untyped-def]
    lines = [
        {"text": "AVISO del SAT sobre la Carta Porte", "id": 1},
        {"text": "Reglas Generales de Comercio Exterior para 2026", "id": 2, "extra": [1]},
        {"text": "el pedimento", "id": 3},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    result = run(["--from", "es", "--to", "en"], stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == [1, 2, 3]
    assert out[1] == {**lines[1], "translation": "General Foreign Trade Rules for 2026"}
    assert "Carta Porte" in out[0]["translation"] and "SAT" in out[0]["translation"]
    assert out[0]["translation"].startswith("NOTICE")
    sent = [q for body in FakeLibreTranslate.seen for q in body["q"]]
    assert all("Carta Porte" not in q for q in sent)  # protected before the engine


def test_english_to_spanish(http_env) -> None:  # type: ignore[no-untyped-def]
    stdin = json.dumps({"text": "CSMS # 65432100 - GUIDANCE: Section 232 Duties"}) + "\n"
    result = run(["--from", "en", "--to", "es"], stdin)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["translation"] == "CSMS # 65432100 - ORIENTACIÓN: Aranceles de la Sección 232"


def test_bad_json_line_names_the_line_and_writes_nothing(http_env) -> None:  # type: ignore[no-untyped-def]
    result = run(["--from", "es", "--to", "en"], '{"text": "hola"}\n\nnot json\n')
    assert result.exit_code == 1
    assert "Line 3 is not valid JSON" in result.output
    assert '"translation"' not in result.output


def test_line_without_text_is_refused(http_env) -> None:  # type: ignore[no-untyped-def]
    result = run(["--from", "es", "--to", "en"], '{"title": "hola"}\n')
    assert result.exit_code == 1 and 'Line 1 must be a JSON object with a "text" string' in (
        result.output
    )


def test_same_language_is_refused(http_env) -> None:  # type: ignore[no-untyped-def]
    result = run(["--from", "es", "--to", "es"], "")
    assert result.exit_code == 1 and "must be different" in result.output


def test_no_translator_says_why(monkeypatch, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REGWATCH_TRANSLATOR", "none")
    monkeypatch.setenv("REGWATCH_VAR_DIR", str(tmp_path))
    result = run(["--from", "es", "--to", "en"], '{"text": "hola"}\n')
    assert result.exit_code == 1 and "No translator is available" in result.output


def test_read_records_skips_blank_lines() -> None:
    assert [n for n, _ in read_records(['{"text": "a"}', "", '{"text": "b"}'])] == [1, 3]
    with pytest.raises(BadLine, match="Line 1"):
        list(read_records(["[1, 2]"]))


def test_help_is_listed() -> None:
    result = CliRunner().invoke(cli, ["translate", "--help"])
    assert result.exit_code == 0 and "--from" in result.output and "JSON lines" in result.output
