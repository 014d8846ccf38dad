"""The DOF parser on the project's own fixtures and on the shared reference captures."""

from __future__ import annotations

import datetime as dt
import html
import pathlib
from collections import Counter

import pytest

from crawlers.errors import InterstitialError, ParseError, RetryableError, WrongDateError
from crawlers.parsers import dof
from crawlers.parsers.dof_common import doc_type_of, normalize_edition, parse_dof_date

MAT_URL = "https://dof.gob.mx/index.php?year=2025&month=03&day=14&edicion=MAT"
VES_URL = "https://dof.gob.mx/index.php?year=2025&month=03&day=14&edicion=VES"
EXT_URL = "https://dof.gob.mx/index_111.php?year=2025&month=03&day=14&edicion=EXT"
DAY = dt.date(2025, 3, 14)


@pytest.fixture
def dof_dir(fixtures_dir: pathlib.Path) -> pathlib.Path:
    return fixtures_dir / "dof"


def read(directory: pathlib.Path, name: str) -> bytes:
    return (directory / name).read_bytes()


def codes(result: dof.ParseResult) -> list[str]:
    return [item.external_id for item in result.items]


# --- edition index ----------------------------------------------------------------------


def test_mat_index_walks_rows_and_carries_headers(dof_dir: pathlib.Path) -> None:
    result = dof.parse_response(read(dof_dir, "index_2025-03-14_MAT.html"), MAT_URL)
    assert codes(result) == [
        "5912301", "5912302", "5912304", "5912306", "5912308",
        "5912310", "5912312", "5912313", "5912314",
    ]  # fmt: skip
    assert result.status == "ok" and result.expected_items is True
    by_code = {item.external_id: item for item in result.items}
    assert by_code["5912301"].agency == "SECRETARIA DE ECONOMIA"
    assert by_code["5912304"].agency == "SECRETARIA DE HACIENDA Y CREDITO PUBLICO"
    assert by_code["5912306"].extra["branch"] == "PODER JUDICIAL"
    assert by_code["5912308"].agency == "BANCO DE MEXICO"
    assert by_code["5912310"].section == "SEGUNDA"
    assert by_code["5912310"].agency == "SECRETARIA DEL TRABAJO Y PREVISION SOCIAL"
    assert by_code["5912312"].agency == "COMISION NACIONAL DE LOS SALARIOS MINIMOS"
    assert by_code["5912313"].section == "TERCERA"
    assert by_code["5912313"].agency is None  # the branch has no agency heading
    assert by_code["5912313"].extra["branch"] == "AVISOS JUDICIALES Y GENERALES"
    assert {item.section for item in result.items[:5]} == {"PRIMERA"}


def test_mat_index_fields(dof_dir: pathlib.Path) -> None:
    result = dof.parse_response(read(dof_dir, "index_2025-03-14_MAT.html"), MAT_URL)
    first = result.items[0]
    assert first.to_contract() == {
        "source": "dof_daily",
        "external_id": "5912301",
        "title": "Decreto por el que se reforman diversas disposiciones del Decreto para el "
        "Fomento de la Industria Manufacturera, Maquiladora y de Servicios de Exportación.",
        "url": "https://dof.gob.mx/nota_detalle.php?codigo=5912301&fecha=14/03/2025",
        "published_on": "2025-03-14",
        "agency": "SECRETARIA DE ECONOMIA",
        "language": "es",
        "doc_type": "decreto",
        "effective_on": None,
        "comments_close_on": None,
        "edition": "MAT",
        "section": "PRIMERA",
    }
    kinds = [item.doc_type for item in result.items]
    assert kinds == [
        "decreto", "acuerdo", "resolucion", "sentencia", "indicador",
        "norma_oficial_mexicana", "resolucion", "edicto", "aviso",
    ]  # fmt: skip
    assert result.items[-1].title == (
        'Aviso de deslinde del predio "El Ejemplo", ubicado en el Municipio de Juárez, Chih.'
    )
    assert result.items[5].title.endswith("(cancela a la NOM-998-STPS-2010).")  # unclosed <a>


