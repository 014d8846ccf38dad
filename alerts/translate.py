"""Machine translation of titles and summaries as a domain capability, not a pass-through.

Three layers, in this order, for every text on its own:

1. Title shapes (alerts.title_rules): the formulaic parts of DOF, SAT, CBP and Federal
   Register titles ("DECRETO por el que se reforman ...", "CSMS # ... - GUIDANCE:", dates,
   articles, annexes) are written by tested rules.
2. Terminology: the versioned glossary (glossary.toml, overlaid by staff-edited entries in
   the database) renders laws, programs, agencies and forms by their official names, and
   keeps do-not-translate terms ("Carta Porte", "pedimento", acronyms, codes) as they are.
3. The engine (Apertium, offline by default; or a LibreTranslate-compatible HTTP service)
   translates only the free text between the protected spans, which it sees as opaque
   tokens.

A text whose translation fails comes back as None (callers keep the original, never a mix
of two texts); when no engine is available, the log says why once per run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import pathlib
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from alerts import post_edit, title_rules
from alerts.errors import AlertsError, PermanentError, TranslationUnavailable
from alerts.terms import Entry
from alerts.title_rules import Span

log = logging.getLogger(__name__)

GLOSSARY_FILE = pathlib.Path(__file__).resolve().parent / "glossary.toml"
APERTIUM_MODES = {("es", "en"): "spa-eng_US", ("en", "es"): "eng-spa"}
TOKEN = "XZQ{}Q"
# Engines may space a token out, change its case or put an unknown-word mark before it.
TOKEN_RE = re.compile(r"[*#@~]?X\s?Z\s?Q\s?(\d+)\s?Q", re.IGNORECASE)
# Leading protected spans and acronyms: the engine capitalises the first word after them.
LEADING_TOKENS_RE = re.compile(
    r"^(?:\s*(?:[*#@~]?X\s?Z\s?Q\s?\d+\s?Q|(?-i:[A-Z]{2,}\b))[\s,;:]*)+", re.IGNORECASE
)
# Apertium's marks for unknown (*), untranslatable (@) and ungenerated (#) words.
ENGINE_MARK_RE = re.compile(r"(?<![\w#*@])[*#@](?=[^\W\d_])")
# A word the engine did not know, as Apertium marks it (run without -u).
UNKNOWN_WORD_RE = re.compile(r"(?<![\w#*@])\*([^\W\d_][\w'-]*)")
# A machine-translated summary with more unknown words than this is not stored (garbled).
SUMMARY_UNKNOWN_WORDS = 1
SUMMARY_UNKNOWN_SHARE = 0.08
SEPARATOR = "\n.|XZQS{}Q|.\n"
SEPARATOR_RE = re.compile(r"\s*\.?\|\s*[*#@]?XZQS(\d+)Q\s*\|\.?\s*", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Outcome:
    """One text's translation (None when it failed) and how many words the engine did not know."""

    text: str | None
    unknown: int = 0


def count_unknown_words(raw: str, target: str) -> int:
    """Words the engine marked unknown in its output, less those post-editing fixes."""
    fixed = post_edit.ENGINE_FIXES.get(target, {})
    words = UNKNOWN_WORD_RE.findall(TOKEN_RE.sub(" ", raw))
    return sum(1 for word in words if word.lower() not in fixed)


def too_garbled(outcome: Outcome) -> bool:
    """Whether a translation keeps too many words the engine did not know to be shown as prose.

    More than SUMMARY_UNKNOWN_WORDS unknown words, or more than SUMMARY_UNKNOWN_SHARE of its
    words, makes a sentence unreadable ("... en weekdays para relevar queues de northbound").
    """
    if outcome.text is None or outcome.unknown == 0:
        return False
    words = len(re.findall(r"[^\W\d_]+", outcome.text))
    return outcome.unknown > SUMMARY_UNKNOWN_WORDS or outcome.unknown > SUMMARY_UNKNOWN_SHARE * max(
        words, 1
    )


