"""The CBP CSMS parser on the project's own GovDelivery fixtures and on the real captures."""

from __future__ import annotations

import datetime as dt
import pathlib
import random

import pytest

from crawlers.errors import CrawlError, InterstitialError, ParseError
from crawlers.parsers import csms
from crawlers.registry import parser_for

BASE = "https://content.govdelivery.com/accounts/USDHSCBP/bulletins/"
UTC = dt.UTC


@pytest.fixture
def cbp(fixtures_dir: pathlib.Path) -> pathlib.Path:
    return fixtures_dir / "cbp"


def parse(path: pathlib.Path, url: str | None = None) -> csms.ParseResult:
    body = path.read_bytes()
    return csms.parse_response(body, url if url is not None else csms.sniff_url(body))


# ---------------------------------------------------------------- listings


def test_widget_follows_every_bulletin_at_its_canonical_url(cbp: pathlib.Path) -> None:
    result = parse(cbp / "csms_widget.json", csms.WIDGET_URL)
    assert [f.url for f in result.follow] == [
        BASE + "4153a21",
        BASE + "415399e",
        BASE + "40f7d5f",
        BASE + "2466aa1",
        BASE + "4197429",
    ]
    assert {f.kind for f in result.follow} == {"bulletin"}
    assert result.follow[0].meta == {
        "subject": "CSMS # 68500001 - CORRECTION - GUIDANCE: Invented Duty Filing for "
        "Widget Parts & Components",
        "listing": "widget",
        "sent_at": "2026-03-06T02:15:00+00:00",
        "csms_number": "68500001",
    }
    assert result.expected_items is True


def test_widget_items_carry_number_subject_and_utc_date(cbp: pathlib.Path) -> None:
    items = parse(cbp / "csms_widget.json").items
    assert [i.external_id for i in items] == ["68500001", "68499870", "68123999", "19000777"]
    first = items[0]
    assert first.title.endswith("Widget Parts & Components")  # entity undone once
    assert first.published_on == dt.date(2026, 3, 6)  # 09:15 PM EST is the next day in UTC
    assert (first.agency, first.language, first.doc_type) == (csms.AGENCY, "en", "csms")
    assert first.extra["listing"] == "widget"
    assert items[1].title == "CSMS #68499870 \u2014 GUIDANCE: Invented Duty Filing for Widget Parts"
    assert items[2].title == "CSMS # 68123999: ACE Sandbox Deployment Rescheduled"
    assert items[2].extra["sent_at"] == "2026-07-15T02:30:00+00:00"  # EDT is UTC-4
    assert items[3].extra["legacy_number"] == "19-000777"


def test_widget_entry_without_number_is_followed_but_not_itemised(cbp: pathlib.Path) -> None:
    result = parse(cbp / "csms_widget.json")
    webinar = result.follow[-1]
    assert "csms_number" not in webinar.meta
    assert webinar.meta["subject"] == "Trade Webinar Invitation: Invented Topic"
    assert len(result.items) == len(result.follow) - 1


def test_empty_widget_is_an_empty_but_suspicious_result(cbp: pathlib.Path) -> None:
    result = parse(cbp / "csms_widget_empty.json")
    assert (result.items, result.follow, result.expected_items) == ([], [], True)


def test_truncated_widget_raises_parse_error(cbp: pathlib.Path) -> None:
    with pytest.raises(ParseError, match="truncated"):
        parse(cbp / "csms_widget_truncated.json")


def test_widget_as_bare_json_array() -> None:
    body = b'[{"subject":"CSMS # 68000001 - X","pub_date":"01/02/2026 10:00 AM EST","href":""}]'
    result = csms.parse_response(body, "")
    assert result.follow[0].url == BASE + format(68000001, "x")
    assert result.items[0].published_on == dt.date(2026, 1, 2)


def test_rss_keeps_numbered_messages_and_converts_offsets(cbp: pathlib.Path) -> None:
    result = parse(cbp / "csms_feed.rss", csms.RSS_URL)
    assert [i.external_id for i in result.items] == ["68777002", "68777001", "68123456"]
    assert [i.doc_type for i in result.items] == ["csms", "cams", "csms"]
    assert [f.url for f in result.follow] == [BASE + "419742a", BASE + "4197429", BASE + "40f7b40"]
    first, cams, third = result.items
    assert first.extra["sent_at"] == "2026-07-16T02:40:12+00:00"  # -0500 offset
    assert first.published_on == dt.date(2026, 7, 16)
    assert cams.extra["sent_at"] == "2026-07-15T16:05:00+00:00"  # -0600 offset
    assert cams.extra["family"] == "CAMS"
    assert third.title == "CSMS # 68123456 - Invented Maintenance Window & Downtime"


