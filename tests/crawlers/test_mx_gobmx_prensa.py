"""gob.mx press archives: listing cards (HTML and the jQuery variant) and article pages."""

from __future__ import annotations

import datetime as dt

import pytest

from crawlers.errors import InterstitialError, ParseError
from crawlers.parsers import gobmx_prensa as gobmx

SAT_LISTING = "https://www.gob.mx/sat/archivo/prensa?idiom=es&order=DESC&page=3"
SE_LISTING = "https://www.gob.mx/se/archivo/prensa?idiom=es&order=DESC&page=2"
SAT_ARTICLE = (
    "https://www.gob.mx/sat/prensa/publica-sat-la-segunda-version-anticipada-de-la-primera-"
    "resolucion-de-modificaciones-a-la-rmf-2026-20-2026?idiom=es"
)


def _read(fixtures_dir, name: str) -> bytes:
    return (fixtures_dir / "mx" / name).read_bytes()


def test_listing_cards_in_order(fixtures_dir):
    result = gobmx.parse_response(
        _read(fixtures_dir, "gobmx_sat_archivo_prensa_page3.html"), SAT_LISTING
    )
    assert len(result.items) == 5
    first, last = result.items[0], result.items[-1]
    assert first.external_id == (
        "sat/prensa/sat-amplia-el-plazo-para-presentar-la-declaracion-informativa-de-"
        "operaciones-de-maquila-021-2026"
    )
    assert first.title.startswith("SAT amplía el plazo")
    assert first.url.startswith("https://www.gob.mx/sat/prensa/sat-amplia-") and first.url.endswith(
        "?idiom=es"
    )
    assert first.published_on == dt.date(2026, 3, 12)
    assert (first.agency, first.language, first.doc_type) == ("SAT", "es", "comunicado")
    assert first.extra["published_at_local"] == "2026-03-12 19:40:00"
    assert (first.extra["bulletin_number"], first.extra["bulletin_year"]) == (21, 2026)
    assert last.extra["bulletin_number"] == 18  # old "_com018" style
    assert result.items[3].doc_type == "discurso"


def test_listing_follows_details_and_the_next_page(fixtures_dir):
    result = gobmx.parse_response(
        _read(fixtures_dir, "gobmx_sat_archivo_prensa_page3.html"), SAT_LISTING
    )
    details = [f for f in result.follow if f.kind == "detail"]
    pages = [f for f in result.follow if f.kind == "listing"]
    assert [f.url for f in details] == [item.url for item in result.items]
    assert details[0].meta["published_on"] == "2026-03-12"
    assert [f.url for f in pages] == [
        "https://www.gob.mx/sat/archivo/prensa?order=DESC&page=4&idiom=es"
    ]
    assert result.expected_items is False  # page 3 may legitimately be empty


def test_javascript_archive_variant(fixtures_dir):
    result = gobmx.parse_response(
        _read(fixtures_dir, "gobmx_se_archivo_prensa_page2.js"), SE_LISTING
    )
    assert [item.published_on for item in result.items] == [
        dt.date(2026, 4, 12), dt.date(2026, 4, 11), dt.date(2026, 4, 9),
    ]  # fmt: skip
    assert all(item.agency == "Secretaría de Economía" for item in result.items)
    assert result.items[0].title.startswith("Economía amplía")
    (nxt,) = [f for f in result.follow if f.kind == "listing"]
    assert nxt.url == "https://www.gob.mx/se/archivo/prensa?idiom=es&order=DESC&page=3"


def test_article_page(fixtures_dir):
    result = gobmx.parse_response(_read(fixtures_dir, "gobmx_sat_prensa_detalle.html"), SAT_ARTICLE)
    (item,) = result.items
    assert item.external_id == (
        "sat/prensa/publica-sat-la-segunda-version-anticipada-de-la-primera-resolucion-de-"
        "modificaciones-a-la-rmf-2026-20-2026"
    )
    assert item.title.startswith("Publica SAT la Segunda versión anticipada")
    assert item.published_on == dt.date(2026, 3, 11)
    assert (item.agency, item.doc_type) == ("SAT", "comunicado")
    assert item.extra["authority"] == "Servicio de Administración Tributaria"
    assert item.body.startswith("Comunicado 020/2026 El Servicio de Administración Tributaria")
    (attachment,) = item.extra["attachments"]
    assert attachment["id"] == 1099123 and attachment["name"] == "Comunicado_020_2026.pdf"