def test_ver_word_decoys_are_not_notes(dof_dir: pathlib.Path) -> None:
    result = dof.parse_response(read(dof_dir, "index_2025-03-14_MAT.html"), MAT_URL)
    decoys = {"5912300", "5912303", "5912305", "5912307", "5912309", "5912311"}
    assert decoys.isdisjoint(codes(result))


def test_index_follows_doc_fuente_with_listing_meta(dof_dir: pathlib.Path) -> None:
    body = read(dof_dir, "index_2025-03-14_MAT.html")
    result = dof.parse_response(body, MAT_URL, sidof_base="http://127.0.0.1:8999/")
    assert len(result.follow) == 9
    follow = result.follow[0]
    assert follow.url == "http://127.0.0.1:8999/notas/docFuente/5912301"
    assert follow.kind == "doc_fuente"
    assert follow.meta["item"]["agency"] == "SECRETARIA DE ECONOMIA"
    default = dof.parse_response(body, MAT_URL).follow[0].url
    assert default == "https://sidof.segob.gob.mx/notas/docFuente/5912301"


def test_ves_and_ext_editions_come_from_the_header(dof_dir: pathlib.Path) -> None:
    ves = dof.parse_response(read(dof_dir, "index_2025-03-14_VES.html"), VES_URL)
    assert codes(ves) == ["5912321", "5912323"]
    assert {(i.edition, i.section) for i in ves.items} == {("VES", "UNICA")}
    assert ves.items[1].agency == "AGENCIA NACIONAL DE ADUANAS DE MEXICO"
    ext = dof.parse_response(read(dof_dir, "index_2025-03-14_EXT.html"), EXT_URL)
    assert codes(ext) == ["5912331"] and ext.items[0].edition == "EXT"
    bare = dof.parse_response(read(dof_dir, "index_2025-03-14_EXT.html"), "https://dof.gob.mx/")
    assert bare.items[0].edition == "EXT" and bare.items[0].published_on == DAY


def test_requested_edition_differs_from_served_one(dof_dir: pathlib.Path) -> None:
    result = dof.parse_response(read(dof_dir, "index_2025-03-14_VES.html"), EXT_URL)
    assert result.status == "other_edition"
    assert {item.edition for item in result.items} == {"VES"}


def test_cp1252_index_without_declared_charset(dof_dir: pathlib.Path) -> None:
    text = read(dof_dir, "index_2025-03-14_MAT.html").decode("utf-8")
    unescaped = html.unescape(text).replace("&", "&amp;")
    body = unescaped.replace("Exportación.", "Exportación “IMMEX”.", 1).encode("cp1252")
    result = dof.parse_response(body, MAT_URL)
    assert result.items[0].title.endswith("Exportación “IMMEX”.")
    assert result.items[1].title.startswith("ACUERDO por el que se da a conocer el cupo")
    headers = {"Content-Type": "text/html; charset=windows-1252"}
    declared = dof.parse_response(body, MAT_URL, headers=headers)
    assert declared.items[0].title == result.items[0].title


def test_utf8_bytes_under_a_latin1_header_are_read_as_utf8(dof_dir: pathlib.Path) -> None:
    text = html.unescape(read(dof_dir, "index_2025-03-14_VES.html").decode("utf-8"))
    body = text.replace("&", "&amp;").encode("utf-8")
    headers = {b"Content-Type": [b"text/html; charset=ISO-8859-1"]}  # Scrapy's header shape
    result = dof.parse_response(body, VES_URL, headers=headers)
    assert "Juárez" in result.items[1].title


def test_no_edition_day(dof_dir: pathlib.Path) -> None:
    body = read(dof_dir, "index_2025-03-16_EMPTY.html")
    sunday = dof.parse_response(body, "https://dof.gob.mx/index.php?year=2025&month=03&day=16")
    assert (sunday.status, sunday.items, sunday.expected_items) == ("no_edition", [], False)
    weekday_url = "https://dof.gob.mx/index.php?year=2025&month=03&day=17&edicion=MAT"
    monday = dof.parse_response(body, weekday_url)
    assert monday.status == "no_edition" and monday.expected_items is True
    evening = dof.parse_response(body, weekday_url.replace("MAT", "VES"))
    assert evening.expected_items is False


