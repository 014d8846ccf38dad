"""Before and after the engine: case, word order and known mistranslations (pure)."""

from __future__ import annotations

from alerts import post_edit


def test_title_case_is_lowered_but_names_and_codes_are_kept() -> None:
    out = post_edit.lower_title_case("Duties on Steel Imports from Mexico by CBP XZQ0Q")
    assert out == "duties on steel imports from Mexico by CBP XZQ0Q"
    assert post_edit.lower_title_case("the customs broker must file") == (
        "the customs broker must file"
    )


def test_engine_word_fixes_keep_case() -> None:
    assert post_edit.fix_engine_words("Contours for the commodities", "en") == (
        "Guidelines for the goods"
    )
    assert post_edit.fix_engine_words("deberes encima acero", "es") == "aranceles sobre acero"


def test_glued_nom_title_parts_are_split_but_codes_are_not() -> None:
    assert post_edit.split_glued_hyphens("trabajo-Identificación NOM-035-STPS") == (
        "trabajo - Identificación NOM-035-STPS"
    )


def test_english_noun_compound_after_a_term_is_put_in_spanish_order() -> None:
    units = [
        ("", "XZQ0Q", "*XZQ0Q"),
        (" ", "filing", "file<vblex><ger>"),
        (" ", "errors", "error<n><pl>"),
        (" ", "at", "at<pr>"),
        (" ", "XZQ1Q", "*XZQ1Q"),
        (" ", "outage", "*outage"),
    ]
    text, values = post_edit.reorder_modifier_terms(units, ["Ley Aduanera", "ACE"])
    assert text == "filing errors of XZQ0Q at outage of XZQ1Q"
    assert values == ["la Ley Aduanera", "ACE"]


def test_a_verb_after_a_term_is_not_taken_for_a_noun() -> None:
    units = [
        ("", "XZQ0Q", "*XZQ0Q"),
        (" ", "rises", "rise<n><pl>"),
        (" ", "4.2%", "4.2%<num><percent>"),
    ]
    assert post_edit.reorder_modifier_terms(units, ["UMA"])[0] == "XZQ0Q rises 4.2%"


def test_spanish_articles_and_contractions() -> None:
    assert post_edit.spanish_article("Ley Federal del Trabajo") == "la Ley Federal del Trabajo"
    assert post_edit.spanish_article("Código Fiscal de la Federación") == (
        "el Código Fiscal de la Federación"
    )
    assert post_edit.spanish_article("Programa IMMEX") == "el Programa IMMEX"
    assert post_edit.spanish_article("ACE") == "ACE"
    assert post_edit.contract_articles("reforma de el Código a el SAT") == (
        "reforma del Código al SAT"
    )


def test_parse_tagged_keeps_lines_and_blanks() -> None:
    stream = "^ACE/*ACE$ ^outage/*outage$\n^the/the<det><def><sp>$ ^law/law<n><sg>$\n"
    lines = post_edit.parse_tagged(stream)
    assert lines[0] == [("", "ACE", "*ACE"), (" ", "outage", "*outage")]
    assert [surface for _, surface, _ in lines[1]] == ["the", "law"]


def test_subject_gets_an_article_and_prepositional_terms_stay_put() -> None:
    units = [("", "XZQ0Q", "*XZQ0Q"), (" ", "extends", "extend<vblex><pri><p3><sg>")]
    assert post_edit.reorder_modifier_terms(units, ["Secretaría de Economía"])[1] == [
        "la Secretaría de Economía"
    ]
    units = [("", "XZQ0Q", "*XZQ0Q"), (" ", "shipments", "shipment<n><pl>")]
    assert post_edit.reorder_modifier_terms(units, ["de minimis"])[0] == "XZQ0Q shipments"
    assert post_edit.spanish_article("reportes anuales") == "los reportes anuales"
    assert post_edit.spanish_article("de minimis") == "de minimis"