class Translator(Protocol):
    """Translates a batch of plain texts between `en` and `es`, one result per text."""

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
    version: str = ""

    def spans(self, text: str, source: str, target: str, headline: bool = False) -> list[Span]:
        """Where known terms are in `text` and their target-language form, without overlaps.

        In a headline-style title ("Duties on Steel Imports") a capital says nothing, so
        terms after the first word are written in their own case.
        """
        found: list[Span] = []
        for rule in self.rules.get((source, target), ()):
            for match in rule.pattern.finditer(text):
                if source == "es" and _under_dof_head(match, rule):
                    continue  # "REGLAMENTO de la Ley ...": the head rule writes "REGULATIONS"
                if not _taken(found, match):
                    rendered = _render(match, rule, headline and match.start() > 0)
                    found.append(Span(match.start(), match.end(), rendered))
        return sorted(found, key=lambda span: span.start)

    def protect(self, text: str, source: str, target: str) -> tuple[str, list[str]]:
        """Replace known terms with tokens; return the text and the token values."""
        return protect_spans(text, self.spans(text, source, target))

    @staticmethod
    def restore(text: str, values: list[str]) -> str:
        """Put the target-language terms back where their tokens came out."""
        return TOKEN_RE.sub(lambda m: _token_value(m, values), text)


def _taken(found: list[Span], match: re.Match[str]) -> bool:
    return any(match.start() < s.end and s.start < match.end() for s in found)


def _under_dof_head(match: re.Match[str], rule: Rule) -> bool:
    """'REGLAMENTO de la Ley ...': an all-capitals head word followed by ordinary text."""
    words = match.group(0).split()
    return (
        len(words) > 1
        and len(words[0]) > 1
        and words[0].isupper()
        and not words[1].isupper()
        and rule.target != KEEP
    )


def _render(match: re.Match[str], rule: Rule, headline: bool = False) -> str:
    if rule.target == KEEP:
        return match.group(0)
    if len(match.group(0)) > 3 and match.group(0).isupper() and " " in match.group(0):
        return rule.target.upper()  # "FISCALIA GENERAL DE LA REPUBLICA"
    return rule.target if headline else _match_case(match.group(0), rule.target)


KEEP = "\x00keep"
FAILED = "\x00failed"  # a text whose rules failed: translated as None


def protect_spans(text: str, spans: Sequence[Span]) -> tuple[str, list[str]]:
    """Replace each span with a token; return the text and the values in token order."""
    values: list[str] = []
    pieces: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: s.start):
        pieces.append(text[cursor : span.start])
        pieces.append(TOKEN.format(len(values)))
        values.append(span.text)
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces), values


def _token_value(match: re.Match[str], values: list[str]) -> str:
    index = int(match.group(1))
    return values[index] if index < len(values) else match.group(0)


def _match_case(found: str, target: str) -> str:
    """A sentence-initial "Pedimento" stays capitalised; "customs entry" becomes "Customs entry"."""
    first = found.split()[0] if found.split() else ""
    if len(first) > 1 and first.isupper():
        return target  # "IMMEX annual report": the capital belongs to the acronym
    if found[:1].isupper() and target[:1].islower():
        return target[:1].upper() + target[1:]
    return target


def load_glossary(path: pathlib.Path = GLOSSARY_FILE, entries: Iterable[Entry] = ()) -> Glossary:
    """Read glossary.toml (and staff entries, which win) into rules for es->en and en->es."""
    base = _read_glossary_file(str(path))
    extra = tuple(entries)
    return _build_glossary(base[0] + extra, base[1] + (f"+staff{len(extra)}" if extra else ""))


def glossary_version(path: pathlib.Path = GLOSSARY_FILE) -> str:
    """The version string written at the top of glossary.toml."""
    return _read_glossary_file(str(path))[1]


@functools.lru_cache(maxsize=4)
def _read_glossary_file(path: str) -> tuple[tuple[Entry, ...], str]:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    entries = tuple(_entry(term) for term in data.get("term", []))
    return entries, str(data.get("version", ""))


def _entry(term: Mapping[str, Any]) -> Entry:
    return Entry(
        es=tuple(_as_list(term.get("es"))),
        en=tuple(_as_list(term.get("en"))),
        abbr=tuple(_as_list(term.get("abbr"))),
        only=str(term.get("only", "")),
        keep=bool(term.get("keep", False)),
    )


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


