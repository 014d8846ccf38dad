"""Translation: glossary protection, per-text batching, fallbacks, status, both engines."""

from __future__ import annotations

import json
import logging
import pathlib
import stat

import httpx
import pytest

from alerts import translate
from alerts.errors import PermanentError, TranslationUnavailable
from alerts.translate import (
    ApertiumTranslator,
    Entry,
    Glossary,
    GlossaryTranslator,
    HttpTranslator,
    apertium_available,
    load_glossary,
    make_translator,
    split_batch,
    translation_status,
)


class Echo:
    """An engine that returns its input: shows exactly what the glossary did."""

    name = "echo"

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        return list(texts)


class Broken:
    """An engine that is down."""

    name = "broken"

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        raise TranslationUnavailable("the engine is down.")


def echo(text: str, source: str = "es", target: str = "en") -> str:
    return GlossaryTranslator(Echo(), load_glossary()).translate([text], source, target)[0]


# ---------------------------------------------------------------- glossary


def test_glossary_renders_official_names_longest_first() -> None:
    assert echo("Reglas Generales de Comercio Exterior; Ley Aduanera") == (
        "General Foreign Trade Rules; Customs Law"
    )
    assert echo("Reglamento de la Ley Aduanera") == "Customs Law Regulations"
    assert echo(
        "File it under the Harmonized Tariff Schedule of the United States", "en", "es"
    ) == ("File it under the Tarifa Arancelaria Armonizada de los Estados Unidos")


def test_do_not_translate_terms_and_acronyms_are_kept() -> None:
    assert echo("Carta Porte y pedimento ante el SAT (RGCE)") == (
        "Carta Porte y pedimento ante el SAT (RGCE)"
    )
    assert echo("NOM-035-STPS-2018 y Programa IMMEX") == "NOM-035-STPS-2018 y IMMEX Program"
    assert echo("the customs entry under the T-MEC", "en", "es").endswith(
        "pedimento under the T-MEC"
    )


def test_glossary_leaves_words_inside_other_words_alone() -> None:
    assert echo("pedimentoX y RGCEs") == "pedimentoX y RGCEs"


def test_glossary_matches_without_accents_and_across_spaces() -> None:
    assert echo("Codigo Fiscal de la  Federacion") == "Federal Tax Code"


def test_capital_head_of_a_term_stays_in_capitals() -> None:
    assert echo("REGLAMENTO de la Ley Aduanera") == "REGULATIONS de la Customs Law"


def test_glossary_file_is_versioned() -> None:
    assert translate.glossary_version()
    assert load_glossary().version == translate.glossary_version()


def test_staff_entries_win_over_the_file() -> None:
    staff = Entry(es=("Ley Aduanera",), en=("Mexican Customs Act",))
    glossary = load_glossary(entries=[staff])
    out = GlossaryTranslator(Echo(), glossary).translate(["la Ley Aduanera"], "es", "en")
    assert out == ["la Mexican Customs Act"]
    assert "+staff1" in glossary.version
    kept = load_glossary(entries=[Entry(es=("Maquila Sur",), en=("Maquila Sur",), keep=True)])
    assert GlossaryTranslator(Echo(), kept).translate(["maquila sur"], "es", "en") == [
        "maquila sur"
    ]


@pytest.mark.parametrize(
    "engine_output",
    [
        "the XZQ0Q of XZQ1Q",  # as sent
        "the *XZQ0Q of #XZQ1Q",  # Apertium's unknown-word and generation marks
        "the xzq0q of XZQ 1 Q",  # an HTTP engine that changed case or spacing
        "the @XZQ0Q of XZQ1Q",
    ],
)
def test_restore_survives_engine_marks(engine_output: str) -> None:
    restored = Glossary.restore(engine_output, ["Customs Law", "SAT"])
    assert translate.ENGINE_MARK_RE.sub("", restored) == "the Customs Law of SAT"


def test_engine_marks_on_untranslated_words_are_stripped() -> None:
    class Marks:
        name = "marks"

        def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
            return ["*Guías of the " + t.split()[-1] for t in texts]

    translator = GlossaryTranslator(Marks(), load_glossary())
    assert translator.translate(["Guías de la Ley Aduanera"], "es", "en") == [
        "Guías of the Customs Law"
    ]