def test_wrong_date_page_is_refused(dof_dir: pathlib.Path) -> None:
    body = read(dof_dir, "index_wrong_date.html")
    with pytest.raises(WrongDateError, match="2025-03-13 instead of the requested 2025-03-14"):
        dof.parse_response(body, MAT_URL)
    with pytest.raises(WrongDateError):
        dof.parse_response(body, "https://dof.gob.mx/index.php", date=DAY)


def test_truncated_index_yields_complete_notes_only(dof_dir: pathlib.Path) -> None:
    result = dof.parse_response(read(dof_dir, "index_truncated.html"), MAT_URL)
    assert codes(result) == ["5912301", "5912302", "5912304"]
    assert result.status == "truncated"


def test_interstitial_is_retryable_whatever_the_url(dof_dir: pathlib.Path) -> None:
    body = read(dof_dir, "interstitial.html")
    urls = [
        MAT_URL,
        "https://dof.gob.mx/nota_detalle.php?codigo=5912301&fecha=14/03/2025",
        "https://sidof.segob.gob.mx/notas/docFuente/5912301",
        "https://sidof.segob.gob.mx/dof/sidof/notas/14-03-2025",
        "https://sidof.segob.gob.mx/notas/5912301",
        "https://example.invalid/unknown",
    ]
    for url in urls:
        with pytest.raises(InterstitialError):
            dof.parse_response(body, url)


def test_index_with_links_but_no_readable_notes_is_an_error() -> None:
    body = (
        b"<html><body><span>Fecha: 14/03/2025 - Edici&oacute;n Matutina</span>"
        b'<a href="/nota_detalle.php?codigo=5912301&amp;fecha=14/03/2025"><img src="i.png"/></a>'
        b"</body></html>"
    )
    with pytest.raises(ParseError, match="layout changed"):
        dof.parse_response(body, MAT_URL)


def test_index_without_enlaces_class_falls_back_to_titled_note_links() -> None:
    body = (
        b"<html><body><span>Fecha: 14/03/2025 - Edici&oacute;n Matutina</span><table>"
        b"<tr><td class='subtitle_azul'>SECRETARIA DE ECONOMIA</td></tr>"
        b"<tr><td><a href='nota_detalle.php?codigo=5912301&fecha=14/03/2025'>Acuerdo uno</a>"
        b"</td></tr></table></body></html>"
    )
    (item,) = dof.parse_response(body, MAT_URL).items
    assert (item.external_id, item.agency, item.title) == (
        "5912301",
        "SECRETARIA DE ECONOMIA",
        "Acuerdo uno",
    )


def test_edition_header_without_notes_is_an_error() -> None:
    body = b"<html><body><td class='txt'>Fecha: 14/03/2025 - Edici&oacute;n Matutina</td></html>"
    with pytest.raises(ParseError):
        dof.parse_response(body, MAT_URL)


@pytest.mark.parametrize(
    "body", [b"", b"   \n", b"\x00\x01\x02", b"<html></html>", b"{}", b"[1, 2]", b"null"]
)
def test_empty_or_foreign_bodies_raise_parse_error(body: bytes) -> None:
    for url in (MAT_URL, "https://sidof.segob.gob.mx/dof/sidof/notas/14-03-2025", ""):
        with pytest.raises(ParseError):
            dof.parse_response(body, url)


# --- notes ------------------------------------------------------------------------------


def test_doc_fuente(dof_dir: pathlib.Path) -> None:
    url = "https://sidof.segob.gob.mx/notas/docFuente/5912301"
    result = dof.parse_response(read(dof_dir, "docFuente_5912301.html"), url, date=DAY)
    (item,) = result.items
    assert item.external_id == "5912301" and item.doc_type == "decreto"
    assert item.title.startswith("DECRETO por el que se reforman diversas disposiciones")
    assert item.url == "https://dof.gob.mx/nota_detalle.php?codigo=5912301&fecha=14/03/2025"
    assert item.published_on == DAY
    assert "CONSIDERANDO" in item.body and "Programa IMMEX" in item.body
    assert "text-indent" not in item.body  # the style sheet is not text


