"""Translation: glossary terms come out right; Apertium and a LibreTranslate-style service."""

from __future__ import annotations

import json

import httpx
import pytest

from alerts.errors import PermanentError, TranslationUnavailable
from alerts.translate import (
    ApertiumTranslator,
    GlossaryTranslator,
    HttpTranslator,
    apertium_available,
    load_glossary,
    make_translator,
)


class Echo:
    """An engine that returns its input: shows exactly what the glossary did."""

    name = "echo"

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        return list(texts)


def test_glossary_swaps_legal_names_longest_first() -> None:
    translator = GlossaryTranslator(Echo(), load_glossary())
    (out,) = translator.translate(["Anexo 22 de las RGCE: llenado del pedimento"], "es", "en")
    assert out == "Anexo 22 de las General Foreign Trade Rules: llenado del customs entry"
    (out,) = translator.translate(["Reglas Generales de Comercio Exterior; Pedimentos"], "es", "en")
    assert out == "General Foreign Trade Rules; Customs entries"
    (out,) = translator.translate(["File the customs entry under the HTSUS"], "en", "es")
    assert (
        out == "File the pedimento under the Sistema Arancelario Armonizado de los Estados Unidos"
    )


def test_glossary_leaves_words_inside_other_words_alone() -> None:
    translator = GlossaryTranslator(Echo(), load_glossary())
    (out,) = translator.translate(["pedimentoX y RGCEs"], "es", "en")
    assert out == "pedimentoX y RGCEs"


def test_http_translator_speaks_libretranslate() -> None:
    seen = {}

    def reply(request: httpx.Request) -> httpx.Response:
        seen.update(json.loads(request.content))
        return httpx.Response(200, json={"translatedText": [t.upper() for t in seen["q"]]})

    client = httpx.Client(transport=httpx.MockTransport(reply))
    engine = HttpTranslator("http://127.0.0.1:5000", "k", client=client)
    out = GlossaryTranslator(engine, load_glossary()).translate(["el pedimento"], "es", "en")
    assert seen["source"] == "es" and seen["target"] == "en" and seen["api_key"] == "k"
    assert out == ["EL customs entry"]  # the token survived the engine, the term is official


@pytest.mark.parametrize(
    ("status", "error"), [(503, TranslationUnavailable), (403, PermanentError)]
)
def test_http_translator_errors(status: int, error: type[Exception]) -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(status)))
    with pytest.raises(error):
        HttpTranslator("http://127.0.0.1:5000", client=client).translate(["hola"], "es", "en")


def test_none_means_no_translator(test_settings) -> None:  # type: ignore[no-untyped-def]
    assert make_translator(test_settings) is None


@pytest.mark.skipif(
    not apertium_available(), reason="apertium-en-es is not installed here (CI installs it)"
)
def test_apertium_with_glossary_translates_both_ways() -> None:
    translator = GlossaryTranslator(ApertiumTranslator(), load_glossary())
    es_en = translator.translate(
        [
            "Primera Resolución de modificaciones a las RGCE para 2026",
            "El pedimento debe presentarse.",
        ],
        "es",
        "en",
    )
    assert "General Foreign Trade Rules" in es_en[0] and "2026" in es_en[0]
    assert "customs entry" in es_en[1].lower()
    (en_es,) = translator.translate(["The customs entry must be filed."], "en", "es")
    assert "pedimento" in en_es.lower()