def test_a_lead_in_term_ending_in_a_preposition_is_not_moved_behind_a_noun() -> None:
    units = [
        ("", "XZQ0Q", "*XZQ0Q"),
        (" ", "record", "record<n><sg>"),
        (" ", "of", "of<pr>"),
        (" ", "decision", "decision<n><sg>"),
    ]
    text, values = post_edit.reorder_modifier_terms(units, ["Aviso de disponibilidad del"])
    assert text == "XZQ0Q record of decision"
    assert values == ["Aviso de disponibilidad del"]


def test_a_term_ending_in_a_colon_is_not_moved_behind_a_noun() -> None:
    units = [("", "XZQ0Q", "*XZQ0Q"), (" ", "comment", "comment<n><sg>")]
    text, _ = post_edit.reorder_modifier_terms(units, ["Actividades de la agencia:"])
    assert text == "XZQ0Q comment"


def test_unknown_words_get_back_their_source_capitals() -> None:
    raw = "planta en *dunmore, *ohio para *widgetco y *xyz"
    out = post_edit.restore_unknown_case(raw, "Plant in Dunmore, Ohio for WidgetCo and xyz")
    assert out == "planta en *Dunmore, *Ohio para *WidgetCo y *xyz"


def test_an_article_before_a_term_agrees_with_the_term() -> None:
    values = ["declaración de impacto", "Administración de Alimentos", "CBP", "reglas de origen"]
    raw = "registro del XZQ0Q para el *XZQ1Q de XZQ2Q y un XZQ3Q"
    assert post_edit.agree_articles_with_terms(raw, values) == (
        "registro de la XZQ0Q para la *XZQ1Q de XZQ2Q y unas XZQ3Q"
    )


def test_certain_agrees_with_the_plural_noun_after_it() -> None:
    assert post_edit.agree_certain("Cierto máquinas y cierto tubos") == (
        "Ciertas máquinas y ciertos tubos"
    )
    assert post_edit.agree_certain("un cierto plazo") == "un cierto plazo"


def test_nouns_before_a_protected_head_follow_it_with_of() -> None:
    units = [
        ("", "business", "business<adj>"),
        (" ", "and", "and<cnjcoo>"),
        (" ", "operations", "operation<n><pl>"),
        (" ", "XZQ0Q", "*XZQ0Q"),
        ("", ";", ";<sent>"),
        (" ", "final", "final<adj>" + post_edit.NOUN_READING),  # the analyser's noun reading
        (" ", "XZQ1Q", "*XZQ1Q"),
    ]
    text, _ = post_edit.reorder_modifier_terms(units, ["Comité Asesor", "Comité Asesor"])
    assert text == "XZQ0Q of business and operations; final XZQ1Q"


def test_policy_is_politica_not_an_insurance_policy() -> None:
    assert post_edit.fix_engine_words("junta de póliza y pólizas", "es") == (
        "junta de política y políticas"
    )


def test_a_noun_before_a_lower_case_protected_head_follows_it() -> None:
    units = [
        ("", "management", "management<n><sg>"),
        (" ", "of", "of<pr>"),
        (" ", "customs", "custom<n><pl>"),
        (" ", "XZQ0Q", "*XZQ0Q"),
    ]
    text, _ = post_edit.reorder_modifier_terms(units, ["puertos de entrada"])
    assert text == "management of XZQ0Q of customs"


def test_lower_case_nom_title_parts_are_split_but_short_prefixes_are_not() -> None:
    assert post_edit.split_glued_hyphens("Higiene industrial-medio ambiente-prueba") == (
        "Higiene industrial - medio ambiente - prueba"
    )
    assert post_edit.split_glued_hyphens("ex-trabajadores y NOM-035-STPS") == (
        "ex-trabajadores y NOM-035-STPS"
    )


def test_certain_agrees_with_a_plural_noun_a_few_words_on() -> None:
    assert post_edit.agree_certain("Cierto metal casilleros y partes") == (
        "Ciertos metal casilleros y partes"
    )


def test_compound_adjectives_are_not_split() -> None:
    assert post_edit.split_glued_hyphens("cuotas obrero-patronales y pruebas físico-químicas") == (
        "cuotas obrero-patronales y pruebas físico-químicas"
    )
    assert post_edit.split_glued_hyphens("centros de trabajo-condiciones") == (
        "centros de trabajo - condiciones"
    )


