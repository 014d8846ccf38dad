"""Machine translation of titles and summaries behind one interface, with a glossary.

Implementations: Apertium (embedded, `apertium-en-es`), an HTTP service speaking
LibreTranslate's API, or none. Glossary terms are swapped for opaque tokens before the
engine sees the text and replaced by the official name in the target language afterwards,
so "RGCE" always comes out as "General Foreign Trade Rules". Translations only fill empty
fields: original and staff-written text always wins, and machine text is marked as such.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import pathlib
import re
import shutil
import subprocess
import tomllib
from collections.abc import Sequence
from typing import Any, Protocol

from alerts.errors import PermanentError, TranslationUnavailable

GLOSSARY_FILE = pathlib.Path(__file__).resolve().parent / "glossary.toml"
APERTIUM_MODES = {("es", "en"): "spa-eng_US", ("en", "es"): "eng-spa"}
TOKEN = "XZQ{}Q"
TOKEN_RE = re.compile(r"XZQ(\d+)Q")


class Translator(Protocol):
    """Translates a batch of plain texts between `en` and `es`."""

    name: str

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]: ...


# ---------------------------------------------------------------- glossary


@dataclasses.dataclass(frozen=True)
class Rule:
    """One recognised form and what it becomes in the target language."""

    pattern: re.Pattern[str]
    target: str


@dataclasses.dataclass(frozen=True)
class Glossary:
    """Rules per direction, longest forms first so that the fullest name wins."""

    rules: dict[tuple[str, str], tuple[Rule, ...]]

    def protect(self, text: str, source: str, target: str) -> tuple[str, list[str]]:
        """Replace known terms with tokens; return the text and the token values."""
        values: list[str] = []

        def swap(rule: Rule) -> Any:
            def replace(match: re.Match[str]) -> str:
                values.append(_match_case(match.group(0), rule.target))
                return TOKEN.format(len(values) - 1)

            return replace

        for rule in self.rules.get((source, target), ()):
            text = rule.pattern.sub(swap(rule), text)
        return text, values

    @staticmethod
    def restore(text: str, values: list[str]) -> str:
        """Put the target-language terms back where their tokens came out."""
        return TOKEN_RE.sub(lambda m: _token_value(m, values), text)


def _token_value(match: re.Match[str], values: list[str]) -> str:
    index = int(match.group(1))
    return values[index] if index < len(values) else match.group(0)


def _match_case(found: str, target: str) -> str:
    """A sentence-initial "Pedimento" becomes "Customs entry", not "customs entry"."""
    if found[:1].isupper() and target[:1].islower():
        return target[:1].upper() + target[1:]
    return target


def load_glossary(path: pathlib.Path = GLOSSARY_FILE) -> Glossary:
    """Read glossary.toml into compiled rules for es->en and en->es."""
    return _load_glossary(str(path))


@functools.lru_cache(maxsize=4)
def _load_glossary(path: str) -> Glossary:
    with open(path, "rb") as handle:
        terms = tomllib.load(handle).get("term", [])
    forms: dict[tuple[str, str], list[tuple[str, str, bool]]] = {("es", "en"): [], ("en", "es"): []}
    for term in terms:
        only = term.get("only")
        for source, target in forms:
            if only and only != f"{source}-{target}":
                continue
            written = _as_list(term[target])[0]
            forms[(source, target)] += [(f, written, False) for f in _as_list(term[source])]
            forms[(source, target)] += [(a, written, True) for a in _as_list(term.get("abbr"))]
    return Glossary({key: _compile(found) for key, found in forms.items()})


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _compile(forms: list[tuple[str, str, bool]]) -> tuple[Rule, ...]:
    ordered = sorted(forms, key=lambda f: len(f[0]), reverse=True)
    rules = []
    for form, target, exact in ordered:
        flags = 0 if exact else re.IGNORECASE
        pattern = re.compile(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", flags)
        rules.append(Rule(pattern=pattern, target=target))
    return tuple(rules)


class GlossaryTranslator:
    """Wraps an engine so that glossary terms come out in their official form."""

    def __init__(self, inner: Translator, glossary: Glossary) -> None:
        self.inner = inner
        self.glossary = glossary
        self.name = inner.name

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Protect terms, translate, restore."""
        protected = [self.glossary.protect(text, source, target) for text in texts]
        output = self.inner.translate([text for text, _ in protected], source, target)
        return [
            self.glossary.restore(out, values)
            for out, (_, values) in zip(output, protected, strict=True)
        ]


# ---------------------------------------------------------------- engines


