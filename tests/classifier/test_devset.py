"""Generalisation on real titles: the shared devset (noisy keyword labels, never trained on)."""

from __future__ import annotations

import pytest

from classifier.evaluate import evaluate

# Measured 0.965 micro / 0.953 macro (customs 0.951, labor 0.989, tax 0.983; immex 0.889 on
# 5 items, one a mislabelled "albergue" health NOM). Most remaining disagreements are devset
# noise against the guidelines (AD/CVD determinations and COAC notices labelled irrelevant,
# port EIS and WHTI notices labelled customs). Floors sit a little below. immex gets no
# floor here: five noisy items cannot measure it; tests/classifier/test_guidelines.py does.
MACRO_FLOOR = 0.93
MICRO_FLOOR = 0.95
TOPIC_FLOORS = {"customs": 0.93, "labor": 0.97, "tax": 0.95}


@pytest.mark.reference
def test_devset_f1_above_floor(shipped, reference_dir):
    metrics = evaluate(shipped, reference_dir / "labels" / "devset.jsonl")
    assert metrics["macro_f1"] >= MACRO_FLOOR, metrics
    assert metrics["micro_f1"] >= MICRO_FLOOR, metrics
    for topic, floor in TOPIC_FLOORS.items():
        assert metrics["per_topic"][topic]["f1"] >= floor, (topic, metrics["per_topic"][topic])