def test_merge_note_keeps_listing_fields(dof_dir: pathlib.Path) -> None:
    index = dof.parse_response(read(dof_dir, "index_2025-03-14_MAT.html"), MAT_URL)
    follow = index.follow[0]
    note = dof.parse_response(read(dof_dir, "docFuente_5912301.html"), follow.url).items[0]
    merged = dof.merge_note(follow.meta["item"], note)
    assert merged.to_contract() == index.items[0].to_contract()
    assert merged.body == note.body and merged.extra["full_title"] == note.title


def test_nota_detalle(dof_dir: pathlib.Path) -> None:
    url = "https://dof.gob.mx/nota_detalle.php?codigo=5912301&fecha=14/03/2025"
    (item,) = dof.parse_response(read(dof_dir, "nota_detalle_5912301.html"), url).items
    assert item.external_id == "5912301" and item.published_on == DAY
    assert item.title.startswith("DECRETO por el que se reforman")
    assert item.body.startswith("DECRETO por el que se reforman")
    assert "formato HTML" not in item.body  # the disclaimer after the note is left out
    assert "Tipo de Cambio" not in item.body


def test_nota_detalle_epoch_means_unknown_note(dof_dir: pathlib.Path) -> None:
    url = "https://dof.gob.mx/nota_detalle.php?codigo=1"
    result = dof.parse_response(read(dof_dir, "nota_detalle_epoch.html"), url)
    assert (result.status, result.items) == ("not_found", [])


def test_nota_detalle_other_day(dof_dir: pathlib.Path) -> None:
    url = "https://dof.gob.mx/nota_detalle.php?codigo=5912301&fecha=15/03/2025"
    with pytest.raises(WrongDateError):
        dof.parse_response(read(dof_dir, "nota_detalle_5912301.html"), url)


def test_sidof_shell_page(dof_dir: pathlib.Path) -> None:
    url = "https://sidof.segob.gob.mx/notas/5912301"
    result = dof.parse_response(read(dof_dir, "sidof_nota_shell_5912301.html"), url)
    (item,) = result.items
    assert (item.external_id, item.published_on, item.agency) == (
        "5912301",
        DAY,
        "SECRETARIA DE ECONOMIA",
    )
    assert (item.edition, item.section, item.doc_type) == ("MAT", "PRIMERA", "decreto")
    assert [f.url for f in result.follow] == ["https://sidof.segob.gob.mx/notas/docFuente/5912301"]


# --- JSON paths -------------------------------------------------------------------------


def test_sidof_day_listing(dof_dir: pathlib.Path) -> None:
    url = "https://sidof.segob.gob.mx/dof/sidof/notas/14-03-2025"
    result = dof.parse_response(read(dof_dir, "sidof_notas_14-03-2025.json"), url)
    assert codes(result) == ["5912301", "5912302", "5912304", "5912312", "5912321"]
    by_code = {item.external_id: item for item in result.items}
    assert by_code["5912304"].title.startswith("Primera Resolución de Modificaciones")
    assert by_code["5912304"].agency == "SECRETARIA DE HACIENDA Y CREDITO PUBLICO"
    assert by_code["5912312"].section == "SEGUNDA"
    assert by_code["5912321"].edition == "VES"
    assert by_code["5912301"].extra["branch"] == "PODER EJECUTIVO"
    assert by_code["5912301"].url.endswith("codigo=5912301&fecha=14/03/2025")
    assert result.expected_items is True and len(result.follow) == 5