def test_broken_rss_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        csms.parse_response(b'<?xml version="1.0"?><rss><chan', csms.RSS_URL)


# ---------------------------------------------------------------- bulletin pages


def test_modern_bulletin_fields(cbp: pathlib.Path) -> None:
    result = parse(cbp / "csms_bulletin_68500001_modern.html", BASE + "4153a21?reqfrom=share")
    [item] = result.items
    assert item.to_contract() == {
        "source": "us_cbp_csms",
        "external_id": "68500001",
        "title": "CSMS # 68500001 - CORRECTION - GUIDANCE: Invented Duty Filing for "
        "Widget Parts & Components",
        "url": BASE + "4153a21",
        "published_on": "2026-03-06",
        "agency": "U.S. Customs and Border Protection",
        "language": "en",
        "doc_type": "csms",
        "effective_on": None,
        "comments_close_on": None,
    }
    assert item.extra["sent_at"] == "2026-03-06T02:15:00+00:00"
    assert item.extra["replaces"] == ["68499870"]
    assert item.extra["related"] == ["68123456", "68123999"]
    attachments = (
        "https://content.govdelivery.com/attachments/USDHSCBP/2026/03/05/file_attachments/"
    )
    assert item.extra["attachments"] == [
        {
            "title": "Invented Widget HTS List",
            "url": attachments + "9990001/Invented%20Widget%20HTS%20List.pdf",
        },
        {
            "title": attachments + "9990002/widget_list.xlsx",
            "url": attachments + "9990002/widget_list.xlsx",
        },
    ]


def test_modern_bulletin_body_is_clean_text(cbp: pathlib.Path) -> None:
    [item] = parse(cbp / "csms_bulletin_68500001_modern.html").items
    lines = (item.body or "").splitlines()
    assert lines[0] == "This message serves to replace CSMS#68499870."
    # Inline spans join into one sentence; <br> breaks a line.
    assert lines[1] == (
        "The purpose of this invented message is to give filing guidance for widget parts "
        "and components of an invented country."
    )
    assert "Widget parts that qualify for an invented preference are excluded." in lines
    assert lines[-1] == "Related messages: CSMS # 68123456, 68123999"
    body = item.body or ""
    for noise in ("Cargo Systems Messaging Service", "Update your subscriptions", "@media", "mso"):
        assert noise not in body


def test_edt_bulletin_with_listed_related_and_passive_supersession(cbp: pathlib.Path) -> None:
    [item] = parse(cbp / "csms_bulletin_68123999_edt_related_list.html", "").items
    assert item.external_id == "68123999"
    assert item.title == "CSMS # 68123999: ACE Sandbox Deployment Rescheduled"
    assert item.published_on == dt.date(2026, 7, 15)
    assert item.extra["sent_at"] == "2026-07-15T02:30:00+00:00"
    assert item.extra["related"] == ["68000001", "68000002"]
    assert item.extra["replaces"] == ["68123456"]
    assert item.extra["attachments"] == []
    assert item.url == BASE + "40f7d5f"


def test_legacy_topic_update_bulletin(cbp: pathlib.Path) -> None:
    [item] = parse(cbp / "csms_bulletin_19-000777_legacy.html").items
    assert item.external_id == "19000777"
    assert item.extra["legacy_number"] == "19-000777"
    assert item.url == BASE + "2466aa1"  # 0x2466aa1 is not the CSMS number: keep the page's own
    assert item.published_on == dt.date(2019, 6, 28)
    assert item.extra["sent_at"] == "2019-06-28T03:50:00+00:00"
    assert item.extra["topic_updated_at"] == "2019-06-28T03:32:00+00:00"
    assert item.extra["topic"] == "Trade Policy Updates"
    assert item.extra["related"] == ["18000111", "18000222"]
    assert (item.body or "").splitlines() == [
        "UPDATE: Effective 12:01 a.m. eastern daylight time on June 28, 2019, the invented "
        "temporary duty no longer applies.",
        "FILING INSTRUCTIONS:",
        "Do not report heading 9903.77.01.",
        "Related CSMS No. 18-000111, 18-000222",
    ]  # printed twice on the page, once here