class ApertiumTranslator:
    """Runs the Apertium pipeline in a subprocess, one call per batch (one line per text)."""

    name = "apertium"

    def __init__(self, command: str = "apertium", timeout: float = 60.0) -> None:
        self.command = command
        self.timeout = timeout

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each text (newlines inside a text become spaces)."""
        if not texts:
            return []
        lines = [" ".join(text.split()) for text in texts]
        output = self._run("\n".join(lines), APERTIUM_MODES[(source, target)])
        translated = output.split("\n")
        if len(translated) != len(lines):  # the pipeline merged lines: go one by one
            return [self._run(line, APERTIUM_MODES[(source, target)]).strip() for line in lines]
        return [line.strip() for line in translated]

    def _run(self, text: str, mode: str) -> str:
        try:
            done = subprocess.run(
                [self.command, "-u", mode],
                input=text,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=True,
            )
        except FileNotFoundError:
            raise TranslationUnavailable(
                "Apertium is not installed; run `apt-get install apertium-en-es` "
                'or set translator = "none".'
            ) from None
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise TranslationUnavailable(
                f"Apertium failed ({error}); check the installation."
            ) from None
        return done.stdout.rstrip("\n")


class HttpTranslator:
    """A LibreTranslate-compatible service: POST /translate with a list of texts."""

    name = "http"

    def __init__(
        self, url: str, api_key: str = "", timeout: float = 30.0, client: Any = None
    ) -> None:
        self.url = url.rstrip("/") + "/translate"
        self.api_key = api_key
        self.timeout = timeout
        self.client = client

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate the batch in one request."""
        if not texts:
            return []
        import httpx

        body: dict[str, Any] = {
            "q": list(texts),
            "source": source,
            "target": target,
            "format": "text",
        }
        if self.api_key:
            body["api_key"] = self.api_key
        try:
            response = (self.client or httpx).post(self.url, json=body, timeout=self.timeout)
        except httpx.HTTPError as error:
            raise TranslationUnavailable(
                f"The translation service at {self.url} is unreachable ({error})."
            ) from None
        return _translated(response, len(texts), self.url)


def _translated(response: Any, expected: int, url: str) -> list[str]:
    if response.status_code == 429 or response.status_code >= 500:
        raise TranslationUnavailable(
            f"The translation service at {url} answered {response.status_code}."
        )
    if response.status_code >= 400:
        raise PermanentError(
            f"The translation service refused the request ({response.status_code}); "
            "check translate_api_key."
        )
    result = response.json().get("translatedText")
    result = [result] if isinstance(result, str) else result
    if not isinstance(result, list) or len(result) != expected:
        raise TranslationUnavailable(f"The translation service at {url} gave an unexpected answer.")
    return [str(text) for text in result]


def apertium_available(command: str = "apertium") -> bool:
    """True when the apertium binary and the en-es modes are installed."""
    return shutil.which(command) is not None and _modes_installed()


def _modes_installed() -> bool:
    roots = [
        pathlib.Path("/usr/share/apertium/modes"),
        pathlib.Path("/usr/local/share/apertium/modes"),
    ]
    return any(
        (root / f"{mode}.mode").exists() for root in roots for mode in APERTIUM_MODES.values()
    )


def make_translator(settings: Any) -> Translator | None:
    """The translator chosen in settings, wrapped with the glossary; None for "none"."""
    choice = settings.translator
    if choice == "auto":
        choice = "apertium" if apertium_available() else "none"
    if choice == "none":
        return None
    if choice == "apertium":
        engine: Translator = ApertiumTranslator()
    else:
        engine = HttpTranslator(
            settings.translate_url, settings.translate_api_key.get_secret_value()
        )
    return GlossaryTranslator(engine, load_glossary())


# ---------------------------------------------------------------- filling changes

TEXT_PAIRS = (("title_es", "title_en"), ("summary_es", "summary_en"))


def missing_translations(change: Any) -> list[tuple[str, str, str, str]]:
    """(source field, target field, source lang, target lang) for each empty side of a pair."""
    wanted = []
    for es_field, en_field in TEXT_PAIRS:
        es_text, en_text = getattr(change, es_field), getattr(change, en_field)
        if es_text and not en_text:
            wanted.append((es_field, en_field, "es", "en"))
        elif en_text and not es_text:
            wanted.append((en_field, es_field, "en", "es"))
    return wanted


def translate_change_fields(change: Any, translator: Translator) -> dict[str, Any]:
    """The machine translations a change lacks, as field -> value (origins set to machine).

    Pure apart from the translator call: the caller applies the values with the store's
    `record_edit`, so the audit trail shows what the machine wrote.
    """
    from store.models import TextOrigin

    values: dict[str, Any] = {}
    for direction in (("es", "en"), ("en", "es")):
        wanted = [w for w in missing_translations(change) if (w[2], w[3]) == direction]
        if not wanted:
            continue
        texts = [getattr(change, source_field) for source_field, *_ in wanted]
        for (_, target_field, _, _), text in zip(
            wanted, translator.translate(texts, *direction), strict=True
        ):
            if text.strip():
                values[target_field] = text.strip()
                values[f"{target_field}_origin"] = TextOrigin.MACHINE
    return values


def fill_translations(
    session: Any, changes: Sequence[Any], translator: Translator | None, now: dt.datetime
) -> int:
    """Machine-translate the empty sides of these changes; return how many were filled."""
    from store.changes import record_edit

    if translator is None:
        return 0
    filled = 0
    for change in changes:
        if not missing_translations(change):
            continue
        values = translate_change_fields(change, translator)
        if values:
            record_edit(
                session,
                change,
                f"system:translate:{translator.name}",
                "machine_translation",
                values,
                now,
            )
            filled += 1
    return filled