# ---------------------------------------------------------------- one text at a time


def test_a_failing_engine_gives_back_originals_never_a_mix() -> None:
    translator = GlossaryTranslator(Broken(), load_glossary())
    texts = ["El pedimento de la Ley Aduanera", "Aviso del SAT"]
    assert translator.translate_each(texts, "es", "en") == [None, None]
    assert translator.translate(texts, "es", "en") == texts


def test_a_dropped_term_token_falls_back_to_the_original(caplog) -> None:  # type: ignore[no-untyped-def]
    class Drops:
        name = "drops"

        def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
            return ["something else" for _ in texts]

    with caplog.at_level(logging.WARNING):
        out = GlossaryTranslator(Drops(), load_glossary()).translate_each(
            ["la Ley Aduanera"], "es", "en"
        )
    assert out == [None]
    assert "dropped protected terms" in caplog.text


def test_texts_fully_covered_by_rules_skip_the_engine() -> None:
    translator = GlossaryTranslator(Broken(), load_glossary())
    assert translator.translate_each(["Ley Aduanera"], "es", "en") == ["Customs Law"]


def test_split_batch_refuses_missing_or_reordered_markers() -> None:
    sep = translate.SEPARATOR
    good = "one" + sep.format(0) + "two" + sep.format(1)
    assert split_batch(good, 2) == ["one", "two"]
    assert split_batch("one two" + sep.format(1), 2) is None  # marker 0 lost: texts merged
    assert split_batch("two" + sep.format(1) + "one" + sep.format(0), 2) is None
    assert split_batch(good + "stray words", 2) is None


def _fake_apertium(tmp_path: pathlib.Path, body: str) -> str:
    script = tmp_path / "apertium"
    script.write_text("#!/usr/bin/env python3\nimport sys\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_merging_engine_output_is_never_split_blindly(tmp_path: pathlib.Path) -> None:
    # An engine that moves words across the batch markers (what Apertium did with newline
    # separated batches): the batch check fails and each text is translated on its own.
    command = _fake_apertium(
        tmp_path,
        "import re\ntext = sys.stdin.read()\n"
        "if 'XZQS' in text:\n"
        "    print(re.sub(r'\\s*\\.\\|XZQS\\d+Q\\|\\.\\s*', ' ', text).strip() + ' .|XZQS0Q|.')\n"
        "else:\n    print(text.strip().upper())\n",
    )
    engine = ApertiumTranslator(command=command)
    out = engine.translate(["Final rule", "Notice of proposed rulemaking"], "en", "es")
    assert out == ["FINAL RULE", "NOTICE OF PROPOSED RULEMAKING"]


def test_batched_apertium_output_keeps_each_text_apart(tmp_path: pathlib.Path) -> None:
    command = _fake_apertium(tmp_path, "print(sys.stdin.read().upper().rstrip())\n")
    engine = ApertiumTranslator(command=command)
    assert engine.translate(["uno", "dos", "tres"], "es", "en") == ["UNO", "DOS", "TRES"]


def test_missing_apertium_says_how_to_install_it() -> None:
    with pytest.raises(TranslationUnavailable, match="apertium-en-es"):
        ApertiumTranslator(command="/nonexistent/apertium").translate(["hola"], "es", "en")


# ---------------------------------------------------------------- HTTP engine


def test_http_translator_speaks_libretranslate_with_glossary_protection() -> None:
    seen = {}

    def reply(request: httpx.Request) -> httpx.Response:
        seen.update(json.loads(request.content))
        # A service that lower-cases everything, tokens included.
        return httpx.Response(200, json={"translatedText": [t.lower() for t in seen["q"]]})

    client = httpx.Client(transport=httpx.MockTransport(reply))
    engine = HttpTranslator("http://127.0.0.1:5000", "k", client=client)
    out = GlossaryTranslator(engine, load_glossary()).translate(
        ["el pedimento de la Ley Aduanera", "Aviso del SAT"], "es", "en"
    )
    assert seen["source"] == "es" and seen["target"] == "en" and seen["api_key"] == "k"
    assert len(seen["q"]) == 2  # one text per entry, never joined
    assert out[0] == "el pedimento de la Customs Law"


@pytest.mark.parametrize(
    ("status", "error"), [(503, TranslationUnavailable), (403, PermanentError)]
)
def test_http_translator_errors(status: int, error: type[Exception]) -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(status)))
    with pytest.raises(error):
        HttpTranslator("http://127.0.0.1:5000", client=client).translate(["hola"], "es", "en")