def test_english_words_the_engine_leaves_untranslated_are_fixed() -> None:
    assert post_edit.fix_engine_words("aviso de intent y waiver supplemental", "es") == (
        "aviso de intención y dispensa suplementario"
    )


def test_a_standards_code_broken_by_a_space_is_joined() -> None:
    from alerts.post_edit import join_broken_codes

    assert join_broken_codes("la NOM-031- STPS-2011, Construcción") == (
        "la NOM-031-STPS-2011, Construcción"
    )
    assert join_broken_codes("PROY-NOM-007- SCT2-2009") == "PROY-NOM-007-SCT2-2009"
    assert join_broken_codes("del 2011- Obras de 2012") == "del 2011- Obras de 2012"


def test_engine_words_of_federal_register_titles() -> None:
    from alerts.post_edit import fix_engine_words

    assert fix_engine_words("para su reseña y aprobación", "es") == "para su revisión y aprobación"
    assert fix_engine_words("Uñas de acero; óleo y gas", "es") == "Clavos de acero; petróleo y gas"


def test_a_linking_term_is_neither_moved_nor_given_an_article() -> None:
    units = [
        ("", "acetone", "acetone<n><sg>"),
        (" ", "XZQ0Q", "*XZQ0Q"),
        (" ", "the", "the<det><def><sp>"),
        (" ", "XZQ1Q", "*XZQ1Q"),
    ]
    text, values = post_edit.reorder_modifier_terms(
        units, ["procedente de", "República de Freedonia"]
    )
    assert text == "acetone XZQ0Q the XZQ1Q"
    assert values[0] == "procedente de"
    assert post_edit.agree_articles_with_terms("la XZQ0Q", ["procedentes de"]) == "la XZQ0Q"


def test_unknown_words_before_a_known_noun_follow_it() -> None:
    units = [
        ("", "the", "the<det><def><sp>"),
        (" ", "zorblax", "*zorblax"),
        (" ", "tribe", "tribe<n><sg>"),
        (" ", "of", "of<pr>"),
        (" ", "Texas", "Texas<np><loc><sg>"),
        ("", ";", ";<sent>"),
        (" ", "quib", "*quib"),
        (" ", "flarn", "*flarn"),
        (" ", "museum", "museum<n><sg>"),
    ]
    text, _ = post_edit.reorder_modifier_terms(units, [])
    assert text == "the tribe zorblax of Texas; museum quib flarn"


def test_unknown_words_stay_inside_a_longer_compound_or_before_a_possible_verb() -> None:
    inside = [
        ("", "zorblax", "*zorblax"),
        (" ", "tribe", "tribe<n><sg>"),
        (" ", "council", "council<n><sg>"),
    ]
    assert post_edit.move_unknown_modifiers(inside) == inside
    verb = [("", "of", "of<pr>"), (" ", "zorblax", "*zorblax"), (" ", "credit", "credit<n><sg>")]
    marked = post_edit.mark_verb_readings(verb, frozenset(["credit"]))
    assert marked[2][2].endswith(post_edit.VERB_READING)
    assert post_edit.move_unknown_modifiers(marked) == marked
    noun_fix = [("", "of", "of<pr>"), (" ", "waiver", "*waiver"), (" ", "period", "period<n><sg>")]
    assert post_edit.move_unknown_modifiers(noun_fix) == noun_fix


def test_words_read_both_as_noun_and_verb_are_found() -> None:
    analysed = "^credit/credit<n><sg>/credit<vblex><inf>$ ^river/river<n><sg>$ ^zorb/*zorb$"
    assert post_edit.verb_readings(analysed) == frozenset(["credit"])


