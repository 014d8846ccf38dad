"""Reading labelled JSON-lines files (training corpus, devsets, staff reviews)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from classifier import LABELS
from classifier.errors import CorpusError

DATA_DIR = Path(__file__).resolve().parent / "data"


def default_corpus_paths() -> list[Path]:
    """The committed training corpus files."""
    return sorted(DATA_DIR.glob("*.jsonl"))


def check_example(record: object, where: str) -> dict[str, object]:
    """Validate one labelled record; raise CorpusError with a one-sentence fix."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise CorpusError(f'{where}: each line must be a JSON object with a "text" string')
    labels = record.get("labels")
    if not isinstance(labels, list) or any(lab not in LABELS for lab in labels):
        raise CorpusError(f'{where}: "labels" must be a list drawn from {", ".join(LABELS)}')
    return record


def read_jsonl(path: str | Path) -> list[dict[str, object]]:
    """All labelled records of one file, blank lines skipped."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path} does not exist; pass a JSON-lines file of labelled items")
    records = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                raise CorpusError(
                    f"{path}:{number} is not valid JSON; fix or remove that line"
                ) from None
            records.append(check_example(record, f"{path}:{number}"))
    return records


def gold_labels(record: dict[str, object]) -> list[str]:
    """The labels of a record that `check_example` accepted (a list of label names)."""
    return list(cast(list[str], record["labels"]))


def read_corpus(paths: Iterable[str | Path]) -> list[dict[str, object]]:
    """Records of several files, in order."""
    return [rec for path in paths for rec in read_jsonl(path)]
