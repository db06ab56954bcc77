"""Reading messages to audit: CSV/TSV, JSONL, Parquet, mbox, Maildir, folders of .eml/.txt.

Every source is a generator that holds one message (or one Parquet batch) at a time, so memory
stays flat however large the input. Each item gets a stable key (the source as given plus a row,
line, message number or file path) that the resumable audit relies on: the same input read twice
yields the same keys in the same order.

A row or message that cannot be read becomes an ``Item`` with ``error`` set and its location, and
reading goes on; only problems that would make every row fail (a missing file, a column that does
not exist) raise ``UsageError`` before the audit starts.
"""

from __future__ import annotations

from pathlib import Path

from .base import (
    _MAIL_SUFFIXES,
    CONTEXT_FIELDS,
    ROLE_DEFAULTS,
    Item,
    Source,
    SourceOptions,
    UsageError,
)
from .delimited import CsvSource
from .jsonl import JsonlSource
from .mail import FileSource, FolderSource, MaildirSource, MboxSource
from .parquet import ParquetSource

__all__ = [
    "CONTEXT_FIELDS",
    "ROLE_DEFAULTS",
    "SUPPORTED",
    "CsvSource",
    "FileSource",
    "FolderSource",
    "Item",
    "JsonlSource",
    "MaildirSource",
    "MboxSource",
    "ParquetSource",
    "Source",
    "SourceOptions",
    "UsageError",
    "open_source",
]

SUPPORTED = ".csv, .tsv, .jsonl/.ndjson, .parquet, .mbox, .eml, .txt, a Maildir or a folder"


def open_source(label: str, options: SourceOptions) -> Source:
    """The reader for one command-line path, chosen by what it is; UsageError if unsupported."""
    path = Path(label)
    if not path.exists():
        raise UsageError(f"{label}: no such file or folder")
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            return MaildirSource(path, label, options)
        return FolderSource(path, label, options)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return CsvSource(path, label, options, ",")
    if suffix in (".tsv", ".tab"):
        return CsvSource(path, label, options, "\t")
    if suffix in (".jsonl", ".ndjson"):
        return JsonlSource(path, label, options)
    if suffix in (".parquet", ".pq"):
        return ParquetSource(path, label, options)
    if suffix in (".mbox", ".mbx") or path.name.lower() == "mbox":
        return MboxSource(path, label, options)
    if suffix in _MAIL_SUFFIXES:
        return FileSource(path, label, options)
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
    except OSError as exc:
        raise UsageError(f"{label}: cannot read: {exc.strerror or exc}") from None
    if head == b"From ":
        return MboxSource(path, label, options)
    raise UsageError(f"{label}: unsupported input; supported: {SUPPORTED}")