def test_sidof_empty_day_and_errors(dof_dir: pathlib.Path) -> None:
    url = "https://sidof.segob.gob.mx/dof/sidof/notas/16-03-2025"
    empty = dof.parse_response(read(dof_dir, "sidof_notas_16-03-2025.json"), url)
    assert (empty.status, empty.expected_items) == ("no_edition", False)
    with pytest.raises(ParseError, match="messageCode 400"):
        dof.parse_response(read(dof_dir, "sidof_bad_request.json"), url)
    with pytest.raises(RetryableError):
        dof.parse_response(b'{"messageCode": 503, "response": "UNAVAILABLE"}', url)
    other_day = "https://sidof.segob.gob.mx/dof/sidof/notas/13-03-2025"
    with pytest.raises(WrongDateError):
        dof.parse_response(read(dof_dir, "sidof_notas_14-03-2025.json"), other_day)


def test_sidof_single_note(dof_dir: pathlib.Path) -> None:
    url = "https://sidof.segob.gob.mx/dof/sidof/notas/nota/5912301"
    (item,) = dof.parse_response(read(dof_dir, "sidof_nota_5912301.json"), url).items
    assert (item.external_id, item.published_on, item.edition) == ("5912301", DAY, "MAT")
    assert "CONSIDERANDO" in item.body
    missing = dof.parse_response(read(dof_dir, "sidof_nota_missing.json"), url)
    assert missing.status == "not_found"


def test_ws_get_diario_full(dof_dir: pathlib.Path) -> None:
    url = "http://diariooficial.gob.mx/WS_getDiarioFull.php?year=2013&month=07&day=31"
    result = dof.parse_response(read(dof_dir, "ws_getdiariofull_2013-07-31.json"), url)
    assert codes(result) == ["5308001", "5308002", "5308003", "5308004", "5308005"]
    by_code = {item.external_id: item for item in result.items}
    assert by_code["5308001"].title.endswith("Servicios de Exportación")  # entity decoded
    assert by_code["5308003"].agency == "SECRETARIA DE HACIENDA Y CREDITO PUBLICO"
    assert by_code["5308004"].extra["branch"] == "ORGANISMOS AUTONOMOS"
    assert by_code["5308005"].section == "SEGUNDA"
    assert {item.edition for item in result.items} == {"MAT"}
    assert {item.published_on for item in result.items} == {dt.date(2013, 7, 31)}
    assert by_code["5308005"].extra["cod_diario"] == "253279"


# --- helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("DECRETO por el que se expide", "decreto"),
        ("Acuerdo por el que", "acuerdo"),
        ("RESOLUCIÓN Miscelánea Fiscal para 2026", "resolucion"),
        ("Segunda Resolución de Modificaciones", "resolucion"),
        ("NORMA Oficial Mexicana NOM-035-STPS-2018", "norma_oficial_mexicana"),
        ("PROYECTO de Norma Oficial Mexicana PROY-NOM-1", "proyecto_de_norma_oficial_mexicana"),
        ("Aviso de consulta pública", "aviso"),
        ("CIRCULAR 14/2025", "circular"),
        ("Convocatoria a la licitación", "convocatoria"),
        ("EDICTO", "edicto"),
        ("Índice Nacional de Precios al Consumidor", "indicador"),
        ("SECRETARIA DE MARINA", None),
        ("", None),
    ],
)
def test_doc_type_of(title: str, kind: str | None) -> None:
    assert doc_type_of(title) == kind


def test_date_and_edition_helpers() -> None:
    assert parse_dof_date("viernes 24 de enero 2014") == dt.date(2014, 1, 24)
    assert parse_dof_date("31-07-2026") == dt.date(2026, 7, 31)
    assert parse_dof_date("31/02/2026") is None
    assert normalize_edition("Edición Vespertina") == "VES"
    assert normalize_edition("extraordinaria") == "EXT"
    assert normalize_edition("42") is None


def test_sniff_url_per_fixture(dof_dir: pathlib.Path) -> None:
    expected = {
        "index_2025-03-14_MAT.html": MAT_URL,
        "index_2025-03-16_EMPTY.html": "https://dof.gob.mx/index.php?year=2025&month=03&day=16",
        "docFuente_5912301.html": "https://sidof.segob.gob.mx/notas/docFuente/5912301",
        "sidof_notas_14-03-2025.json": "https://sidof.segob.gob.mx/dof/sidof/notas/14-03-2025",
        "sidof_nota_shell_5912301.html": "https://sidof.segob.gob.mx/notas/5912301",
        "nota_detalle_5912301.html": (
            "https://dof.gob.mx/nota_detalle.php?codigo=5912301&fecha=14/03/2025"
        ),
        "ws_getdiariofull_2013-07-31.json": (
            "http://diariooficial.gob.mx/WS_getDiarioFull.php?year=2013&month=07&day=31"
        ),
    }
    for name, url in expected.items():
        assert dof.sniff_url(read(dof_dir, name), filename=name) == url, name