def test_older_layout_without_subject_heading(cbp: pathlib.Path) -> None:
    [item] = parse(cbp / "csms_bulletin_older_no_h1.html", BASE + "2b08780").items
    assert item.external_id == "45123456"
    assert item.title == "CSMS # 45123456 \u2013 Invented Drawback Filing Reminder & FAQ"
    assert item.extra["sent_at"] == "2020-11-02T13:05:00+00:00"
    assert (
        item.body
        == "REMINDER: invented drawback claims must be filed electronically.\nRead the FAQ."
    )
    assert item.extra["attachments"] == [
        {
            "title": "FAQ",
            "url": "https://content.govdelivery.com/attachments/USDHSCBP/2020/11/02/"
            "file_attachments/1111111/Drawback%20FAQ.docx",
        }
    ]


def test_text_extraction_of_a_bulletin(cbp: pathlib.Path) -> None:
    [item] = parse(cbp / "csms_bulletin_text_extraction.txt", "").items
    assert item.external_id == "68777002"
    assert item.title == "CSMS # 68777002 - Invented ACE Release Notes for Cargo Release"
    assert item.extra["sent_at"] == "2026-07-16T02:40:00+00:00"
    assert item.extra["replaces"] == ["68123456", "68123999"]
    assert item.extra["related"] == ["68000001", "68000002"]
    assert item.url == BASE + "419742a"  # no URL given: rebuilt from the number (hex rule)
    assert (item.body or "").splitlines()[0] == (
        "CBP has deployed invented release notes for cargo release."
    )


def test_not_a_bulletin_raises_parse_error(cbp: pathlib.Path) -> None:
    with pytest.raises(ParseError, match="no bulletin subject"):
        parse(cbp / "govdelivery_not_found.html")


def test_block_page_is_retryable(cbp: pathlib.Path) -> None:
    with pytest.raises(InterstitialError):
        parse(cbp / "access_denied.html")


@pytest.mark.parametrize(
    "body",
    [b"", b"   \n", b"\x00\x01\x02garbage", b"<html><body><p>hello</p></body></html>", b"{}"],
)
def test_unusable_bodies_raise_one_sentence(body: bytes) -> None:
    with pytest.raises(CrawlError) as caught:
        csms.parse_response(body, "https://example.invalid/")
    assert "\n" not in str(caught.value)


def test_registry_finds_the_module() -> None:
    assert parser_for("us_cbp_csms") is csms


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("subject", "number", "legacy", "title"),
    [
        ("CSMS # 68000001 - A title", "68000001", "", "A title"),
        ("CSMS #68000001 - A title", "68000001", "", "A title"),
        ("CSMS# 19-000123 - A title", "19000123", "19-000123", "A title"),
        ("CSMS # 68000001: A title", "68000001", "", "A title"),
        ("CSMS #68000001 \u2014 A title", "68000001", "", "A title"),
        ("CSMS # 68000001 \u2013 A title  ", "68000001", "", "A title"),
        ("Cargo Systems Messaging Service (CSMS) # 68000001 - A title", "68000001", "", "A title"),
        (
            "CSMS # 68000001 - UPDATED GUIDANCE: A title",
            "68000001",
            "",
            "UPDATED GUIDANCE: A title",
        ),
        ("CAMS # 68000002 - Information: Quota", "68000002", "", "Information: Quota"),
        ("TIN# 68000003 - A notice", "68000003", "", "A notice"),
    ],
)
def test_parse_subject_variants(subject: str, number: str, legacy: str, title: str) -> None:
    parts = csms.parse_subject(subject)
    assert parts is not None
    assert (parts["number"], parts["legacy"], parts["title"]) == (number, legacy, title)