def test_two_terms_in_a_row_follow_their_noun_innermost_first() -> None:
    units = [
        ("", "XZQ0Q", "*XZQ0Q"),
        (" ", "XZQ1Q", "*XZQ1Q"),
        (" ", "entries", "entry<n><pl>"),
        (" ", "and", "and<cnjcoo>"),
        (" ", "XZQ2Q", "*XZQ2Q"),
        (" ", "XZQ3Q", "*XZQ3Q"),
        (" ", "rules", "rule<n><pl>"),
    ]
    values = ["Sección 999", "de minimis", "Acuerdo Zeta", "certificado de origen"]
    text, values = post_edit.reorder_modifier_terms(units, values)
    assert text == "entries XZQ1Q of XZQ0Q and rules of XZQ3Q of XZQ2Q"
    assert values == ["la Sección 999", "de minimis", "el Acuerdo Zeta", "el certificado de origen"]


def test_a_company_name_with_dba_is_not_taken_for_a_compound() -> None:
    units = [("", "XZQ0Q", "*XZQ0Q"), (" ", "XZQ1Q", "*XZQ1Q"), (" ", "labs", "lab<n><pl>")]
    assert post_edit.reorder_modifier_terms(units, ["ZQV", "DBA"])[0] == "XZQ0Q XZQ1Q labs"


def test_general_federal_register_wording_in_the_engines_spanish() -> None:
    fixed = post_edit.fix_engine_words(
        "Aviso de una propuesta narrando al marco; "
        "sumisión a la OMB; costes de la pipa; uso del dato; la cita de expiración; "
        "recibo de solicitudes",
        "es",
    )
    assert fixed == (
        "Aviso de una propuesta relativa al marco; "
        "presentación a la OMB; costos de la tubería; uso de los datos; la fecha de expiración; "
        "recepción de solicitudes"
    )


def test_a_notice_of_intent_to_seek_reads_de_solicitar() -> None:
    assert post_edit.fix_engine_words("aviso de intención para buscar prórroga", "es") == (
        "aviso de intención de solicitar prórroga"
    )
    assert post_edit.fix_engine_words("XZQ0Q para buscar prórroga", "es") == (
        "XZQ0Q para solicitar prórroga"
    )


def test_more_federal_register_wording_in_the_engines_spanish() -> None:
    fixed = post_edit.fix_engine_words(
        "el orden que aprueba; capa de acero; aventuras de junta; uso de facilidades; "
        "junta de descuido; seguridades; software narrado; narrando a gobernar 1.2",
        "es",
    )
    assert fixed == (
        "la orden que aprueba; lámina de acero; empresas conjuntas; uso de instalaciones; "
        "junta de supervisión; valores; software relacionado; relativa a la regla 1.2"
    )


def test_an_adjective_before_a_term_follows_it_and_agrees_after_translation() -> None:
    units = [
        ("", "technical", "technical<adj>"),
        (" ", "XZQ0Q", "*XZQ0Q"),
        ("", ";", ";<sent>"),
        (" ", "commercial", "commercial<adj>" + post_edit.NOUN_READING),
        (" ", "XZQ1Q", "*XZQ1Q"),
        ("", ";", ";<sent>"),
        (" ", "partial", "partial<adj>"),
        (" ", "XZQ2Q", "*XZQ2Q"),
    ]
    values = ["investigaciones conjuntas", "arrendamiento", "rescisión de la orden"]
    text, marked = post_edit.reorder_modifier_terms(units, values)
    assert text == "XZQ0Q technical; commercial XZQ1Q; partial XZQ2Q"
    raw, clean = post_edit.agree_moved_adjectives("XZQ0Q técnico; anuncio XZQ1Q", marked)
    assert raw == "XZQ0Q técnicas; anuncio XZQ1Q"
    assert clean == values


def test_spanish_adjectives_are_inflected() -> None:
    assert post_edit.inflect_adjective("nacional", False, True) == "nacionales"
    assert post_edit.inflect_adjective("cooperativo", True, False) == "cooperativa"
    assert post_edit.inflect_adjective("capaz", True, True) == "capaces"


def test_a_plural_in_iones_is_feminine() -> None:
    assert post_edit.agree_articles_with_terms("del XZQ0Q", ["recopilaciones de datos"]) == (
        "de las XZQ0Q"
    )


