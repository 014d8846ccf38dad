"""Title shapes: each formula of DOF, SAT, CBP and Federal Register titles, both directions.

The engine here is an echo, so what the rules and the glossary wrote is exactly what comes
out; the free text between them stays in the source language.
"""

from __future__ import annotations

import pytest

from alerts import post_edit, title_rules
from alerts.translate import GlossaryTranslator, load_glossary


class Echo:
    """An engine that returns its input."""

    name = "echo"

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        return list(texts)


def es_en(text: str) -> str:
    return GlossaryTranslator(Echo(), load_glossary()).translate([text], "es", "en")[0]


def en_es(text: str) -> str:
    return GlossaryTranslator(Echo(), load_glossary()).translate([text], "en", "es")[0]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "DECRETO por el que se reforman, adicionan y derogan diversas disposiciones de la "
            "Ley Aduanera.",
            "DECREE amending, adding and repealing various provisions of la Customs Law.",
        ),
        (
            "ACUERDO por el que se dan a conocer los plazos",
            "AGREEMENT announcing los plazos",
        ),
        ("ACUERDO mediante el cual se establece", "AGREEMENT establishing"),
        ("Acuerdo por el que se modifica el diverso", "Agreement amending el diverso"),
        ("AVISO por el que se informa", "NOTICE reporting"),
        ("RESOLUCIÓN que modifica las reglas", "RESOLUTION amending las reglas"),
        ("LINEAMIENTOS para la operación", "GUIDELINES para la operación"),
        ("NOTA aclaratoria al Acuerdo", "CLARIFYING NOTE al Acuerdo"),
        ("ACLARACIÓN a la Resolución", "CLARIFICATION a la Resolución"),
        ("EXTRACTO del acuerdo", "EXCERPT del acuerdo"),
        ("SENTENCIA dictada", "JUDGMENT dictada"),
        ("CONVENIO de Coordinación que celebran", "COORDINATION AGREEMENT entered into by"),
    ],
)
def test_dof_heads_and_clauses(source: str, expected: str) -> None:
    assert es_en(source) == expected


def test_clause_inside_a_title_becomes_a_gerund() -> None:
    out = es_en("el Decreto por el que se establecen diversos Programas")
    assert out == "el Decreto establishing diversos Programas"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Tercera Resolución de Modificaciones a las Reglas Generales de Comercio Exterior "
            "para 2025 y sus anexos 1, 1-A y 22",
            "Third Resolution of Amendments to the General Foreign Trade Rules for 2025 "
            "and its Annexes 1, 1-A and 22",
        ),
        (
            "Primera Resolución de Modificaciones a la Resolución Miscelánea Fiscal para 2026 "
            "y su anexo 1-A",
            "First Resolution of Amendments to the Miscellaneous Tax Resolution for 2026 "
            "and its Annex 1-A",
        ),
    ],
)
def test_ordinal_resolutions_of_amendments(source: str, expected: str) -> None:
    assert es_en(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("publicado el 5 de marzo de 2025", "published on March 5, 2025"),
        ("publicada el 1o. de enero de 2026", "published on January 1, 2026"),
        ("vigentes a partir del 1 de enero de 2026", "vigentes from January 1, 2026"),
        ("del 15 de enero de 2026", "of January 15, 2026"),
        ("Revisión en julio de 2026", "Revisión en July 2026"),
        ("para el Ejercicio Fiscal de 2026", "for Fiscal Year 2026"),
    ],
)
def test_spanish_dates(source: str, expected: str) -> None:
    assert es_en(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Reforma: el artículo 28", "Reforma: Article 28"),
        ("Reforma: los artículos 14 y 36", "Reforma: Articles 14 and 36"),
        ("Reforma: los artículos 2o. y 3o.", "Reforma: Articles 2 and 3"),
        ("Reforma: un artículo 59 Bis", "Reforma: an Article 59 Bis"),
        ("Reforma: del artículo 69-B", "Reforma: of Article 69-B"),
        ("Reforma: la fracción III", "Reforma: section III"),
        ("Reforma: el párrafo tercero", "Reforma: the third paragraph"),
        ("Reforma: un segundo párrafo", "Reforma: a second paragraph"),
        ("Reforma: en materia de salario mínimo", "Reforma: regarding minimum wage"),
    ],
)
def test_articles_sections_and_paragraphs(source: str, expected: str) -> None:
    assert es_en(source) == expected


