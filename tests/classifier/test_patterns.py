"""The pattern component and the text normalisation it relies on."""

from __future__ import annotations

import pytest

from classifier.normalize import agency_slug, feature_text, normalize_text
from classifier.pipeline import PATTERN_COMPONENT, combine_hits, detect_lang, make_docs


def evidence(shipped, text: str, lang: str = "es") -> dict[str, float]:
    comp = shipped.nlp.get_pipe(PATTERN_COMPONENT)
    doc = comp(next(make_docs(shipped.nlp, comp.tokenizers, [{"text": text, "lang": lang}])))
    return doc.user_data["rw_evidence"]


def test_normalize_strips_accents_case_and_spaces():
    assert normalize_text("  Previsión   SOCIAL\n") == "prevision social"
    assert normalize_text("Compañía “T-MEC”") == 'compania "t-mec"'


def test_agency_slug_uses_initials():
    assert agency_slug("SECRETARIA DEL TRABAJO Y PREVISION SOCIAL") == "stps"
    assert agency_slug(None) == "none"
    assert feature_text("x", "dof", "SECRETARIA DE ECONOMIA").endswith("zzsrcdof zzagse")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("DECRETO por el que se reforma la Ley Federal del Trabajo", "es"),
        ("the tariff schedule of the United States", "en"),
    ],
)
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("DECRETO por el que se reforma el artículo 36 de la Ley Aduanera.", "es", "customs"),
        ("NORMA Oficial Mexicana NOM-999-STPS-2031, Ruido.", "es", "labor"),
        ("NOM-032- STPS-2008, Seguridad para minas", "es", "labor"),
        ("Resolución Miscelánea Fiscal para 2031.", "es", "tax"),
        (
            "Decreto para el Fomento de la Industria Manufacturera, Maquiladora y de Servicios de "
            "Exportación",
            "es",
            "immex",
        ),
        (
            "Tercera Resolución de Modificaciones a las Reglas Generales de Comercio Exterior para 2031 "
            "y sus anexos 1, 22 y 24.",
            "es",
            "immex",
        ),
        (
            "Widgets From Atlantis: Final Results of Antidumping Duty Administrative Review",
            "en",
            "customs",
        ),
    ],
)
def test_instrument_gives_strong_evidence(shipped, text, lang, label):
    assert evidence(shipped, text, lang)[label] >= 6


def test_rgce_without_immex_annex_is_not_immex(shipped):
    ev = evidence(
        shipped,
        "Primera Resolución de Modificaciones a las Reglas Generales de "
        "Comercio Exterior para 2024 y sus anexos 1, 22 y 27.",
    )
    assert ev["customs"] >= 6 and ev["immex"] <= 0


def test_public_sector_social_security_is_not_labor_unless_bundled(shipped):
    issste = (
        "DECRETO por el que se reforma la Ley del Instituto de Seguridad y Servicios "
        "Sociales de los Trabajadores del Estado."
    )
    bundled = (
        "DECRETO por el que se reforman diversas disposiciones de la Ley del Seguro Social "
        "y de la Ley del Instituto de Seguridad y Servicios Sociales de los Trabajadores "
        "del Estado."
    )
    assert evidence(shipped, issste)["labor"] < 0 < evidence(shipped, bundled)["labor"]
    labels = [p.labels for p in shipped.classify([{"text": issste}, {"text": bundled}])]
    assert labels == [[], ["labor"]]


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        (
            "Agency Information Collection Activities: Electronic System for Travel Authorization (ESTA)",
            "en",
            "customs",
        ),
        (
            "CALENDARIO mensual de ingresos estimados en la Ley de Ingresos de la Federación",
            "es",
            "tax",
        ),
        ("TIPO de cambio para solventar obligaciones en moneda extranjera", "es", "customs"),
        ("Sin publicaciones en materia de Comercio Exterior.", "es", "customs"),
        ("BANCO NACIONAL DE COMERCIO EXTERIOR, S.N.C. - aviso", "es", "customs"),
    ],
)
def test_hard_negatives_veto(shipped, text, lang, label):
    assert evidence(shipped, text, lang)[label] < -5


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Atlantic Power LLC; Notice of Tariff Filing and Market-Based Rate Authorization", "en"),
        ("La ANAM asegura un cargamento de estupefacientes en la Aduana de Nogales", "es"),
    ],
)
def test_activity_and_energy_tariffs_are_not_customs(shipped, text, lang):
    [pred] = shipped.classify([{"text": text, "lang": lang}])
    assert "customs" not in pred.labels


def test_combine_hits_takes_strongest_plus_small_bonus_and_veto_wins():
    hits = [("tax", 3.0, "iva", False), ("tax", 6.0, "cff", True), ("tax", 1.5, "x", False)]
    assert combine_hits(hits)["tax"] == 7.5
    assert combine_hits(hits + [("*", -12.0, "calendario", False)])["tax"] == -4.5
