"""Fixtures for the classifier tests: the shipped model and a tiny invented corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.model import Classifier, load_model


@pytest.fixture(scope="session")
def shipped() -> Classifier:
    """The committed model, loaded once for the whole run."""
    return load_model()


TINY = [
    ("DECRETO por el que se reforma la Ley Aduanera.", "es", ["customs"]),
    ("Resolución Miscelánea Fiscal para 2031 y sus Anexos 1 y 3.", "es", ["tax"]),
    ("NORMA Oficial Mexicana NOM-999-STPS-2031, Ruido en los centros de trabajo.", "es", ["labor"]),
    ("AVISO de programas IMMEX suspendidos en 2031.", "es", ["immex"]),
    ("TIPO de cambio para solventar obligaciones en moneda extranjera.", "es", []),
    ("Widgets From Atlantis: Antidumping Duty Order.", "en", ["customs"]),
    ("Safety Zone; Regatta on the River.", "en", []),
    ("Sunshine Act Meetings.", "en", []),
]


@pytest.fixture()
def tiny_corpus(tmp_path: Path) -> Path:
    """A few invented labelled lines, repeated with variations so every label has support."""
    path = tmp_path / "tiny.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(4):
            for text, lang, labels in TINY:
                record = {"text": f"{text} ({i})", "lang": lang, "labels": labels}
                fh.write(json.dumps(record) + "\n")
    return path