def test_parse_subject_without_number() -> None:
    assert csms.parse_subject("Trade Webinar Invitation") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sent this bulletin at 01/05/2026 03:50 PM EST",
            dt.datetime(2026, 1, 5, 20, 50, tzinfo=UTC),
        ),
        ("07/04/2026 12:05 AM EDT", dt.datetime(2026, 7, 4, 4, 5, tzinfo=UTC)),
        ("07/04/2026 12:05 PM EDT", dt.datetime(2026, 7, 4, 16, 5, tzinfo=UTC)),
        ("07/04/2026 11:00 PM CDT", dt.datetime(2026, 7, 5, 4, 0, tzinfo=UTC)),
        ("07/04/2026 09:00 AM", dt.datetime(2026, 7, 4, 13, 0, tzinfo=UTC)),  # no zone: Eastern
        ("01/04/2026 09:00 AM ET", dt.datetime(2026, 1, 4, 14, 0, tzinfo=UTC)),
        ("13/45/2026 09:00 AM EST", None),
        ("no time here", None),
    ],
)
def test_parse_sent_at(text: str, expected: dt.datetime | None) -> None:
    assert csms.parse_sent_at(text) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Related Message Number(s): CSMS # 68000001 & 68000002", ["68000001", "68000002"]),
        ("Related CSMS: 68000001 , 68000002", ["68000001", "68000002"]),
        ("Related messages: CSMS # 68000001, 68000002", ["68000001", "68000002"]),
        ("Related CSMS No. 17-000101, 17-000102", ["17000101", "17000102"]),
        (
            "Related CSMS:\nCSMS # 68000001 - First\nCSMS # 68000002\nThanks.",
            ["68000001", "68000002"],
        ),
        ("These changes are related to CSMS # 68000001.", []),
        ("Report 9903.01.01 on or after May 20, 2019.", []),
    ],
)
def test_find_related(body: str, expected: list[str]) -> None:
    assert csms.find_related(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("This message serves to replace CSMS#68000001.", ["68000001"]),
        ("This CSMS replaces CSMS # 68000001 and CSMS # 68000002.", ["68000001", "68000002"]),
        ("This message supersedes CSMS # 17-000101.", ["17000101"]),
        ("CSMS # 68000001 is superseded by this message.", ["68000001"]),
        ("CSMS # 68000001 was replaced by CSMS # 68000002.", []),
        ("This will replace the current process on May 1, 2026.", []),
    ],
)
def test_find_replaces(body: str, expected: list[str]) -> None:
    assert csms.find_replaces(body) == expected


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        (
            "https://content.govdelivery.com/bulletins/gd/USDHSCBP-4153a21?wgt_ref=USDHSCBP_WIDGET_2",
            BASE + "4153a21",
        ),
        (BASE + "4153a21?reqfrom=share", BASE + "4153a21"),
        ("http://content.govdelivery.com/accounts/usdhscbp/bulletins/4153A21", BASE + "4153a21"),
        ("https://example.invalid/other", "https://example.invalid/other"),
    ],
)
def test_canonical_bulletin_url(href: str, expected: str) -> None:
    assert csms.canonical_bulletin_url(href) == expected


def test_hex_rule_round_trip() -> None:
    assert csms.bulletin_url_for("68500001") == BASE + "4153a21"


def test_sniff_url_per_format(cbp: pathlib.Path) -> None:
    assert csms.sniff_url((cbp / "csms_widget.json").read_bytes()) == csms.WIDGET_URL
    assert csms.sniff_url((cbp / "csms_feed.rss").read_bytes()) == csms.RSS_URL
    modern = (cbp / "csms_bulletin_68500001_modern.html").read_bytes()
    assert csms.sniff_url(modern) == BASE + "4153a21"
    text = (cbp / "csms_bulletin_text_extraction.txt").read_bytes()
    assert csms.sniff_url(text) == BASE + "419742a"
    assert csms.sniff_url(b"") == csms.BULLETIN_BASE


def test_url_does_not_decide_the_format(cbp: pathlib.Path) -> None:
    body = (cbp / "csms_widget.json").read_bytes()
    assert len(csms.parse_response(body, csms.RSS_URL).items) == 4
    page = (cbp / "csms_bulletin_68500001_modern.html").read_bytes()
    assert csms.parse_response(page, csms.WIDGET_URL).items[0].external_id == "68500001"


# ---------------------------------------------------------------- reference captures