# --- reference captures -----------------------------------------------------------------

VES_2026 = "https://dof.gob.mx/index.php?year=2026&month=07&day=31&edicion=VES"


@pytest.mark.reference
def test_reference_ves_index(reference_dir: pathlib.Path) -> None:
    body = (reference_dir / "dof/sarcom2_dof-scraper/index_2026-07-31_VES.html").read_bytes()
    result = dof.parse_response(body, VES_2026)
    assert codes(result) == ["5795217", "5795218", "5795219", "5795221"]
    assert {"5795216", "5795220"}.isdisjoint(codes(result))  # the "Ver WORD" decoys
    assert [item.agency for item in result.items] == [
        "SECRETARIA DE HACIENDA Y CREDITO PUBLICO",
        "SECRETARIA DE HACIENDA Y CREDITO PUBLICO",
        "SECRETARIA DE HACIENDA Y CREDITO PUBLICO",
        "INSTITUTO MEXICANO DEL SEGURO SOCIAL",
    ]
    assert [item.extra["branch"] for item in result.items] == ["PODER EJECUTIVO"] * 3 + [
        "ORGANISMOS DESCONCENTRADOS O DESCENTRALIZADOS"
    ]
    assert [item.doc_type for item in result.items] == ["acuerdo"] * 3 + ["aviso"]
    assert {(i.edition, i.section, i.published_on) for i in result.items} == {
        ("VES", "UNICA", dt.date(2026, 7, 31))
    }
    assert all("&" not in item.title and "  " not in item.title for item in result.items)
    assert (result.status, result.expected_items, len(result.follow)) == ("ok", True, 4)
    with pytest.raises(WrongDateError):
        dof.parse_response(body, VES_2026.replace("day=31", "day=30"))


@pytest.mark.reference
def test_reference_empty_index(reference_dir: pathlib.Path) -> None:
    body = (reference_dir / "dof/sarcom2_dof-scraper/index_2026-07-26_EMPTY.html").read_bytes()
    url = "https://dof.gob.mx/index.php?year=2026&month=07&day=26&edicion=MAT"
    result = dof.parse_response(body, url)
    assert (result.status, len(result.items), result.expected_items) == ("no_edition", 0, False)
    assert dof.sniff_url(body) == "https://dof.gob.mx/index.php?year=2026&month=07&day=26"


@pytest.mark.reference
def test_reference_index_111_sample(reference_dir: pathlib.Path) -> None:
    body = (reference_dir / "dof/tradelogic/index_111_sample.html").read_bytes()
    url = "https://dof.gob.mx/index_111.php?year=2026&month=08&day=07"
    result = dof.parse_response(body, url)
    assert codes(result) == ["5795797", "5795798", "5795799", "5795800", "5795802"]
    assert {"5795796", "5795801"}.isdisjoint(codes(result))
    assert Counter(item.agency for item in result.items) == {
        "SECRETARIA DE HACIENDA Y CREDITO PUBLICO": 4,
        "SECRETARIA DE INFRAESTRUCTURA, COMUNICACIONES Y TRANSPORTES": 1,
    }
    assert {item.published_on for item in result.items} == {dt.date(2026, 8, 7)}
    assert {item.doc_type for item in result.items} == {"acuerdo"}
    assert result.status == "truncated"  # the capture is an excerpt


