"""Copies of responses that no longer match their parser, kept for whoever fixes it.

Files go to `<var_dir>/crawl/responses/<source>/`, named by time and content hash; the
whole folder is kept under a byte budget (`crawl_saved_responses_mb`) by deleting the
oldest copies first, so a source that breaks for weeks cannot fill the disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pathlib

SUFFIXES = (("json", ".json"), ("xml", ".xml"), ("rss", ".xml"), ("html", ".html"))


def responses_dir(var_dir: pathlib.Path) -> pathlib.Path:
    """Where saved responses live."""
    return var_dir / "crawl" / "responses"


def save_response(
    folder: pathlib.Path,
    source_id: str,
    body: bytes,
    content_type: str,
    now: dt.datetime,
    budget_bytes: int,
) -> pathlib.Path | None:
    """Write `body` under `folder/source_id/` and prune to the budget; None when the
    budget is zero or the body alone exceeds it."""
    if budget_bytes <= 0 or len(body) > budget_bytes:
        return None
    digest = hashlib.sha256(body).hexdigest()[:12]
    target = folder / source_id / f"{now:%Y%m%dT%H%M%S}-{digest}{_suffix(content_type)}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_bytes(body)
    prune(folder, budget_bytes, keep=target)
    return target


def prune(folder: pathlib.Path, budget_bytes: int, keep: pathlib.Path | None = None) -> int:
    """Delete the oldest saved responses until the folder fits the budget; count them."""
    stats = ((p, p.stat()) for p in folder.rglob("*") if p.is_file())
    files = sorted((st.st_mtime, p.name, st.st_size, p) for p, st in stats)
    total = sum(size for _, _, size, _ in files)
    removed = 0
    for _, _, size, path in files:
        if total <= budget_bytes:
            break
        if path == keep:
            continue
        total -= size
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def _suffix(content_type: str) -> str:
    lowered = content_type.lower()
    return next((suffix for marker, suffix in SUFFIXES if marker in lowered), ".txt")