CBP_REF = "cbp"
# Every capture in ../shared/reference/cbp that is (or looks like) a CSMS response, with
# what the parser must make of it: the item's fields, or ParseError.
CSMS_EXPECTED: dict[str, dict[str, object] | type[Exception]] = {
    "csms_bulletin_67373639_govdelivery.html": {
        "external_id": "67373639",
        "title": "CSMS # 67373639 - Updates to Submitting HTS Codes when Filing an Air "
        "Import Manifest Available in PROD",
        "url": BASE + "4040a47",
        "published_on": dt.date(2026, 1, 12),
        "sent_at": "2026-01-12T20:50:00+00:00",
        "related": ["66359035", "67156485"],
        "replaces": [],
        "attachments": [],
    },
    "csms_bulletin_67383555_govdelivery.html": {
        "external_id": "67383555",
        "title": "CSMS # 67383555 - ACE Certification Standard Invasive Maintenance Window "
        "on January 14, 2026",
        "url": BASE + "4043103",
        "published_on": dt.date(2026, 1, 13),
        "sent_at": "2026-01-13T15:04:00+00:00",
        "related": [],
        "replaces": [],
        "attachments": [],
    },
    "govdelivery_bulletin_24602aa_CSMS_19-000252_legacy.EXCERPT.txt": {
        "external_id": "19000252",
        "legacy_number": "19-000252",
        "title": "CSMS# 19-000252 - UPDATE: Termination of Section 232 Duty For Steel and "
        "Aluminum Products of Canada and MX",
        "published_on": dt.date(2019, 5, 20),
        "sent_at": "2019-05-20T04:20:00+00:00",
        "topic_updated_at": "2019-05-20T03:41:00+00:00",
        "topic": "Trade Policy Updates",
        "related": ["18000240", "18000258", "18000372"],
        "replaces": [],
    },
    "mirror_tandom_csms_55014059.EXCERPT.txt": {
        "external_id": "55014059",
        "title": "CSMS # 55014059 - Updated Guidance: Processing Approved Section 232 "
        "Product Exclusions",
        "published_on": dt.date(2023, 2, 7),
        "sent_at": "2023-02-07T20:48:00+00:00",
    },
    "mirror_tandom_csms_65313729.EXCERPT.txt": {
        "external_id": "65313729",
        "title": "CSMS # 65313729 - FDA Downtime June 21, 2025, 10 PM Eastern through "
        "June 22, 2025, 6 AM Eastern",
        "published_on": dt.date(2025, 6, 12),  # the dateline's, not the mirror's June 11
        "sent_at": "2025-06-12T13:00:00+00:00",
    },
    # A landing page and third-party reposts carry no GovDelivery dateline: not bulletins.
    "cbp_csms_landing_page_two_versions.EXCERPT.txt": ParseError,
    "thirdparty_reproductions_CSMS_64297292_Mexico_64472173_Canada.EXCERPT.txt": ParseError,
}
_ITEM_FIELDS = ("external_id", "title", "url", "published_on")


def _is_csms_capture(name: str) -> bool:
    return name.startswith(("csms_", "govdelivery_", "mirror_", "thirdparty_", "cbp_csms_"))


@pytest.mark.reference
def test_every_csms_capture_has_an_expectation(reference_dir: pathlib.Path) -> None:
    names = {p.name for p in (reference_dir / CBP_REF).iterdir() if _is_csms_capture(p.name)}
    assert names == set(CSMS_EXPECTED)


@pytest.mark.reference
@pytest.mark.parametrize("name", sorted(CSMS_EXPECTED))
def test_reference_csms_capture(reference_dir: pathlib.Path, name: str) -> None:
    body = (reference_dir / CBP_REF / name).read_bytes()
    expected = CSMS_EXPECTED[name]
    if isinstance(expected, type):
        with pytest.raises(expected):
            csms.parse_response(body, csms.sniff_url(body))
        return
    result = csms.parse_response(body, csms.sniff_url(body))
    assert len(result.items) == 1 and result.follow == []
    item = result.items[0]
    assert (item.agency, item.language, item.doc_type) == (csms.AGENCY, "en", "csms")
    for key, value in expected.items():
        actual = getattr(item, key) if key in _ITEM_FIELDS else item.extra.get(key)
        assert actual == value, key


