"""Jobs used by the worker tests: a slow job with an idempotent, countable effect."""

from __future__ import annotations

import pathlib
import sqlite3
import time


def slow_effect(db_path: str, key: str, marker_dir: str, seconds: float = 3.0) -> int:
    """Mark that we started, wait, then record `key` once; return how many times it exists."""
    markers = pathlib.Path(marker_dir)
    markers.mkdir(parents=True, exist_ok=True)
    (markers / f"started-{time.time_ns()}").touch()
    time.sleep(seconds)
    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS effects (key TEXT PRIMARY KEY)")
        connection.execute("INSERT OR IGNORE INTO effects (key) VALUES (?)", (key,))
        return connection.execute("SELECT count(*) FROM effects WHERE key = ?", (key,)).fetchone()[
            0
        ]


def add(a: int, b: int) -> int:
    """A trivial job for dispatch tests."""
    return a + b