def test_compounds_the_engine_glues_to_de_are_split() -> None:
    assert post_edit.fix_engine_words("un préstamodePlazo Largo", "es") == (
        "un préstamo a largo plazo"
    )
    assert post_edit.fix_engine_words("público de30 Días", "es") == "público de30 Días"
    assert post_edit.fix_engine_words("públicode30 Días", "es") == "público de 30 días"
    assert post_edit.fix_engine_words("verde 30 días", "es") == "verde 30 días"


def test_filings_proceedings_and_effective_dates() -> None:
    assert post_edit.fix_engine_words("Filings; procediendo; cita eficaz", "es") == (
        "Presentaciones; procedimiento; fecha de entrada en vigor"
    )


def test_a_head_ending_in_a_dash_or_a_code_after_a_term_is_not_a_chain() -> None:
    units = [
        ("", "XZQ0Q", "*XZQ0Q"),
        (" ", "XZQ1Q", "*XZQ1Q"),
        (" ", "window", "window<n><sg>"),
    ]
    assert post_edit.reorder_modifier_terms(units, ["CSMS # 123 -", "Zeta System"])[0] == (
        "XZQ0Q window of XZQ1Q"
    )
    text, _ = post_edit.reorder_modifier_terms(units, ["Norma Oficial Zeta", "ZQ-035-2018"])
    assert text.startswith("XZQ0Q ")  # the head stays first


def test_information_collections_being_submitted() -> None:
    assert post_edit.fix_engine_words(
        "Colecciones de información que son entregados para revisión", "es"
    ) == ("Recopilaciones de información presentadas para revisión")


def test_the_english_serial_comma_is_dropped_in_spanish_lists() -> None:
    assert post_edit.drop_serial_comma("Zeta, Omega, y Beta: orden") == "Zeta, Omega y Beta: orden"
    assert (
        post_edit.drop_serial_comma("vía, arrendamiento, e islas") == "vía, arrendamiento e islas"
    )
    assert (
        post_edit.drop_serial_comma("aviso, y solicitud; A, B, o C")
        == "aviso, y solicitud; A, B o C"
    )
    assert post_edit.drop_serial_comma("Zeta, Inc., y Omega") == "Zeta, Inc., y Omega"


def test_a_named_year_takes_the_article() -> None:
    assert post_edit.article_before_year("alimentos para año fiscal 2030") == (
        "alimentos para el año fiscal 2030"
    )
    assert post_edit.article_before_year("cuotas de año de calendario 2031") == (
        "cuotas del año calendario 2031"
    )
    assert post_edit.article_before_year("en el año fiscal 2030") == "en el año fiscal 2030"


def test_proposed_opening_a_part_of_a_title_follows_its_noun() -> None:
    assert post_edit.proposed_after_noun("Zeta; propuso revisiones a la regla") == (
        "Zeta; revisiones propuestas a la regla"
    )
    assert post_edit.proposed_after_noun("Propuso revocación de Zeta") == (
        "Revocación propuesta de Zeta"
    )
    assert post_edit.proposed_after_noun("Zeta: propuso ampliar") == "Zeta: propuso ampliar"
    assert post_edit.proposed_after_noun("la agencia propuso reglas") == (
        "la agencia propuso reglas"
    )


def test_certain_agrees_with_a_feminine_singular_noun() -> None:
    assert post_edit.agree_certain("Cierto placa cortada") == "Cierta placa cortada"
    assert post_edit.agree_certain("Cierto acero al carbono") == "Cierto acero al carbono"


def test_a_second_term_with_nothing_after_it_is_the_head_of_the_first() -> None:
    units = [
        ("", "XZQ0Q", "*XZQ0Q"),
        (" ", "XZQ1Q", "*XZQ1Q"),
        (" ", "XZQ2Q", "*XZQ2Q"),
        (" ", "XZQ3Q", "*XZQ3Q"),
        ("", ":", ":<sent>"),
    ]
    values = ["acero zeta", "placa omega", "procedente de", "Freedonia"]
    text, values = post_edit.reorder_modifier_terms(units, values)
    assert text == "XZQ1Q of XZQ0Q XZQ2Q XZQ3Q:"
    assert values[0] == "el acero zeta"