@pytest.mark.reference
def test_reference_bulletin_body_text(reference_dir: pathlib.Path) -> None:
    body = (reference_dir / CBP_REF / "csms_bulletin_67373639_govdelivery.html").read_bytes()
    [item] = csms.parse_response(body, "").items
    lines = (item.body or "").splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("U.S. Customs and Border Protection (CBP) has released")
    assert lines[-1] == "Related Message Number(s): CSMS # 66359035 & 67156485"


@pytest.mark.reference
def test_reference_reposts_feed_the_cross_reference_rules(reference_dir: pathlib.Path) -> None:
    name = "thirdparty_reproductions_CSMS_64297292_Mexico_64472173_Canada.EXCERPT.txt"
    text = (reference_dir / CBP_REF / name).read_text(encoding="utf-8")
    assert csms.find_replaces(text) == ["64470353"]
    assert csms.find_related(text) == ["64297449", "64336037"]
    assert csms.parse_subject(text.splitlines()[4]) == {
        "family": "CSMS",
        "number": "64297292",
        "label": "64297292",
        "legacy": "",
        "title": "GUIDANCE: Additional Duties on Imports from Mexico (see below for notice "
        "on goods from Canada)",
    }


# ---------------------------------------------------------------- robustness


def _mutations(fixtures: list[bytes], count: int, seed: int) -> list[bytes]:
    """Seeded damage to real-format bodies: cuts, re-encodings, stray markup, holes."""
    rnd = random.Random(seed)
    noise = [b"<", b">", b"</div>", b"<p", b'"', b"&", b"\x00", b"]", b"}", b"\xff"]
    out = []
    for _ in range(count):
        body = rnd.choice(fixtures)
        cut = rnd.randrange(len(body) + 1)
        op = rnd.randrange(5)
        if op == 0:
            out.append(body[:cut])
        elif op == 1:
            out.append(body.decode("utf-8").encode(rnd.choice(["utf-16", "cp1252"]), "replace"))
        elif op == 2:
            out.append(body[:cut] + rnd.choice(noise) + body[cut:])
        elif op == 3:
            out.append(body[:cut] + body[rnd.randrange(cut, len(body) + 1) :])
        else:
            out.append(body.replace(b"<", b"", rnd.randrange(1, 40)))
    return out


def test_damaged_bodies_never_crash(cbp: pathlib.Path) -> None:
    fixtures = [p.read_bytes() for p in sorted(cbp.iterdir()) if not p.name.startswith("fr_")]
    for body in _mutations(fixtures, 400, seed=3):
        try:
            result = csms.parse_response(body, csms.sniff_url(body))
        except CrawlError:
            continue
        for item in result.items:
            assert item.external_id.isdigit() and item.title


# ---------------------------------------------------------------- second paths


def test_rendered_landing_page_is_read_as_a_listing(cbp: pathlib.Path) -> None:
    result = parse(cbp / "csms_landing_page_rendered.html", "")
    assert [f.url for f in result.follow] == [BASE + "4153a21", BASE + "415399e"]
    assert [i.external_id for i in result.items] == ["68500001", "68499870"]
    assert result.items[0].extra["sent_at"] == "2026-03-06T02:15:00+00:00"
    assert result.items[0].extra["listing"] == "html"
    assert result.items[1].published_on == dt.date(2026, 3, 5)


def test_govdelivery_email_of_a_bulletin(cbp: pathlib.Path) -> None:
    [item] = parse(cbp / "csms_bulletin_68777002_email.eml", "").items
    assert item.external_id == "68777002"
    assert item.url == BASE + "419742a"
    assert item.extra["sent_at"] == "2026-07-16T02:40:12+00:00"
    assert item.extra["related"] == ["68000001", "68000002"]
    assert [a["title"] for a in item.extra["attachments"]] == ["Release Notes"]
    assert (item.body or "").splitlines() == [
        "CBP has deployed invented release notes for cargo release.",
        "Related Message Number(s): CSMS # 68000001 & 68000002",
        "Release Notes",
    ]


def test_email_without_csms_subject_is_refused() -> None:
    body = b"From: a@example.invalid\nSubject: Hello\nDate: Wed, 15 Jul 2026 21:40:12 -0500\n\nhi\n"
    with pytest.raises(ParseError, match="e-mail subject"):
        csms.parse_response(body, "")
