"""ANAM's RSS feed and SNICE's notices."""

from __future__ import annotations

import datetime as dt

import pytest

from crawlers.errors import InterstitialError, ParseError
from crawlers.parsers import anam, snice

FEED_URL = "https://www.anam.gob.mx/sitemap.rss"
HOME_URL = "https://www.snice.gob.mx/cs/avi/snice/home.html"


def _read(fixtures_dir, name: str) -> bytes:
    return (fixtures_dir / "mx" / name).read_bytes()


# --------------------------------------------------------------------------- ANAM


def test_anam_feed_items_without_index_pages(fixtures_dir):
    result = anam.parse_response(_read(fixtures_dir, "anam_sitemap.rss"), FEED_URL)
    ids = [item.external_id for item in result.items]
    assert ids == [
        "comunicado-prensa-conjunto-15-2026",
        "boletin-tecnico-informativo-07-2026",
        "comunicado-prensa-14-2026",
        "comunicado-prensa-12-2026-2",
        "lineamientos-de-operacion-saai-m3-2026",
    ]
    first = result.items[0]
    assert (
        first.title
        == "ANAM y SEMAR refuerzan la revisión de contenedores en la Aduana de Manzanillo"
    )
    assert first.url == "https://www.anam.gob.mx/comunicado-prensa-conjunto-15-2026/"
    assert (first.published_on, first.agency, first.language, first.doc_type) == (
        dt.date(2026, 3, 10), "ANAM", "es", "comunicado",
    )  # fmt: skip
    assert first.extra["bulletin_number"] == 15
    assert [item.doc_type for item in result.items[1:]] == [
        "boletin", "comunicado", "comunicado", "lineamiento",
    ]  # fmt: skip
    assert result.items[3].title.endswith("sin documentación & vehículos")


def test_anam_date_is_the_feeds_own_calendar_date(fixtures_dir):
    result = anam.parse_response(_read(fixtures_dir, "anam_sitemap.rss"), FEED_URL)
    late = next(i for i in result.items if i.external_id == "comunicado-prensa-12-2026-2")
    assert late.published_on == dt.date(2026, 3, 5)  # "Thu, 05 Mar 2026 02:15:00 +0000"


def test_anam_guid_that_is_not_a_url():
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>ANAM</title>'
        b'<item><guid isPermaLink="false">https://www.anam.gob.mx/?p=4512</guid>'
        b"<link>https://www.anam.gob.mx/aviso-horario-aduanas/</link>"
        b"<title>Aviso de horario</title>"
        b"<pubDate>Mon, 02 Feb 2026 10:00:00 -0600</pubDate></item></channel></rss>"
    )
    (item,) = anam.parse_response(feed, FEED_URL).items
    assert item.external_id == "?p=4512"
    assert (item.doc_type, item.published_on) == ("aviso", dt.date(2026, 2, 2))


def test_anam_empty_feed_is_valid_but_empty():
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>ANAM</title></channel></rss>'
    result = anam.parse_response(feed, FEED_URL)
    assert (result.items, result.status) == ([], "no_items")


def test_anam_truncated_feed_is_refused(fixtures_dir):
    body = _read(fixtures_dir, "anam_sitemap.rss")
    with pytest.raises(ParseError, match="truncated"):
        anam.parse_response(body[: len(body) // 2], FEED_URL)


def test_anam_html_instead_of_feed(fixtures_dir):
    with pytest.raises(ParseError, match="not an RSS"):
        anam.parse_response(b"<!DOCTYPE html><html><body><h1>ANAM</h1></body></html>", FEED_URL)
    with pytest.raises(InterstitialError):
        anam.parse_response(
            b"<html><title>Attention Required! | Cloudflare</title>"
            b"<body>cf-chl-bypass</body></html>",
            FEED_URL,
        )


# --------------------------------------------------------------------------- SNICE


def test_snice_notices_skip_fillers_and_history_links(fixtures_dir):
    result = snice.parse_response(_read(fixtures_dir, "snice_home.html"), HOME_URL)
    assert [item.external_id for item in result.items] == [
        "avisodisponibilidad-actualidad_20260310-20260310.xlsx",
        "dof:5781234",
        "immex_cancelados_2026-actualidad_20260306-20260306.pdf",
        "aviso-cupo-acero-actualidad_20260302-20260302.pdf",
        "decreto-immex-biblioteca_20251120-20251105.pdf",
    ]
    assert not any("sin publicaciones" in item.title.lower() for item in result.items)


def test_snice_notice_fields(fixtures_dir):
    items = snice.parse_response(_read(fixtures_dir, "snice_home.html"), HOME_URL).items
    immex = items[2]
    assert immex.title == "Comunicado IMMEX canceladas marzo 2026."
    assert immex.url == (
        "https://www.snice.gob.mx/~oracle/SNICE_DOCS/IMMEX_CANCELADOS_2026-ACTUALIDAD_20260306-20260306.pdf"
    )
    assert (immex.published_on, immex.agency, immex.doc_type) == (
        dt.date(2026, 3, 6), "Secretaría de Economía", "comunicado",
    )  # fmt: skip
    assert immex.extra["immex"] is True
    dated_in_link = items[3]
    assert dated_in_link.title.startswith("Aviso sobre la asignación del cupo de acero")
    assert dated_in_link.published_on == dt.date(2026, 3, 2)
    assert items[1].doc_type == "acuerdo" and items[1].published_on == dt.date(2026, 3, 9)


def test_snice_undated_document_takes_the_document_date_from_its_name(fixtures_dir):
    decree = snice.parse_response(_read(fixtures_dir, "snice_home.html"), HOME_URL).items[-1]
    assert decree.extra["dated_notice"] is False
    assert decree.published_on == dt.date(2025, 11, 5)


def test_snice_day_with_only_fillers_is_empty_not_an_error():
    body = (
        b"<html><head><title>SNICE</title></head><body><ul>"
        b"<li><span>11.03.2026</span> <a href='https://www.dof.gob.mx/'>Sin publicaciones en "
        b"materia de Comercio Exterior.</a></li></ul></body></html>"
    )
    result = snice.parse_response(body, HOME_URL)
    assert (result.items, result.status, result.expected_items) == ([], "no_items", False)


def test_snice_wrong_page_and_truncation(fixtures_dir):
    with pytest.raises(ParseError, match="No dated notices"):
        snice.parse_response(b"<html><body><a href='/x.html'>Inicio</a></body></html>", HOME_URL)
    body = _read(fixtures_dir, "snice_home.html")
    with pytest.raises(ParseError, match="stops before its end"):
        snice.parse_response(body[: body.index(b"destacados")], HOME_URL)


def test_snice_latin1_page():
    body = (
        "<html><head><meta charset='iso-8859-1'><title>SNICE</title></head><body>"
        "<p>05.03.2026 <a href='/~oracle/SNICE_DOCS/AVISO-X-ACTUALIDAD_20260305-20260305.pdf'>"
        "Aviso de modificación a las reglas de Economía</a></p></body></html>"
    ).encode("latin-1")
    (item,) = snice.parse_response(body, HOME_URL).items
    assert item.title == "Aviso de modificación a las reglas de Economía"


def test_snice_sniff_url():
    assert snice.sniff_url(b"<title>SNICE - IMMEX</title>").endswith("immex.html")
    assert snice.sniff_url(b"<html></html>") == HOME_URL