def test_goods_from_a_country_agree_with_a_plural_spanish_head() -> None:
    assert post_edit.agree_origin("Muebles de zeta procedente de Freedonia: orden") == (
        "Muebles de zeta procedentes de Freedonia: orden"
    )
    assert post_edit.agree_origin("Orden sobre clavos procedente de Freedonia") == (
        "Orden sobre clavos procedentes de Freedonia"
    )
    assert post_edit.agree_origin("Zorb soluciones procedentes de Freedonia") == (
        "Zorb soluciones procedentes de Freedonia"
    )
    assert post_edit.agree_origin("Acetona procedente de Freedonia") == (
        "Acetona procedente de Freedonia"
    )


def test_english_words_the_engine_lacks_are_written_as_synonyms_it_knows() -> None:
    assert post_edit.known_synonyms("Zorb's Declaration; notice of intent") == (
        "Zorb's Statement; notice of intention"
    )
    assert post_edit.known_synonyms("declarations-x XZQ0Q") == "declarations-x XZQ0Q"
    assert post_edit.fix_engine_words("aviso de intención a rescind", "es") == (
        "aviso de intención de rescindir"
    )


def test_the_engines_article_opening_a_part_is_dropped_unless_the_source_had_one() -> None:
    assert post_edit.drop_engine_articles(
        "La declaración del zorb; el aviso", "zorb's statement; the notice"
    ) == ("declaración del zorb; el aviso")
    assert post_edit.drop_engine_articles("El XZQ0Q; aviso", "the XZQ0Q; notice") == "XZQ0Q; aviso"
    assert post_edit.drop_engine_articles("Los Zorb Port", "Los Zorb port") == "Los Zorb Port"
    assert post_edit.drop_engine_articles(
        "XZQ0Q la declaración", "XZQ0Q zorb's statement", ["Actividades de la agencia:"]
    ) == ("XZQ0Q declaración")


def test_a_term_opening_with_a_conjunction_ends_a_chain() -> None:
    units = [
        ("", "XZQ0Q", "*XZQ0Q"),
        (" ", "XZQ1Q", "*XZQ1Q"),
        (" ", "from", "from<pr>"),
    ]
    values = ["bisagras de zeta", "y sus partes"]
    text, _ = post_edit.reorder_modifier_terms(units, values)
    assert text.startswith("XZQ0Q XZQ1Q")  # "bisagras de zeta y sus partes", not moved


def test_certain_agrees_with_the_head_before_de_and_with_feminine_plurals_in_es() -> None:
    assert post_edit.agree_certain("Ciertas camarón de aguas frías") == (
        "Cierto camarón de aguas frías"
    )
    assert post_edit.agree_certain("Ciertos torres de zeta") == "Ciertas torres de zeta"
    assert post_edit.agree_certain("Cierto ácido y ciertos sales") == "Cierto ácido y ciertas sales"
    assert post_edit.agree_certain("Cierto productos de acero") == "Ciertos productos de acero"


def test_a_section_after_conforme_a_takes_the_article() -> None:
    assert post_edit.article_before_year("acción conforme a Sección 301: Zeta") == (
        "acción conforme a la Sección 301: Zeta"
    )
    assert post_edit.fix_engine_words("comentarios concerniendo la regla", "es") == (
        "comentarios sobre la regla"
    )


def test_a_named_national_program_puts_its_subject_before_the_head_in_english() -> None:
    assert post_edit.order_named_programs(
        "the National Strategy of Civic Education 2024-2026."
    ) == ("the National Civic Education Strategy 2024-2026.")
    assert post_edit.order_named_programs("the Sectoral Program of Economy.") == (
        "the Sectoral Economy Program."
    )
    kept = ["National Program of Women 2020", "National Plan of Education and Culture 2020"]
    for text in kept:
        assert post_edit.order_named_programs(text) == text
