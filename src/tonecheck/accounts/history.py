"""Account histories on disk (SQLite), so memory stays flat however many accounts there are.

Records arrive in input order, interleaved across accounts; the rules need them one account at a
time. SQLite's index on (account, time) does the regrouping on disk. Both phases are resumable
after a crash or ``kill -9``: ingestion commits "the first N records are stored" with a digest of
those records in the same transaction as the records, and evaluation commits "accounts up to X are
judged" with their findings. A restarted run skips what is committed and carries on, so its
findings equal an uninterrupted run's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path

from .checks import Span
from .engine import RuleSet, evaluate
from .model import AccountFinding, AccountRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY, account TEXT NOT NULL, sort TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_by_account ON records (account, sort, seq);
CREATE TABLE IF NOT EXISTS findings (
    account TEXT NOT NULL, n INTEGER NOT NULL, rule TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (account, n)
);
"""
FORMAT = "1"


class HistoryError(ValueError):
    """The history file cannot be used as asked (changed inputs, another format)."""


class HistoryStore:
    """One account audit's histories and findings in one SQLite file."""

    def __init__(self, path: str | Path, restart: bool = False) -> None:
        self.path = Path(path)
        if restart:
            for suffix in ("", "-wal", "-journal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        stored = self._meta("format")
        if stored is None:
            self._set_meta({"format": FORMAT})
        elif stored != FORMAT:
            raise HistoryError(
                f"{self.path}: made by another version of tonecheck (format {stored}); "
                "use --restart to rebuild it"
            )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- meta ----------------------------------------------------------------------------------

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, values: dict[str, str]) -> None:
        self.db.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )

    @property
    def ingested(self) -> int:
        return int(self._meta("ingested") or 0)

    @property
    def complete(self) -> bool:
        return self._meta("ingest_done") == "1"

    def span(self) -> Span:
        first, last = self._meta("first"), self._meta("last")
        today = dt.date.today()
        return Span(
            dt.date.fromisoformat(first) if first else today,
            dt.date.fromisoformat(last) if last else today,
        )

    # -- ingestion -----------------------------------------------------------------------------

    def ingest(
        self, records: Iterable[AccountRecord | dict[str, object]], batch: int = 5000
    ) -> int:
        """Store the records (the same sequence on every resumed run); returns how many were
        skipped because an earlier run had stored them."""
        done = self.ingested
        digest = self._meta("digest") or ""
        first, last = self._meta("first"), self._meta("last")
        skipped_digest = ""
        pending: list[tuple[int, str, str, str]] = []
        seq = 0
        for raw in records:
            record = raw if isinstance(raw, AccountRecord) else AccountRecord.model_validate(raw)
            record = record.model_copy(update={"seq": seq})
            body = record.model_dump_json(exclude_defaults=True)
            if seq < done:
                skipped_digest = _step(skipped_digest, body)
                seq += 1
                if seq == done and skipped_digest != digest:
                    raise HistoryError(
                        f"{self.path}: the records changed since the earlier run (the first "
                        f"{done:,} differ); use --restart to start again"
                    )
                continue
            digest = _step(digest, body)
            day = record.local_date.isoformat()
            first = day if first is None or day < first else first
            last = day if last is None or day > last else last
            pending.append((seq, record.account, record.sort_key, body))
            seq += 1
            if len(pending) >= batch:
                self._commit_records(pending, seq, digest, first, last)
                pending = []
        if seq < done:
            raise HistoryError(
                f"{self.path}: fewer records ({seq:,}) than the earlier run stored ({done:,}); "
                "use --restart to start again"
            )
        self._commit_records(pending, seq, digest, first, last, finished=True)
        return min(done, seq)

    def _commit_records(
        self,
        rows: list[tuple[int, str, str, str]],
        done: int,
        digest: str,
        first: str | None,
        last: str | None,
        finished: bool = False,
    ) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT OR REPLACE INTO records (seq, account, sort, body) VALUES (?, ?, ?, ?)",
                rows,
            )
            values = {"ingested": str(done), "digest": digest}
            if first is not None and last is not None:
                values.update(first=first, last=last)
            if finished:
                values["ingest_done"] = "1"
            self._set_meta(values)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # -- evaluation ----------------------------------------------------------------------------

    def evaluate(self, ruleset: RuleSet, page: int = 500) -> int:
        """Judge every account not judged yet; returns the number judged in this call."""
        if not self.complete:
            raise HistoryError(f"{self.path}: ingestion has not finished; ingest the records first")
        span = self.span()
        after = self._meta("judged_through")
        judged = 0
        while True:
            accounts = [
                row[0]
                for row in self.db.execute(
                    "SELECT DISTINCT account FROM records WHERE account > ? "
                    "ORDER BY account LIMIT ?",
                    (after or "", page),
                )
            ]
            if not accounts:
                break
            rows = self.db.execute(
                "SELECT account, body FROM records WHERE account > ? AND account <= ? "
                "ORDER BY account, sort, seq",
                (after or "", accounts[-1]),
            )
            out: list[tuple[str, int, str, str]] = []
            for account, group in groupby(rows, key=lambda row: str(row[0])):
                history = [AccountRecord.model_validate_json(body) for _, body in group]
                for n, finding in enumerate(evaluate(history, ruleset, span)):
                    out.append((account, n, finding.rule, finding.model_dump_json()))
                judged += 1
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany(
                    "INSERT OR REPLACE INTO findings (account, n, rule, body) VALUES (?, ?, ?, ?)",
                    out,
                )
                self._set_meta({"judged_through": accounts[-1]})
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            after = accounts[-1]
        return judged

    def findings(self) -> Iterator[AccountFinding]:
        for (body,) in self.db.execute("SELECT body FROM findings ORDER BY account, n"):
            yield AccountFinding.model_validate_json(body)

    def history(self, account: str) -> list[AccountRecord]:
        rows = self.db.execute(
            "SELECT body FROM records WHERE account = ? ORDER BY sort, seq", (account,)
        )
        return [AccountRecord.model_validate_json(body) for (body,) in rows]

    def counts(self) -> dict[str, int]:
        """Findings per rule, for summaries."""
        rows = self.db.execute("SELECT rule, count(*) FROM findings GROUP BY rule ORDER BY rule")
        return {str(rule): int(n) for rule, n in rows}

    def accounts(self) -> int:
        row = self.db.execute("SELECT count(DISTINCT account) FROM records").fetchone()
        return int(row[0])


def _step(digest: str, body: str) -> str:
    return hashlib.sha256(f"{digest}\0{body}".encode("utf-8", "surrogatepass")).hexdigest()


def dump_findings(store: HistoryStore) -> str:
    """Every finding as canonical JSON lines, to compare two runs byte for byte."""
    return "".join(
        json.dumps(f.model_dump(mode="json"), sort_keys=True) + "\n" for f in store.findings()
    )
