"""Training on a tiny corpus, evaluation metrics and model comparison."""

from __future__ import annotations

import json

import pytest

from classifier.errors import CorpusError
from classifier.evaluate import compare, evaluate, score_labels
from classifier.model import load_model
from classifier.train import train


def test_tiny_training_run_writes_a_loadable_versioned_model(tmp_path, tiny_corpus):
    steps = []
    out = tmp_path / "model"
    metrics = train(
        [tiny_corpus], out, seed=3, epochs=3, progress=lambda i, n, msg: steps.append((i, n))
    )
    assert steps == [(1, 3), (2, 3), (3, 3)]
    assert (out / "meta.json").is_file() and (out / "metrics.json").is_file()
    meta = json.loads((out / "meta.json").read_text())
    assert meta["regwatch"]["model_version"] == metrics["model_version"]
    assert set(meta["regwatch"]["decision"]["thresholds"]) == {"customs", "labor", "tax", "immex"}
    clf = load_model(out)
    item = {"text": "DECRETO por el que se reforma la Ley Aduanera.", "lang": "es"}
    [pred] = clf.classify([item])
    assert pred.labels == ["customs"]


def test_training_is_deterministic_and_takes_extra_examples(tmp_path, tiny_corpus):
    a = train([tiny_corpus], tmp_path / "a", seed=1, epochs=2)
    b = train([tiny_corpus], tmp_path / "b", seed=1, epochs=2)
    assert a["model_version"] == b["model_version"]
    assert (tmp_path / "a" / "textcat_multilabel" / "model").read_bytes() == (
        tmp_path / "b" / "textcat_multilabel" / "model"
    ).read_bytes()
    extra = [{"text": "Aviso de staff", "labels": ["tax"]}]
    c = train([tiny_corpus], tmp_path / "c", seed=1, epochs=2, extra_examples=extra)
    assert c["model_version"] != a["model_version"] and c["examples"] == a["examples"] + 1


def test_bad_corpus_line_is_one_sentence(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x", "labels": ["shipping"]}\n')
    with pytest.raises(CorpusError, match="labels"):
        train([path], tmp_path / "m")


def test_score_labels_per_topic_micro_macro():
    m = score_labels([["customs"], ["tax"], []], [["customs"], ["customs"], ["tax"]])
    assert m["per_topic"]["customs"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
        "support": 2,
    }
    assert m["per_topic"]["tax"]["f1"] == 0.0
    assert m["macro_f1"] == round((0.6667 + 0.0) / 2, 4)
    assert m["micro_f1"] == 0.4


def test_evaluate_and_compare(shipped, tmp_path):
    path = tmp_path / "gold.jsonl"
    lines = [
        {
            "text": "DECRETO por el que se reforma la Ley Aduanera.",
            "lang": "es",
            "labels": ["customs"],
        },
        {"text": "Sunshine Act Meetings.", "lang": "en", "labels": []},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    metrics = evaluate(shipped, path)
    assert metrics["per_topic"]["customs"]["f1"] == 1.0 and metrics["docs_per_sec"] > 0
    rows = compare(metrics, metrics)
    assert ("macro F1", metrics["macro_f1"], metrics["macro_f1"]) in rows