@functools.lru_cache(maxsize=16)
def _build_glossary(entries: tuple[Entry, ...], version: str) -> Glossary:
    forms: dict[tuple[str, str], dict[str, tuple[str, bool]]] = {("es", "en"): {}, ("en", "es"): {}}
    for entry in entries:  # later entries (staff) replace earlier ones with the same form
        for (source, target), table in forms.items():
            if entry.only and entry.only != f"{source}-{target}":
                continue
            for form, written, exact in _forms(entry, source, target):
                table[form.lower() if not exact else form] = (written, exact)
    return Glossary({key: _compile(table) for key, table in forms.items()}, version)


def _forms(entry: Entry, source: str, target: str) -> list[tuple[str, str, bool]]:
    sources = entry.es if source == "es" else entry.en
    targets = entry.en if target == "en" else entry.es
    if entry.keep:
        return [(f, KEEP, False) for f in sources] + [(a, KEEP, True) for a in entry.abbr]
    if not sources or not targets:
        return []
    written = targets[0]
    return [(f, written, False) for f in sources] + [(a, KEEP, True) for a in entry.abbr]


def _compile(table: Mapping[str, tuple[str, bool]]) -> tuple[Rule, ...]:
    rules = []
    for form, (target, exact) in sorted(table.items(), key=lambda f: len(f[0]), reverse=True):
        flags = 0 if exact else re.IGNORECASE
        pattern = re.compile(r"(?<![\w-])" + _loose(form) + r"(?![\w-])", flags)
        rules.append(Rule(pattern=pattern, target=target))
    return tuple(rules)


def _loose(form: str) -> str:
    """A form whose spaces match any run of spaces and whose accents are optional."""
    pattern = re.escape(form).replace(r"\ ", r"\s+")
    for plain, accented in (("a", "á"), ("e", "é"), ("i", "í"), ("o", "ó"), ("u", "ú")):
        pattern = pattern.replace(accented, f"[{plain}{accented}]")
    return pattern


# ---------------------------------------------------------------- the domain translator


