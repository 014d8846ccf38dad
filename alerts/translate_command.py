"""`regwatch translate`: JSON lines in, the same lines with "translation" added out."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import IO, Any

import click

from alerts.errors import AlertsError, PermanentError
from alerts.terms import Entry
from alerts.translate import GlossaryTranslator, make_translator, translation_status

log = logging.getLogger(__name__)
BATCH = 64
LANGUAGES = ("es", "en")


class BadLine(PermanentError):
    """An input line that is not a JSON object with a "text" string."""


@click.command("translate")
@click.option(
    "--from", "source", type=click.Choice(LANGUAGES), required=True, help="Language of the texts."
)
@click.option(
    "--to", "target", type=click.Choice(LANGUAGES), required=True, help="Language to write."
)
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
def translate_command(source: str, target: str, file: IO[str]) -> None:
    """Translate JSON lines {"text": ...} (FILE or stdin) with the glossary and title rules.

    Writes each input line back, in order, with "translation" added: one output line per
    input line. A text whose translation fails keeps its original as the translation and
    the failure is logged. Uses the translator chosen in settings (Apertium by default).
    """
    from settings import SettingsError, load_settings

    if source == target:
        raise click.ClickException("--from and --to must be different languages.")
    try:
        settings = load_settings()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    translator = _translator(settings)
    try:
        for line in translate_lines(file, translator, source, target):
            click.echo(line)
    except AlertsError as error:
        raise click.ClickException(str(error)) from None


def _translator(settings: Any) -> GlossaryTranslator:
    available, reason = translation_status(settings)
    if not available:
        raise click.ClickException(f"No translator is available: {reason}.")
    try:
        translator = make_translator(settings, _staff_entries(settings))
    except AlertsError as error:
        raise click.ClickException(str(error)) from None
    if translator is None:
        raise click.ClickException(f"No translator is available: {reason}.")
    return translator


def _staff_entries(settings: Any) -> list[Entry]:
    """The database's staff glossary entries; none (logged) when the database is not ready."""
    try:
        from alerts.glossary_store import active_entries
        from store.context import build_context

        with build_context(settings).session() as session:
            return active_entries(session)
    except Exception as error:  # the edge: the file's glossary still applies
        reason = str(error).splitlines()[0][:200]
        log.warning("staff glossary entries not loaded (%s); using glossary.toml only", reason)
        return []


def read_records(stream: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for every non-blank line; BadLine names the first bad line."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise BadLine(f"Line {number} is not valid JSON; fix it or remove it.") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise BadLine(f'Line {number} must be a JSON object with a "text" string.')
        yield number, record


def translate_lines(
    stream: Iterable[str], translator: GlossaryTranslator, source: str, target: str
) -> Iterator[str]:
    """Output lines, in input order, each record with "translation" added.

    The whole input is checked before anything is translated, so that a bad line stops the
    command before it writes half an output.
    """
    records = [record for _, record in read_records(stream)]
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        texts = [record["text"] for record in batch]
        for record, translation in zip(
            batch, translator.translate(texts, source, target), strict=True
        ):
            yield json.dumps({**record, "translation": translation}, ensure_ascii=False)