def test_mexican_standard_heads_keep_the_code() -> None:
    out = es_en("NORMA Oficial Mexicana NOM-035-STPS-2018, Factores de riesgo")
    assert out.startswith("Official Mexican Standard NOM-035-STPS-2018, ")
    out = es_en("PROYECTO de Norma Oficial Mexicana PROY-NOM-004-STPS-2025, Maquinaria")
    assert out.startswith("DRAFT Official Mexican Standard PROY-NOM-004-STPS-2025")
    out = es_en("Respuesta a los comentarios recibidos respecto del Proyecto")
    assert out.startswith("Response to comments received on")


def test_fixed_dof_daily_titles() -> None:
    assert es_en("TASAS de interés interbancarias de equilibrio.") == (
        "INTERBANK EQUILIBRIUM interest rates."
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("CSMS # 65432100 - GUIDANCE: x", "CSMS # 65432100 - ORIENTACIÓN: x"),
        ("CSMS # 65500123 - UPDATE: x", "CSMS # 65500123 - ACTUALIZACIÓN: x"),
        ("CSMS # 65701234 - Reminder: x", "CSMS # 65701234 - Recordatorio: x"),
        ("CSMS # 64012345 - ACE Deployment: x", "CSMS # 64012345 - Implementación de ACE: x"),
        ("Section 232 Duties", "Aranceles de la Sección 232"),
        ("Chapter 99", "Capítulo 99"),
        ("X; Final rule", "X; regla final"),
        ("X; Interim final rule", "X; regla final provisional"),
        ("X; Notice of proposed rulemaking", "X; aviso de propuesta de reglamentación"),
        ("X; Correction", "X; corrección"),
        ("X; Notice", "X; aviso"),
        ("X; Correction.", "X; corrección."),
    ],
)
def test_cbp_and_federal_register_shapes(source: str, expected: str) -> None:
    assert en_es(source) == expected


def test_commercial_gauger_accreditation_keeps_the_company() -> None:
    out = en_es(
        "Accreditation and Approval of Intertek USA, Inc. (Laredo, TX) as a Commercial "
        "Gauger and Laboratory"
    )
    assert out == (
        "Acreditación y aprobación de Intertek USA, Inc. (Laredo, TX) como aforador "
        "comercial y laboratorio"
    )


def test_information_collection_head() -> None:
    out = en_es("Agency Information Collection Activities: Extension; Customs Bond")
    assert out.startswith("Actividades de recopilación de información de la agencia: Prórroga;")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("through August 31, 2026", "hasta el 31 de agosto de 2026"),
        ("on May 1, 2026", "el 1 de mayo de 2026"),
        ("Saturday, March 14, 2026", "Sábado 14 de marzo de 2026"),
        ("Examen in October 2026", "Examen en octubre de 2026"),
    ],
)
def test_english_dates(source: str, expected: str) -> None:
    assert en_es(source) == expected


def test_spans_never_overlap_and_longest_wins() -> None:
    spans = title_rules.longest_spans(
        [
            title_rules.Span(0, 10, "a"),
            title_rules.Span(0, 4, "b"),
            title_rules.Span(12, 14, "c"),
        ]
    )
    assert [(s.start, s.end) for s in spans] == [(0, 10), (12, 14)]


def test_people_are_kept_and_their_spelled_out_title_translated() -> None:
    assert es_en("designa al Dr. Gabriel Padrón Segura") == "designa al Dr. Gabriel Padrón Segura"
    assert es_en("la participación del secretario Marcelo Ebrard") == (
        "la participación del Secretary Marcelo Ebrard"
    )
    assert es_en("su propietaria, Karla Ivette Gómez López") == (
        "su propietaria, Karla Ivette Gómez López"
    )


