"""Property tests: parsers fed mutated real-shaped pages degrade safely (hypothesis).

Each parser gets the project's own fixture pages in the sources' formats, mutated the way
sites change: an element removed, a class or tag renamed, a JSON key dropped or retyped,
the page cut short. Whatever the mutation, the parser either refuses the page with one
sentence that says what it expected, or returns only right items: no item whose id, date
or address the original page does not give, and never a silent "ok" with zero items where
the original page had some.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from crawlers.errors import CrawlError
from crawlers.items import ParseResult
from crawlers.parsers import anam, csms, dof, sat_normatividad, snice

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
# Mutated pages often look like XML to BeautifulSoup; its advice is noise here.
pytestmark = pytest.mark.filterwarnings("ignore:It looks like you're using an HTML parser")

CASES = {
    # name: (parser, fixture, url, date, kind of document)
    "csms_widget": (
        csms, "cbp/csms_widget.json",
        "https://content.govdelivery.com/accounts/USDHSCBP/widgets/USDHSCBP_WIDGET_2/0.json",
        None, "json",
    ),
    "csms_rss": (
        csms, "cbp/csms_feed.rss",
        "https://content.govdelivery.com/accounts/USDHSCBP/bulletins.rss", None, "xml",
    ),
    "csms_legacy_bulletin": (
        csms, "cbp/csms_bulletin_19-000777_legacy.html",
        "https://content.govdelivery.com/accounts/USDHSCBP/bulletins/24a1b2c", None, "html",
    ),
    "csms_bulletin": (
        csms, "cbp/csms_bulletin_68500001_modern.html",
        "https://content.govdelivery.com/accounts/USDHSCBP/bulletins/3c1d2e3", None, "html",
    ),
    "sat": (
        sat_normatividad, "mx/sat_normatividad_rmf_rgce2026.html",
        "https://www.sat.gob.mx/minisitio/NormatividadRMFyRGCE/normatividad_rmf_rgce2026.html",
        dt.date(2026, 3, 6), "html",
    ),
    "anam": (anam, "mx/anam_sitemap.rss", "https://www.anam.gob.mx/sitemap.rss", None, "xml"),
    # The DOF routes that stand in for each other.
    "dof_sidof_list": (
        dof, "dof/sidof_notas_14-03-2025.json",
        "https://sidof.segob.gob.mx/dof/sidof/notas/14-03-2025", dt.date(2025, 3, 14), "json",
    ),
    "dof_index": (
        dof, "dof/index_2025-03-14_MAT.html",
        "https://dof.gob.mx/index_111.php?year=2025&month=03&day=14&edicion=MAT",
        dt.date(2025, 3, 14), "html",
    ),
    "dof_ws": (
        dof, "dof/ws_getdiariofull_2013-07-31.json",
        "https://www.diariooficial.gob.mx/WS_getDiarioFull.php?year=2013&month=07&day=31",
        dt.date(2013, 7, 31), "json",
    ),
    "snice": (
        snice, "mx/snice_home.html", "https://www.snice.gob.mx/cs/avi/snice/home.html",
        dt.date(2026, 3, 6), "html",
    ),
}  # fmt: skip


def _parse(name: str, body: bytes) -> ParseResult:
    parser, _, url, date, _ = CASES[name]
    return parser.parse_response(body, url, date)


def _original(name: str) -> tuple[bytes, ParseResult]:
    body = (FIXTURES / CASES[name][1]).read_bytes()
    return body, _parse(name, body)


def _is_right(item: Any, original: ParseResult, url: str) -> bool:
    """The item is one the original page gives: same id, and its date and address where
    it has them (a date left out is incomplete, not wrong; a page's own URL is right)."""
    for known in original.items:
        if known.external_id != item.external_id:
            continue
        date_ok = item.published_on in (None, known.published_on)
        return date_ok and item.url in (known.url, url, None)
    return False


# ---------------------------------------------------------------- mutations


def _mutate_tree(body: bytes, kind: str, data: st.DataObject) -> bytes:
    """Remove an element, or rename its tag or class, in an HTML or XML page."""
    if kind == "html":
        root = lxml_html.fromstring(body)
    else:
        root = etree.fromstring(body, etree.XMLParser(recover=True, resolve_entities=False))
    elements = [e for e in root.iter() if isinstance(e.tag, str) and e is not root]
    target = elements[data.draw(st.integers(0, len(elements) - 1), label="element")]
    how = data.draw(st.sampled_from(["drop", "rename_tag", "rename_class", "empty"]), label="how")
    if how == "drop":
        target.getparent().remove(target)
    elif how == "rename_tag":
        target.tag = "div" if target.tag != "div" else "span"
    elif how == "rename_class":
        target.set("class", (target.get("class") or "") + "-v2")
    else:
        target.text, target[:] = None, []
    if kind == "html":
        return lxml_html.tostring(root, encoding="utf-8")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _mutate_json(body: bytes, data: st.DataObject) -> bytes:
    """Drop a key, or give it a value of another type, somewhere in a JSON document."""
    text = body.decode("utf-8")
    call = text.find(".update(")  # the widget's JSONP wrapper
    start = call + len(".update(") if call >= 0 else 0
    end = text.rfind(")") if call >= 0 else len(text)
    doc = json.loads(text[start:end])
    nodes: list[Any] = []
    pending = [doc]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            nodes.append(node)
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    node = nodes[data.draw(st.integers(0, len(nodes) - 1), label="object")]
    key = data.draw(st.sampled_from(sorted(node)), label="key") if node else None
    if key is not None:
        how = data.draw(st.sampled_from(["drop", "null", "number", "list"]), label="how")
        if how == "drop":
            del node[key]
        else:
            node[key] = {"null": None, "number": 7, "list": []}[how]
    return (text[:start] + json.dumps(doc) + text[end:]).encode("utf-8")


def _cut(body: bytes, data: st.DataObject) -> bytes:
    return body[: data.draw(st.integers(1, max(1, len(body) - 1)), label="cut at")]


# ---------------------------------------------------------------- the property


def _check_safe(name: str, mutated: bytes, original: ParseResult) -> None:
    try:
        result = _parse(name, mutated)
    except CrawlError as error:
        message = str(error)
        assert "\n" not in message and message.endswith((".", ")")), message
        assert len(message) < 400, message
        return
    url = CASES[name][2]
    wrong = [
        (item.external_id, item.published_on, item.url)
        for item in result.items
        if not _is_right(item, original, url)
    ]
    assert not wrong, f"{name}: mutated page yields items the page does not give: {wrong[:3]}"
    if original.items and not result.items:
        assert result.expected_items or result.status != "ok", (
            f"{name}: zero items, silently, where the page normally has items"
        )


PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_pages_parse_with_items(name: str) -> None:
    _, result = _original(name)
    assert result.items, f"the {name} fixture should yield items"


@pytest.mark.parametrize("name", sorted(CASES))
@PROPERTY
@given(data=st.data())
def test_a_changed_structure_never_yields_a_wrong_item(name: str, data: st.DataObject) -> None:
    body, original = _original(name)
    kind = CASES[name][4]
    mutated = _mutate_json(body, data) if kind == "json" else _mutate_tree(body, kind, data)
    _check_safe(name, mutated, original)


@pytest.mark.parametrize("name", sorted(CASES))
@PROPERTY
@given(data=st.data())
def test_a_cut_page_never_yields_a_wrong_item(name: str, data: st.DataObject) -> None:
    body, original = _original(name)
    _check_safe(name, _cut(body, data), original)
