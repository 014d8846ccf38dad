"""Deadlines from a document: effective dates, comment periods, compliance dates.

A pure function of (title, body, language, published_on, fr_fields) -> deadlines. It reads
the Federal Register API fields (`effective_on`, `comments_close_on`, the free-text
`dates`) and Spanish and English phrasings ("entrará en vigor al día siguiente de su
publicación", "a partir del 1o. de enero de 2027", "comments must be received on or before
March 3, 2027").

The method is trigger-first and conservative, because a wrong deadline in a member's
calendar is worse than none: a date counts only when a trigger phrase ("entrará en
vigor", "comments", "compliance date" ...) governs it in the same sentence, nothing
between them says the date is a citation ("publicado en el DOF el ...", "published ...",
"de fecha", "dated") and the date is not long before the document's publication. Relative
phrasings become dates only when computable from the publication date: natural days are,
business days ("días hábiles") are not (they depend on the official holiday calendar).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
import re._constants as re_constants  # the parsed form of a pattern, for quick()
import re._parser as re_parser
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from crawlers.parsers.mx_common import MONTHS as MONTHS_ES

KINDS = ("effective", "comments_close", "compliance", "deadline")
# Effective dates may be slightly retroactive (a rule published on the 3rd "effective the
# 1st"); older dates in a trigger sentence are almost always citations of past acts.
RETROACTIVE_DAYS = 31
WINDOW = 260  # characters searched around a trigger, bounded by the sentence
MAX_GAP = 120  # characters allowed between a trigger and the date it governs
TEXT_LIMIT = 220

MONTHS_EN = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
NUMBER_WORDS = {
    "un": 1, "uno": 1, "cinco": 5, "diez": 10, "quince": 15, "veinte": 20,
    "treinta": 30, "cuarenta": 40, "cuarenta y cinco": 45, "sesenta": 60, "noventa": 90,
    "ciento veinte": 120, "ciento ochenta": 180, "one": 1, "five": 5, "ten": 10,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45, "forty five": 45,
    "sixty": 60, "ninety": 90, "one hundred twenty": 120, "one hundred eighty": 180,
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Deadline:
    """One dated obligation or milestone, with the phrase it came from."""

    kind: str
    date: dt.date
    text: str

    def to_json(self) -> dict[str, str]:
        """The stored form: {"kind", "date" (ISO), "text"}."""
        return {"kind": self.kind, "date": self.date.isoformat(), "text": self.text}


@dataclasses.dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    date: dt.date | None  # None: a relative phrase that could not be computed


# ---------------------------------------------------------------- folding


def fold(text: str) -> str:
    """Lower-case, accents stripped, one character for one: positions stay aligned."""
    return text.translate(_FOLDED)


def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch.lower()
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on first sight of each character (a few dozen in
    practice): three times faster than folding character by character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDED = _FoldTable()


def quick(pattern: str) -> re.Pattern[str]:
    """Compile `pattern` behind a look-ahead for the characters a match can start with.

    Python's regex engine tries every alternative at every position of the text unless the
    pattern starts with a plain character set; the look-ahead lets it skip most positions
    at once (the trigger search over a note: 3x faster). It never changes what matches:
    when the first characters cannot be worked out, the pattern is compiled as it is.
    """
    items = list(re_parser.parse(pattern).data)
    first = _first_chars(items)
    if not first:
        return re.compile(pattern)
    # Then the first two characters, where they are plain ones: far fewer positions pass.
    pairs = _starts(items, 2)
    second = f"(?={'|'.join(re.escape(pair) for pair in sorted(pairs))})" if pairs else ""
    return re.compile(f"(?=[{''.join(sorted(first))}]){second}(?:{pattern})")


def _starts(items: list[Any], size: int) -> set[str] | None:
    """Every string of `size` plain characters a match of the items can start with, or None
    when a match may start otherwise (a class like \\s, a repeat, a shorter match)."""
    if size == 0:
        return {""}
    for index, (op, arg) in enumerate(items):
        rest = list(items[index + 1 :])
        if op is re_constants.AT or op is re_constants.ASSERT_NOT:  # zero-width
            continue
        if op is re_constants.LITERAL or (
            op is re_constants.IN and all(kind is re_constants.LITERAL for kind, _ in arg)
        ):
            heads = [arg] if op is re_constants.LITERAL else [code for _, code in arg]
            tails = _starts(rest, size - 1)
            return None if tails is None else {chr(h) + t for h in heads for t in tails}
        if op is re_constants.SUBPATTERN:
            return _starts(list(arg[-1].data) + rest, size)
        if op is re_constants.BRANCH:
            return _bounded([_starts(list(branch.data) + rest, size) for branch in arg[1]])
        if op is re_constants.MAX_REPEAT and arg[1] == 1:  # x? (or a plain group)
            taken = _starts(list(arg[2].data) + rest, size)
            return taken if arg[0] == 1 else _bounded([taken, _starts(rest, size)])
        return None
    return None  # a match may be shorter


def _bounded(sets: list[set[str] | None], limit: int = 64) -> set[str] | None:
    union = _union(sets)
    return union if union is not None and len(union) <= limit else None


# Character classes quick() can repeat in its look-ahead.
_CATEGORIES = {
    re_constants.CATEGORY_DIGIT: r"\d",
    re_constants.CATEGORY_SPACE: r"\s",
    re_constants.CATEGORY_WORD: r"\w",
}


def _first_chars(items: list[Any]) -> set[str] | None:
    """What a sequence of parsed regex items can start with (as pieces of a character
    class: escaped characters, \\d, \\s, \\w), or None when that cannot be told."""
    for index, (op, arg) in enumerate(items):
        rest = list(items[index + 1 :])
        if op is re_constants.LITERAL:
            return {re.escape(chr(arg))}
        if op is re_constants.AT or op is re_constants.ASSERT_NOT:  # zero-width
            continue
        if op is re_constants.SUBPATTERN:
            return _first_chars(list(arg[-1].data) + rest)
        if op is re_constants.BRANCH:
            return _union([_first_chars(list(branch.data) + rest) for branch in arg[1]])
        if op is re_constants.MAX_REPEAT:
            inner = _first_chars(list(arg[2].data))
            return _union([inner, _first_chars(rest)]) if arg[0] == 0 else inner
        if op is re_constants.IN:
            return _class_pieces(arg)
        return None
    return None  # the pattern can match the empty string


def _class_pieces(members: list[Any]) -> set[str] | None:
    pieces = set()
    for kind, value in members:
        if kind is re_constants.LITERAL:
            pieces.add(re.escape(chr(value)))
        elif kind is re_constants.CATEGORY and value in _CATEGORIES:
            pieces.add(_CATEGORIES[value])
        else:
            return None  # a negated class, a range: leave the pattern alone
    return pieces


def _union(sets: list[set[str] | None]) -> set[str] | None:
    if any(found is None for found in sets):
        return None
    return set().union(*sets)  # type: ignore[arg-type]


def necessary_words(pattern: str | Any) -> tuple[str, ...] | None:
    """Literal runs of which every match of `pattern` contains one, or None when unknown.

    A text holding none of them cannot match, and a plain substring test is far cheaper
    than a regex scan: most notes never mention most kinds of deadline.
    """
    parsed = re_parser.parse(pattern) if isinstance(pattern, str) else pattern
    items = list(parsed.data)
    zero_width = (re_constants.ASSERT, re_constants.ASSERT_NOT, re_constants.AT)
    items = [item for item in items if item[0] not in zero_width]  # quick()'s look-ahead
    while len(items) == 1 and items[0][0] is re_constants.SUBPATTERN:
        items = list(items[0][1][-1].data)
    if len(items) == 1 and items[0][0] is re_constants.BRANCH:
        return _group_words(*items[0])
    return _any_of([_longest_literal(items)])


def _longest_literal(items: list[Any]) -> tuple[str, ...]:
    """Words of which every match of a sequence contains one: its longest run of plain
    characters, or the words of a group of alternatives whose shortest word is longer."""
    best, run = "", ""
    for op, arg in items:
        run = run + chr(arg) if op is re_constants.LITERAL else ""
        best = max(best, run, key=len)
    groups = [words for op, arg in items if (words := _group_words(op, arg))]
    group = max(groups, key=lambda words: min(map(len, words)), default=())
    if group and min(map(len, group)) > len(best):
        return group
    return (best,) if best else ()


def _group_words(op: Any, arg: Any) -> tuple[str, ...] | None:
    if op is re_constants.SUBPATTERN:
        return necessary_words(arg[-1])
    if op is re_constants.BRANCH:
        return _any_of([_longest_literal(list(branch.data)) for branch in arg[1]])
    return None


def _any_of(words: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    if not all(words):
        return None
    return tuple(dict.fromkeys(word for found in words for word in found))


# ---------------------------------------------------------------- date mentions

_MES = "|".join(sorted(MONTHS_ES, key=len, reverse=True))
_MONTH = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_ORDINAL = r"(?:\s*(?:o\.|o\b|º\.?|°\.?|ro\.?))?"
# "1o. de enero de 2027", "primero de marzo del 2027", "15 de marzo" (year inferred)
_ES_DATE = re.compile(
    rf"\b(?:(\d{{1,2}}){_ORDINAL}|(primero))\s+de\s+({_MES})"
    rf"(?:\s+(?:de|del)\s+(?:(?:ano|ejercicio)\s+)?(\d{{4}}))?"
    rf"(?:\s+(?:del|de este|de)\s+(ano en curso|presente ano|ano que transcurre))?"
)
# "January 5, 2027", "Jan. 5, 2027", "March 3" (year inferred), "5 January 2027"
_EN_DATE = re.compile(
    rf"\b(?:({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
    rf"|(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}}))\b"
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")

# The document's own publication ("su publicación", "la publicación del presente Acuerdo",
# "the date of publication"), never another act's ("la publicación en el DOF de la
# modificación ...").
_PUB = (
    r"(?:(?:(?:la\s+)?fecha\s+de\s+)?su\s+publicacion"
    r"|(?:la\s+fecha\s+de\s+)?(?:la\s+)?publicacion\s+(?:del?|en\s+el\s+\S+\s+del?)\s+"
    r"(?:presente|este|esta|la\s+presente)"
    r"|(?:the\s+date\s+of\s+)?(?:its\s+|this\s+)?publication)"
)
_AFTER_PUB_ES = (
    rf"(?:siguientes?|posteriores?|despues)\s+(?:a\s+la\s+|al\s+de\s+|a\s+|al\s+|de\s+)?{_PUB}"
)
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_ALSO = r"(?:\s+\([a-z ]+\)|\s+\(\d+\))?"  # "30 (treinta) días", "treinta (30) días"
_RELATIVE = [
    # (regex on folded text, days after publication; None: the number group gives it)
    (
        quick(
            rf"(?:a\s+partir\s+)?(?:al|el|del)\s+dia\s+(?:natural\s+)?siguiente\s+(?:al\s+de\s+|al\s+|de\s+|a\s+)?{_PUB}"
        ),
        1,
    ),  # noqa: E501
    (quick(rf"(?:el\s+(?:mismo\s+)?dia|a\s+partir)\s+de\s+(?:la\s+fecha\s+de\s+)?{_PUB}"), 0),
    (
        quick(
            r"\bimmediately\b|upon\s+(?:its\s+)?publication|on\s+(?:the\s+date\s+of\s+)?publication"
        ),
        0,
    ),  # noqa: E501
    (quick(rf"{_NUMBER}{_ALSO}\s+dias\s+(?:naturales\s+|habiles\s+)?{_AFTER_PUB_ES}"), None),
    (quick(rf"{_NUMBER}\s+(?:calendar\s+)?days\s+(?:after|following|from|of)\s+{_PUB}"), None),  # noqa: E501
    (quick(rf"{_NUMBER}\s+(?:calendar\s+)?days\s+for\s+(?:public\s+)?comments?"), None),
]
_RELATIVE_WORDS = [necessary_words(pattern.pattern) for pattern, _ in _RELATIVE]
_PAST_RELATIVE = re.compile(r"\b(?:allowed|provided|gave|had|were\s+given)\s+(?:an?\s+)?$")
_BUSINESS_DAYS = re.compile(r"dias\s+habiles|business\s+days|working\s+days")


def _date_mentions(folded: str, reference: dt.date | None) -> list[_Mention]:
    found: list[_Mention] = []
    for match in _ES_DATE.finditer(folded):
        day = 1 if match.group(2) else int(match.group(1))
        year = _year(match.group(4), match.group(5), MONTHS_ES[match.group(3)], day, reference)
        if _generic(folded, match.end(), bool(match.group(4) or match.group(5))):
            continue
        found.append(
            _Mention(match.start(), match.end(), _safe(year, MONTHS_ES[match.group(3)], day))
        )
    for match in _EN_DATE.finditer(folded):
        if match.group(1):
            month, day = MONTHS_EN[match.group(1)], int(match.group(2))
            year = _year(match.group(3), None, month, day, reference)
        else:
            month, day, year = MONTHS_EN[match.group(5)], int(match.group(4)), int(match.group(6))
        if _is_real_english(match) and not _generic(
            folded, match.end(), bool(year and (match.group(3) or match.group(6)))
        ):  # noqa: E501
            found.append(_Mention(match.start(), match.end(), _safe(year, month, day)))
    for match in _ISO_DATE.finditer(folded):
        y, m, d = (int(g) for g in match.groups())
        found.append(_Mention(match.start(), match.end(), _safe(y, m, d)))
    return sorted(_drop_overlaps(found), key=lambda m: m.start)


def _slash_mentions(folded: str, language: str) -> list[_Mention]:
    found = []
    for match in _SLASH_DATE.finditer(folded):
        a, b, year = (int(g) for g in match.groups())
        month, day = (a, b) if language == "en" else (b, a)
        found.append(_Mention(match.start(), match.end(), _safe(year, month, day)))
    return found


def _is_real_english(match: re.Match[str]) -> bool:
    # "may 5" is a date; "may be" is not, and "mar"/"dec" without a dot and year are risky.
    word = match.group(1)
    if word in ("may", "mar", "jun", "jul", "sep", "oct", "nov", "dec", "jan", "feb", "apr", "aug"):
        return bool(match.group(3)) or word == "may" and bool(match.group(2))
    return True


_GENERIC_AFTER = re.compile(
    r"\s+(?:of|de|del)\s+(?:the\s+(?:corresponding|following|same|calendar)|each|every|cada|dicho|ese"
    r"|cualquier|any)"
)


def _generic(folded: str, end: int, has_year: bool) -> bool:
    """ "January 1 of the corresponding year", "1o. de marzo de cada año": not one date."""
    return not has_year and bool(_GENERIC_AFTER.match(folded, end))


def _drop_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    kept: list[_Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def _year(
    written: str | None, current: str | None, month: int, day: int, reference: dt.date | None
) -> int | None:
    if written:
        return int(written)
    if reference is None:
        return None
    if current:  # "del año en curso"
        return reference.year
    candidate = _safe(reference.year, month, day)
    if candidate is not None and candidate < reference - dt.timedelta(days=RETROACTIVE_DAYS):
        return reference.year + 1  # "el 1o. de marzo" read in December means next March
    return reference.year


def _safe(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _relative_mentions(folded: str, published_on: dt.date | None) -> list[_Mention]:
    found = []
    for (pattern, days), words in zip(_RELATIVE, _RELATIVE_WORDS, strict=True):
        if words is not None and not any(word in folded for word in words):
            continue  # no match is possible
        for match in pattern.finditer(folded):
            if _BUSINESS_DAYS.search(match.group(0)):
                found.append(_Mention(match.start(), match.end(), None))
                continue
            if _PAST_RELATIVE.search(folded, max(0, match.start() - 16), match.start()):
                continue  # "the earlier notice allowed 60 days for comment": not this one
            count = days if days is not None else _number(match.group(1))
            date = (
                published_on + dt.timedelta(days=count)
                if published_on and count is not None
                else None
            )  # noqa: E501
            found.append(_Mention(match.start(), match.end(), date))
    return found


def _number(text: str) -> int | None:
    text = " ".join(text.split())
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


# ---------------------------------------------------------------- triggers

# (kind, pattern on folded text, weak). A weak trigger governs only a date right after it.
_TRIGGERS: list[tuple[str, re.Pattern[str], bool]] = [
    ("effective", quick(
        r"entrar[a]n?\s+en\s+vigor|entra(?:n)?\s+en\s+vigor|surtir[a]n?\s+(?:sus\s+)?efectos"
        r"|vigentes?\s+a\s+partir|estar[a]n?\s+vigentes?\s+(?:a\s+partir|desde)"
        r"|iniciar[a]n?\s+(?:su\s+)?vigencia|(?:sera|seran)\s+aplicables?\s+a\s+partir"
        r"|(?:se\s+)?aplicar[a]n?\s+a\s+partir|(?<!cost-)(?<!cost\s)\beffective\b"
        r"|takes?\s+effect|go(?:es)?\s+into\s+effect|becomes?\s+effective"
        r"|\bapplicab(?:le|ility)\b|\bon\s+or\s+after\b"), False),
    ("comments_close", quick(
        r"\bcomments?\b|comment\s+period|\bcomentarios\b|\bobservaciones\b|consulta\s+publica"),
     False),
    ("compliance", quick(
        r"compliance\s+date|must\s+comply|\bcomply\b|(?:becomes?|will\s+be|is|are)\s+mandatory"
        r"|mandatory\s+(?:compliance|use|filing|beginning|as\s+of|on|effective|for)|deberan\s+(?:presentar|cumplir"
        r"|transmitir|declarar|contar|utilizar|usar|enviar)|estaran\s+obligad[oa]s|obligatori[oa]"),
     False),
    ("deadline", quick(
        r"no\s+later\s+than|\bdeadline\b|\bdue\s+(?:by|on)\b|must\s+be\s+(?:filed|submitted)"
        r"|a\s+mas\s+tardar|fecha\s+limite|\bvence\b|\bvencera\b"
        r"|\b(?:is|are|been|be)\s+(?:extended|reopened)\s+(?:until|to|through)\b"
        r"|se\s+amplia\s+(?:el|dicho)\s+plazo|se\s+prorroga\s+(?:el|dicho)\s+plazo"), False),
    ("effective", quick(r"a\s+partir\s+del?(?:\s+dia)?|\bbeginning\b|\bstarting\b"
                             r"|\bdesde\s+el(?:\s+dia)?"), True),
]  # fmt: skip
_TRIGGER_WORDS = [necessary_words(pattern.pattern) for _, pattern, _ in _TRIGGERS]
# Between a trigger and its date, any of these means the date is something else: a
# citation of a past act, a signature, or the end of a validity period.
_CITATION = re.compile(
    r"publicad[oa]s?|published|public[oó]|de\s+fecha|\bdated\b|emitid[oa]|expedid[oa]"
    r"|firmad[oa]|suscrit[oa]|\bissued\b|\bsigned\b|reformad[oa]|\bfr\b|\bdof\b\s+(?:del?|el)"
    r"|diario\s+oficial|federal\s+register,?\s+(?:on|of)|previously|\bproposed\b|propuest[oa]|\bhasta\b|\buntil\b|\bthrough\b"
    r"|\bvigencia\s+(?:concluye|termina)|\bexpires?\b|\bended?\b"
)
_CITED_TRIGGER = re.compile(r"(?:publicad[oa]s?|published|sometid[oa]s?)\s+(?:para|en|for|to)\s*$")
_PAST = re.compile(r"\b(?:became|become|was|were|had\s+been|has\s+been|have\s+been)\s+$")
_UNTIL_OK = re.compile(r"\buntil\b|\bhasta\b|\bthrough\b")  # fine for comments: "until March 3"
_CITATION_AFTER = re.compile(
    r"^\s*,?\s*(?:publicad[oa]|published|(?:federal\s+register\s+)?(?:notice|rule|letter"
    r"|determination|proclamation|memorandum|executive\s+order|decreto|acuerdo)\b)"
)
# Comment periods and deadlines close "on or before", "by", "until" a date; a date after
# "comments" joined by other words is usually something else (a hearing, a past notice).
_CLOSE_ANCHOR = re.compile(
    r"(?:on\s+or\s+before|\bby|\buntil|\bthrough|no\s+later\s+than|\bbefore|\bon|\bis|\bclose[sd]?"
    r"|\bends?|a\s+mas\s+tardar(?:\s+el)?|hasta\s+el(?:\s+dia)?|antes\s+del?|\bel(?:\s+dia)?|:|within"
    r"|dentro\s+de(?:\s+los)?|en\s+un\s+plazo\s+de|plazo\s+de|allow(?:s|ing)?(?:\s+an?)?"
    r"(?:\s+additional)?|for|durante|de)\s*$"
)
_SENTENCE_END = quick(
    r"(?<![A-Z])(?<!\bNo)(?<!\bNum)(?<!\bArt)(?<![ap]\.m)(?<!\bSr)(?<!\bLic)"
    r"\.\s+(?=[A-ZÁÉÍÓÚÑ¿¡\"(])|[;\n]"
)
_NUMERIC_PREFIX = re.compile(r"\d\.?$")


def _sentence_bounds(text: str, position: int) -> tuple[int, int]:
    lo = max(0, position - WINDOW)
    hi = min(len(text), position + WINDOW)
    start = lo
    for match in _SENTENCE_END.finditer(text, lo, position):
        start = match.end()
    end_match = _SENTENCE_END.search(text, position, hi)
    end = end_match.start() if end_match else hi
    return start, end


# ---------------------------------------------------------------- extraction


def extract_deadlines(
    title: str | None,
    body: str | None,
    language: str | None,
    published_on: dt.date | None,
    fr_fields: Mapping[str, Any] | None = None,
) -> list[Deadline]:
    """Every deadline the document states, earliest first, one per (kind, date).

    `published_on` anchors relative phrasings and years left out ("el 1o. de marzo");
    without it only fully written dates count. `fr_fields` are Federal Register API fields
    (`effective_on`, `comments_close_on`, `dates`, `action`) where the document has them.
    """
    found: list[Deadline] = []
    texts = [t for t in (title, (fr_fields or {}).get("dates"), body) if isinstance(t, str) and t]
    for text in texts:
        found.extend(extract_from_text(text, language or "es", published_on))
    # API fields last: where the text states the same date, its phrase is what people read.
    found.extend(_from_fr_fields(fr_fields or {}))
    return _unique(found)


def stored_deadlines(record: Any) -> list[dict[str, str]]:
    """The stored JSON deadlines of a crawled item or a stored document (both have title,
    body, language, published_on, effective_on, comments_close_on and extra)."""
    fr_fields = {
        "effective_on": record.effective_on,
        "comments_close_on": record.comments_close_on,
        "dates": (record.extra or {}).get("dates"),
    }
    found = extract_deadlines(
        record.title, record.body, record.language, record.published_on, fr_fields
    )
    return deadlines_json(found)


def extract_from_text(text: str, language: str, published_on: dt.date | None) -> list[Deadline]:
    """Deadlines stated in one text (a title, a body, a Federal Register DATES paragraph)."""
    folded = fold(text)
    triggers = _trigger_spans(folded)
    if not triggers:
        return []
    mentions = _mentions_near(folded, triggers, language, published_on)
    if not mentions:
        return []
    starts = [t[0] for t in triggers]
    found = []
    for index, mention in enumerate(mentions):
        # Only the triggers near a date can govern it: long legal texts cite many dates.
        lo = bisect.bisect_left(starts, mention.start - WINDOW)
        hi = bisect.bisect_right(starts, mention.end + 60)
        if lo == hi:
            continue
        near = mentions[max(0, index - 5) : index + 5]
        deadline = _governed(text, folded, mention, near, triggers[lo:hi], published_on)
        if deadline is not None:
            found.append(deadline)
    return found


def _mentions_near(
    folded: str,
    triggers: list[tuple[int, int, str, bool]],
    language: str,
    published_on: dt.date | None,
) -> list[_Mention]:
    """Date mentions, looked for only around triggers: a long legal text cites hundreds of
    dates that no trigger could govern, and reading them is most of the cost."""
    found: list[_Mention] = []
    for lo, hi in _windows(folded, triggers):
        piece = folded[lo:hi]
        local = _date_mentions(piece, published_on) + _slash_mentions(piece, language)
        local += _relative_mentions(piece, published_on)
        found += [_Mention(m.start + lo, m.end + lo, m.date) for m in local]
    return sorted(_drop_overlaps(found), key=lambda m: m.start)


def _windows(folded: str, triggers: list[tuple[int, int, str, bool]]) -> list[tuple[int, int]]:
    # Wide enough that every date a trigger can govern (up to WINDOW after it, or just
    # before it) lies whole inside; windows that touch are merged.
    windows: list[tuple[int, int]] = []
    for start, end, _kind, _weak in triggers:
        lo, hi = max(0, start - 160), min(len(folded), end + WINDOW + 60)
        while lo > 0 and not folded[lo - 1].isspace():
            lo -= 1
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def _trigger_spans(folded: str) -> list[tuple[int, int, str, bool]]:
    spans: list[tuple[int, int, str, bool]] = []
    for (kind, pattern, weak), words in zip(_TRIGGERS, _TRIGGER_WORDS, strict=True):
        if words is not None and not any(word in folded for word in words):
            continue  # no match is possible
        spans.extend((m.start(), m.end(), kind, weak) for m in pattern.finditer(folded))
    return sorted(spans)


def _governed(
    text: str,
    folded: str,
    mention: _Mention,
    mentions: list[_Mention],
    triggers: list[tuple[int, int, str, bool]],
    published_on: dt.date | None,
) -> Deadline | None:
    if mention.date is None:
        return None
    start, end = _sentence_bounds(text, mention.start)
    kind_start = _trigger_inside(mention, triggers) or _trigger_before(
        folded, mention, mentions, triggers, start
    )
    if kind_start is None:
        kind_start = _trigger_after(folded, mention, triggers, end)
    if kind_start is None:
        return None
    kind, trigger_start = kind_start
    if not _plausible(kind, mention.date, published_on):
        return None
    if _CITATION_AFTER.match(folded[mention.end : mention.end + 40]):
        return None
    lo, hi = min(trigger_start, mention.start), max(mention.end, trigger_start)
    return Deadline(kind, mention.date, _phrase(text, lo, hi, start, end))


def _trigger_before(
    folded: str,
    mention: _Mention,
    mentions: list[_Mention],
    triggers: list[tuple[int, int, str, bool]],
    sentence_start: int,
) -> tuple[str, int] | None:
    """The nearest trigger before the date whose gap to it is clean, with the kind it gives."""
    strong = [t for t in triggers if sentence_start <= t[0] and t[1] <= mention.start]
    for t_start, t_end, kind, weak in reversed(strong):
        if _CITED_TRIGGER.search(folded, max(0, t_start - 40), t_start):
            return None  # "publicado para consulta pública el ...": the trigger is cited
        if kind == "effective" and _PAST.search(folded, max(0, t_start - 20), t_start):
            return None  # "became effective on ...": a past event, not a date to act on
        gap = folded[t_end : mention.start]
        if weak and len(gap.strip()) > 0 and not _only_filler(gap):
            continue
        if len(gap) > MAX_GAP or _has_date_between(mentions, t_end, mention.start):
            return None
        if _cites(gap, kind):
            return None
        if kind in ("comments_close", "deadline") and gap.strip() and not _CLOSE_ANCHOR.search(gap):
            return None
        return _refine(kind, strong, t_start, mention, folded), t_start
    return None


def _cites(gap: str, kind: str) -> bool:
    words = [m.group(0) for m in _CITATION.finditer(gap)]
    if kind in ("comments_close", "deadline"):  # "accepted for 30 days until March 3"
        words = [w for w in words if not _UNTIL_OK.fullmatch(w)]
    return bool(words)


def _trigger_inside(
    mention: _Mention, triggers: list[tuple[int, int, str, bool]]
) -> tuple[str, int] | None:
    """ "30 days for public comment": the relative phrase holds its own trigger."""
    for t_start, t_end, kind, weak in triggers:
        if not weak and mention.start <= t_start and t_end <= mention.end:
            return kind, t_start
    return None


def _only_filler(gap: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:el|la|del|dia|on|the|,)?\s*", gap))


def _refine(
    kind: str,
    triggers: list[tuple[int, int, str, bool]],
    chosen_start: int,
    mention: _Mention,
    folded: str,
) -> str:
    """A weak "a partir del" inside a comment or compliance clause takes that clause's kind,
    and "must be submitted by" inside a comment clause is the comment period's end."""
    wanted = {"effective": ("comments_close", "compliance", "deadline"),
              "deadline": ("comments_close",)}.get(kind, ())  # fmt: skip
    earlier = [t for t in triggers if t[0] < chosen_start and not t[3] and t[2] in wanted]
    if kind == "deadline" and earlier:
        return earlier[-1][2]  # "the comment period ... is extended until": the same sentence
    if (
        earlier
        and chosen_start - earlier[-1][1] < 80
        and not _CITATION.search(folded[earlier[-1][1] : chosen_start])
    ):
        return earlier[-1][2]
    return kind


