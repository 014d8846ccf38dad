"""Jinja2 environments per locale, with strings from the Babel catalogs in alerts/i18n.

Every message is a folder under alerts/templates with subject.txt, body.txt and body.html.
The HTML part is autoescaped, so scraped titles can never inject markup.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import pathlib
import zoneinfo
from typing import Any

from babel import dates, numbers
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = pathlib.Path(__file__).resolve().parent / "templates"
CATALOGS = pathlib.Path(__file__).resolve().parent / "i18n"
LOCALES = ("en", "es")
# Members read Mexican Spanish and US English: dates and numbers follow es_MX and en_US.
BABEL_LOCALES = {"en": "en_US", "es": "es_MX"}


@dataclasses.dataclass(frozen=True)
class Rendered:
    """The three parts of one email."""

    subject: str
    text: str
    html: str


def translations(locale: str) -> Translations:
    """The compiled catalog for `locale` (en or es)."""
    return _translations(locale if locale in LOCALES else "en")


@functools.lru_cache(maxsize=4)
def _translations(locale: str) -> Translations:
    found = Translations.load(str(CATALOGS), [locale], domain="messages")
    if not isinstance(found, Translations):
        raise FileNotFoundError(f"compiled catalog for {locale} missing under {CATALOGS}")
    return found


@functools.lru_cache(maxsize=4)
def environment(locale: str) -> Environment:
    """A Jinja2 environment whose gettext speaks `locale`."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        extensions=["jinja2.ext.i18n"],
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    return env


def render(message: str, locale: str, context: dict[str, Any]) -> Rendered:
    """Render templates/<message>/{subject.txt,body.txt,body.html} in `locale`."""
    env = environment(locale)
    subject = env.get_template(f"{message}/subject.txt").render(context)
    text = env.get_template(f"{message}/body.txt").render(context)
    html = env.get_template(f"{message}/body.html").render(context)
    return Rendered(subject=" ".join(subject.split()), text=text, html=html)


def format_day(value: dt.date | None, locale: str) -> str:
    """A date as a reader of `locale` expects it ("23 de noviembre de 2026")."""
    return dates.format_date(value, format="long", locale=BABEL_LOCALES[locale]) if value else ""


def format_moment(value: dt.datetime, locale: str, timezone: str) -> str:
    """A moment in local time (America/Tijuana by default), with its zone abbreviation."""
    tz = zoneinfo.ZoneInfo(timezone)
    local = value.astimezone(tz)
    day = dates.format_date(local.date(), format="long", locale=BABEL_LOCALES[locale])
    time = dates.format_time(local.time(), format="HH:mm", locale=BABEL_LOCALES[locale])
    return f"{day}, {time} {local.tzname()}"


def format_count(value: int, locale: str) -> str:
    """An integer with the locale's grouping (es_MX and en_US both write "10,000")."""
    return numbers.format_decimal(value, locale=BABEL_LOCALES[locale])


def format_short_day(value: dt.date | None, locale: str, year: int | None = None) -> str:
    """A compact date for one-line meta: "Dec 15" / "15 dic" in `year`, else with the year."""
    if value is None:
        return ""
    if value.year == year:
        return dates.format_skeleton("MMMd", value, locale=BABEL_LOCALES[locale])
    return dates.format_date(value, format="medium", locale=BABEL_LOCALES[locale])
