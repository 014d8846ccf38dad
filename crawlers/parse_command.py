"""`regwatch parse SOURCE FILE`: parse one saved response offline and print its items.

No network and no database: the file's bytes go through the source's parser exactly as
the spider's response would, and each item comes out as one JSON line on stdout.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import pathlib
import re
import sys
from types import ModuleType

import click

from crawlers.errors import CrawlError
from crawlers.items import ParseResult
from crawlers.registry import PARSER_MODULES, parser_for

_SOURCE_LINE_RE = re.compile(rb"\A\s*#\s*SOURCE:\s*(\S+)")


class CommandError(Exception):
    """A problem the person running the command must fix, said in one sentence."""


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD.") from None


def read_file(path: str) -> bytes:
    """The bytes of FILE ("-" reads standard input)."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return pathlib.Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"The file {path} does not exist.") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a directory; give the path of one saved response.") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CommandError(f"The file {path} cannot be read ({reason}).") from None


def load_parser(source: str) -> ModuleType:
    """The parser module of SOURCE, or a CommandError naming the known sources."""
    try:
        return parser_for(source)
    except KeyError:
        known = ", ".join(sorted(PARSER_MODULES))
        raise CommandError(f"Unknown source {source!r}; use one of: {known}.") from None
    except ImportError:
        raise CommandError(f"The parser for {source} is not installed in this build.") from None


def default_url(module: ModuleType, body: bytes, path: str) -> str:
    """The URL the response most likely came from, when --url is not given."""
    declared = _SOURCE_LINE_RE.match(body[:2048])
    if declared:
        return declared.group(1).decode("utf-8", errors="replace")
    sniff = getattr(module, "sniff_url", None)
    if sniff is None:
        return ""
    try:
        if "filename" in inspect.signature(sniff).parameters:
            return str(sniff(body, filename=pathlib.Path(path).name))
        return str(sniff(body))
    except Exception:  # noqa: BLE001 - a failed guess just leaves the parser to sniff
        return ""


def run_parser(module: ModuleType, body: bytes, url: str, date: dt.date | None) -> ParseResult:
    """Run the source's parser, turning every failure into one CommandError sentence."""
    try:
        return module.parse_response(body, url, date=date, headers=None)
    except CrawlError as error:
        raise CommandError(_one_sentence(str(error)) or "The file could not be parsed.") from None
    except Exception as error:  # noqa: BLE001 - the command's edge: never a traceback
        raise CommandError(
            f"The parser failed on this file ({type(error).__name__}); it may be in a format "
            "the parser does not know."
        ) from None


def _one_sentence(message: str) -> str:
    return " ".join(message.split())


def print_items(result: ParseResult) -> None:
    """One JSON object per item on stdout, UTF-8 whatever the terminal's locale."""
    out = click.get_binary_stream("stdout")  # type: ignore[operator]  # click's stub
    for item in result.items:
        line = json.dumps(item.to_contract(), ensure_ascii=False)
        out.write(line.encode("utf-8") + b"\n")
    out.flush()


@click.command("parse")
@click.argument("source")
@click.argument("file")
@click.option("--url", help="The URL the response was fetched from (guessed from the file).")
@click.option(
    "--date",
    "date",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="The date that was requested (defaults to the date the page shows).",
)
def parse_command(source: str, file: str, url: str | None, date: dt.date | None) -> None:
    """Parse one saved response FILE of SOURCE and print its items as JSON lines."""
    try:
        module = load_parser(source)
        body = read_file(file)
        result = run_parser(module, body, url or default_url(module, body, file), date)
    except CommandError as error:
        _fail(str(error))
        return
    print_items(result)
