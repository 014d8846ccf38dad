"""The decision step: textcat probabilities plus pattern evidence, against per-label thresholds.

Both signals are combined in logit space. The textcat logit is clipped so that a model
trained on the project's own corpus can never outvote a guideline veto, and a strong
instrument pattern can lift a topic the statistical model has not seen phrased that way.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from classifier import LABELS


@dataclass
class DecisionConfig:
    """Parameters stored in the model's meta (`meta.json` -> "regwatch")."""

    thresholds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(LABELS, 0.5))
    uncertain_band: float = 0.15
    textcat_weight: float = 0.8
    # Weight of the textcat where no pattern supports the label. Below bias/clip (0.5) it
    # can never assign a topic alone, only land in the uncertain band and be flagged: on
    # real notices the BOW model was confidently wrong about unfamiliar long abstracts.
    unsupported_weight: float = 0.45
    textcat_clip: float = 3.0
    # A negative prior: the textcat alone must be confident (p > 0.82) to assign a topic,
    # because most real notices are irrelevant and use words the corpus never showed it.
    bias: dict[str, float] = field(default_factory=lambda: dict.fromkeys(LABELS, -1.5))

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready copy."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> DecisionConfig:
        """Build from stored meta, falling back to defaults for missing keys."""
        base = cls()
        for key, value in (data or {}).items():
            if hasattr(base, key):
                setattr(base, key, value)
        return base


@dataclass
class Decision:
    """Labels, calibrated scores and the reason to show the item to staff, if any."""

    labels: list[str]
    scores: dict[str, float]
    flag_reason: str | None


def logit(p: float) -> float:
    """Inverse sigmoid, safe at 0 and 1."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def sigmoid(z: float) -> float:
    """Logistic function."""
    return 1.0 / (1.0 + math.exp(-z))


def combine(
    textcat: dict[str, float], evidence: dict[str, float], config: DecisionConfig
) -> dict[str, float]:
    """Final probability per label from the two signals."""
    clip = config.textcat_clip
    scores = {}
    for label in LABELS:
        ev = evidence.get(label, 0.0)
        weight = config.textcat_weight if ev > 0 else config.unsupported_weight
        z = max(-clip, min(clip, logit(textcat.get(label, 0.0)))) * weight
        z += ev + config.bias.get(label, 0.0)
        scores[label] = round(1.0 / (1.0 + math.exp(-z)), 4)
    return scores


def decide(
    textcat: dict[str, float],
    evidence: dict[str, float],
    high_impact: list[str],
    config: DecisionConfig,
) -> Decision:
    """Apply thresholds; flag uncertain scores and high-impact patterns for staff review."""
    scores = combine(textcat, evidence, config)
    labels, uncertain = [], []
    for lab in LABELS:
        margin = scores[lab] - config.thresholds.get(lab, 0.5)
        if margin >= 0:
            labels.append(lab)
        if abs(margin) < config.uncertain_band:
            uncertain.append(lab)
    reason = None
    if uncertain:
        reason = "uncertain score for " + ", ".join(uncertain)
    elif high_impact and labels:
        reason = "high-impact pattern: " + ", ".join(sorted(set(high_impact))[:3])
    return Decision(labels, scores, reason)
