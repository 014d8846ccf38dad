"""Generalisation on real titles: the shared devset (noisy keyword labels, never trained on)."""

from __future__ import annotations

import pytest

from classifier.evaluate import evaluate

# Measured 0.918 macro / 0.953 micro (customs 0.936, labor 0.989, tax 0.948; immex 0.80 on
# 5 items, one a mislabelled "albergue" health NOM). Floors sit a little below. immex gets
# no floor here: five noisy items cannot measure it; tests/classifier/test_model.py does.
MACRO_FLOOR = 0.89
MICRO_FLOOR = 0.93
TOPIC_FLOORS = {"customs": 0.91, "labor": 0.96, "tax": 0.91}


@pytest.mark.reference
def test_devset_f1_above_floor(shipped, reference_dir):
    metrics = evaluate(shipped, reference_dir / "labels" / "devset.jsonl")
    assert metrics["macro_f1"] >= MACRO_FLOOR, metrics
    assert metrics["micro_f1"] >= MICRO_FLOOR, metrics
    for topic, floor in TOPIC_FLOORS.items():
        assert metrics["per_topic"][topic]["f1"] >= floor, (topic, metrics["per_topic"][topic])
