"""The records an audit stores, and the `Store` contract every backend keeps.

One audit at a time per output (an flock on the output itself), and a resumed audit must be
the same audit: `Store._mismatch` refuses an output made with other inputs or options.
"""

from __future__ import annotations

import datetime as dt
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import TonecheckError
from ...models import Report
from ..sources import Item, UsageError

STATE_SUFFIX = ".audit-state.json"
FORMAT_VERSION = 1


class OutputError(TonecheckError):
    """The output cannot be written; the message is one line naming the file and the cause."""


@dataclass
class ResumePoint:
    """What an earlier, interrupted run of the same audit committed."""

    done: int = 0
    digest: str = ""
    summary: dict[str, Any] | None = None


@dataclass
class Row:
    """One checked message ready to store (already redacted when --redact is on)."""

    seq: int
    item: Item
    report: Report
    text: str
    agent: str | None
    source_id: str | None


@dataclass
class ErrorRow:
    seq: int
    item: Item
    error: str


@dataclass
class RunStats:
    messages: int = 0
    input_errors: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def describe_os_error(exc: OSError) -> str:
    """errno-aware wording: 'disk is full' reads better than '[Errno 28] No space left'."""
    import errno

    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EFBIG: "the file is too large (file size limit reached)",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "the folder does not exist",
    }
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def _severity_counts(report: Report) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "suggestion": 0}
    for f in report.findings:
        counts[f.severity.value] += 1
    return counts


def _report_json(report: Report) -> str:
    return report.model_dump_json(exclude_none=False)


def _first_suggestion(finding: Any) -> str:
    for s in finding.suggestions:
        if s.text or s.description:
            return str(s.text or s.description)
    return ""


class Store(ABC):
    """A destination for audit results with an atomic ``commit``."""

    def __init__(self, path: Path, fingerprint: dict[str, Any], restart: bool) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.restart = restart
        self.rows: list[Row] = []
        self.errors: list[ErrorRow] = []
        self.committed = 0
        self._lock_fd: int | None = None

    def _lock(self) -> None:
        """One audit at a time per output: two writers would interleave their batches. An
        flock on the output file itself dies with the process, even on kill -9, so a crashed
        audit never leaves a stale lock behind."""
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {describe_os_error(exc)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise UsageError(
                f"{self.path}: another audit is writing it right now; wait for it to finish"
            ) from None
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the descriptor releases the flock
            self._lock_fd = None

    def _saved(self) -> str:
        return f"{self.committed:,} items are saved and the same command resumes from there"

    @abstractmethod
    def open(self, argv: list[str], workers: int) -> ResumePoint:
        """Create or reopen the output; check it belongs to this audit."""

    def add(self, row: Row) -> None:
        self.rows.append(row)

    def add_error(self, row: ErrorRow) -> None:
        self.errors.append(row)

    @property
    def pending(self) -> int:
        return len(self.rows) + len(self.errors)

    @abstractmethod
    def commit(self, done: int, digest: str, summary: dict[str, Any], stats: RunStats) -> None:
        """Write the buffered rows and the marker atomically (or raise OutputError)."""

    @abstractmethod
    def close(self, status: str, stats: RunStats) -> None:
        """Record how the run ended; never raises for a full disk (the data is already safe)."""

    def _mismatch(self, stored: dict[str, Any]) -> None:
        if stored != self.fingerprint:
            keys = sorted(
                k for k in {*stored, *self.fingerprint} if stored.get(k) != self.fingerprint.get(k)
            )
            raise UsageError(
                f"{self.path}: holds an audit made with different inputs or options "
                f"({', '.join(keys)}); use another --out, or --restart to start it over"
            )