def _trigger_after(
    folded: str, mention: _Mention, triggers: list[tuple[int, int, str, bool]], sentence_end: int
) -> tuple[str, int] | None:
    """ "A partir del 22 de junio de 2026, entra en vigor ...": a date introduced, then the verb."""
    before = folded[max(0, mention.start - 25) : mention.start]
    if not re.search(r"(?:a\s+partir\s+del?|desde\s+el|beginning|starting)(?:\s+dia)?\s*$", before):
        return None
    for t_start, _t_end, kind, weak in triggers:
        if weak or t_start < mention.end or t_start > sentence_end:
            continue
        if t_start - mention.end <= 40:
            return kind, t_start
        return None
    return None


def _has_date_between(mentions: list[_Mention], lo: int, hi: int) -> bool:
    return any(lo <= m.start and m.end <= hi for m in mentions)


def _plausible(kind: str, date: dt.date, published_on: dt.date | None) -> bool:
    if date.year < 1990 or date.year > 2100:
        return False
    if published_on is None:
        return True
    slack = RETROACTIVE_DAYS if kind == "effective" else 0
    return date >= published_on - dt.timedelta(days=slack)


def _phrase(text: str, lo: int, hi: int, sentence_start: int, sentence_end: int) -> str:
    """The words from the trigger to the date, widened to whole words, at most TEXT_LIMIT."""
    lo = max(sentence_start, lo - 30)
    hi = min(sentence_end, hi + 20)
    while lo > sentence_start and not text[lo - 1].isspace():
        lo -= 1
    while hi < sentence_end and not text[hi].isspace():
        hi += 1
    phrase = " ".join(text[lo:hi].split()).strip(" ,;:")
    return phrase if len(phrase) <= TEXT_LIMIT else phrase[: TEXT_LIMIT - 1].rstrip() + "…"


def _from_fr_fields(fields: Mapping[str, Any]) -> Iterable[Deadline]:
    for key, kind in (("effective_on", "effective"), ("comments_close_on", "comments_close")):
        value = fields.get(key)
        date = _iso(value)
        if date is not None:
            yield Deadline(kind, date, f"Federal Register {key}: {date.isoformat()}")


def _iso(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _unique(deadlines: list[Deadline]) -> list[Deadline]:
    seen: dict[tuple[str, dt.date], Deadline] = {}
    for deadline in deadlines:
        seen.setdefault((deadline.kind, deadline.date), deadline)
    return sorted(seen.values(), key=lambda d: (d.date, KINDS.index(d.kind)))


def earliest(deadlines: Iterable[Deadline], kind: str) -> dt.date | None:
    """The earliest date of `kind`, if any."""
    dates = [d.date for d in deadlines if d.kind == kind]
    return min(dates) if dates else None


def deadlines_json(deadlines: Iterable[Deadline]) -> list[dict[str, str]]:
    """The stored JSON list."""
    return [d.to_json() for d in deadlines]
