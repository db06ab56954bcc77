"""The SQLite store (the default): each batch and its progress marker in one transaction."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from ..sources import UsageError
from .base import (
    FORMAT_VERSION,
    OutputError,
    ResumePoint,
    RunStats,
    Store,
    _first_suggestion,
    _now,
    _report_json,
    _severity_counts,
    describe_os_error,
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
            from ..._version import __version__

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
                # one row per rule's reading (readings of the same words folded into one
                # finding of the report each keep their row, so GROUP BY rule counts them all);
                # scores.findings above counts places
                for f in r.report.all_findings():
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
