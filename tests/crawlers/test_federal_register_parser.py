"""The Federal Register parser on the project's own API fixtures and on the real captures."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import random
from urllib.parse import parse_qsl, urlsplit

import pytest

from crawlers.errors import ParseError
from crawlers.parsers import federal_register as fr
from crawlers.registry import parser_for

CBP = "U.S. Customs and Border Protection"


@pytest.fixture
def cbp(fixtures_dir: pathlib.Path) -> pathlib.Path:
    return fixtures_dir / "cbp"


def parse(path: pathlib.Path, url: str | None = None) -> fr.ParseResult:
    body = path.read_bytes()
    return fr.parse_response(body, url if url is not None else fr.sniff_url(body))


# ---------------------------------------------------------------- search URL


def test_build_search_url_repeats_keys_and_encodes_brackets() -> None:
    url = fr.build_search_url(
        fr.API_BASE,
        ["u-s-customs-and-border-protection", "trade-representative-office-of-united-states"],
        dt.date(2026, 7, 1),
        until=dt.date(2026, 7, 3),
        per_page=500,
        fields=["document_number", "title"],
    )
    assert url == (
        "https://www.federalregister.gov/api/v1/documents.json?"
        "conditions%5Bagencies%5D%5B%5D=u-s-customs-and-border-protection&"
        "conditions%5Bagencies%5D%5B%5D=trade-representative-office-of-united-states&"
        "conditions%5Bpublication_date%5D%5Bgte%5D=2026-07-01&"
        "conditions%5Bpublication_date%5D%5Blte%5D=2026-07-03&"
        "fields%5B%5D=document_number&fields%5B%5D=title&order=newest&per_page=500"
    )


def test_build_search_url_defaults_and_full_path_base() -> None:
    url = fr.build_search_url(
        "http://127.0.0.1:8001/api/v1/documents.json", ["x"], "2026-07-01", types=["RULE"]
    )
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("127.0.0.1:8001", "/api/v1/documents.json")
    query = parse_qsl(parts.query)
    assert ("conditions[type][]", "RULE") in query
    assert ("per_page", "1000") in query
    assert [v for k, v in query if k == "fields[]"] == list(fr.DEFAULT_FIELDS)
    assert not any(k.endswith("[lte]") for k, _ in query)


# ---------------------------------------------------------------- search pages


def test_search_page_items(cbp: pathlib.Path) -> None:
    result = parse(cbp / "fr_search_page1.json", fr.SEARCH_URL)
    assert [i.external_id for i in result.items] == ["2026-14410", "2026-14405", "2026-14403"]
    rule, proposed, notice = result.items
    assert rule.to_contract() == {
        "source": "us_federal_register",
        "external_id": "2026-14410",
        "title": "Invented Data Element for Widget Parts",
        "url": "https://www.federalregister.gov/documents/2026/07/10/2026-14410/"
        "invented-data-element-for-widget-parts",
        "published_on": "2026-07-10",
        "agency": "U.S. Customs and Border Protection; Treasury Department",
        "language": "en",
        "doc_type": "Rule",
        "effective_on": "2026-07-10",
        "comments_close_on": "2026-09-08",
    }
    assert rule.body and rule.body.startswith("This interim final rule amends")
    assert rule.extra["docket_ids"] == ["USCBP-2026-0099"]
    assert rule.extra["regulation_id_numbers"] == ["1651-AB99"]
    assert (
        rule.extra["pdf_url"]
        == "https://www.govinfo.gov/content/pkg/FR-2026-07-10/pdf/2026-14410.pdf"
    )
    assert rule.extra["agencies"] == ["Homeland Security Department", CBP, "Treasury Department"]
    assert rule.extra["action"] == "Interim final rule; request for comments."
    assert (proposed.doc_type, proposed.body, proposed.effective_on) == (
        "Proposed Rule",
        None,
        None,
    )
    assert proposed.comments_close_on == dt.date(2026, 8, 14)
    assert proposed.agency == "Trade Representative, Office of United States"
    assert (notice.doc_type, notice.agency) == ("Notice", CBP)


def test_search_page_follows_next_page_url_exactly(cbp: pathlib.Path) -> None:
    path = cbp / "fr_search_page1.json"
    result = parse(path)
    [follow] = result.follow
    assert follow.url == json.loads(path.read_bytes())["next_page_url"]
    assert follow.kind == "listing"
    assert follow.meta == {"count": 5, "total_pages": 2}


def test_last_page_has_no_follow(cbp: pathlib.Path) -> None:
    result = parse(cbp / "fr_search_page2_last.json")
    assert result.follow == []
    presidential, correction = result.items
    assert presidential.doc_type == "Presidential Document"
    assert presidential.agency == "Executive Office of the President"
    assert correction.external_id == "C1-2026-13001"
    assert correction.extra["pdf_url"] is None


def test_empty_search_is_nothing_new(cbp: pathlib.Path) -> None:
    result = parse(cbp / "fr_search_empty.json")
    assert (result.items, result.follow, result.status) == ([], [], "ok")
    assert result.expected_items is False


def test_single_document(cbp: pathlib.Path) -> None:
    result = parse(cbp / "fr_document_2026-14410.json", "")
    [item] = result.items
    assert (item.external_id, item.agency, item.doc_type) == ("2026-14410", CBP, "Rule")
    assert (item.effective_on, item.comments_close_on) == (
        dt.date(2026, 7, 10),
        dt.date(2026, 9, 8),
    )
    assert item.extra["cfr_references"][0]["part"] == 182
    assert item.extra["citation"] == "91 FR 40001"
    assert item.extra["significant"] is False
    assert item.extra["dates"].startswith("Effective date:")
    assert "public_inspection" not in item.extra


def test_public_inspection_list(cbp: pathlib.Path) -> None:
    result = parse(cbp / "fr_public_inspection_current.json", "")  # detected by its fields
    special, regular = result.items
    assert (special.external_id, special.doc_type) == ("2026-14600", "Proposed Rule")
    assert special.published_on == dt.date(2026, 7, 15)
    assert special.agency == CBP
    assert special.extra["public_inspection"] is True
    assert special.extra["docket_ids"] == ["USCBP-2026-0101"]
    assert special.extra["filed_at"] == "2026-07-14T08:45:00.000-04:00"
    assert special.extra["filing_type"] == "special"
    assert regular.extra["filing_type"] == "regular"
    assert regular.agency == "Trade Representative, Office of United States"


def test_public_inspection_by_url_only() -> None:
    body = b'{"count":1,"results":[{"document_number":"2026-1","title":"T","type":"Notice"}]}'
    [item] = fr.parse_response(body, fr.PUBLIC_INSPECTION_URL).items
    assert item.extra["public_inspection"] is True


def test_rss_second_path(cbp: pathlib.Path) -> None:
    [item] = parse(cbp / "fr_documents.rss").items
    assert (item.external_id, item.published_on) == ("2026-14410", dt.date(2026, 7, 10))
    assert item.agency == CBP
    assert item.body == "CBP's invented interim final rule for widget parts."  # escaped twice


def test_full_text_xml_second_path(cbp: pathlib.Path) -> None:
    url = "https://www.federalregister.gov/documents/full_text/xml/2026/07/10/2026-14410.xml"
    [item] = parse(cbp / "fr_fulltext_2026-14410.xml", url).items
    assert (item.external_id, item.doc_type, item.agency) == ("2026-14410", "Rule", CBP)
    assert item.title == "Invented Data Element for Widget Parts"
    assert item.published_on == dt.date(2026, 7, 10)
    assert item.extra["action"] == "Interim final rule; request for comments."
    assert item.body == (
        "This interim final rule amends invented CBP regulations to require an additional "
        "data element for widget parts."
    )


def test_full_text_xml_date_comes_from_the_date_argument(cbp: pathlib.Path) -> None:
    body = (cbp / "fr_fulltext_2026-14410.xml").read_bytes()
    [item] = fr.parse_response(body, "", date=dt.date(2026, 7, 10)).items
    assert item.published_on == dt.date(2026, 7, 10)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("fr_error_status.json", "is not a valid date"),
        ("fr_error_errors.json", "conditions[agencies]: u-s-customs-and-border-protectio is not"),
        ("fr_search_truncated.json", "not complete JSON"),
        ("fr_request_access.html", "HTML page instead of JSON"),
    ],
)
def test_error_bodies_raise_one_sentence(cbp: pathlib.Path, name: str, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("[", r"\[").replace("]", r"\]")) as caught:
        parse(cbp / name, fr.SEARCH_URL)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"  ",
        b"null",
        b'"text"',
        b'{"hello": 1}',
        b'{"results": {"a": 1}}',
        b'{"results": [{"title": "no number"}]}',
        b"<NOTICE><PREAMB><SUBJECT>x</SUBJECT></PREAMB></NOTICE>",
        b"<NOTICE><PREAMB>",
        b"<OTHER/>",
    ],
)
def test_malformed_bodies_raise_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        fr.parse_response(body, fr.SEARCH_URL)


def test_bare_list_of_documents() -> None:
    body = b'[{"document_number":"2026-2","title":"T","type":"RULE","publication_date":"bad"}]'
    [item] = fr.parse_response(body, "").items
    assert (item.doc_type, item.published_on) == ("Rule", None)
    assert item.url == "https://www.federalregister.gov/d/2026-2"


def test_registry_finds_the_module() -> None:
    assert parser_for("us_federal_register") is fr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("RULE", "Rule"),
        ("PRORULE", "Proposed Rule"),
        ("NOTICE", "Notice"),
        ("PRESDOCU", "Presidential Document"),
        ("Proposed Rule", "Proposed Rule"),
        ("Notice", "Notice"),
        (None, None),
        ("", None),
    ],
)
def test_type_name(value: str | None, expected: str | None) -> None:
    assert fr.type_name(value) == expected


def test_sniff_url_per_format(cbp: pathlib.Path) -> None:
    def sniff(name: str) -> str:
        return fr.sniff_url((cbp / name).read_bytes())

    assert sniff("fr_search_page1.json") == fr.SEARCH_URL
    assert sniff("fr_public_inspection_current.json") == fr.PUBLIC_INSPECTION_URL
    assert sniff("fr_document_2026-14410.json") == fr.API_BASE + "/documents/2026-14410.json"
    assert sniff("fr_documents.rss") == fr.RSS_URL
    assert sniff("fr_fulltext_2026-14410.xml").endswith("/2026-14410.xml")


# ---------------------------------------------------------------- reference captures

CBP_REF = "cbp"
USCIS = "U.S. Citizenship and Immigration Services"
# What the parser must make of every Federal Register capture: the items, or ParseError.
FR_EXPECTED: dict[str, list[dict[str, object]] | type[Exception]] = {
    "fr_api_documents_uscis_trimmed_2026-09-13.json": [
        {
            "external_id": "2026-18736",
            "title": "Agency Information Collection Activities; Revision of a Currently "
            "Approved Collection: Petition To Remove the Conditions on Residence",
            "published_on": dt.date(2026, 9, 14),
            "doc_type": "Notice",
            "agency": USCIS,
        },
        {
            "external_id": "2026-18724",
            "title": "Agency Information Collection Activities; Extension, Without Change, of "
            "a Currently Approved Collection: Application for Certificate of Citizenship",
            "published_on": dt.date(2026, 9, 14),
            "doc_type": "Notice",
            "agency": USCIS,
        },
        {
            "external_id": "2026-18722",
            "published_on": dt.date(2026, 9, 14),
            "doc_type": "Notice",
            "agency": USCIS,
        },
    ],
    # Excerpts cut mid-object: a truncated response must fail loudly, never half-parse.
    "fr_api_search_term_customs_and_border_protection.EXCERPT.json.txt": ParseError,
    "fr_api_single_document_2022-01601_USDA.EXCERPT.json.txt": ParseError,
    "fr_fulltext_xml_2024-21217_USTR_section301.xml": [
        {
            "external_id": "2024-21217",
            "title": "Notice of Modification: China's Acts, Policies and Practices Related to "
            "Technology Transfer, Intellectual Property and Innovation",
            "doc_type": "Notice",
            "agency": "Office of the United States Trade Representative",
            "published_on": None,
            "effective_on": None,
            "comments_close_on": None,
        }
    ],
    # Unified Agenda XML (and cut): not a Federal Register document.
    "reginfo_unified_agenda_RIN_1651-AB44_pub202304.EXCERPT.xml.txt": ParseError,
}


@pytest.mark.reference
def test_every_fr_capture_has_an_expectation(reference_dir: pathlib.Path) -> None:
    names = {
        p.name
        for p in (reference_dir / CBP_REF).iterdir()
        if p.name.startswith(("fr_", "reginfo_"))
    }
    assert names == set(FR_EXPECTED)


@pytest.mark.reference
@pytest.mark.parametrize("name", sorted(FR_EXPECTED))
def test_reference_fr_capture(reference_dir: pathlib.Path, name: str) -> None:
    body = (reference_dir / CBP_REF / name).read_bytes()
    expected = FR_EXPECTED[name]
    if isinstance(expected, type):
        with pytest.raises(expected):
            fr.parse_response(body, fr.sniff_url(body))
        return
    items = fr.parse_response(body, fr.sniff_url(body)).items
    assert len(items) == len(expected)
    for item, fields in zip(items, expected, strict=True):
        assert item.language == "en"
        for key, value in fields.items():
            assert getattr(item, key) == value, (item.external_id, key)


@pytest.mark.reference
def test_reference_search_cursor_is_followed_as_given(reference_dir: pathlib.Path) -> None:
    path = reference_dir / CBP_REF / "fr_api_documents_uscis_trimmed_2026-09-13.json"
    result = fr.parse_response(path.read_bytes(), fr.SEARCH_URL)
    [follow] = result.follow
    assert follow.url == json.loads(path.read_bytes())["next_page_url"]
    assert "search_after_cursor=WzE3ODkzNDQwMDAwMDAsIjIwMjYtMTg3MjAiXQ" in follow.url
    assert follow.meta == {"count": 2086, "total_pages": 50}
    assert all(item.extra["agency_inferred"] for item in result.items)


@pytest.mark.reference
def test_reference_full_text_xml_dates_and_url_date(reference_dir: pathlib.Path) -> None:
    body = (reference_dir / CBP_REF / "fr_fulltext_xml_2024-21217_USTR_section301.xml").read_bytes()
    url = "https://www.federalregister.gov/documents/full_text/xml/2024/09/18/2024-21217.xml"
    [item] = fr.parse_response(body, url).items
    assert item.published_on == dt.date(2024, 9, 18)
    assert item.extra["action"] == "Notice of modification of actions."
    assert item.extra["dates"].startswith("Tariff increases in 2024 are applicable")
    assert item.body and item.body.startswith("In connection with the Four-Year Review")


# ---------------------------------------------------------------- robustness


def test_damaged_bodies_never_crash(cbp: pathlib.Path) -> None:
    rnd = random.Random(5)
    fixtures = [p.read_bytes() for p in sorted(cbp.glob("fr_*"))]
    for _ in range(400):
        body = rnd.choice(fixtures)
        cut = rnd.randrange(len(body) + 1)
        damaged = rnd.choice(
            [
                body[:cut],
                body[:cut] + rnd.choice([b"}", b"]", b'"', b",", b"<", b"\x00"]) + body[cut:],
                body[:cut] + body[rnd.randrange(cut, len(body) + 1) :],
                body.decode("utf-8").encode("utf-16"),
            ]
        )
        try:
            result = fr.parse_response(damaged, fr.sniff_url(damaged))
        except ParseError:
            continue
        for item in result.items:
            assert item.external_id and item.title