def test_longest_rule_wins_over_an_earlier_shorter_one() -> None:
    assert es_en("El oficio en términos del artículo 69-B") == "El oficio under Article 69-B"


def test_all_capital_titles_are_translated_in_lower_case_and_written_in_capitals() -> None:
    assert post_edit.is_all_caps("AGENCIA NACIONAL DE ADUANAS DE MEXICO - REF:578100")
    assert not post_edit.is_all_caps("DECRETO por el que se reforma la Ley Aduanera")
    assert es_en("AGENCIA NACIONAL DE ADUANAS DE MEXICO - REF:578100") == (
        "NATIONAL CUSTOMS AGENCY OF MEXICO - REF:578100"
    )


def test_mexican_company_names_are_kept() -> None:
    out = es_en("RESOLUCIÓN que autoriza a GRUPO MAQUILADOR DEL NORTE, S.A. de C.V. operar")
    assert "GRUPO MAQUILADOR DEL NORTE, S.A. de C.V." in out
    out = es_en("AVISO de Almacenes Frontera Tecate, S. de R.L. de C.V.")
    assert out == "NOTICE de Almacenes Frontera Tecate, S. de R.L. de C.V."


def test_company_names_with_and_are_kept() -> None:
    out = en_es(
        "Approval of Bureau Veritas Commodities and Trade, Inc. (Houston, TX) as a Commercial Gauger"
    )
    assert out == (
        "Aprobación de Bureau Veritas Commodities and Trade, Inc. (Houston, TX) como aforador "
        "comercial"
    )
    assert en_es("Seizure by Dixie Services, Inc. at the port").startswith(
        "Seizure by Dixie Services, Inc."
    )


def test_recurring_cbp_formulas() -> None:
    assert en_es("Extension of Import Restrictions Imposed on x") == (
        "Prórroga de las restricciones a la importación impuestas a x"
    )
    assert en_es("Notice of Issuance of Final Determination Concerning x").startswith(
        "Aviso de emisión de determinación final relativa a"
    )


def test_later_clauses_after_a_comma_or_semicolon_become_gerunds() -> None:
    out = es_en(
        "DECRETO por el que se adiciona el artículo 7, se reforma el artículo 9; se deroga el "
        "artículo 12 de la Ley de Pesca."
    )
    assert out == (
        "DECREE adding Article 7, amending Article 9; repealing Article 12 de la Fisheries Law."
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("DECLARATORIA de vigencia de la NMX-Z-001-1999.", "DECLARATION of validity de la"),
        ("Declaratoria de vigencia de la NMX-Z-001-1999.", "Declaration of validity de la"),
    ],
)
def test_declaration_of_validity_keeps_only_the_head_word_in_capitals(
    source: str, expected: str
) -> None:
    assert es_en(source).startswith(expected)


def test_company_names_in_capitals_are_kept() -> None:
    out = es_en("TRANSPORTES DEL NORTE FICTICIO, S.A. DE C.V.")
    assert out.endswith("FICTICIO, S.A. DE C.V.")


def test_justices_and_decree_parts_have_their_english_names() -> None:
    assert es_en("Voto Concurrente del señor Ministro Juan Pérez Gómez") == (
        "Concurring Opinion of Justice Juan Pérez Gómez"
    )
    assert es_en("DECRETO por el que se aprueba el diverso por el que se crea").startswith(
        "DECREE approving the decree "
    )
    assert es_en("el numeral 4 y el inciso b)") == "el paragraph 4 y el subsection b)"


def test_day_notices_and_applications_are_glossary_terms() -> None:
    assert en_es("60-Day Notice of Proposed Information Collection").startswith(
        "Aviso de 60 días de recopilación de información propuesta"
    )
    assert en_es("Application for Bond") == "Solicitud de fianza"


