"""Reference tests: the MX parsers against the real captures in ../shared/reference/sat.

The gob.mx archive listing is a real page and is parsed as it is. The SAT minisite, ANAM
feed and SNICE home page have no real HTML capture; for those the real URLs, titles and
dates (SAT manifests with SHA-256, the radar's live-collected items) are put back into
the documented markup and must come out of the parsers unchanged.
"""

from __future__ import annotations

import collections
import datetime as dt
import html
import json
import re

import pytest

from crawlers.parsers import anam, gobmx_prensa, sat_normatividad, snice

pytestmark = pytest.mark.reference

LISTING = "gobmx_sep_archivo_prensa_listing_2025-11-26.html"
SAMPLE = "gobmx_sep_prensa_items_sample.json"
RADAR = "radar_regulatorio_mx_publications_subset_2026-07-07.json"
SAT_BASE = "https://www.sat.gob.mx/minisitio/NormatividadRMFyRGCE/"


@pytest.fixture(scope="module")
def sat_dir(reference_dir):
    return reference_dir / "sat"


@pytest.fixture(scope="module")
def radar(sat_dir):
    return json.loads((sat_dir / RADAR).read_text(encoding="utf-8"))["items"]


# --------------------------------------------------------------------------- gob.mx


@pytest.fixture(scope="module")
def listing(sat_dir):
    body = (sat_dir / LISTING).read_bytes()
    url = gobmx_prensa.sniff_url(body)
    return url, gobmx_prensa.parse_response(body, url)


def test_gobmx_listing_url_is_sniffed(listing):
    assert listing[0] == "https://www.gob.mx/sep/archivo/prensa?idiom=es&order=DESC&page=1"


def test_gobmx_listing_has_nine_cards_first_and_last(listing):
    result = listing[1]
    assert len(result.items) == 9  # 3 rows of 3 <article> cards, counted by hand
    first, last = result.items[0], result.items[-1]
    assert first.title.startswith("Boletín 386. A través del INEA se atiende a 20 mil jóvenes")
    assert first.published_on == dt.date(2025, 11, 25)
    assert last.title.startswith("Boletín 378. SaberesMX plataforma diseñada para democratizar")
    assert last.published_on == dt.date(2025, 11, 21)
    assert {item.doc_type for item in result.items} == {"comunicado"}
    assert {item.agency for item in result.items} == {"SEP"}
    assert all(item.external_id.startswith("sep/prensa/boletin-3") for item in result.items)


def test_gobmx_listing_matches_the_spiders_own_items(listing, sat_dir):
    sample = json.loads((sat_dir / SAMPLE).read_text(encoding="utf-8"))[:9]
    got = [
        (i.title, i.url, i.extra["published_at_local"], i.extra["category"], i.extra["image"])
        for i in listing[1].items
    ]
    # The spider kept the page's no-break spaces; the parser folds them to plain spaces.
    want = [
        (" ".join(s["title"].split()), s["url"], s["date"], s["category"], s["image"])
        for s in sample
    ]
    assert got == want


def test_gobmx_listing_follows_page_two(listing):
    pages = [f.url for f in listing[1].follow if f.kind == "listing"]
    assert pages == ["https://www.gob.mx/sep/archivo/prensa?order=DESC&page=2&idiom=es"]
    assert len([f for f in listing[1].follow if f.kind == "detail"]) == 9


def test_gobmx_radar_urls_give_ids_agencies_and_bulletins(radar):
    rows = [r for r in radar if r["source"] == "Gob.mx APF"]
    assert len(rows) == 16
    ids = [gobmx_prensa.external_id_for(r["url"]) for r in rows]
    assert all(ids) and len(set(ids)) == 16
    portals = collections.Counter(i.split("/", 1)[0] for i in ids)
    assert portals == {"se": 7, "prodecon": 5, "sat": 4}
    sat_ids = [i for i in ids if i.startswith("sat/")]
    numbers = sorted(gobmx_prensa._bulletin(i)["bulletin_number"] for i in sat_ids)
    assert numbers == [44, 45, 46, 47]
    assert (
        "prodecon/articulos/eres-una-persona-moral-extranjera-sin-e-firma-si-introduces-"
        "mercancias-a-mexico-bajo-el-rdf-y" in ids
    )  # the "/es/" prefix is dropped


