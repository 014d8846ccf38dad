"""The public API: load_model and Classifier.classify on Spanish and English items."""

from __future__ import annotations

import time

import pytest

from classifier import LABELS, model
from classifier.errors import BadInputError, ModelNotFoundError

ITEMS = [
    {
        "text": "DECRETO por el que se reforman diversas disposiciones de la Ley Aduanera.",
        "lang": "es",
        "source": "dof",
        "agency": "PODER EJECUTIVO",
    },
    {
        "text": "RESOLUCIÓN que fija los salarios mínimos generales y profesionales vigentes a partir "
        "del 1 de enero de 2031.",
        "lang": "es",
        "source": "dof",
    },
    {
        "text": "Valves From Atlantis: Preliminary Affirmative Countervailing Duty Determination. "
        "The Department of Commerce preliminarily determines that countervailable subsidies "
        "are being provided.",
        "lang": "en",
        "source": "federal_register_other",
    },
    {
        "text": "Safety Zone; Fireworks Display, Lake Erie. The Coast Guard is establishing a "
        "temporary safety zone.",
        "lang": "en",
        "source": "federal_register_other",
    },
    {"text": "Resolución Miscelánea Fiscal para 2031 y sus Anexos 1, 1-A y 3."},
    {"text": "AVISO por el que se dan a conocer los programas IMMEX cancelados.", "lang": "es"},
]
EXPECTED = [["customs"], ["labor"], ["customs"], [], ["tax"], ["immex"]]


def test_predictions_in_order_with_every_key(shipped):
    preds = shipped.classify(ITEMS)
    assert [p.labels for p in preds] == EXPECTED
    for pred in preds:
        assert set(pred.scores) == set(LABELS)
        assert all(0.0 <= s <= 1.0 for s in pred.scores.values())
        assert pred.model_version == shipped.model_version
        assert pred.model_version.startswith("topics-")


def test_labels_are_those_above_threshold(shipped):
    for pred in shipped.classify(ITEMS):
        expected = [lab for lab in LABELS if pred.scores[lab] >= shipped.config.thresholds[lab]]
        assert pred.labels == expected


def test_multilabel_immex_with_customs(shipped):
    [pred] = shipped.classify(
        [
            {
                "text": "DECRETO por el que se reforma el diverso para el Fomento "
                "de la Industria Manufacturera, Maquiladora y de Servicios "
                "de Exportación.",
                "lang": "es",
            }
        ]
    )
    assert set(pred.labels) == {"customs", "immex"}
    assert pred.flag_reason  # a high-impact instrument goes to staff


def test_empty_input_and_empty_text(shipped):
    assert shipped.classify([]) == []
    [pred] = shipped.classify([{"text": ""}])
    assert pred.labels == []


def test_huge_text_is_cut_not_choked_on(shipped):
    text = "Ley Aduanera. " + "palabra " * 200_000
    start = time.perf_counter()
    [pred] = shipped.classify([{"text": text, "lang": "es"}])
    assert time.perf_counter() - start < 5
    assert pred.labels == ["customs"]


def test_many_items_keep_their_order(shipped):
    items = ITEMS * 300
    preds = shipped.classify(items)
    assert [p.labels for p in preds] == EXPECTED * 300


def test_non_dict_item_is_refused(shipped):
    with pytest.raises(BadInputError):
        shipped.classify(["not a dict"])  # type: ignore[list-item]


def test_load_model_is_cached_and_fast(shipped):
    assert model.load_model() is shipped
    model._CACHE.clear()
    start = time.perf_counter()
    fresh = model.load_model()
    assert time.perf_counter() - start < 3  # < 1 s on an idle machine; see bench
    assert fresh.model_version == shipped.model_version


def test_missing_model_directory(tmp_path):
    with pytest.raises(ModelNotFoundError, match="regwatch train"):
        model.load_model(tmp_path / "nowhere")