def test_http_translator_refuses_a_wrong_count() -> None:
    reply = httpx.Response(200, json={"translatedText": ["only one"]})
    client = httpx.Client(transport=httpx.MockTransport(lambda r: reply))
    with pytest.raises(TranslationUnavailable, match="unexpected answer"):
        HttpTranslator("http://127.0.0.1:5000", client=client).translate(["a", "b"], "es", "en")


# ---------------------------------------------------------------- choosing and status


def test_none_means_no_translator(test_settings) -> None:  # type: ignore[no-untyped-def]
    assert make_translator(test_settings) is None
    assert translation_status(test_settings) == (
        False,
        'translation is switched off (translator = "none")',
    )


def test_auto_without_apertium_logs_why_once(test_settings, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(translate, "apertium_available", lambda command="apertium": False)
    monkeypatch.setattr(translate, "_REPORTED", set())
    settings = test_settings.model_copy(update={"translator": "auto"})
    with caplog.at_level(logging.WARNING, logger="alerts.translate"):
        assert make_translator(settings) is None
        assert make_translator(settings) is None
    lines = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(lines) == 1 and "apertium-en-es" in lines[0].getMessage()
    available, reason = translation_status(settings)
    assert not available and "apertium-en-es" in reason


def test_apertium_chosen_but_missing_is_an_error(test_settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(translate, "apertium_available", lambda command="apertium": False)
    settings = test_settings.model_copy(update={"translator": "apertium"})
    with pytest.raises(TranslationUnavailable):
        make_translator(settings)


def test_http_choice_is_available(test_settings) -> None:  # type: ignore[no-untyped-def]
    settings = test_settings.model_copy(update={"translator": "http"})
    assert translation_status(settings)[0] is True
    translator = make_translator(settings)
    assert translator is not None and translator.name == "http"


# ---------------------------------------------------------------- the real engine


@pytest.mark.skipif(
    not apertium_available(), reason="apertium-en-es is not installed here (CI installs it)"
)
def test_apertium_with_rules_and_glossary_translates_both_ways() -> None:
    translator = GlossaryTranslator(ApertiumTranslator(), load_glossary())
    es_en = translator.translate(
        [
            "Primera Resolución de Modificaciones a las Reglas Generales de Comercio Exterior "
            "para 2026",
            "DECRETO por el que se reforma el artículo 28 de la Ley Aduanera.",
            "lineamientos para el complemento Carta Porte",
        ],
        "es",
        "en",
    )
    assert es_en[0] == (
        "First Resolution of Amendments to the General Foreign Trade Rules for 2026"
    )
    assert es_en[1] == "DECREE amending Article 28 of the Customs Law."
    assert "Carta Porte" in es_en[2] and "guidelines" in es_en[2].lower()
    (en_es,) = translator.translate(
        ["CSMS # 65432100 - GUIDANCE: Section 232 Duties on Steel"], "en", "es"
    )
    assert en_es.startswith("CSMS # 65432100 - ORIENTACIÓN: Aranceles de la Sección 232")


@pytest.mark.skipif(
    not translate.ApertiumTagger().available(), reason="apertium-en-es is not installed here"
)
def test_tagger_lines_up_with_each_text_and_skips_stream_characters() -> None:
    tagged = translate.ApertiumTagger().tag(["XZQ0Q outage scheduled", "a ^ b", "the law"])
    assert tagged[0] is not None and [s for _, s, _ in tagged[0]][1] == "outage"
    assert tagged[1] is None
    assert tagged[2] is not None and len(tagged[2]) == 2


@pytest.mark.skipif(
    not apertium_available(), reason="apertium-en-es is not installed here (CI installs it)"
)
def test_real_apertium_batches_equal_one_text_at_a_time() -> None:
    texts = [
        "Administrative Exemption on Value Increased for Certain Articles; Final rule",
        "Notice of proposed rulemaking: Modernization of the Customs Broker Regulations",
        "the",
    ]
    engine = ApertiumTranslator()
    batch = engine.translate(texts, "en", "es")
    single = [engine.translate([text], "en", "es")[0] for text in texts]
    assert [b.lower() for b in batch] == [s.lower() for s in single]


def test_a_rule_that_breaks_on_one_text_costs_only_that_text(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    from alerts import title_rules

    real = title_rules.find_spans

    def fragile(text, source, target):  # type: ignore[no-untyped-def]
        if "boom" in text:
            raise KeyError("boom")
        return real(text, source, target)

    monkeypatch.setattr(title_rules, "find_spans", fragile)
    translator = GlossaryTranslator(Echo(), load_glossary())
    with caplog.at_level(logging.ERROR):
        out = translator.translate_each(["boom de la Ley Aduanera", "la Ley Aduanera"], "es", "en")
    assert out == [None, "la Customs Law"]
    assert "original kept" in caplog.text


def test_emergency_standard_amendment_head() -> None:
    out = echo("Modificación a la Norma Oficial Mexicana de Emergencia NOM-EM-001-SCFI-2020")
    assert out == "Amendment to Emergency Official Mexican Standard NOM-EM-001-SCFI-2020"


def test_federal_register_formulas_are_glossary_terms() -> None:
    out = echo(
        "Acme Widgets LLC; Notice of Application and Establishing Intervention Deadline", "en", "es"
    )
    assert out == "Acme Widgets LLC; aviso de solicitud and fijación del plazo para intervenir"
    out = echo("Certain Garden Tools and Parts Thereof From the Republic of Korea", "en", "es")
    assert "y sus partes" in out and "República de Corea" in out


def test_mexican_laws_and_chambers_have_their_official_english_names() -> None:
    out = echo(
        "DECRETO por el que se reforma el artículo 9 del Reglamento de la Cámara de Diputados."
    )
    assert out.startswith("DECREE amending Article 9 ")  # the echo engine leaves "del"
    assert out.endswith("Regulations of the Chamber of Deputies.")
    assert "Civil Aviation Law" in echo("Ley de Aviación Civil")


@pytest.mark.skipif(
    not apertium_available(), reason="apertium-en-es is not installed here (CI installs it)"
)
def test_unknown_names_keep_their_capitals_through_the_engine() -> None:
    translator = GlossaryTranslator(ApertiumTranslator(mark_unknown=True), load_glossary())
    (out,) = translator.translate(
        ["Authorization of Production Activity; Zorbix Campers; Quillton, Wyoming"], "en", "es"
    )
    assert "Zorbix" in out and "Quillton" in out and "*" not in out


def test_acronyms_in_english_titles_are_kept_but_shouted_words_are_not() -> None:
    spans = translate.acronym_spans("MID testing for FTZ 12 in TX - GET READY NOW")
    assert [s.text for s in spans] == ["MID", "FTZ", "TX"]
    assert translate.acronym_spans("Testing for all") == []


def test_a_text_that_looks_like_a_placeholder_is_kept_as_written() -> None:
    assert echo("XZQ0Q y la Ley Aduanera") == "XZQ0Q y la Customs Law"


def test_a_very_long_text_is_translated_whole() -> None:
    text = "DECRETO por el que se reforma la Ley Aduanera y " * 2000
    out = echo(text)
    assert out.startswith("DECREE amending la Customs Law") and "XZQ" not in out  # echo engine
    assert out.count("Customs Law") == 2000


def test_the_engines_capital_after_unknown_words_is_lowered_but_a_source_capital_stays() -> None:
    protected = "XZQ0Q icemaking machines"
    assert translate.lower_after_leading_tokens("XZQ0Q icemaking Máquinas", protected) == (
        "XZQ0Q icemaking máquinas"
    )
    assert translate.lower_after_leading_tokens("XZQ0Q al Acuerdo", "XZQ0Q al Acuerdo") == (
        "XZQ0Q al Acuerdo"
    )


def test_certain_opening_an_english_title_is_written_by_the_rules() -> None:
    assert echo("Certain Widgets From Brazil", "en", "es").startswith("Cierto")


# ---------------------------------------------------------------- termbase alignment


def _glossary_only(text: str, source: str, target: str) -> str:
    class Same:
        name = "same"

        def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
            return list(texts)

    return GlossaryTranslator(Same(), load_glossary(), rules=False).translate(
        [text], source, target
    )[0]


def test_termbase_preferred_english_forms() -> None:
    cases = {
        "Reforma al Reglamento de la Ley Aduanera": "Customs Law Regulations",
        "Cambios a la Resolución Miscelánea Fiscal": "Miscellaneous Tax Resolution",
        "Reforma al Código Fiscal de la Federación": "Federal Tax Code",
        "Aviso sobre el Tratado entre México, Estados Unidos y Canadá": "USMCA",
        "Suspensión en el Padrón de Exportadores Sectorial": "Sectoral Exporters Registry",
        "Nuevos Números de Identificación Comercial": "Commercial Identification Numbers",
        "Aviso de cuotas compensatorias": "antidumping duties",
        "Requisitos de la certificación en materia de IVA e IEPS": "VAT/IEPS certification",
        "Empresas con programa IMMEX en modalidad de albergue": "shelter mode",
        "Acuerdo del H. Consejo Técnico del IMSS": "IMSS Technical Council",
        "Reforma a la Ley del Impuesto al Valor Agregado": "Value Added Tax Law",
        "Ley del IVA": "VAT Law",
        "Tarifa de la Ley de los Impuestos Generales de Importación y Exportación": (
            "Tariff of the General Import and Export Duties Law"
        ),
    }
    for text, english in cases.items():
        assert english in _glossary_only(text, "es", "en"), text


def test_us_terms_in_spanish_as_a_mexican_broker_writes_them() -> None:
    cases = {
        "Federal Register notice on bonds": "Federal Register",
        "Foreign-Trade Zone 12 expansion": "Zona de Comercio Exterior",
        "USMCA review": "T-MEC",
        "NAFTA certificates": "TLCAN",
        "Importer of record number": "importador registrado",
        "Trusted Traveler Programs fees": "Programas de Viajero Confiable",
        "Foreign Trade Single Window": "Ventanilla Única de Comercio Exterior",
    }
    for text, spanish in cases.items():
        out = _glossary_only(text, "en", "es")
        assert spanish.lower() in out.lower() and "Registro Federal" not in out, text


def test_numbers_with_letters_are_kept_in_english_titles() -> None:
    from alerts.translate import code_spans

    text = "User Fees (CBP Form 339A, 339C and 1300); Section 314(a)(4)"
    assert [s.text for s in code_spans(text)] == ["339A", "339C", "314(a)(4)"]
    assert code_spans("Fees for 2026 and a 4-wheel ATV") == []


def test_a_section_with_subsections_is_one_span() -> None:
    class Same:
        name = "same"

        def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
            return list(texts)

    out = GlossaryTranslator(Same(), load_glossary()).translate(
        ["Notice under Section 314(a)(4)"], "en", "es"
    )[0]
    assert "conforme a la Sección 314(a)(4)" in out


def test_more_termbase_names_both_ways() -> None:
    assert "Unit of International Trade Practices" in _glossary_only(
        "Aviso de la Unidad de Prácticas Comerciales Internacionales", "es", "en"
    )
    assert "tax compliance opinion" in _glossary_only(
        "la opinión de cumplimiento de obligaciones fiscales", "es", "en"
    )
    assert "Carta Porte complement" in _glossary_only("el complemento Carta Porte", "es", "en")
    assert "Agenda Unificada" in _glossary_only("Unified Agenda", "en", "es")
    assert "CBP Dec. 23-08" in _glossary_only("Fees, CBP Dec. 23-08", "en", "es")


def test_the_engines_flesh_is_meat() -> None:
    from alerts import post_edit

    assert post_edit.fix_engine_words("import of flesh", "en") == "import of meat"
    assert post_edit.fix_engine_words("a definite duty", "en") == "a definitive duty"


def test_the_engines_capital_after_leading_unknown_words_is_lowered() -> None:
    assert translate.lower_after_leading_unknown(
        "*zorbled Tubería de línea", "zorbled line pipe"
    ) == ("*zorbled tubería de línea")
    assert translate.lower_after_leading_unknown("*zorb Texas", "zorb Texas") == "*zorb Texas"
    assert translate.lower_after_leading_unknown("*Zorb Tubería", "Zorb pipe") == "*Zorb Tubería"


def test_recurring_mexican_bodies_and_instruments_have_english_names() -> None:
    cases = {
        "Acuerdo de la Junta de Gobierno y Administración del Tribunal": (
            "Governing and Administration Board"
        ),
        "Acuerdo del Consejo de Administración del organismo": "Board of Directors",
        "Programa Sectorial de Turismo 2026-2030": "Sectoral Program",
        "Reforma al Reglamento Interior de la dependencia": "Internal Regulations",
        "Convenio con el Estado Libre y Soberano de Durango": "Free and Sovereign State of",
        "Convenio Específico de Colaboración en materia de salud": (
            "Specific Collaboration Agreement"
        ),
        "Aviso de la Unidad de Administración y Finanzas": "Administration and Finance Unit",
        "importaciones de lámina rolada en frío": "cold-rolled sheet",
    }
    for text, english in cases.items():
        assert english in _glossary_only(text, "es", "en"), text


def test_recurring_us_programs_and_trade_remedy_formulas_in_spanish() -> None:
    cases = {
        "Initiation of Five-Year (Sunset) Reviews": "revisiones quinquenales (por extinción)",
        "Entity List additions": "Lista de Entidades",
        "Export Administration Regulations; revisions": "Reglamento de Administración de Exportaciones",
        "Remission of Fines, Penalties, and Forfeitures": "multas, sanciones y decomisos",
        "Trusted Trader Program pilot": "Programa Trusted Trader",
        "Customs Broker National Permit fees": "permiso nacional de agente aduanal",
        "Office of Trade Relations meeting": "Oficina de Relaciones Comerciales",
        "Declaration of Returned American Products": "productos estadounidenses devueltos",
    }
    for text, spanish in cases.items():
        assert spanish.lower() in _glossary_only(text, "en", "es").lower(), text


def test_sat_banxico_and_state_names_in_english() -> None:
    cases = {
        "Domicilio de la Administración Desconcentrada de Auditoría Fiscal de Colima "
        "1": "Decentralized Tax Audit Administration",
        "Reforma a las disposiciones de carácter general aplicables a las casas": (
            "general provisions"
        ),
        "Circular dirigida a las instituciones de crédito": "credit institutions",
        "Lluvia en municipios de Michoacán de Ocampo": "Michoacán de Ocampo",
        "Aviso de la Declaratoria de Vigencia": "Declaration of Validity",
        "Lista de Normas Mexicanas": "Mexican Standards",
        "el monto del estímulo": "amount",
    }
    for text, english in cases.items():
        assert english in _glossary_only(text, "es", "en"), text


def test_federal_register_formulas_a_broker_reads_in_spanish() -> None:
    cases = {
        "Commercial Gauger and Laboratory: Accreditation of Example Labs": (
            "aforador y laboratorio comercial"
        ),
        "Ohio; Amendment No. 4 to Notice of a Major Disaster Declaration": "modificación núm. 4",
        "Quarterly IRS Interest Rates Used in Calculating Interest": (
            "tasas de interés trimestrales del IRS"
        ),
        "Test of Electronic Filing of Drawback Claims": "solicitudes de drawback",
        "Notice of Amended Final Results": "resultados finales modificados",
        "Federal Advisory Committee Act; Example Council": "Ley de Comités Asesores Federales",
    }
    for text, spanish in cases.items():
        assert spanish.lower() in _glossary_only(text, "en", "es").lower(), text


def test_frequent_trade_remedy_products_in_spanish() -> None:
    cases = {
        "Magnesia Carbon Bricks From Zetaland": "ladrillos de magnesia-carbono",
        "Corrosion-Resistant Steel Products From Zetaland": (
            "productos de acero resistentes a la corrosión"
        ),
        "Tin Mill Products From Zetaland": "productos de hojalata",
        "1,1,1,2-Tetrafluoroethane (R-134a) From Zetaland": "(R-134a)",
        "Mobile Access Equipment and Subassemblies Thereof": "y sus subensambles",
    }
    for text, spanish in cases.items():
        assert spanish.lower() in _glossary_only(text, "en", "es").lower(), text


def test_mexican_units_have_the_english_names_counsel_use() -> None:
    cases = {
        "Oficio de la Subsecretaría de Comercio Exterior": "Undersecretariat of Foreign Trade",
        "Aviso de la Dirección General de Normas": "Directorate General of Standards",
        "Lista de la Unidad de Inteligencia Financiera": "Financial Intelligence Unit",
        "Pagos a la Tesorería de la Federación": "Federal Treasury",
        "Acuerdo de la Administración General de Aduanas": "General Customs Administration",
    }
    for text, english in cases.items():
        assert english in _glossary_only(text, "es", "en"), text


def test_us_bodies_rulings_and_programs_in_spanish() -> None:
    cases = {
        "Office of Field Operations; Zeta Port": "Oficina de Operaciones de Campo",
        "Revocation of Ruling Letters on widgets": "resoluciones de clasificación",
        "Office of Foreign Assets Control actions": "Oficina de Control de Activos Extranjeros",
        "Court of International Trade decision": "Tribunal de Comercio Internacional",
        "Four-Year Review of Actions": "revisión cuatrienal",
        "Entry of Low-Value Shipments; Type 86 Test": "prueba Type 86",
    }
    for text, spanish in cases.items():
        assert spanish.lower() in _glossary_only(text, "en", "es").lower(), text


def test_ustr_and_commerce_formulas_in_spanish() -> None:
    cases = {
        "China's Acts, Policies, and Practices Related to Zeta": (
            "actos, políticas y prácticas de China relacionados con"
        ),
        "Tariff-Rate Quotas for sugar": "contingentes arancelarios",
        "Notice of Scope Ruling": "resolución sobre el alcance",
        "Trade Adjustment Assistance for Firms": "Asistencia para el Ajuste Comercial",
    }
    for text, spanish in cases.items():
        assert spanish.lower() in _glossary_only(text, "en", "es").lower(), text


def test_us_committees_and_hearings_in_spanish() -> None:
    cases = {
        "Trade Policy Staff Committee: Public Hearing": "Comité de Personal de Política Comercial",
        "Zeta Rule; Public Hearing": "audiencia pública",
        "Modernization of the Customs Broker Regulations": "reglamento de agentes aduanales",
        "Science Advisory Board Meeting": "Consejo Consultivo Científico",
    }
    for text, spanish in cases.items():
        assert spanish.lower() in _glossary_only(text, "en", "es").lower(), text


def test_dof_standards_treaties_and_calls_in_english() -> None:
    cases = {
        "NOM-999-STPS-2030, Seguridad para minas subterráneas de carbón": (
            "Safety in underground coal mines"
        ),
        "Adhesión al Convenio Constitutivo del Banco de Desarrollo del Caribe": (
            "Agreement Establishing the Caribbean Development Bank"
        ),
        "se declara Área Natural Protegida la región Zeta": "Natural Protected Area",
        "Resumen de convocatoria de licitación pública nacional": "national public tender",
        "Convocatoria para el otorgamiento del Premio Zeta": "for the granting of the",
    }
    for text, english in cases.items():
        assert english in _glossary_only(text, "es", "en"), text


def test_other_agencies_recurring_formulas_in_spanish() -> None:
    cases = {
        "Pesticide Tolerances; Zetamid": "tolerancias de plaguicidas",
        "Medicare Program; Prospective Payment System": "sistema de pago prospectivo",
        "Petition for Exemption; Summary of Petition Received": ("resumen de la petición recibida"),
        "Grant of Authority for Subzone Status; Zeta Corp.": "estatus de subzona",
        "Meetings: Advisory Committee on Reactor Safeguards": "Salvaguardias de Reactores",
    }
    for text, spanish in cases.items():
        assert spanish.lower() in _glossary_only(text, "en", "es").lower(), text


def test_cbp_notices_in_spanish() -> None:
    cases = {
        "Visa Waiver Program Carrier Agreement (Form I-775)": (
            "acuerdo de transportista del Programa de Exención de Visas"
        ),
        "Ship's Stores Declaration": "declaración de provisiones del buque",
        "Vessel Entrance or Clearance Statement": "declaración de entrada o despacho de buques",
        "Declaration of Consignee": "consignatario",
        "Application to Establish a Centralized Examination Station": (
            "estación de examen centralizada"
        ),
        "Covered Merchandise Referral and Initiation of Scope Inquiry": (
            "investigación sobre el alcance"
        ),
    }
    for text, spanish in cases.items():
        assert spanish.lower() in _glossary_only(text, "en", "es").lower(), text


def test_recurring_dof_names_in_english() -> None:
    cases = {
        "Convenio con el Estado de Baja California Sur": "State of Baja California Sur",
        "programas del Servicio Nacional de Empleo": "National Employment Service",
        "Reforma a la Ley sobre el Contrato de Seguro": "Insurance Contract Law",
        "Al margen un sello con el Escudo Nacional": "In the margin, a seal with the",
        "Apoyos del Instituto para la Protección al Ahorro Bancario": (
            "Institute for the Protection of Bank Savings"
        ),
    }
    for text, english in cases.items():
        assert english in _glossary_only(text, "es", "en"), text


def test_us_agencies_outside_trade_in_spanish() -> None:
    cases = {
        "Animal and Plant Health Inspection Service; Importation of Zeta": (
            "Servicio de Inspección de Sanidad Animal y Vegetal"
        ),
        "Food Safety and Inspection Service; Poultry Products": "productos avícolas",
        "Occupational Safety and Health Administration; Zeta": (
            "Administración de Seguridad y Salud Ocupacional"
        ),
        "Coast Guard; Safety Zone": "Guardia Costera",
        "Repatriation Under the Native American Graves Protection and Repatriation Act": (
            "Ley de Protección y Repatriación de Tumbas de Nativos Americanos"
        ),
    }
    for text, spanish in cases.items():
        assert spanish.lower() in _glossary_only(text, "en", "es").lower(), text


def test_imss_conasami_sat_and_welfare_formulas_in_english() -> None:
    cases = {
        "dictado por el Consejo Técnico en sesión ordinaria celebrada el": (
            "at the ordinary session held"
        ),
        "salarios mínimos que habrán de regir a partir de": "to be in force",
        "Programa para el Bienestar de las Personas Adultas Mayores": "Older Persons",
        "autorización para operar como almacén general de depósito": ("general deposit warehouse"),
        "Acuerdo por el que se otorga patente de agente aduanal": "customs broker license",
        "Programa Jóvenes Construyendo el Futuro": "Jóvenes Construyendo el Futuro",
    }
    for text, english in cases.items():
        assert english in _glossary_only(text, "es", "en"), text


def test_an_agreement_code_in_a_spanish_title_is_one_span() -> None:
    from alerts.translate import dotted_code_spans

    text = "ACUERDO ACDO.SA2.HCT.990101/1.P.DF dictado por el Consejo; G/JGA/9/2030"
    assert [s.text for s in dotted_code_spans(text)] == [
        "ACDO.SA2.HCT.990101/1.P.DF",
        "G/JGA/9/2030",
    ]
    assert dotted_code_spans("S.A. de C.V. y D.F.; NOM-035-STPS-2018") == []


def test_more_trade_remedy_review_formulas_in_spanish() -> None:
    cases = {
        "Final Results and Final Partial Rescission of Review": "rescisión parcial final",
        "Final Results of New Shipper Review": "revisión de nuevo exportador",
    }
    for text, spanish in cases.items():
        assert spanish.lower() in _glossary_only(text, "en", "es").lower(), text