class GlossaryTranslator:
    """Wraps an engine: title shapes and glossary terms first, the engine for the rest."""

    def __init__(
        self,
        inner: Translator,
        glossary: Glossary,
        rules: bool = True,
        tagger: ApertiumTagger | None = None,
    ) -> None:
        self.inner = inner
        self.glossary = glossary
        self.rules = rules
        self.tagger = tagger
        self.name = inner.name

    def with_entries(self, entries: Iterable[Entry]) -> GlossaryTranslator:
        """The same translator with staff glossary entries laid over the file's."""
        glossary = load_glossary(entries=entries)
        return GlossaryTranslator(self.inner, glossary, self.rules, self.tagger)

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each text; a text that fails comes back as its original."""
        results = self.translate_each(texts, source, target)
        return [out if out is not None else text for out, text in zip(results, texts, strict=True)]

    def translate_each(self, texts: Sequence[str], source: str, target: str) -> list[str | None]:
        """Translate each text on its own; None where that text's translation failed."""
        return [outcome.text for outcome in self.translate_outcomes(texts, source, target)]

    def translate_outcomes(self, texts: Sequence[str], source: str, target: str) -> list[Outcome]:
        """Each text's translation with the count of words the engine did not know in it."""
        prepared = [self._prepare_or_none(text, source, target) for text in texts]
        if source == "en" and self.tagger is not None and self.rules:
            prepared = self._reorder(prepared)
        pending = [
            i
            for i, (protected, _) in enumerate(prepared)
            if protected != FAILED and _needs_engine(protected)
        ]
        engine_out = self._engine([prepared[i][0] for i in pending], source, target)
        results: list[Outcome] = []
        outputs = dict(zip(pending, engine_out, strict=True))
        for index, (protected, values) in enumerate(prepared):
            if protected == FAILED:
                results.append(Outcome(None))
                continue
            raw = outputs.get(index, protected)
            if raw is None:
                results.append(Outcome(None))
                continue
            raw = lower_after_leading_unknown(lower_after_leading_tokens(raw, protected), protected)
            if target == "es":
                raw = post_edit.drop_engine_articles(raw, protected, values)
            text = self._finish_or_none(texts[index], raw, values, target)
            results.append(Outcome(text, count_unknown_words(raw, target)))
        return results

    def _prepare_or_none(self, text: str, source: str, target: str) -> tuple[str, list[str]]:
        """The prepared text; a rule that breaks on one text costs only that text."""
        try:
            return self.prepare(text, source, target)
        except Exception:  # the edge of one text: keep its original, log, go on
            log.exception("title rules failed on %r; original kept", text[:80])
            return FAILED, []

    def prepare(self, text: str, source: str, target: str) -> tuple[str, list[str]]:
        """The text the engine sees (spans as tokens) and the tokens' target values."""
        text = " ".join(text.split())
        if source == "es":
            text = post_edit.split_glued_hyphens(post_edit.join_broken_codes(text))
        spans = title_rules.find_spans(text, source, target) if self.rules else []
        headline = source == "en" and post_edit.is_title_case(text)
        terms = self.glossary.spans(text, source, target, headline)
        if source == "en" and not post_edit.is_all_caps(text):
            terms += acronym_spans(text)
        if source == "en":
            terms += code_spans(text)
        else:
            terms += dotted_code_spans(text)
        terms += [Span(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text)]
        spans = title_rules.longest_spans(spans + terms)
        protected, values = protect_spans(text, spans)
        if post_edit.is_all_caps(text):
            protected = TOKEN_RE.sub(lambda m: m.group(0).upper(), protected.lower())
        elif source == "en":
            protected = post_edit.lower_title_case(protected)
        if source == "en":
            protected = post_edit.known_synonyms(protected)
        return protected, values

    def _reorder(self, prepared: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
        """English noun compounds with a protected modifier, put in Spanish order."""
        assert self.tagger is not None
        tagged = self.tagger.tag(["" if p == FAILED else p for p, _ in prepared])
        return [
            post_edit.reorder_modifier_terms(units, values) if units else (protected, values)
            for (protected, values), units in zip(prepared, tagged, strict=True)
        ]

    def _engine(self, texts: list[str], source: str, target: str) -> list[str | None]:
        if not texts:
            return []
        try:
            return list(self.inner.translate(texts, source, target))
        except AlertsError as error:
            log.warning("translation failed for %d texts, originals kept: %s", len(texts), error)
            return [None] * len(texts)

    def _finish_or_none(
        self, original: str, raw: str | None, values: list[str], target: str
    ) -> str | None:
        try:
            return self._finish(original, raw, values, target)
        except Exception:  # the edge of one text: keep its original, log, go on
            log.exception("post-editing failed on %r; original kept", original[:80])
            return None

    def _finish(self, original: str, raw: str | None, values: list[str], target: str) -> str | None:
        if raw is None:
            return None
        found = {int(m.group(1)) for m in TOKEN_RE.finditer(raw)}
        if found != set(range(len(values))):
            log.warning("translation dropped protected terms, original kept: %r", original[:80])
            return None
        raw, values = post_edit.agree_moved_adjectives(raw, values)
        raw = post_edit.fix_engine_words(raw, target)
        raw = post_edit.lower_function_words(raw, target)
        if target == "en":
            raw = post_edit.restore_moved_capital(raw)
        raw = post_edit.restore_unknown_case(raw, original)
        if target == "es":
            raw = post_edit.agree_articles_with_terms(raw, values)
        text = ENGINE_MARK_RE.sub("", Glossary.restore(raw, values))
        if target == "es":
            text = post_edit.agree_certain(post_edit.contract_articles(text))
            text = post_edit.drop_serial_comma(post_edit.article_before_year(text))
            text = post_edit.agree_origin(post_edit.proposed_after_noun(text))
        else:
            text = post_edit.order_named_programs(text)
        if post_edit.is_all_caps(original):
            text = text.upper()
        return post_edit.finish(text, original) or None


ACRONYM_RE = re.compile(r"(?<![\w&.-])[A-Z]{2,4}(?![\w&-])")
SHOUTED_WORDS = frozenset(["NOW", "GET", "NEW", "AND", "THE", "FOR", "NOT", "ALL", "ACT"])


def acronym_spans(text: str) -> list[Span]:
    """Acronyms in an English title ("MID", "FTZ", "TX") kept as written.

    The engine reads a capitalised short word as an English word ("MID" -> "Mid") or
    translates it; in a title that is not all capitals, such a word is an acronym.
    """
    return [
        Span(m.start(), m.end(), m.group(0))
        for m in ACRONYM_RE.finditer(text)
        if m.group(0) not in SHOUTED_WORDS
    ]


# Form and section numbers with letters: "CBP Form 339A", "6059B", "Section 314(a)(4)".
CODE_RE = re.compile(r"(?<![\w-])\d+(?:[A-Z]{1,2}\b|(?:\([a-z0-9]{1,4}\))+)")


def code_spans(text: str) -> list[Span]:
    """Numbers with letters in an English title, kept as written.

    The engine reads the letters as words ("339A" -> "339Un", "314(a)" -> "314(un)").
    """
    return [Span(m.start(), m.end(), m.group(0)) for m in CODE_RE.finditer(text)]


DOTTED_CODE_RE = re.compile(r"(?<![\w./-])[A-Z][A-Z0-9]*(?:[./][A-Z0-9]+){2,}(?![\w/-])")


def dotted_code_spans(text: str) -> list[Span]:
    """An agreement's code in a Spanish title ("ACDO.SA2.HCT.250124/12.P.DF"), kept as written.

    The engine lowers the letters after the last dot ("p.df").
    """
    return [
        Span(m.start(), m.end(), m.group(0))
        for m in DOTTED_CODE_RE.finditer(text)
        if any(c.isdigit() for c in m.group(0))
    ]


def lower_after_leading_tokens(output: str, protected: str) -> str:
    """Undo the capital the engine gives the first word it translates after leading tokens.

    Apertium capitalises the first word it knows in a sentence; when a title starts with
    protected spans ("DECREE amending" + "las cuotas ..."), that word is mid-title.
    """
    lead_in, lead_out = LEADING_TOKENS_RE.match(protected), LEADING_TOKENS_RE.match(output)
    if not lead_in or not lead_out:
        return output
    following = protected[lead_in.end() :]
    if not following[:1].islower():
        return output
    rest = output[lead_out.end() :]
    # the capital sits on the first word the engine knew, after any unknown lower-case ones
    found = re.match(r"((?:[*]?[a-zà-ÿ][\w'-]*\s+){0,3})([A-ZÁÉÍÓÚÑ][\w'-]*)", rest)
    if found and not found.group(2).isupper() and found.group(2) not in following.split():
        word = found.group(2)
        rest = found.group(1) + word[:1].lower() + word[1:] + rest[found.end() :]
    return output[: lead_out.end()] + rest


_LEADING_UNKNOWN_RE = re.compile(r"^((?:\*[^\W\d_][\w'-]*\s+){1,3})([A-ZÁÉÍÓÚÑ][a-zà-ÿ]+)\b")


def lower_after_leading_unknown(output: str, protected: str) -> str:
    """'*welded Tubería de línea' -> '*welded tubería de línea' (source 'welded line pipe').

    A title that opens with words the engine does not know gets a capital on the first
    word it knows; where the source (already lowered from headline case) had none there,
    that word is mid-title.
    """
    found = _LEADING_UNKNOWN_RE.match(output)
    if not found or not protected[:1].islower():
        return output
    word = found.group(2)
    if word in protected.split():
        return output
    return found.group(1) + word[:1].lower() + word[1:] + output[found.end() :]


def _needs_engine(protected: str) -> bool:
    """Whether anything but tokens, numbers and punctuation is left to translate."""
    return bool(re.search(r"[^\W\d_]", TOKEN_RE.sub("", protected)))


# ---------------------------------------------------------------- engines


class ApertiumTranslator:
    """Runs the Apertium pipeline in a subprocess, one process per batch.

    The texts of a batch are separated by a sentence-ending marker line that Apertium
    passes through untouched; the output is split on those markers and checked (count and
    order). If the check fails, each text is translated in its own process: texts are never
    joined and split blindly.
    """

    name = "apertium"

    def __init__(
        self, command: str = "apertium", timeout: float = 60.0, mark_unknown: bool = False
    ) -> None:
        self.command = command
        self.timeout = timeout
        self.mark_unknown = mark_unknown  # '*word' for words the engine does not know

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each text (newlines inside a text become spaces)."""
        if not texts:
            return []
        mode = APERTIUM_MODES[(source, target)]
        lines = [" ".join(text.split()) for text in texts]
        if len(lines) == 1:
            return [self._run(lines[0], mode).strip()]
        joined = "".join(line + SEPARATOR.format(i) for i, line in enumerate(lines))
        parts = split_batch(self._run(joined, mode), len(lines))
        if parts is None:
            log.info("apertium batch did not split cleanly; translating one text at a time")
            return [self._run(line, mode).strip() for line in lines]
        return [_uncase_start(part, line) for part, line in zip(parts, lines, strict=True)]

    def _run(self, text: str, mode: str) -> str:
        try:
            done = subprocess.run(
                [self.command, *([] if self.mark_unknown else ["-u"]), mode],
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


STREAM_SPECIAL_RE = re.compile(r"[\^$/\\\[\]{}<>@*#+~]")


class ApertiumTagger:
    """Apertium's English analyser and tagger: the part of speech of each word of a text.

    Used only to find the nouns that follow a protected term; a text whose analysis does
    not line up with it is left as it is (None).
    """

    def __init__(
        self, root: pathlib.Path = pathlib.Path("/usr/share/apertium/apertium-eng-spa")
    ) -> None:
        self.automorf = root / "eng-spa.automorf.bin"
        self.prob = root / "eng-spa.prob"

    def available(self) -> bool:
        """Whether the analyser files and programs are installed."""
        programs = shutil.which("lt-proc") and shutil.which("apertium-tagger")
        return bool(programs) and self.automorf.exists() and self.prob.exists()

    def tag(self, texts: Sequence[str]) -> list[list[post_edit.Unit] | None]:
        """The tagged units of each text, or None for a text that could not be tagged."""
        # Characters with a meaning in Apertium's stream format are not sent (no tagging).
        clean = [" ".join(text.split()) for text in texts]
        sent = ["" if STREAM_SPECIAL_RE.search(text) else text for text in clean]
        try:
            stream, ambiguous = self._run("\n".join(sent) + "\n")
        except (OSError, subprocess.SubprocessError) as error:
            log.info("apertium tagger unavailable (%s); English compounds left as they are", error)
            return [None] * len(texts)
        lines = [
            post_edit.mark_verb_readings(units, ambiguous)
            for units in post_edit.parse_tagged(stream)
        ]
        return [
            units
            if text and index < len(lines) and _lines_up(units := lines[index], text)
            else None
            for index, text in enumerate(sent)
        ]

    def _run(self, text: str) -> tuple[str, frozenset[str]]:
        """The tagged stream, and the words the analyser also reads as verbs."""
        analysed = subprocess.run(
            ["lt-proc", str(self.automorf)],
            input=text,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        tagged = subprocess.run(
            ["apertium-tagger", "-g", "-p", str(self.prob)],
            input=analysed,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        return tagged, post_edit.verb_readings(analysed)


def _lines_up(units: list[post_edit.Unit], text: str) -> bool:
    rebuilt = "".join(blank + surface for blank, surface, _ in units)
    return "".join(rebuilt.split()) == "".join(text.split())


def split_batch(output: str, expected: int) -> list[str] | None:
    """Cut a batch's output on its markers; None unless all markers came back in order."""
    markers = list(SEPARATOR_RE.finditer(output))
    if [int(m.group(1)) for m in markers] != list(range(expected)):
        return None
    parts, cursor = [], 0
    for marker in markers:
        parts.append(output[cursor : marker.start()].strip())
        cursor = marker.end()
    if output[cursor:].strip():
        return None
    return parts


def _uncase_start(translated: str, source: str) -> str:
    """Apertium capitalises after the batch marker's full stop; undo that for lower-case input."""
    if source[:1].islower() and translated[:1].isupper() and not translated[:2].isupper():
        return translated[:1].lower() + translated[1:]
    return translated


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
        """Translate the batch in one request (the service answers one text per text)."""
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
    try:
        result = response.json().get("translatedText")
    except ValueError:
        result = None
    result = [result] if isinstance(result, str) else result
    if not isinstance(result, list) or len(result) != expected:
        raise TranslationUnavailable(f"The translation service at {url} gave an unexpected answer.")
    return [str(text) for text in result]


# ---------------------------------------------------------------- choosing the engine


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


def translation_status(settings: Any) -> tuple[bool, str]:
    """Whether machine translation is available with these settings, and why not if not."""
    choice = settings.translator
    if choice == "none":
        return False, 'translation is switched off (translator = "none")'
    if choice == "http":
        return True, f"LibreTranslate-compatible service at {settings.translate_url}"
    if apertium_available():
        return True, "Apertium (apertium-en-es)"
    if choice == "auto":
        return False, (
            'translator = "auto" found no Apertium with the en-es modes; install '
            'apertium-en-es or set translator = "http"'
        )
    return False, "Apertium is not installed; run `apt-get install apertium-en-es`"


_REPORTED: set[str] = set()


def report_unavailable_once(reason: str, deliberate: bool = False) -> None:
    """Log why translations are missing, once per process (one run).

    A warning when something is missing; information when staff switched translation off.
    """
    if reason not in _REPORTED:
        _REPORTED.add(reason)
        level = logging.INFO if deliberate else logging.WARNING
        log.log(
            level, "machine translation unavailable: %s; originals are shown untranslated", reason
        )


def make_translator(settings: Any, entries: Iterable[Entry] = ()) -> GlossaryTranslator | None:
    """The translator chosen in settings, with rules and glossary; None when there is none."""
    available, reason = translation_status(settings)
    if not available:
        report_unavailable_once(reason, deliberate=settings.translator == "none")
        if settings.translator == "apertium":
            raise TranslationUnavailable(reason + ".")
        return None
    glossary = load_glossary(entries=entries)
    if settings.translator != "http":
        return apertium_translator(glossary)
    engine = HttpTranslator(settings.translate_url, settings.translate_api_key.get_secret_value())
    return GlossaryTranslator(engine, glossary)


def apertium_translator(glossary: Glossary) -> GlossaryTranslator:
    """Apertium (unknown words marked) with rules, this glossary and, if installed, its tagger."""
    tagger = ApertiumTagger()
    return GlossaryTranslator(
        ApertiumTranslator(mark_unknown=True),
        glossary,
        tagger=tagger if tagger.available() else None,
    )


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


def machine_sides(change: Any) -> list[tuple[str, str, str, str]]:
    """Like missing_translations, plus sides a machine wrote (to write again); never staff text."""
    from store.models import TextOrigin

    wanted = []
    for es_field, en_field in TEXT_PAIRS:
        for source_field, target_field, source, target in (
            (es_field, en_field, "es", "en"),
            (en_field, es_field, "en", "es"),
        ):
            source_origin = getattr(change, f"{source_field}_origin", TextOrigin.ORIGINAL)
            target_origin = getattr(change, f"{target_field}_origin", TextOrigin.ORIGINAL)
            if not getattr(change, source_field) or source_origin == TextOrigin.MACHINE:
                continue
            if not getattr(change, target_field) or target_origin == TextOrigin.MACHINE:
                wanted.append((source_field, target_field, source, target))
    return wanted


def translate_change_fields(
    change: Any, translator: Translator, wanted: list[tuple[str, str, str, str]] | None = None
) -> dict[str, Any]:
    """The machine translations a change lacks, as field -> value (origins set to machine).

    Pure apart from the translator call: the caller applies the values with the store's
    `record_edit`, so the audit trail shows what the machine wrote. A text whose translation
    failed is left out (the reader sees the original, never a half-translated mix), and so is
    a summary the engine left garbled (`too_garbled`).
    """
    wanted = missing_translations(change) if wanted is None else wanted
    return dict(side_values([(change, side) for side in wanted], translator).get(id(change), {}))


def side_values(
    sides: Sequence[tuple[Any, tuple[str, str, str, str]]], translator: Translator
) -> dict[int, dict[str, Any]]:
    """Field values per change (keyed by id) for these (change, side) pairs, one translator
    call per direction; failed texts and garbled summaries are left out, logged once per change."""
    from store.models import TextOrigin

    values: dict[int, dict[str, Any]] = {}
    garbled: dict[int, tuple[Any, list[str]]] = {}
    for direction in (("es", "en"), ("en", "es")):
        chosen = [(c, side) for c, side in sides if (side[2], side[3]) == direction]
        if not chosen:
            continue
        texts = [getattr(change, side[0]) for change, side in chosen]
        outcomes = _translate_each(translator, texts, *direction)
        for (change, side), outcome in zip(chosen, outcomes, strict=True):
            if not outcome.text or not outcome.text.strip():
                continue
            if side[1].startswith("summary_") and too_garbled(outcome):
                garbled.setdefault(id(change), (change, []))[1].append(
                    f"{side[1]} ({outcome.unknown} unknown words)"
                )
                continue
            fields = values.setdefault(id(change), {})
            fields[side[1]] = outcome.text.strip()
            fields[f"{side[1]}_origin"] = TextOrigin.MACHINE
    for change, skipped in garbled.values():
        log.info(
            "machine translation of change %s not stored, the engine left it garbled: %s",
            getattr(change, "id", None),
            ", ".join(skipped),
        )
    return values


def _translate_each(
    translator: Translator, texts: list[str], source: str, target: str
) -> list[Outcome]:
    outcomes = getattr(translator, "translate_outcomes", None)
    if outcomes is not None:
        return list(outcomes(texts, source, target))
    each = getattr(translator, "translate_each", None)
    if each is not None:
        return [Outcome(text) for text in each(texts, source, target)]
    return [Outcome(text) for text in translator.translate(texts, source, target)]


def fill_translations(
    session: Any, changes: Sequence[Any], translator: Translator | None, now: dt.datetime
) -> int:
    """Machine-translate the empty sides of these changes; return how many were filled.

    All texts of one direction go to the translator in one call (each still translated on
    its own); each change's values are then written with `record_edit`.
    """
    from store.changes import record_edit

    if translator is None:
        return 0
    seed_summaries(session, changes, now)
    translator = with_staff_glossary(session, translator)
    filled = 0
    for change, values in batch_change_fields(changes, translator):
        event = record_edit(
            session,
            change,
            f"system:translate:{translator.name}",
            "machine_translation",
            values,
            now,
        )
        event.note = glossary_note(translator)
        filled += 1
    return filled


def source_summary(change: Any) -> dict[str, Any]:
    """The source's own abstract as the summary of a change that has none, in the document's
    language (origin original), so that a reader of the other language gets it translated.

    Empty when the change has a summary in either language, or when the document's abstract
    only describes the file (alerts.abstracts).
    """
    from alerts.abstracts import document_abstract
    from store.models import TextOrigin

    document = getattr(change, "document", None)
    language = getattr(document, "language", None)
    if document is None or language not in ("en", "es"):
        return {}
    if getattr(change, "summary_en", None) or getattr(change, "summary_es", None):
        return {}
    title = getattr(change, f"title_{language}", None) or getattr(document, "title", None)
    abstract = document_abstract(document, str(title or ""))
    if not abstract:
        return {}
    return {f"summary_{language}": abstract, f"summary_{language}_origin": TextOrigin.ORIGINAL}


def seed_summaries(session: Any, changes: Sequence[Any], now: dt.datetime) -> int:
    """Give each change without a summary its source's abstract (see `source_summary`),
    written with `record_edit` so that the audit trail shows where the text came from."""
    from store.changes import record_edit

    seeded = 0
    for change in changes:
        values = source_summary(change)
        if values:
            record_edit(session, change, "system:abstract", "source_abstract", values, now)
            seeded += 1
    return seeded


def batch_change_fields(
    changes: Sequence[Any], translator: Translator
) -> list[tuple[Any, dict[str, Any]]]:
    """(change, field values) for the changes that gained a translation, in change order."""
    wanted = [(change, side) for change in changes for side in missing_translations(change)]
    values = side_values(wanted, translator)
    return [(change, values[id(change)]) for change in changes if id(change) in values]


def with_staff_glossary(session: Any, translator: Translator) -> Translator:
    """The translator with the database's staff glossary entries, when it takes them."""
    if not isinstance(translator, GlossaryTranslator):
        return translator
    from alerts.glossary_store import active_entries

    entries = active_entries(session)
    return translator.with_entries(entries) if entries else translator


def retranslate_change(
    session: Any, change: Any, translator: Translator, actor: str, now: dt.datetime
) -> dict[str, Any]:
    """Write again every machine side of a change with the current glossary (staff text kept)."""
    from store.changes import record_edit

    translator = with_staff_glossary(session, translator)
    values = translate_change_fields(change, translator, machine_sides(change))
    changed = {k: v for k, v in values.items() if getattr(change, k) != v}
    if changed:
        event = record_edit(session, change, actor, "retranslation", changed, now)
        event.note = glossary_note(translator)
    return changed


def glossary_note(translator: Translator) -> str | None:
    """Which termbase wrote a translation, for the audit trail ("glossary 2026.12.1+staff2")."""
    glossary = getattr(translator, "glossary", None)
    return f"glossary {glossary.version}" if isinstance(glossary, Glossary) else None
