"""SAT normatividad minisite: the yearly page of linked documents, the files, the change rule."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest

from crawlers.errors import InterstitialError, ParseError
from crawlers.parsers import sat_normatividad as sat

PAGE_URL = "https://www.sat.gob.mx/minisitio/NormatividadRMFyRGCE/normatividad_rmf_rgce2026.html"
BASE = "https://www.sat.gob.mx/minisitio/NormatividadRMFyRGCE/"


@pytest.fixture(scope="module")
def page(fixtures_dir):
    return (fixtures_dir / "mx" / "sat_normatividad_rmf_rgce2026.html").read_bytes()


@pytest.fixture(scope="module")
def result(page):
    return sat.parse_response(page, PAGE_URL)


@pytest.fixture(scope="module")
def by_id(result):
    return {item.external_id: item for item in result.items}


def test_every_linked_document_once_in_page_order(result):
    ids = [item.external_id for item in result.items]
    assert len(ids) == 14
    assert ids[0] == "documentos2026/rmf/rmf/rmf_2026-dof-29122025.pdf"
    assert ids[-1] == "documentos2026/rfa/rfa_2026.pdf"
    assert len(set(ids)) == len(ids)  # the PDF icon beside a link is the same document


def test_navigation_and_fragment_toggles_are_not_documents(by_id):
    assert not any("2025.html" in key or "aviso-de-privacidad" in key for key in by_id)
    assert all(item.url.startswith(BASE + "documentos2026/") for item in by_id.values())


def test_base_rmf_carries_date_from_row_and_section(by_id):
    item = by_id["documentos2026/rmf/rmf/rmf_2026-dof-29122025.pdf"]
    assert item.title == "Resolución Miscelánea Fiscal para 2026"
    assert item.published_on == dt.date(2025, 12, 29)
    assert (item.agency, item.language, item.doc_type) == ("SAT", "es", "rmf")
    assert item.extra["instrument"] == "RMF"
    assert item.extra["year"] == 2026
    assert item.extra["early_version"] is False
    assert item.extra["section"] == "Resolución Miscelánea Fiscal 2026"


def test_early_versions_are_recognised_by_folder_and_by_name(by_id):
    zipped = by_id["documentos2026/rmf/anticipadas/2arm_rmf2026_terceraversionanticipada.zip"]
    assert zipped.doc_type == "version_anticipada"
    assert zipped.extra["early_version"] is True
    assert zipped.extra["anticipated_version"] == 3
    assert zipped.extra["modification"] == 2
    misplaced = by_id["documentos2026/rmf/rmf/2arm_rmf2026-cuarta_version_anticipada_03032026.pdf"]
    assert misplaced.doc_type == "version_anticipada"
    assert misplaced.extra["anticipated_version"] == 4
    assert misplaced.published_on == dt.date(2026, 3, 3)


def test_annex_rows_take_their_title_from_the_row_not_the_download_link(by_id):
    item = by_id["documentos2026/rmf/anexos/anexo_1-a_rmf2026-15012026.pdf"]
    assert item.title == "Anexo 1-A de la RMF para 2026"
    assert item.doc_type == "anexo"
    assert item.extra["annex"] == "1-A"
    assert item.published_on == dt.date(2026, 1, 15)


def test_year_comes_from_the_href_not_a_legacy_title(by_id):
    item = by_id["documentos2026/rmf/anexos/anexo-6-rmf-2026.pdf"]
    assert item.title == "Novena Modificación al Anexo 6 de la RMF para 2014"
    assert item.extra["year"] == 2026
    assert item.extra["annex"] == "6"


def test_typo_dates_in_file_names_are_left_empty(by_id):
    assert by_id["documentos2026/rmf/anexos/anexo_24_rmf2026-3112025.pdf"].published_on is None


def test_rgce_documents_and_annex_numbers(by_id):
    assert by_id[
        "documentos2026/rgce/rgce/reglasgeneralescomercioexteriorpara2026.pdf"
    ].doc_type == ("rgce")
    compiled = by_id["documentos2026/rgce/compiladas/2darmrgcepara2026.pdf"]
    assert (compiled.doc_type, compiled.extra["modification"]) == ("compilada", 2)
    annex = by_id["documentos2026/rgce/anexos/2da_modificacionanexo24delasrgcepara2026.pdf"]
    assert (annex.extra["instrument"], annex.extra["annex"], annex.extra["modification"]) == (
        "RGCE",
        "24",
        2,
    )
    spaced = by_id["documentos2026/rgce/anexos/anexo 30 delasrgcepara2026.pdf"]
    assert spaced.url == BASE + "documentos2026/rgce/anexos/Anexo%2030%20delasRGCEpara2026.pdf"
    assert by_id["documentos2026/rfa/rfa_2026.pdf"].doc_type == "rfa"


def test_each_document_is_followed_as_a_file(result):
    assert [f.kind for f in result.follow] == ["file"] * 14
    assert result.follow[0].meta == {"external_id": result.items[0].external_id}
    assert result.expected_items is True


def test_page_decodes_utf8_without_charset(page):
    latin = page.replace(b"<head>", b"<head><meta charset='iso-8859-1'>")
    item = sat.parse_response(latin, PAGE_URL).items[0]
    assert "Miscelánea" in item.title


def test_sniff_url_guesses_the_yearly_page(page):
    assert sat.sniff_url(page) == PAGE_URL
    assert sat.sniff_url(b"%PDF-1.7\n...").endswith(".pdf")


# --------------------------------------------------------------------------- classification


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("documentos2026/rmf/anticipadas/1aRM_RMF2026_DecimaSextaVersionAnticipada.zip",
         ("version_anticipada", "RMF", 2026, True, 16, 1, None)),
        ("documentos2026/rmf/compiladas/Compilado_DecimaSegunda_Modificacion_Anexo_15_RMF2022-28122025.pdf",
         ("compilada", "RMF", 2026, False, None, 12, "15")),
        ("documentos2026/rmf/anexos/Decima-Tercera-Modificacion-Anexo-15-DOF-17072026.pdf",
         ("anexo", "RMF", 2026, False, None, 13, "15")),
        ("documentos2026/rgce/compiladas/1raRMRGCEpara2026.pdf",
         ("compilada", "RGCE", 2026, False, None, 1, None)),
        ("documentos2025/rgce/anexos/Anexo1delasRGCEpara2025.pdf",
         ("anexo", "RGCE", 2025, False, None, None, "1")),
    ],
)  # fmt: skip
def test_classify_document_from_real_naming_styles(href, expected):
    info = sat.classify_document(BASE + href)
    got = tuple(
        info[key]
        for key in ("doc_type", "instrument", "year", "early_version",
                    "anticipated_version", "modification", "annex")
    )  # fmt: skip
    assert got == expected


def test_legacy_host_and_blob_ids_are_stable():
    legacy = "http://omawww.sat.gob.mx/normatividad_RMF_RGCE/Paginas/documentos2025/rmf/anexos/Anexo8_RMF2025-30122024.pdf"
    assert sat.external_id_for(legacy) == "documentos2025/rmf/anexos/anexo8_rmf2025-30122024.pdf"
    blob = "https://www.sat.gob.mx/cs/Satellite?blobcol=urldata&blobkey=id&blobtable=MungoBlobs&blobwhere=1461173437000"
    assert sat.external_id_for(blob) == "blob/1461173437000"


# --------------------------------------------------------------------------- files


def _pdf(text: bytes = b"hello") -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\n" + text + b"\ntrailer <<>>\n%%EOF\n"


def test_pdf_file_gets_hash_size_and_validators():
    body = _pdf()
    url = BASE + "documentos2026/rmf/anexos/Anexo_3_RMF2026-09012026.pdf"
    headers = {"Last-Modified": "Fri, 09 Jan 2026 18:00:00 GMT", "ETag": '"abc"'}
    result = sat.parse_response(body, url, headers=headers)
    (item,) = result.items
    assert item.external_id == "documentos2026/rmf/anexos/anexo_3_rmf2026-09012026.pdf"
    assert item.extra["sha256"] == hashlib.sha256(body).hexdigest()
    assert item.extra["bytes"] == len(body)
    assert item.extra["last_modified"] == "Fri, 09 Jan 2026 18:00:00 GMT"
    assert item.extra["etag"] == '"abc"'
    assert (item.doc_type, item.extra["annex"], item.published_on) == (
        "anexo", "3", dt.date(2026, 1, 9),
    )  # fmt: skip


def test_scrapy_style_headers_are_read():
    headers = {b"Last-Modified": [b"Thu, 02 Jul 2026 10:00:00 GMT"]}
    url = BASE + "documentos2026/rmf/rmf/1aRM_RMF2026.pdf"
    item = sat.parse_response(_pdf(), url, headers=headers).items[0]
    assert item.extra["last_modified"] == "Thu, 02 Jul 2026 10:00:00 GMT"


def test_zip_members_are_hashed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("2aRM_RMF2026_3a_version_anticipada.pdf", _pdf(b"rules"))
    body = buffer.getvalue()
    url = BASE + "documentos2026/rmf/anticipadas/2aRM_RMF2026_TerceraVersionAnticipada.zip"
    item = sat.parse_response(body, url).items[0]
    assert item.extra["early_version"] is True
    (member,) = item.extra["members"]
    assert member["name"] == "2aRM_RMF2026_3a_version_anticipada.pdf"
    assert member["sha256"] == hashlib.sha256(_pdf(b"rules")).hexdigest()


def test_truncated_pdf_and_zip_are_refused():
    url = BASE + "documentos2026/rmf/rmf/1aRM_RMF2026.pdf"
    with pytest.raises(ParseError, match="truncated"):
        sat.parse_response(_pdf()[:-10], url)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.pdf", _pdf() * 50)
    with pytest.raises(ParseError, match="ZIP"):
        sat.parse_response(buffer.getvalue()[:-40], url.replace(".pdf", ".zip"))


def test_html_instead_of_a_file_is_an_error():
    url = BASE + "documentos2026/rmf/rmf/1aRM_RMF2026.pdf"
    with pytest.raises(ParseError, match="HTML page"):
        sat.parse_response(b"<html><body><h1>No encontrado</h1></body></html>", url)
    rejected = (
        b"<html><head><title>Request Rejected</title></head><body>The requested URL was "
        b"rejected. Please consult with your administrator.<br><br>Your support ID is: 1234"
        b"</body></html>"
    )
    with pytest.raises(InterstitialError):
        sat.parse_response(rejected, url)


# --------------------------------------------------------------------------- change rule


def test_file_changed_prefers_the_hash():
    lm_old, lm_new = "Fri, 09 Jan 2026 18:00:00 GMT", "Mon, 12 Jan 2026 09:00:00 GMT"
    assert sat.file_changed("aa", lm_old, "aa", lm_new) is False  # re-upload, same bytes
    assert sat.file_changed("aa", lm_old, "bb", lm_old) is True  # replaced in place
    assert sat.file_changed("AA ", lm_old, "aa", lm_old) is False


def test_file_changed_falls_back_to_last_modified():
    lm = "Fri, 09 Jan 2026 18:00:00 GMT"
    assert sat.file_changed("aa", lm, None, "Fri, 09 Jan 2026 18:00:00 +0000") is False
    assert sat.file_changed("aa", lm, None, "Sat, 10 Jan 2026 18:00:00 GMT") is True
    assert sat.file_changed(None, None, "aa", lm) is True  # never seen: new
    assert sat.file_changed("aa", None, None, None) is True  # cannot prove unchanged


def test_buttons_and_onclick_links_to_files_are_documents():
    body = (
        b"<html><body><h4>Anexos</h4><ul><li><button onclick=\"window.open('documentos2026/rgce"
        b"/anexos/Anexo22delasRGCEpara2026.pdf')\">Anexo 22 de las RGCE</button></li><li>"
        b'<a href="#" onclick="abrir(\'documentos2026/rmf/anexos/Anexo_3_RMF2026-09012026.pdf\');'
        b' return false;">Anexo 3 RMF</a></li></ul></body></html>'
    )
    items = sat.parse_response(body, PAGE_URL).items
    assert [(i.external_id, i.title, i.extra["section"]) for i in items] == [
        (
            "documentos2026/rgce/anexos/anexo22delasrgcepara2026.pdf",
            "Anexo 22 de las RGCE",
            "Anexos",
        ),
        ("documentos2026/rmf/anexos/anexo_3_rmf2026-09012026.pdf", "Anexo 3 RMF", "Anexos"),
    ]


def test_a_long_text_mentioning_captcha_is_not_an_interstitial():
    body = (
        "<html><body>" + "<p>reCAPTCHA protege el portal.</p>" * 2000 + "</body></html>"
    ).encode()
    with pytest.raises(ParseError, match="No links"):
        sat.parse_response(body, PAGE_URL)
