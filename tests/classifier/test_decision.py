"""The decision step: combining signals, per-label thresholds and flagging."""

from __future__ import annotations

from classifier import LABELS
from classifier.decision import DecisionConfig, combine, decide

ZERO = dict.fromkeys(LABELS, 0.0)


def config(**kw) -> DecisionConfig:
    cfg = DecisionConfig(
        bias=dict.fromkeys(LABELS, 0.0), textcat_weight=1.0, unsupported_weight=1.0
    )
    for key, value in kw.items():
        setattr(cfg, key, value)
    return cfg


def test_strong_pattern_beats_unsure_textcat():
    scores = combine(dict.fromkeys(LABELS, 0.5), {**ZERO, "tax": 6.0}, config())
    assert scores["tax"] > 0.99 and scores["labor"] == 0.5


def test_textcat_logit_is_clipped_so_a_veto_wins():
    scores = combine(dict.fromkeys(LABELS, 0.999999), {**ZERO, "labor": -12.0}, config())
    assert scores["labor"] < 0.001


def test_per_label_threshold_is_applied():
    textcat = {**ZERO, "customs": 0.7, "tax": 0.7}
    cfg = config(
        thresholds={"customs": 0.6, "labor": 0.5, "tax": 0.8, "immex": 0.5}, uncertain_band=0.0
    )
    assert decide(textcat, ZERO, [], cfg).labels == ["customs"]


def test_uncertain_band_sets_flag_reason():
    result = decide({**ZERO, "tax": 0.55}, ZERO, [], config())
    assert result.flag_reason == "uncertain score for tax"


def test_high_impact_pattern_flags_confident_positive():
    result = decide(
        {**ZERO},
        {**dict.fromkeys(LABELS, -12.0), "labor": 6.0},
        ["ley federal del trabajo"],
        config(),
    )
    assert result.labels == ["labor"]
    assert result.flag_reason == "high-impact pattern: ley federal del trabajo"


def test_confident_negative_is_not_flagged():
    result = decide(ZERO, dict.fromkeys(LABELS, -12.0), [], config())
    assert result.labels == [] and result.flag_reason is None


def test_textcat_alone_cannot_assign_a_topic_with_shipped_defaults():
    cfg = DecisionConfig()
    alone = decide({**ZERO, "customs": 0.999}, ZERO, [], cfg)
    assert alone.labels == [] and alone.flag_reason == "uncertain score for customs"
    helped = decide({**ZERO, "customs": 0.999}, {**ZERO, "customs": 1.5}, [], cfg)
    assert helped.labels == ["customs"]


def test_config_round_trips_through_meta():
    cfg = DecisionConfig.from_dict({"thresholds": {"customs": 0.4}, "unknown": 1})
    assert cfg.thresholds == {"customs": 0.4}
    assert DecisionConfig.from_dict(cfg.to_dict()) == cfg
