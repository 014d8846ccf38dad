"""Fuzz every parser in the registry: mutated pages may fail, but only with a CrawlError.

Samples are the project's fixtures (and, under the `reference` marker, the shared
captures). Each case takes a sample, mutates it (truncation, re-encoding, tag soup,
deleted tags, byte flips, spliced duplicates) and feeds it to a parser at the URL the
original would have come from. The seed is fixed so a failure names a reproducible case.
"""

from __future__ import annotations

import dataclasses
import importlib
import pathlib
import random
import re
from collections.abc import Callable
from types import ModuleType

import pytest

from crawlers.errors import CrawlError
from crawlers.items import DocumentItem, ParseResult
from crawlers.registry import PARSER_MODULES

# Mutated pages often look like XML to BeautifulSoup; its advice is noise here.
pytestmark = pytest.mark.filterwarnings("ignore:It looks like you're using an HTML parser")

SEED = 20250314
FIXTURE_CASES = 1200
REFERENCE_CASES = 600
MAX_SAMPLE_BYTES = 400_000
SAMPLE_SUFFIXES = {".html", ".htm", ".json", ".xml", ".rss", ".txt", ".js", ".atom"}

_TAG_RE = re.compile(rb"<[^<>]{0,200}>")
_SOUP = (
    b"<td>", b"</td>", b"</table>", b"<tr>", b"<table>", b"<a href='/nota_detalle.php?codigo=",
    b"</a>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<script>", b"</html>", b"&", b"&#",
    b"&nbsp", b"\x00", b"\xff\xfe", b'"', b"{", b"}", b"[", b"]", b"null", b",", b"\\u00",
    b"class=\"enlaces\"", b"Fecha: 99/99/9999", b"DOF: 31/12/1969", b"\xc3", b"\xe2\x80",
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Sample:
    """One saved response and the URL its parser should see it at."""

    name: str
    body: bytes


def load_parsers() -> dict[str, ModuleType]:
    """Every registered parser module that can be imported (others are not written yet)."""
    modules = {}
    for source, dotted in sorted(PARSER_MODULES.items()):
        try:
            modules[source] = importlib.import_module(dotted)
        except ImportError:
            continue
    return modules


def collect_samples(root: pathlib.Path) -> list[Sample]:
    """Text-like files under `root`, small enough to fuzz quickly."""
    samples = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in SAMPLE_SUFFIXES:
            continue
        body = path.read_bytes()
        if 0 < len(body) <= MAX_SAMPLE_BYTES:
            samples.append(Sample(str(path.relative_to(root)), body))
    return samples


def guess_url(module: ModuleType, body: bytes, name: str) -> str:
    """The URL the parser would see the original sample at ('' if it cannot say)."""
    sniff = getattr(module, "sniff_url", None)
    if sniff is None:
        return ""
    try:
        try:
            return str(sniff(body, filename=pathlib.Path(name).name))
        except TypeError:
            return str(sniff(body))
    except Exception:  # noqa: BLE001 - a failed guess only means a less targeted case
        return ""


# --- mutations --------------------------------------------------------------------------


def truncate(rng: random.Random, body: bytes) -> bytes:
    return body[: rng.randrange(0, max(1, len(body)))]


def reencode(rng: random.Random, body: bytes) -> bytes:
    text = body.decode("utf-8", errors="replace")
    encoding = rng.choice(["cp1252", "latin-1", "utf-16", "utf-8-sig", "ascii"])
    return text.encode(encoding, errors=rng.choice(["replace", "ignore", "xmlcharrefreplace"]))


def mojibake(rng: random.Random, body: bytes) -> bytes:
    return body.decode("latin-1").encode("utf-8")


def tag_soup(rng: random.Random, body: bytes) -> bytes:
    out = bytearray(body)
    for _ in range(rng.randint(1, 25)):
        at = rng.randrange(0, len(out) + 1)
        out[at:at] = rng.choice(_SOUP)
    return bytes(out)


def delete_tags(rng: random.Random, body: bytes) -> bytes:
    tags = list(_TAG_RE.finditer(body))
    if not tags:
        return truncate(rng, body)
    doomed = {m.span() for m in rng.sample(tags, k=max(1, len(tags) // rng.randint(2, 10)))}
    out, last = bytearray(), 0
    for start, end in sorted(doomed):
        out += body[last:start]
        last = end
    return bytes(out + body[last:])


def flip_bytes(rng: random.Random, body: bytes) -> bytes:
    out = bytearray(body)
    for _ in range(rng.randint(1, 1 + len(out) // 200)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def splice(rng: random.Random, body: bytes) -> bytes:
    if len(body) < 2:
        return body * 2
    start = rng.randrange(len(body))
    end = min(len(body), start + rng.randint(1, 5000))
    at = rng.randrange(len(body))
    return body[:at] + body[start:end] + body[at:]


def combined(rng: random.Random, body: bytes) -> bytes:
    for mutate in rng.sample(MUTATIONS[:-1], k=2):
        body = mutate(rng, body)
    return body


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    truncate, reencode, mojibake, tag_soup, delete_tags, flip_bytes, splice, combined,
]  # fmt: skip


# --- the harness ------------------------------------------------------------------------


def parse_function(module: ModuleType) -> Callable[..., ParseResult]:
    """The parser entry to fuzz; a module's unguarded variant shows bugs its net hides."""
    return getattr(module, "parse_unguarded", module.parse_response)


def check_result(source: str, result: object) -> str | None:
    """Why a successful parse is still wrong, or None."""
    if not isinstance(result, ParseResult):
        return f"returned {type(result).__name__}, not ParseResult"
    for item in result.items:
        if not isinstance(item, DocumentItem):
            return f"yielded {type(item).__name__}, not DocumentItem"
        if item.source != source:
            return f"yielded an item of source {item.source!r}"
        if not isinstance(item.title, str) or not item.title.strip():
            return "yielded an item without a title"
    return None


def run_fuzz(samples: list[Sample], cases: int, seed: int) -> tuple[int, list[str]]:
    """Run `cases` mutated parses over every importable parser; return (ran, failures)."""
    parsers = load_parsers()
    if not parsers or not samples:
        pytest.skip("no parser modules or no samples to fuzz")
    rng = random.Random(seed)
    targets = [
        (source, module, sample, guess_url(module, sample.body, sample.name))
        for source, module in parsers.items()
        for sample in samples
    ]
    failures: list[str] = []
    for case in range(cases):
        source, module, sample, url = (
            targets[case % len(targets)] if case < len(targets) else rng.choice(targets)
        )
        mutation = rng.choice(MUTATIONS)
        body = mutation(rng, sample.body)
        label = f"case {case}: {source} on {sample.name} after {mutation.__name__}"
        try:
            problem = check_result(source, parse_function(module)(body, url))
        except CrawlError:
            continue
        except Exception as error:  # noqa: BLE001 - what the fuzz test exists to catch
            problem = f"raised {type(error).__name__}: {str(error)[:200]}"
        if problem:
            failures.append(f"{label} {problem}")
    return cases, failures


def test_fuzz_parsers_on_fixtures(fixtures_dir: pathlib.Path) -> None:
    ran, failures = run_fuzz(collect_samples(fixtures_dir), FIXTURE_CASES, SEED)
    assert ran >= 1000
    assert failures == [], "\n".join(failures[:15])


@pytest.mark.reference
def test_fuzz_parsers_on_reference_captures(reference_dir: pathlib.Path) -> None:
    ran, failures = run_fuzz(collect_samples(reference_dir), REFERENCE_CASES, SEED + 1)
    assert ran == REFERENCE_CASES
    assert failures == [], "\n".join(failures[:15])


def test_mutations_change_the_input() -> None:
    rng = random.Random(SEED)
    body = b"<html><body><td class='x'>Fecha: 14/03/2025</td><a href='/a'>t\xc3\xa9</a></body>"
    changed = sum(mutation(rng, body) != body for mutation in MUTATIONS for _ in range(5))
    assert changed >= len(MUTATIONS) * 3
