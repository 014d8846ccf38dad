"""Faults and fuzzing for the MX parsers: bad input yields a CrawlError, never a crash."""

from __future__ import annotations

import random
import time

import pytest

from crawlers.errors import CrawlError, InterstitialError, ParseError
from crawlers.parsers import anam, gobmx_prensa, sat_normatividad, snice

SAT_PAGE = "https://www.sat.gob.mx/minisitio/NormatividadRMFyRGCE/normatividad_rmf_rgce2026.html"
SAT_LISTING = "https://www.gob.mx/sat/archivo/prensa?idiom=es&order=DESC&page=1"
SAT_ARTICLE = "https://www.gob.mx/sat/prensa/sat-informa-020-2026"
CASES = [
    (sat_normatividad, "sat_normatividad_rmf_rgce2026.html", SAT_PAGE),
    (gobmx_prensa, "gobmx_sat_archivo_prensa_page3.html", SAT_LISTING),
    (
        gobmx_prensa,
        "gobmx_se_archivo_prensa_page2.js",
        "https://www.gob.mx/se/archivo/prensa?page=2",
    ),
    (gobmx_prensa, "gobmx_sat_prensa_detalle.html", SAT_ARTICLE),
    (
        gobmx_prensa,
        "gobmx_conasami_articulo_detalle.html",
        "https://www.gob.mx/conasami/articulos/x",
    ),
    (anam, "anam_sitemap.rss", anam.FEED_URL),
    (snice, "snice_home.html", snice.HOME_URL),
]
PARSERS = [
    (sat_normatividad, SAT_PAGE),
    (gobmx_prensa, SAT_LISTING),
    (gobmx_prensa, SAT_ARTICLE),
    (anam, anam.FEED_URL),
    (snice, snice.HOME_URL),
]
F5_REJECTION = (
    b"<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. "
    b"Please consult with your administrator.<br><br>Your support ID is: 9876543210</body></html>"
)
AKAMAI_DENIED = (
    b"<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>You don't have "
    b"permission to access this server.<P>Reference&#32;&#35;18&#46;1</BODY></HTML>"
)
CAPTCHA = (
    b"<html><head><title>Verificaci\xc3\xb3n</title></head><body><form>"
    b"<div class='g-recaptcha' data-sitekey='x'></div></form></body></html>"
)
MAINTENANCE = b"<html><body><h1>Sitio en mantenimiento</h1><p>Vuelve pronto.</p></body></html>"
LOGIN = (
    b"<html><body><form><label>Usuario</label><input name='u'>"
    b"<input type='password' name='p'><button>Entrar</button></form></body></html>"
)


@pytest.mark.parametrize(("module", "url"), PARSERS)
@pytest.mark.parametrize("body", [b"", b"   \n", b"\x00"])
def test_empty_bodies_are_parse_errors(module, url, body):
    with pytest.raises(CrawlError):
        module.parse_response(body, url)


@pytest.mark.parametrize(("module", "url"), PARSERS)
@pytest.mark.parametrize("body", [F5_REJECTION, AKAMAI_DENIED, CAPTCHA, MAINTENANCE])
def test_bot_checks_and_holding_pages_are_interstitials(module, url, body):
    with pytest.raises(InterstitialError):
        module.parse_response(body, url)


@pytest.mark.parametrize(("module", "url"), PARSERS)
def test_login_pages_are_parse_errors(module, url):
    with pytest.raises(ParseError, match="login"):
        module.parse_response(LOGIN, url)


@pytest.mark.parametrize(("module", "url"), PARSERS)
def test_errors_are_one_sentence(module, url):
    with pytest.raises(CrawlError) as caught:
        module.parse_response(b"<html><body><p>Nada</p></body></html>", url)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".") and "Traceback" not in message


def test_wrong_cms_for_each_parser(fixtures_dir):
    anam_feed = (fixtures_dir / "mx" / "anam_sitemap.rss").read_bytes()
    gob_listing = (fixtures_dir / "mx" / "gobmx_sat_archivo_prensa_page3.html").read_bytes()
    with pytest.raises(ParseError):
        sat_normatividad.parse_response(gob_listing, SAT_PAGE)
    with pytest.raises(ParseError):
        snice.parse_response(anam_feed, snice.HOME_URL)
    with pytest.raises(ParseError):
        anam.parse_response(gob_listing, anam.FEED_URL)


def _mutate(rng: random.Random, body: bytes) -> bytes:
    kind = rng.randrange(8)
    if kind == 0:  # truncation
        return body[: rng.randrange(len(body) + 1)]
    if kind == 1:  # another encoding
        codec = rng.choice(["latin-1", "cp1252", "utf-16", "utf-8-sig", "ascii"])
        return body.decode("utf-8", "replace").encode(codec, "replace")
    if kind == 2:  # flipped bytes
        data = bytearray(body)
        for _ in range(rng.randrange(1, 60)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind == 3:  # a hole
        start, end = sorted(rng.randrange(len(body)) for _ in range(2))
        return body[:start] + body[end:]
    if kind == 4:  # tag soup
        junk = [b'<a href="', b"</div>", b"<article>", b'<time datetime="', b"<![CDATA[", b"<h2>",
                b'"', b">", b"<", b"&", b"\x00", b"</rss>", b"<item>", b"[", b"\\"]  # fmt: skip
        for _ in range(rng.randrange(1, 40)):
            at = rng.randrange(len(body) + 1)
            body = body[:at] + rng.choice(junk) + body[at:]
        return body
    if kind == 5:  # lost tags
        return body.replace(b"<", b"", rng.randrange(1, 300))
    if kind == 6:
        return body * 2
    return bytes(rng.randrange(256) for _ in range(rng.randrange(300)))


@pytest.mark.slow
def test_fuzzed_fixtures_never_crash(fixtures_dir, request):
    rng = random.Random(20260311)
    cases = [(m, (fixtures_dir / "mx" / name).read_bytes(), url) for m, name, url in CASES]
    per_case, total, started = 150, 0, time.monotonic()
    for module, body, url in cases:
        for _ in range(per_case):
            mutated = _mutate(rng, body)
            total += 1
            assert isinstance(module.sniff_url(mutated), str)
            try:
                result = module.parse_response(mutated, url)
            except CrawlError as error:
                assert str(error) and "\n" not in str(error)
                continue
            for item in result.items:
                contract = item.to_contract()
                assert contract["external_id"] and contract["title"]
    assert total >= 1000
    request.node.user_properties.append(("fuzz_seconds", round(time.monotonic() - started, 1)))