@pytest.mark.reference
def test_reference_nota_detalle_sample(reference_dir: pathlib.Path) -> None:
    body = (reference_dir / "dof/tradelogic/nota_detalle_sample.html").read_bytes()
    url = "https://dof.gob.mx/nota_detalle.php?codigo=5795797&fecha=07/08/2026"
    (item,) = dof.parse_response(body, url).items
    assert (item.external_id, item.published_on, item.doc_type) == (
        "5795797",
        dt.date(2026, 8, 7),
        "acuerdo",
    )
    assert item.title.startswith("ACUERDO por el que se modifican las Reglas")
    assert "Diario Oficial" not in item.title and item.body.startswith("ACUERDO")


@pytest.mark.reference
def test_reference_doc_fuente_and_shell(reference_dir: pathlib.Path) -> None:
    folder = reference_dir / "dof/sarcom2_dof-scraper"
    doc_url = "https://sidof.segob.gob.mx/notas/docFuente/5788395"
    (note,) = dof.parse_response((folder / "docFuente_5788395.html").read_bytes(), doc_url).items
    assert (note.external_id, note.doc_type, note.published_on) == ("5788395", "aviso", None)
    assert note.title.startswith("AVISO por el que se da a conocer el cambio de domicilio")
    assert "TRANSITORIOS" in note.body and "{" not in note.body
    shell_url = "https://sidof.segob.gob.mx/notas/5788395"
    shell = dof.parse_response((folder / "nota_5788395.html").read_bytes(), shell_url)
    (item,) = shell.items
    assert (item.external_id, item.published_on, item.agency, item.edition, item.section) == (
        "5788395",
        dt.date(2026, 5, 25),
        "SECRETARIA DE CULTURA",
        "MAT",
        "UNICA",
    )
    assert [f.url for f in shell.follow] == [doc_url]


@pytest.mark.reference
def test_reference_ws_get_diario_full(reference_dir: pathlib.Path) -> None:
    body = (reference_dir / "dof/emirhg_nmx/WS_getDiarioFull_2014-01-24.json").read_bytes()
    url = "http://diariooficial.gob.mx/WS_getDiarioFull.php?year=2014&month=01&day=24"
    result = dof.parse_response(body, url)
    assert len(result.items) == 94 and len(set(codes(result))) == 94
    assert Counter(item.section for item in result.items) == {
        "PRIMERA": 34,
        "SEGUNDA": 56,
        "TERCERA": 1,
        "CUARTA": 1,
        "QUINTA": 2,
    }
    agencies = Counter(item.agency for item in result.items)
    assert agencies["SECRETARIA DE ECONOMIA"] == 5
    assert agencies["AVISOS JUDICIALES Y GENERALES"] == 45
    assert agencies["SECRETARIA DE HACIENDA Y CREDITO PUBLICO"] == 4
    assert {(i.edition, i.published_on) for i in result.items} == {("MAT", dt.date(2014, 1, 24))}
    assert result.items[0].external_id == "5330703"
    assert Counter(item.doc_type for item in result.items)["aviso"] == 56
    with pytest.raises(WrongDateError):
        dof.parse_response(body, url.replace("day=24", "day=23"))


@pytest.mark.reference
def test_reference_text_renderings(reference_dir: pathlib.Path) -> None:
    expected = {
        "nota_4694157_1994-05-09_inm_circular_tlcan.txt": ("4694157", "circular"),
        "nota_4880755_1998-06-01_maquiladora_decree.txt": ("4880755", "decreto"),
        "nota_5203365_2011-08-03_shcp_certificado_origen_tlc_colombia.txt": (
            "5203365",
            "resolucion",
        ),
        "nota_5473264_2017-02-28_asea_reglas_oficialia_partes.txt": ("5473264", "reglas"),
        "nota_5547224_2018-12-26_conasami_salarios_minimos_2019.txt": ("5547224", "resolucion"),
    }
    for name, (code, kind) in expected.items():
        body = (reference_dir / "dof/pages_corpus_text" / name).read_bytes()
        (item,) = dof.parse_response(body, dof.sniff_url(body)).items
        assert (item.external_id, item.doc_type) == (code, kind), name
        assert item.published_on == dt.date.fromisoformat(name.split("_")[2]), name
        assert len(item.title) > 40 and not item.title.startswith("Diario Oficial"), name