def test_us_company_names_with_dba_or_of_america_are_kept() -> None:
    out = en_es(
        "Importer of Controlled Substances Application: Zentrix Labs LLC DBA Blue Harbor Pharma"
    )
    assert out.endswith("Zentrix Labs LLC DBA Blue Harbor Pharma")
    assert "Torvald Motors of America, Inc." in en_es("Torvald Motors of America, Inc.; Grant")


def test_form_numbers_become_formulario() -> None:
    assert en_es("Form 3173") == "Formulario 3173"
    assert en_es("see Forms I-94 and I-94W") == "see formularios I-94 and I-94W"


def test_nom_subject_vocabulary_follows_the_source_case() -> None:
    out = es_en(
        "NORMA Oficial Mexicana NOM-999-SCFI-2030, Productos y servicios. Límites y método de prueba"
    )
    assert "Products and services" in out and "método" not in out and "test method" in out
    assert es_en("Método de prueba") == "Test method"


def test_frequent_federal_register_rubrics() -> None:
    assert en_es("Scheduling of an Expedited Five-Year Review") == (
        "Programación de una revisión quinquenal expedita"
    )
    out = en_es(
        "Objects Imported; Culturally Significant Objects Imported for Exhibition-Determinations"
    )
    assert out.endswith(
        "objetos de importancia cultural importados para exhibición - determinaciones"
    )
    assert "gas chromatography method" in es_en("en el aire-método de cromatografía de gases")


def test_trade_remedy_and_coast_guard_rubrics() -> None:
    out = en_es("Widgets From Chile: Preliminary Affirmative Countervailing Duty Determination")
    assert out.endswith("determinación preliminar afirmativa de derechos compensatorios")
    assert en_es("Safety Zone; Lake Example").startswith("Zona de seguridad")


def test_procedure_sheet_numbers_and_state_names_are_kept() -> None:
    assert es_en("Ficha de trámite 12/CFF: aviso") == "Procedure sheet 12/CFF: aviso"
    assert es_en("Gobierno del Estado de Sonora").endswith("Sonora")


def test_a_standard_head_before_a_colon_or_without_its_adjectives() -> None:
    assert es_en("PROYECTO de Norma Oficial Mexicana: NOM-001-STPS-1994").startswith(
        "DRAFT Official Mexican Standard: NOM-001-STPS-1994"
    )
    assert "Draft Standard NOM-050-SCFI-1994" in es_en("el proyecto de norma NOM-050-SCFI-1994")


def test_company_names_with_lower_case_connectors_are_kept() -> None:
    out = es_en("AVISO de liquidación de la empresa Transportes del Norte de Sonora, S.A. de C.V.")
    assert out.endswith("Transportes del Norte de Sonora, S.A. de C.V.")
    out = es_en("contratos con la empresa Maderas y Pinos al Mayoreo, S. de R.L. de C.V.")
    assert "Maderas y Pinos al Mayoreo, S. de R.L. de C.V." in out


def test_a_vessels_name_in_capitals_is_kept() -> None:
    out = en_es("Requested Administrative Waiver of the Coastwise Trade Laws: Vessel SEA BREEZE II")
    assert out.startswith("Solicitud de dispensa administrativa de las leyes de cabotaje")
    assert out.endswith("embarcación SEA BREEZE II")
    assert "embarcación" not in en_es("Vessel Of The Year")


def test_a_gauger_approval_keeps_its_full_stop() -> None:
    out = en_es("Approval of Camin Cargo Control, Inc. (Port Arthur, TX) as a Commercial Gauger.")
    assert out.endswith("como aforador comercial.")


def test_parts_of_a_law_by_ordinal() -> None:
    assert "Title Four" in es_en("se reforma la denominación del Título Cuarto")
    assert "CHAPTER THREE" in es_en("CAPÍTULO TERCERO")
    assert "book one" in es_en("del libro primero")
    assert "Title Bis" not in es_en("Título Bis")