# --------------------------------------------------------------------------- SAT minisite


def _manifest_urls(sat_dir, name: str) -> list[str]:
    text = (sat_dir / name).read_text(encoding="utf-8")
    return re.findall(r"^\s*url:\s*(https://www\.sat\.gob\.mx/\S+)$", text, re.M)


def _page_from(urls: list[str]) -> bytes:
    """The minisite's documented markup: relative hrefs inside accordion lists."""
    rows = "\n".join(
        f'<li><a href="{html.escape(u.removeprefix(SAT_BASE))}">'
        f"{html.escape(u.rsplit('/', 1)[-1])}</a></li>"
        for u in urls
    )
    return (
        '<html><head><title>Normatividad</title></head><body><div class="panel-group">'
        f'<h4 class="panel-title"><a href="#n1">Documentos</a></h4><ul>{rows}</ul>'
        "</div></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("manifest", "entries", "unique", "doc_types"),
    [
        ("wikicomex_sat_rgce2026_MANIFEST.yaml", 35, 35,
         {"rgce": 1, "compilada": 3, "anexo": 31}),
        ("wikicomex_sat_rmf2026_MANIFEST.yaml", 42, 41,
         {"rmf": 2, "version_anticipada": 1, "compilada": 3, "anexo": 35}),
    ],
)  # fmt: skip
def test_sat_manifest_links_parse_into_documents(sat_dir, manifest, entries, unique, doc_types):
    urls = _manifest_urls(sat_dir, manifest)
    assert len(urls) == entries
    page_url = SAT_BASE + "normatividad_rmf_rgce2026.html"
    result = sat_normatividad.parse_response(_page_from(urls), page_url)
    assert len(result.items) == unique
    assert [i.url for i in result.items] == list(dict.fromkeys(urls))
    assert collections.Counter(i.doc_type for i in result.items) == doc_types
    assert {i.extra["year"] for i in result.items} == {2026}
    early = [i for i in result.items if i.extra["early_version"]]
    assert [i.external_id for i in early] == (
        ["documentos2026/rmf/anticipadas/1arm_rmf2026_decimasextaversionanticipada.zip"]
        if "rmf" in manifest
        else []
    )


def test_sat_manifest_classification_details(sat_dir):
    urls = _manifest_urls(sat_dir, "wikicomex_sat_rmf2026_MANIFEST.yaml")
    info = {u.rsplit("/", 1)[-1]: sat_normatividad.classify_document(u) for u in urls}
    zipped = info["1aRM_RMF2026_DecimaSextaVersionAnticipada.zip"]
    assert (zipped["anticipated_version"], zipped["modification"], zipped["instrument"]) == (
        16,
        1,
        "RMF",
    )
    assert info["Decima-Tercera-Modificacion-Anexo-15-DOF-17072026.pdf"]["modification"] == 13
    assert info["Compilado_Novena_Modificacion_Anexo_6_RMF2014-28122025.pdf"]["year"] == 2026
    names = [u.rsplit("/", 1)[-1] for u in urls]
    dates = {n: sat_normatividad._date_from_name(n) for n in names}
    assert dates["RMF_2026-DOF-28122025.pdf"] == dt.date(2025, 12, 28)
    assert dates["Anexo_18_RMF2026-19012026.pdf"] == dt.date(2026, 1, 19)
    assert dates["Anexo-15-RMF-2026_DOF-2812225.pdf"] is None  # SAT's typo stays unknown
    rgce = _manifest_urls(sat_dir, "wikicomex_sat_rgce2026_MANIFEST.yaml")
    annexes = sorted(
        int(sat_normatividad.classify_document(u)["annex"]) for u in rgce if "/anexos/Anexo" in u
    )
    assert annexes == [n for n in range(1, 31) if n != 13]


def test_sat_manifest_hashes_drive_the_change_rule(sat_dir):
    text = (sat_dir / "wikicomex_sat_rmf2026_MANIFEST.yaml").read_text(encoding="utf-8")
    hashes = re.findall(r"sha256:\s*([0-9a-f]{64})", text)
    assert len(hashes) == 42
    assert sat_normatividad.file_changed(hashes[0], None, hashes[0], None) is False
    assert sat_normatividad.file_changed(hashes[0], None, hashes[1], None) is True


