"""Abstracts that say something: file descriptions, seals, datelines and recitals are not."""

from __future__ import annotations

import types

import pytest

from alerts.abstracts import document_abstract, informative, is_informative, without_title


@pytest.mark.parametrize(
    "text",
    [
        "Archivo PDF de 551 bytes publicado en el minisitio Normatividad RMF y RGCE del SAT.",
        "Archivo XLSX de 12,480 bytes publicado en el minisitio. SHA-256: 0a1b2c",
        "Al margen un sello con el Escudo Nacional, que dice: Estados Unidos Mexicanos.- "
        "Trabajo. Que el artículo 7 de la Ley Federal del Trabajo faculta a la Secretaría.",
        "CONSIDERANDO Que es necesario actualizar los anexos.",
        "",
    ],
)
def test_text_that_only_describes_the_file_is_no_abstract(text: str) -> None:
    assert informative(text, 200) == ""
    assert not is_informative(text)


def test_a_press_release_loses_its_dateline_and_repeated_title() -> None:
    body = (
        "Comunicado 17/2026 Ciudad de México, a 2 de diciembre de 2026. ANAM abre un carril "
        "exprés en Mesa de Otay. La medida reduce la espera de los camiones de exportación."
    )
    got = informative(body, 200, "ANAM abre un carril exprés en Mesa de Otay")
    assert got == "La medida reduce la espera de los camiones de exportación."


def test_informative_sentences_are_kept_whole() -> None:
    text = "CBP extends the hours. Filers must update their software. " + "More words " * 30
    assert informative(text, 80) == "CBP extends the hours. Filers must update their software."
    assert is_informative("Se amplía el plazo del aviso mensual.")


def test_document_abstract_skips_the_title_and_the_file_facts() -> None:
    document = types.SimpleNamespace(
        title="Anexo 22 de las RGCE para 2027",
        extra={},
        body="Anexo 22 de las RGCE para 2027.\nArchivo PDF de 900 bytes publicado en el "
        "minisitio Normatividad RMF y RGCE del SAT.\nSHA-256: ff00",
    )
    assert document_abstract(document) is None
    fr = types.SimpleNamespace(extra={"abstract": "CBP announces a rule."}, body="x")
    assert document_abstract(fr, "Some rule") == "CBP announces a rule."


def test_without_title_ignores_case_and_spacing() -> None:
    assert without_title("AVISO  de prueba. Texto.", "Aviso de prueba") == "Texto."
    assert without_title("Texto.", "") == "Texto."
