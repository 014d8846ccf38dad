"""The labelling guidelines, rule by rule, on invented items in the real sources' styles.

Each case names the guideline rule it checks. The wording is the project's own (invented
years, numbers and names); nothing here is copied from the reference captures or the devset.
"""

from __future__ import annotations

import pytest

SE = "SECRETARIA DE ECONOMIA"
SHCP = "SECRETARIA DE HACIENDA Y CREDITO PUBLICO"
STPS = "SECRETARIA DEL TRABAJO Y PREVISION SOCIAL"


def dof(text: str, agency: str | None = None) -> dict[str, str]:
    item = {"text": text, "lang": "es", "source": "dof"}
    if agency:
        item["agency"] = agency
    return item


def fr(text: str, source: str = "federal_register_other") -> dict[str, str]:
    return {"text": text, "lang": "en", "source": source}


CASES = [
    # immex is additive: customs when the instrument is a foreign-trade one
    (
        "IMMEX decree amendment",
        dof(
            "DECRETO por el que se reforman los artículos 4 y 24 del Decreto para el Fomento de la "
            "Industria Manufacturera, Maquiladora y de Servicios de Exportación.",
            SE,
        ),
        ["customs", "immex"],
    ),
    (
        "IMMEX decree with TIGIE and PROSEC",
        dof(
            "DECRETO por el que se modifican la Tarifa de la Ley de los Impuestos Generales de "
            "Importación y de Exportación, el Decreto IMMEX y el Decreto PROSEC, en materia de "
            "calzado.",
            SE,
        ),
        ["customs", "immex"],
    ),
    (
        "predecessor maquiladora decree",
        dof(
            "DECRETO que modifica al diverso para el fomento y operación de la industria maquiladora "
            "de exportación.",
            SE,
        ),
        ["customs", "immex"],
    ),
    (
        "SE list of suspended programmes is immex only",
        dof(
            "AVISO por el que se dan a conocer los titulares de Programas IMMEX suspendidos por no "
            "acreditar su domicilio en 2031.",
            SE,
        ),
        ["immex"],
    ),
    (
        "RGCE naming annex 24",
        dof(
            "QUINTA Resolución de Modificaciones a las Reglas Generales de Comercio Exterior para 2031 "
            "y sus Anexos 1-A, 22 y 24.",
            SHCP,
        ),
        ["customs", "immex"],
    ),
    (
        "RGCE naming annex 30",
        dof("Anexo 30 de las Reglas Generales de Comercio Exterior para 2031.", SHCP),
        ["customs", "immex"],
    ),
    (
        "generic RGCE amendment is customs only",
        dof(
            "SEGUNDA Resolución de Modificaciones a las Reglas Generales de Comercio Exterior para "
            "2031 y sus Anexos 1 y 22.",
            SHCP,
        ),
        ["customs"],
    ),
    (
        "RMF annex 24 is e-accounting, not IMMEX",
        dof("Anexo 24 de la Resolución Miscelánea Fiscal para 2031.", SHCP),
        ["tax"],
    ),
    (
        "maquila tax instrument",
        dof(
            "DECRETO por el que se otorga un estímulo fiscal en materia del impuesto sobre la renta a "
            "las empresas maquiladoras de la región fronteriza.",
            SHCP,
        ),
        ["immex", "tax"],
    ),
    (
        "IVA/IEPS credit on temporary imports",
        dof(
            "RESOLUCIÓN sobre el crédito fiscal del IVA e IEPS en importaciones temporales de empresas "
            "certificadas.",
            SHCP,
        ),
        ["immex", "tax"],
    ),
    (
        "IVA/IEPS certification alone",
        {
            "text": "SAT amplía el plazo para renovar la certificación en materia de IVA e IEPS.",
            "lang": "es",
            "source": "sat",
        },
        ["immex"],
    ),
    (
        "PROSEC alone is not immex",
        dof(
            "DECRETO por el que se modifica el diverso por el que se establecen diversos Programas de "
            "Promoción Sectorial.",
            SE,
        ),
        ["customs"],
    ),
    (
        "albergue outside IMMEX",
        dof(
            "NORMA Oficial Mexicana NOM-777-SSA3-2031, Prestación de servicios en albergues para "
            "personas adultas mayores."
        ),
        [],
    ),
    (
        "toll manufacturing is not IMMEX",
        dof(
            "PROYECTO de Norma Oficial Mexicana PROY-NOM-777-FITO-2031, requisitos para la "
            "formulación por maquila de plaguicidas agrícolas."
        ),
        [],
    ),
    # customs
    (
        "trade remedy",
        dof(
            "RESOLUCIÓN final del examen de vigencia de la cuota compensatoria impuesta a las "
            "importaciones de cable de acero originarias de Atlantis.",
            SE,
        ),
        ["customs"],
    ),
    (
        "tariff-rate quota",
        dof(
            "ACUERDO por el que se da a conocer el contingente arancelario para importar frijol en "
            "2031.",
            SE,
        ),
        ["customs"],
    ),
    (
        "NOM applied at the point of entry",
        dof(
            "NORMA Oficial Mexicana NOM-777-FITO-2031, requisitos fitosanitarios para la importación "
            "de semilla de papa."
        ),
        ["customs"],
    ),
    (
        "labelling NOM without importation",
        dof(
            "NORMA Oficial Mexicana NOM-777-SCFI-2031, Información comercial-Etiquetado de juguetes.",
            SE,
        ),
        [],
    ),
    (
        "Banxico reference rate",
        dof(
            "TIPO de cambio para solventar obligaciones denominadas en moneda extranjera.",
            "BANCO DE MEXICO",
        ),
        [],
    ),
    (
        "CSMS on reciprocal tariffs",
        {
            "text": "CSMS # 69000001 - GUIDANCE: Reciprocal Tariff "
            "Chapter 99 Headings for Goods of Atlantis"
        },
        ["customs"],
    ),
    (
        "IRS interest on overdue customs duties",
        fr(
            "Quarterly IRS Interest Rates Used in Calculating Interest on Overdue Accounts and Refunds "
            "on Customs Duties. CBP announces the rates for the quarter.",
            "federal_register_cbp",
        ),
        ["customs"],
    ),
    (
        "excise tax collected on imports",
        fr(
            "Deferral of Federal Excise Tax on Imported Cider. CBP amends the procedures for the "
            "excise taxes collected at entry on imported merchandise.",
            "federal_register_cbp",
        ),
        ["customs", "tax"],
    ),
    (
        "traveller processing is not customs",
        fr(
            "Electronic System for Travel Authorization (ESTA) Fee. DHS adjusts the fee.",
            "federal_register_cbp",
        ),
        [],
    ),
    (
        "port infrastructure EIS is not customs",
        fr(
            "Notice of Availability of a Draft Environmental Impact Statement for the Modernization "
            "of the Atlantis Land Port of Entry.",
            "federal_register_cbp",
        ),
        [],
    ),
    (
        "IRS form about a nonresident alien is still tax",
        fr(
            "Comment Request for Form 9999. The Internal Revenue Service invites comments on a form "
            "for refunds of social security tax withheld from a nonresident alien student."
        ),
        ["tax"],
    ),
    # tax
    (
        "tax law bundled with commercial law",
        dof(
            "DECRETO por el que se reforman diversas disposiciones de la Ley General de Sociedades "
            "Mercantiles y de la Ley Federal de Derechos.",
            "PODER EJECUTIVO",
        ),
        ["tax"],
    ),
    (
        "tax law bundled with budget law",
        dof(
            "DECRETO por el que se reforman la Ley de Coordinación Fiscal y la Ley Federal de "
            "Presupuesto y Responsabilidad Hacendaria.",
            "PODER EJECUTIVO",
        ),
        ["tax"],
    ),
    (
        "budget law alone",
        dof("DECRETO por el que se reforma la Ley General de Deuda Pública.", "PODER EJECUTIVO"),
        [],
    ),
    (
        "budget calendar",
        dof(
            "ACUERDO por el que se da a conocer el calendario de presupuesto "
            "autorizado a la Secretaría de Economía para 2031.",
            SHCP,
        ),
        [],
    ),
    # labor
    (
        "UMA is labor and tax",
        dof(
            "VALOR de la Unidad de Medida y Actualización vigente a partir del 1 de febrero de 2031.",
            "INSTITUTO NACIONAL DE ESTADISTICA Y GEOGRAFIA",
        ),
        ["labor", "tax"],
    ),
    (
        "IMSS contributions",
        dof(
            "ACUERDO del H. Consejo Técnico relativo al pago de cuotas obrero patronales en "
            "parcialidades.",
            "INSTITUTO MEXICANO DEL SEGURO SOCIAL",
        ),
        ["labor"],
    ),
    (
        "public-sector social security is not labor",
        dof(
            "DECRETO por el que se reforma la Ley del Instituto de Seguridad y Servicios Sociales de "
            "los Trabajadores del Estado.",
            "PODER EJECUTIVO",
        ),
        [],
    ),
    (
        "IMSS internal designation",
        dof(
            "AVISO por el que se designa al servidor público que suplirá las ausencias del titular de "
            "la oficina de Atlantis.",
            "INSTITUTO MEXICANO DEL SEGURO SOCIAL",
        ),
        [],
    ),
    (
        "tourism NOM hygiene is not labor",
        dof(
            "NORMA Oficial Mexicana NOM-77-TUR-2031, requisitos de seguridad e higiene para "
            "prestadores de servicios turísticos de campismo."
        ),
        [],
    ),
    (
        "agency press activity",
        dof("La titular de la STPS se reúne con representantes de cámaras empresariales.", STPS),
        [],
    ),
]


@pytest.mark.parametrize("rule, item, expected", CASES, ids=[c[0] for c in CASES])
def test_guideline_rule(shipped, rule, item, expected):
    [pred] = shipped.classify([item])
    assert sorted(pred.labels) == sorted(expected), (rule, pred.scores)


def test_language_guessed_from_us_source_on_short_titles(shipped):
    [pred] = shipped.classify(
        [{"text": "Drawback; Modernized Drawback Provisions", "source": "federal_register_cbp"}]
    )
    assert pred.labels == ["customs"]
