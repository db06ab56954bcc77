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

import contextlib
import csv
import datetime as dt
import io
import json
import os
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import Report
from .sources import Item, UsageError

STATE_SUFFIX = ".audit-state.json"
FORMAT_VERSION = 1


class OutputError(Exception):
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


# -- SQLite ----------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE audit_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  format INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  done INTEGER NOT NULL,
  digest TEXT NOT NULL,
  summary TEXT,
  updated_at TEXT NOT NULL
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  messages INTEGER NOT NULL DEFAULT 0,
  input_errors INTEGER NOT NULL DEFAULT 0,
  workers INTEGER,
  version TEXT,
  command TEXT
);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  location TEXT NOT NULL,
  source_id TEXT,
  channel TEXT NOT NULL,
  stage TEXT NOT NULL,
  stage_detected INTEGER NOT NULL,
  agent TEXT,
  date TEXT,
  text TEXT NOT NULL,
  redacted INTEGER NOT NULL,
  report TEXT NOT NULL
);
CREATE TABLE scores (
  message_id INTEGER PRIMARY KEY REFERENCES messages(id),
  respect REAL NOT NULL,
  clarity REAL NOT NULL,
  empathy REAL NOT NULL,
  transparency REAL NOT NULL,
  overall REAL NOT NULL,
  findings INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  suggestions INTEGER NOT NULL,
  max_severity TEXT
);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  rule TEXT NOT NULL,
  dimension TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  "start" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  span TEXT NOT NULL,
  message TEXT NOT NULL,
  suggestion TEXT NOT NULL,
  reference TEXT,
  impact REAL NOT NULL
);
CREATE TABLE strengths (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  rule TEXT NOT NULL,
  dimension TEXT NOT NULL,
  category TEXT NOT NULL,
  "start" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  span TEXT NOT NULL,
  message TEXT NOT NULL,
  impact REAL NOT NULL
);
CREATE TABLE input_errors (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  location TEXT NOT NULL,
  error TEXT NOT NULL
);
CREATE INDEX findings_message ON findings(message_id);
CREATE INDEX findings_rule ON findings(rule);
CREATE INDEX findings_category ON findings(category);
CREATE INDEX findings_severity ON findings(severity);
CREATE INDEX strengths_message ON strengths(message_id);
CREATE INDEX messages_agent ON messages(agent);
CREATE INDEX messages_date ON messages(date);
CREATE INDEX messages_source ON messages(source);
CREATE INDEX scores_overall ON scores(overall);
"""


def _sqlite_reason(exc: sqlite3.Error) -> str:
    text = str(exc)
    lowered = text.lower()
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return "the disk is full"
    if "readonly" in lowered or "read-only" in lowered:
        return "the database or its folder is read-only"
    if "unable to open" in lowered:
        return "cannot open the database file (missing folder or no permission?)"
    if "disk i/o error" in lowered:
        return "disk I/O error (disk full, file size limit or failing disk?)"
    if "locked" in lowered or "busy" in lowered:
        return "the database is locked by another process (is the same audit running?)"
    return text


class SQLiteStore(Store):
    """Tables messages, scores, findings, strengths, input_errors, runs (+ audit_state)."""

    def __init__(self, path: Path, fingerprint: dict[str, Any], restart: bool) -> None:
        super().__init__(path, fingerprint, restart)
        self.db: sqlite3.Connection | None = None
        self.run_id: int | None = None

    def _fail(self, action: str, exc: sqlite3.Error) -> OutputError:
        return OutputError(f"cannot {action} {self.path}: {_sqlite_reason(exc)}")

    def open(self, argv: list[str], workers: int) -> ResumePoint:
        if not self.path.parent.is_dir():
            raise OutputError(
                f"cannot create {self.path}: the folder {self.path.parent} does not exist"
            )
        self._lock()
        if self.restart:
            # Emptied in place while we hold the lock: an empty file is an empty database.
            try:
                for suffix in ("-wal", "-shm", "-journal"):
                    Path(str(self.path) + suffix).unlink(missing_ok=True)
                assert self._lock_fd is not None
                os.ftruncate(self._lock_fd, 0)
            except OSError as exc:
                self._unlock()
                raise OutputError(f"cannot replace {self.path}: {describe_os_error(exc)}") from None
        existed = self.path.stat().st_size > 0
        try:
            db = sqlite3.connect(str(self.path), isolation_level=None, timeout=5.0)
        except sqlite3.Error as exc:
            self._unlock()
            raise self._fail("open", exc) from None
        self.db = db
        try:
            if existed:
                try:
                    tables = {
                        r[0]
                        for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                    }
                except sqlite3.DatabaseError:
                    self._close_db()
                    raise UsageError(
                        f"{self.path}: exists and is not an SQLite database; choose another --out"
                    ) from None
                if "audit_state" not in tables:
                    self._close_db()
                    raise UsageError(
                        f"{self.path}: exists and is not a tonecheck audit; choose another --out "
                        "(or --restart to replace it)"
                    )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("BEGIN IMMEDIATE")
            if not existed:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(
                    "INSERT INTO audit_state VALUES (1, ?, ?, 0, '', NULL, ?)",
                    (FORMAT_VERSION, json.dumps(self.fingerprint, sort_keys=True), _now()),
                )
            row = db.execute(
                "SELECT fingerprint, done, digest, summary FROM audit_state"
            ).fetchone()
            stored = json.loads(row[0])
            if stored != self.fingerprint:
                db.execute("ROLLBACK")
                self._close_db()
                self._mismatch(stored)
            from .._version import __version__

            # We hold the lock, so a run still marked 'running' died without closing.
            db.execute("UPDATE runs SET status = 'killed' WHERE status = 'running'")

            cursor = db.execute(
                "INSERT INTO runs (started_at, status, workers, version, command) VALUES (?, 'running', ?, ?, ?)",
                (_now(), workers, __version__, json.dumps(argv)),
            )
            self.run_id = cursor.lastrowid
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            self._close_db()
            raise self._fail("write", exc) from None
        self.committed = row[1]
        return ResumePoint(
            done=row[1], digest=row[2], summary=json.loads(row[3]) if row[3] else None
        )

    def _close_db(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
        self._unlock()

    def _rollback(self) -> None:
        if self.db is not None and self.db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    def commit(self, done: int, digest: str, summary: dict[str, Any], stats: RunStats) -> None:
        db = self.db
        assert db is not None
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        r.seq,
                        r.item.key,
                        r.item.source,
                        r.item.location,
                        r.source_id,
                        r.report.channel.value,
                        r.report.stage.value,
                        int(r.report.stage_detected),
                        r.agent,
                        r.item.date,
                        r.text,
                        int(bool(self.fingerprint.get("redact"))),
                        _report_json(r.report),
                    )
                    for r in self.rows
                ],
            )
            score_rows = []
            finding_rows = []
            strength_rows = []
            for r in self.rows:
                s = r.report.scores
                counts = _severity_counts(r.report)
                top = r.report.max_severity()
                score_rows.append(
                    (
                        r.seq,
                        s.respect,
                        s.clarity,
                        s.empathy,
                        s.transparency,
                        s.overall,
                        len(r.report.findings),
                        counts["error"],
                        counts["warning"],
                        counts["suggestion"],
                        top.value if top else None,
                    )
                )
                for f in r.report.findings:
                    finding_rows.append(
                        (
                            r.seq,
                            f.rule,
                            f.dimension.value,
                            f.category,
                            f.severity.value,
                            f.start,
                            f.end,
                            f.span,
                            f.message,
                            _first_suggestion(f),
                            f.reference,
                            f.impact,
                        )
                    )
                for f in r.report.strengths:
                    strength_rows.append(
                        (
                            r.seq,
                            f.rule,
                            f.dimension.value,
                            f.category,
                            f.start,
                            f.end,
                            f.span,
                            f.message,
                            f.impact,
                        )
                    )
            db.executemany("INSERT INTO scores VALUES (?,?,?,?,?,?,?,?,?,?,?)", score_rows)
            db.executemany(
                'INSERT INTO findings (message_id, rule, dimension, category, severity, "start", '
                '"end", span, message, suggestion, reference, impact) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
                finding_rows,
            )
            db.executemany(
                'INSERT INTO strengths (message_id, rule, dimension, category, "start", "end", span, '
                "message, impact) VALUES (?,?,?,?,?,?,?,?,?)",
                strength_rows,
            )
            db.executemany(
                "INSERT INTO input_errors VALUES (?,?,?,?,?)",
                [(e.seq, e.item.key, e.item.source, e.item.location, e.error) for e in self.errors],
            )
            db.execute(
                "UPDATE audit_state SET done = ?, digest = ?, summary = ?, updated_at = ?",
                (done, digest, json.dumps(summary, separators=(",", ":")), _now()),
            )
            db.execute(
                "UPDATE runs SET messages = ?, input_errors = ? WHERE id = ?",
                (stats.messages, stats.input_errors, self.run_id),
            )
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise OutputError(
                f"cannot write {self.path}: {_sqlite_reason(exc)}; {self._saved()}"
            ) from None
        self.committed = done
        self.rows.clear()
        self.errors.clear()

    def close(self, status: str, stats: RunStats) -> None:
        db = self.db
        if db is None:
            return
        self._rollback()
        try:
            db.execute(
                "UPDATE runs SET status = ?, finished_at = ?, messages = ?, input_errors = ? WHERE id = ?",
                (status, _now(), stats.messages, stats.input_errors, self.run_id),
            )
            if status == "completed":
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # the results are committed; only the run's end time is lost
        finally:
            self._close_db()


# -- JSONL and CSV ---------------------------------------------------------------------------

_CSV_COLUMNS = [
    "key",
    "source",
    "location",
    "id",
    "channel",
    "stage",
    "agent",
    "date",
    "respect",
    "clarity",
    "empathy",
    "transparency",
    "overall",
    "findings",
    "errors",
    "warnings",
    "suggestions",
    "max_severity",
    "rules",
]
_ERROR_COLUMNS = ["key", "source", "location", "error"]


class FileStore(Store):
    """Append-only output file(s) plus an atomically replaced state file."""

    suffix = ""

    def __init__(self, path: Path, fingerprint: dict[str, Any], restart: bool) -> None:
        super().__init__(path, fingerprint, restart)
        self.state_path = Path(str(path) + STATE_SUFFIX)
        self.errors_path = path.with_name(path.stem + ".errors" + path.suffix)
        self.state: dict[str, Any] = {}
        self.handles: dict[str, io.FileIO] = {}

    # subclass hooks
    def header(self) -> bytes:
        return b""

    def error_header(self) -> bytes:
        return b""

    @abstractmethod
    def encode(self, row: Row) -> bytes: ...

    @abstractmethod
    def encode_error(self, row: ErrorRow) -> bytes: ...

    def _write_state(self) -> None:
        """Write to a temporary file, fsync, rename over the old state: never half a state."""
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        data = json.dumps(self.state, separators=(",", ":")).encode("utf-8")
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.state_path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        try:
            fd = os.open(self.state_path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            pass  # some file systems cannot fsync a folder; the rename is still atomic

    def _open_file(self, name: str, path: Path, offset: int) -> None:
        # Unbuffered on purpose: a write that fails (full disk, file-size limit) must leave
        # nothing in a user-space buffer that closing the handle would flush past the
        # committed offset as half a line.
        handle = io.FileIO(path, "r+" if path.exists() else "w+")
        handle.truncate(offset)
        handle.seek(offset)
        self.handles[name] = handle

    def open(self, argv: list[str], workers: int) -> ResumePoint:
        if not self.path.parent.is_dir():
            raise OutputError(
                f"cannot create {self.path}: the folder {self.path.parent} does not exist"
            )
        try:
            self._lock()
            Path(str(self.state_path) + ".tmp").unlink(missing_ok=True)
            if self.restart:
                for path in (self.errors_path, self.state_path):
                    path.unlink(missing_ok=True)
                assert self._lock_fd is not None
                os.ftruncate(self._lock_fd, 0)
            if self.state_path.exists():
                try:
                    self.state = json.loads(self.state_path.read_text("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    self._unlock()
                    raise UsageError(
                        f"{self.state_path}: is damaged; use --restart to start the audit over"
                    ) from None
                try:
                    self._mismatch(self.state.get("fingerprint", {}))
                except UsageError:
                    self._unlock()
                    raise
                for run in self.state.get("runs", []):
                    if run.get("status") == "running":
                        run["status"] = "killed"  # we hold the lock: that run died
            else:
                if self.path.stat().st_size > 0:
                    self._unlock()
                    raise UsageError(
                        f"{self.path}: exists and was not written by this audit (no {self.state_path.name}); "
                        "choose another --out, or --restart to replace it"
                    )
                self.state = {
                    "format": FORMAT_VERSION,
                    "fingerprint": self.fingerprint,
                    "done": 0,
                    "digest": "",
                    "offset": 0,
                    "errors_offset": 0,
                    "summary": None,
                    "runs": [],
                }
                self._write_state()
            from .._version import __version__

            self._open_file("main", self.path, int(self.state["offset"]))
            if self.errors_path.exists() or self.state["errors_offset"]:
                self._open_file("errors", self.errors_path, int(self.state["errors_offset"]))
            self.state["runs"].append(
                {
                    "started_at": _now(),
                    "finished_at": None,
                    "status": "running",
                    "messages": 0,
                    "input_errors": 0,
                    "workers": workers,
                    "version": __version__,
                    "command": argv,
                }
            )
            self.state["runs"] = self.state["runs"][-100:]
            self._write_state()
        except OSError as exc:
            self._unlock()
            raise OutputError(f"cannot write {self.path}: {describe_os_error(exc)}") from None
        self.committed = int(self.state["done"])
        return ResumePoint(
            done=int(self.state["done"]),
            digest=str(self.state["digest"]),
            summary=self.state["summary"],
        )

    def commit(self, done: int, digest: str, summary: dict[str, Any], stats: RunStats) -> None:
        main = b"".join(self.encode(r) for r in self.rows)
        errors = b"".join(self.encode_error(e) for e in self.errors)
        if self.state["offset"] == 0 and main:
            main = self.header() + main
        old = (int(self.state["offset"]), int(self.state["errors_offset"]))
        try:
            handle = self.handles["main"]
            _write_all(handle, main)
            os.fsync(handle.fileno())
            if errors:
                if "errors" not in self.handles:
                    self._open_file("errors", self.errors_path, 0)
                if self.state["errors_offset"] == 0:
                    errors = self.error_header() + errors
                ehandle = self.handles["errors"]
                _write_all(ehandle, errors)
                os.fsync(ehandle.fileno())
            new_state = dict(self.state)
            new_state.update(
                done=done,
                digest=digest,
                summary=summary,
                offset=old[0] + len(main),
                errors_offset=old[1] + len(errors),
            )
            new_state["runs"][-1].update(messages=stats.messages, input_errors=stats.input_errors)
            previous, self.state = self.state, new_state
            try:
                self._write_state()
            except BaseException:
                self.state = previous
                raise
        except OSError as exc:
            self._cut_back(*old)
            raise OutputError(
                f"cannot write {self.path}: {describe_os_error(exc)}; {self._saved()}"
            ) from None
        self.committed = done
        self.rows.clear()
        self.errors.clear()

    def _cut_back(self, offset: int, errors_offset: int) -> None:
        """Drop a half-written batch now, so the files hold only committed rows."""
        for name, size in (("main", offset), ("errors", errors_offset)):
            handle = self.handles.get(name)
            if handle is None:
                continue
            try:
                handle.seek(size)
                handle.truncate(size)
            except OSError:
                pass  # truncating on reopen does the same job

    def close(self, status: str, stats: RunStats) -> None:
        for handle in self.handles.values():
            with contextlib.suppress(OSError):
                handle.close()
        self.handles.clear()
        if not self.state.get("runs"):
            self._unlock()
            return
        self.state["runs"][-1].update(
            status=status,
            finished_at=_now(),
            messages=stats.messages,
            input_errors=stats.input_errors,
        )
        with contextlib.suppress(OSError):
            self._write_state()
        self._unlock()


class JsonlStore(FileStore):
    """One JSON object per message: where it came from, its (redacted) text, and the report."""

    def encode(self, row: Row) -> bytes:
        record = {
            "key": row.item.key,
            "source": row.item.source,
            "location": row.item.location,
            "id": row.source_id,
            "agent": row.agent,
            "date": row.item.date,
            "text": row.text,
            "report": json.loads(_report_json(row.report)),
        }
        return _json_line(record)

    def encode_error(self, row: ErrorRow) -> bytes:
        record = {
            "key": row.item.key,
            "source": row.item.source,
            "location": row.item.location,
            "error": row.error,
        }
        return _json_line(record)


def _write_all(handle: io.FileIO, data: bytes) -> None:
    """An unbuffered write may be short (e.g. at a file-size limit); go on until it raises."""
    view = memoryview(data)
    while view:
        written = handle.write(view)
        if not written:
            raise OSError(28, "No space left on device")
        view = view[written:]


def _json_line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def _csv_line(values: list[Any]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue().encode("utf-8")


class CsvStore(FileStore):
    """One row of scores per message (findings are counted, and their rule ids listed)."""

    def header(self) -> bytes:
        return _csv_line(_CSV_COLUMNS)

    def error_header(self) -> bytes:
        return _csv_line(_ERROR_COLUMNS)

    def encode(self, row: Row) -> bytes:
        r = row.report
        counts = _severity_counts(r)
        top = r.max_severity()
        rules = sorted({f.rule for f in r.findings})
        return _csv_line(
            [
                row.item.key,
                row.item.source,
                row.item.location,
                row.source_id or "",
                r.channel.value,
                r.stage.value,
                row.agent or "",
                row.item.date or "",
                r.scores.respect,
                r.scores.clarity,
                r.scores.empathy,
                r.scores.transparency,
                r.scores.overall,
                len(r.findings),
                counts["error"],
                counts["warning"],
                counts["suggestion"],
                top.value if top else "",
                ";".join(rules),
            ]
        )

    def encode_error(self, row: ErrorRow) -> bytes:
        return _csv_line([row.item.key, row.item.source, row.item.location, row.error])


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