def test_goods_from_a_country_are_procedentes_de_agreeing_with_the_goods() -> None:
    # the echo engine shows the rule's words among the lowered headline words
    assert "Widgets procedentes de the republic of ruritania:" in en_es(
        "Widgets From the Republic of Ruritania: Final Results"
    )
    assert "Sprocket procedente de freedonia;" in en_es("Sprocket From Freedonia; Review")
    assert "partes procedentes de freedonia and ruritania:" in en_es(
        "Certain Gizmos and Parts Thereof From Freedonia and Ruritania: Order"
    )


def test_from_that_does_not_name_where_goods_come_from_is_left_to_the_engine() -> None:
    for title in (
        "Travel Data on Departure From the United States; Comment Period",
        "Exemption From Preemption for Widgets.",
        "Reports From Freedonia Ports and Harbors Of The West",
    ):
        assert "procedente" not in en_es(title)


def test_an_n_day_notice_of_intent_and_an_expedited_sunset_review_by_ordinal() -> None:
    assert en_es("45-Day Notice of Intent To Seek Approval").startswith(
        "Aviso de 45 días de intención"
    )
    assert "tercera revisión por extinción expedita" in en_es(
        "Gizmos From Freedonia: Final Results of the Expedited Third Sunset Review"
    )
    assert "revisiones quinquenales expeditas" in en_es("Gizmos; Expedited Five-Year Reviews")
    assert "lista de tarifas" in en_es("Proposed Rule Change To Amend the Fee Schedule")


def test_controlled_substance_schedules_are_listas() -> None:
    out = en_es("Schedules of Controlled Substances: Placement of Zorbaline in Schedule II")
    assert out.startswith("Listas de sustancias controladas:")
    assert out.endswith("en la Lista II")
    assert "Lista" not in en_es("Schedule Changes for Widgets")


def test_south_korea_is_corea_del_sur() -> None:
    assert "Corea del Sur" in en_es("Widgets From South Korea: Order")


def test_trade_remedy_product_names() -> None:
    assert (
        "tubería soldada para conducción procedente de"
        in en_es("Welded Line Pipe From Freedonia: Final Results").lower()
    )
    assert "productos planos de acero laminado en caliente" in en_es(
        "Certain Hot-Rolled Steel Flat Products From Freedonia: Order"
    )


def test_a_us_place_and_its_state_are_kept_as_written() -> None:
    assert en_es("Safety Zone; Zorb River; Pleasant Valley City, Ohio").endswith(
        "Pleasant Valley City, Ohio"
    )
    assert en_es("Amendment of Class E Airspace; Ruston, LA").endswith("Ruston, LA")
    assert "Wreath" not in en_es("Laurel, Wreath and Crown; Review")  # no state: lowered


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "VOTO particular que formula el Ministro Zeta Omega",
            "DISSENTING OPINION issued by Justice Zeta Omega",
        ),
        (
            "VOTO concurrente del señor Ministro Zeta Omega",
            "CONCURRING OPINION of Justice Zeta Omega",
        ),
        (
            "así como los Votos Particular y Concurrente de la señora Ministra Zeta Omega",
            "así como los Dissenting and Concurring Opinions of Justice Zeta Omega",
        ),
        (
            "ACUERDO General que reforma el similar que establece",
            "GENERAL AGREEMENT amending the agreement establishing",
        ),
        ("SENTENCIA dictada por la Sala Superior", "JUDGMENT dictada por la Superior Chamber"),
    ],
)
def test_court_opinions_justices_and_chambers(source: str, expected: str) -> None:
    assert es_en(source) == expected


def test_a_surname_with_a_particle_is_kept_but_a_body_after_de_is_not_part_of_the_name() -> None:
    assert es_en("Voto Particular del señor Ministro Zeta Omega Lelo de Larrea").endswith(
        "of Justice Zeta Omega Lelo de Larrea"
    )
    assert es_en("VOTO concurrente de la Ministra Ana López del Castillo").endswith(
        "of Justice Ana López del Castillo"
    )
    out = es_en("VOTO particular del señor Ministro Juan Pérez de la Secretaría de Economía")
    assert "Justice Juan Pérez" in out and "Ministry of Economy" in out
