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

from ..errors import TonecheckError
from .checks import Span
from .engine import RuleSet, evaluate
from .model import AccountFinding, AccountRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY, account TEXT NOT NULL, sort TEXT NOT NULL, day TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_by_account ON records (account, sort, seq);
CREATE TABLE IF NOT EXISTS findings (
    account TEXT NOT NULL, n INTEGER NOT NULL, rule TEXT NOT NULL, weight INTEGER NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY (account, n)
);
"""
FORMAT = "3"


class HistoryError(TonecheckError, ValueError):
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
        first, last = self.db.execute("SELECT min(day), max(day) FROM records").fetchone()
        today = dt.date.today()
        return Span(
            dt.date.fromisoformat(first) if first else today,
            dt.date.fromisoformat(last) if last else today,
        )

    # -- ingestion -----------------------------------------------------------------------------

    def ingest(
        self, records: Iterable[AccountRecord | dict[str, object]], batch: int = 5000
    ) -> int:
        """Store the records (the same sequence on every resumed run) and mark the history
        complete; returns how many were skipped because an earlier run had stored them."""
        done = self.ingested
        digest = self._meta("digest") or ""
        skipped_digest = ""
        pending: list[AccountRecord] = []
        seq = 0
        for raw in records:
            record = raw if isinstance(raw, AccountRecord) else AccountRecord.model_validate(raw)
            record = record.model_copy(update={"seq": seq})
            seq += 1
            if seq <= done:
                skipped_digest = _step(skipped_digest, _body(record))
                if seq == done and skipped_digest != digest:
                    raise HistoryError(
                        f"{self.path}: the records changed since the earlier run (the first "
                        f"{done:,} differ); use --restart to start again"
                    )
                continue
            pending.append(record)
            if len(pending) >= batch:
                self.append(pending, seq)
                pending = []
        if seq < done:
            raise HistoryError(
                f"{self.path}: fewer records ({seq:,}) than the earlier run stored ({done:,}); "
                "use --restart to start again"
            )
        self.append(pending, seq)
        self.finish()
        return min(done, seq)

    def append(self, records: list[AccountRecord], done: int) -> None:
        """Store records and "the first ``done`` input items are in" in one transaction."""
        digest = self._meta("digest") or ""
        rows = []
        for record in records:
            body = _body(record)
            digest = _step(digest, body)
            day = record.local_date.isoformat()
            rows.append((record.seq, record.account, record.sort_key, day, body))
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT OR REPLACE INTO records (seq, account, sort, day, body) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            self._set_meta({"ingested": str(done), "digest": digest})
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def truncate(self, done: int) -> None:
        """Forget records from input item ``done`` on, and any judging: the audit output is
        only committed up to ``done``, so the history must not be ahead of it."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            removed = self.db.execute("DELETE FROM records WHERE seq >= ?", (done,)).rowcount
            if removed or done != self.ingested:
                self.db.execute("DELETE FROM findings")
                self.db.execute(
                    "DELETE FROM meta WHERE key IN ('ingest_done', 'judged_through', 'digest')"
                )
                self._set_meta({"ingested": str(done)})
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def finish(self) -> None:
        """Every record is in: the accounts can be judged."""
        self._set_meta({"ingest_done": "1"})

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
            out: list[tuple[str, int, str, int, str]] = []
            for account, group in groupby(rows, key=lambda row: str(row[0])):
                history = [AccountRecord.model_validate_json(body) for _, body in group]
                for n, finding in enumerate(evaluate(history, ruleset, span)):
                    weight = finding.severity.rank
                    out.append((account, n, finding.rule, weight, finding.model_dump_json()))
                judged += 1
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany(
                    "INSERT OR REPLACE INTO findings (account, n, rule, weight, body) "
                    "VALUES (?, ?, ?, ?, ?)",
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

    def worst(self, limit: int = 10) -> list[tuple[str, int, int]]:
        """Accounts with the most serious findings: (account, findings, weight), worst first."""
        rows = self.db.execute(
            "SELECT account, count(*), sum(weight) FROM findings GROUP BY account "
            "ORDER BY sum(weight) DESC, account LIMIT ?",
            (limit,),
        )
        return [(str(a), int(n), int(w)) for a, n, w in rows]

    def account_findings(self, account: str) -> list[AccountFinding]:
        rows = self.db.execute("SELECT body FROM findings WHERE account = ? ORDER BY n", (account,))
        return [AccountFinding.model_validate_json(body) for (body,) in rows]

    def flagged_accounts(self) -> int:
        return int(self.db.execute("SELECT count(DISTINCT account) FROM findings").fetchone()[0])

    def accounts(self) -> int:
        row = self.db.execute("SELECT count(DISTINCT account) FROM records").fetchone()
        return int(row[0])


def _body(record: AccountRecord) -> str:
    return record.model_dump_json(exclude_defaults=True)


def _step(digest: str, body: str) -> str:
    return hashlib.sha256(f"{digest}\0{body}".encode("utf-8", "surrogatepass")).hexdigest()


def dump_findings(store: HistoryStore) -> str:
    """Every finding as canonical JSON lines, to compare two runs byte for byte."""
    return "".join(
        json.dumps(f.model_dump(mode="json"), sort_keys=True) + "\n" for f in store.findings()
    )