def test_conasami_article_with_dl_metadata(fixtures_dir):
    url = (
        "https://www.gob.mx/conasami/articulos/incremento-a-los-salarios-minimos-para-2027?idiom=es"
    )
    (item,) = gobmx.parse_response(
        _read(fixtures_dir, "gobmx_conasami_articulo_detalle.html"), url
    ).items
    assert item.external_id == "conasami/articulos/incremento-a-los-salarios-minimos-para-2027"
    assert (item.agency, item.doc_type, item.published_on) == (
        "CONASAMI", "articulo", dt.date(2026, 12, 3),
    )  # fmt: skip


def test_agency_override_and_language_prefix():
    body = (
        b"<html><head><title>x</title></head><body><main><h1>Aviso</h1>"
        b"<section class='small'><p>STPS | 2 de febrero de 2026 | Prensa</p></section>"
        b"<div class='article-body'><p>Texto</p></div></main></body></html>"
    )
    url = "https://www.gob.mx/stps/es/prensa/aviso-repse-2026"
    (item,) = gobmx.parse_response(body, url).items
    assert (item.external_id, item.agency) == ("stps/prensa/aviso-repse-2026", "STPS")
    (item,) = gobmx.parse_response(body, url, agency="Secretaría del Trabajo").items
    assert item.agency == "Secretaría del Trabajo"


def test_sniff_url(fixtures_dir):
    assert (
        gobmx.sniff_url(_read(fixtures_dir, "gobmx_sat_archivo_prensa_page3.html")) == SAT_LISTING
    )
    assert (
        gobmx.sniff_url(_read(fixtures_dir, "gobmx_sat_prensa_detalle.html"))
        == SAT_ARTICLE.split("?")[0]
    )
    assert gobmx.sniff_url(_read(fixtures_dir, "gobmx_se_archivo_prensa_page2.js")).startswith(
        "https://www.gob.mx/se/archivo/prensa"
    )


def test_unusual_url_falls_back_to_the_body(fixtures_dir):
    body = _read(fixtures_dir, "gobmx_sat_archivo_prensa_page3.html")
    result = gobmx.parse_response(body, "https://www.gob.mx/sat/prensa")
    assert len(result.items) == 5


def test_past_the_last_page_is_empty_not_an_error():
    body = (
        b"<!DOCTYPE html><html><head><title>Prensa</title></head><body><main>"
        b"<div class='col-md-12 clearfix bottom-buffer archives' id='prensa'></div>"
        b"<input type='hidden' id='organization_name' value='sat'></main></body></html>"
    )
    result = gobmx.parse_response(body, "https://www.gob.mx/sat/archivo/prensa?page=40")
    assert (result.items, result.status, result.expected_items) == ([], "no_items", False)
    first = gobmx.parse_response(body, "https://www.gob.mx/sat/archivo/prensa?page=1")
    assert first.expected_items is True  # an empty first page is suspicious


@pytest.mark.parametrize(
    "body",
    [
        b"<html><head><title>Inicio</title></head><body><p>Bienvenido</p></body></html>",
        b'{"error": "not found"}',
    ],
)
def test_other_pages_are_parse_errors(body):
    with pytest.raises(ParseError):
        gobmx.parse_response(body, SAT_LISTING)


def test_bot_check_is_an_interstitial():
    body = (
        b"<html><head><title>Just a moment...</title></head>"
        b"<body>Checking your browser</body></html>"
    )
    with pytest.raises(InterstitialError):
        gobmx.parse_response(body, SAT_LISTING)


def test_truncated_listing_is_refused(fixtures_dir):
    body = _read(fixtures_dir, "gobmx_sat_archivo_prensa_page3.html")
    with pytest.raises(ParseError, match="stops before its end"):
        gobmx.parse_response(body[: len(body) // 2], SAT_LISTING)


def test_canonical_url():
    assert gobmx.canonical_url("HTTPS://WWW.GOB.MX/sat/prensa/x/?utm_source=t&idiom=es#top") == (
        "https://www.gob.mx/sat/prensa/x?idiom=es"
    )
