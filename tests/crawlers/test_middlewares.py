"""The meta-refresh shortcut: pages without the tag pass untouched; pages with it redirect."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawlers.middlewares import MetaRefreshMiddleware

URL = "http://127.0.0.1:8000/index_111.php?year=2026&month=03&day=06&edicion=MAT"


def _middleware() -> MetaRefreshMiddleware:
    return MetaRefreshMiddleware.from_crawler(get_crawler())


def _respond(body: bytes, encoding: str = "cp1252") -> tuple[Request, HtmlResponse]:
    request = Request(URL)
    return request, HtmlResponse(URL, body=body, encoding=encoding, request=request)


def test_page_without_refresh_passes_untouched():
    request, response = _respond(
        "<html><head><title>Edición</title></head></html>".encode("cp1252")
    )
    assert _middleware().process_response(request, response) is response


def test_meta_refresh_still_redirects():
    body = b'<html><head><META HTTP-EQUIV="Refresh" CONTENT="0; URL=/otra.php"></head></html>'
    request, response = _respond(body)
    redirected = _middleware().process_response(request, response)
    assert isinstance(redirected, Request)
    assert redirected.url == "http://127.0.0.1:8000/otra.php"


def test_utf16_page_is_searched_in_full():
    html = '<html><head><meta http-equiv="refresh" content="0;url=/x"></head></html>'
    request, response = _respond(html.encode("utf-16-le"), encoding="utf-16-le")
    redirected = _middleware().process_response(request, response)
    assert isinstance(redirected, Request)
    assert redirected.url.endswith("/x")


def test_only_pages_without_the_word_are_skipped():
    from crawlers.middlewares import _cannot_refresh

    assert _cannot_refresh(b"<html><head></head><body>Aviso</body></html>")
    assert not _cannot_refresh(b'<meta http-equiv="REFRESH" content="5">')
    assert not _cannot_refresh("<html>".encode("utf-16-le"))