# --------------------------------------------------------------------------- ANAM


def _feed_from(rows: list[dict]) -> bytes:
    items = "".join(
        f"<item><guid>{html.escape(r['url'])}</guid><link>{html.escape(r['url'])}</link>"
        f"<title>{html.escape(r['official_title'])}</title>"
        f"<pubDate>{dt.date.fromisoformat(r['published_at']).strftime('%a, %d %b %Y')}"
        " 12:00:00 +0000</pubDate></item>"
        for r in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>ANAM</title><link>https://www.anam.gob.mx</link>{items}</channel></rss>"
    ).encode()


def test_anam_radar_items_round_trip(radar):
    rows = [r for r in radar if r["source"] == "ANAM"]
    result = anam.parse_response(_feed_from(rows), anam.FEED_URL)
    assert len(result.items) == 7
    assert [i.title for i in result.items] == [r["official_title"] for r in rows]
    assert [i.published_on.isoformat() for i in result.items] == [r["published_at"] for r in rows]
    assert [i.external_id for i in result.items] == [
        "comunicado-presa-conjunto-36-2026",
        "informacion-publica-de-comercio-exterior-2025",
        "importacion-de-vehiculos-v2",
        "comunicado-prensa-conjunto-31-2026",
        "comunicado-prensa-27-2026-2",
        "comunicado-prensa-24-2026",
        "comunicado-prensa-20-2026",
    ]
    assert result.items[0].doc_type == "comunicado"  # SAT-style typo "presa" in the slug
    assert result.items[4].extra["bulletin_number"] == 27


# --------------------------------------------------------------------------- SNICE


def _snice_page_from(rows: list[dict]) -> bytes:
    items = []
    for r in rows:
        stamp = r["description"][:10]
        rest = r["description"][10:].strip()
        history = re.search(r"\(Consulta aquí[^)]*\)", rest)
        link = f'<a href="{html.escape(r["url"])}">{html.escape(r["official_title"])}</a>'
        extra = f' <a href="https://www.dof.gob.mx/">{history.group(0)}</a>' if history else ""
        items.append(f"<li><span>{stamp}</span> {link}{extra}</li>")
    return (
        "<html><head><title>SNICE</title></head><body><div class='actualidad'><h2>ACTUALIDAD</h2>"
        f"<ul>{''.join(items)}</ul></div></body></html>"
    ).encode()


def test_snice_radar_items_round_trip(radar):
    rows = [r for r in radar if r["source"] == "SNICE"]
    assert len(rows) == 7
    result = snice.parse_response(_snice_page_from(rows), snice.HOME_URL)
    kept = [r for r in rows if not r["official_title"].startswith("Sin ")]
    assert len(result.items) == 5 == len(kept)
    got = {i.url: (i.title, i.published_on.isoformat()) for i in result.items}
    assert got == {r["url"]: (r["official_title"], r["published_at"]) for r in kept}
    ids = {i.external_id for i in result.items}
    assert "immex_suspendidos_2026-actualidad_20260626-20260626.pdf" in ids
    assert "dof:5792791" in ids
    immex = next(i for i in result.items if "immex" in i.external_id)
    assert (immex.doc_type, immex.extra["immex"]) == ("comunicado", True)


def test_snice_manifest_file_names_give_document_dates(sat_dir):
    text = (sat_dir / "wikicomex_sidof_se_snice_vucem_tigie_MANIFESTS.yaml").read_text("utf-8")
    urls = re.findall(r"url:\s*(https://www\.snice\.gob\.mx/~oracle/\S+)", text)
    assert len(urls) == 4
    dates = [snice._file_date(u.rsplit("/", 1)[-1]) for u in urls]
    assert dates == [
        dt.date(2025, 9, 25), dt.date(2024, 7, 4), dt.date(2026, 5, 20), dt.date(2024, 6, 10),
    ]  # fmt: skip
    assert snice.external_id_for(urls[1]) == "decreto_prosec-prosec_20240704-20240704.pdf"
