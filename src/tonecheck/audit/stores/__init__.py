"""Where audit results go: SQLite (the default embedded store), JSONL or CSV.

Exactly-once is built on one rule: **results and the progress marker are committed together**.

* SQLite: every batch of rows and the marker (how many stream items are done, a digest of them,
  the running totals) are written in one transaction. A kill -9 at any instant leaves either the
  batch and its marker, or neither.
* JSONL/CSV: rows are appended and fsync'ed, then a small state file (next to the output) is
  replaced atomically with the new byte offsets and marker. On restart the output is cut back to
  the offsets in the state file, which drops any rows written after the last marker.

A write that fails (disk full, read-only, quota) raises ``OutputError`` with one line to print;
SQLite rolls the batch back and the file stores cut their files back to the last committed
offsets, so what is on disk stays consistent and the same command resumes once there is space.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..sources import UsageError
from .base import (
    ErrorRow,
    OutputError,
    Row,
    RunStats,
    Store,
    describe_os_error,
)
from .csv_store import CsvStore
from .files import FileStore
from .jsonl import JsonlStore
from .sqlite import SQLiteStore

__all__ = [
    "OUTPUT_KINDS",
    "CsvStore",
    "ErrorRow",
    "FileStore",
    "JsonlStore",
    "OutputError",
    "Row",
    "RunStats",
    "SQLiteStore",
    "Store",
    "describe_os_error",
    "open_store",
]

OUTPUT_KINDS: dict[str, Callable[[Path, dict[str, Any], bool], Store]] = {
    ".db": SQLiteStore,
    ".sqlite": SQLiteStore,
    ".sqlite3": SQLiteStore,
    ".jsonl": JsonlStore,
    ".ndjson": JsonlStore,
    ".csv": CsvStore,
}


def open_store(path: Path, fingerprint: dict[str, Any], restart: bool) -> Store:
    kind = OUTPUT_KINDS.get(path.suffix.lower())
    if kind is None:
        raise UsageError(f"{path}: unknown output type; use .db/.sqlite (SQLite), .jsonl or .csv")
    return kind(path, fingerprint, restart)
