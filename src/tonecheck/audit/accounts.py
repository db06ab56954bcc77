"""The audit's side of the account-level checks: audit items become account history records.

The history lives next to the output (``DEST.accounts.sqlite``) and is committed just before
the output at every commit, with the same "first N items" count. A kill between the two leaves
the history ahead of the output; reopening cuts it back to the output's count, so a resumed
audit has exactly the history of an uninterrupted one. Once every item is in, the account rules
run (resumably too) and their findings are saved with the audit's results: in an SQLite output
as the ``account_findings`` table, for .jsonl/.csv outputs as ``DEST.accounts.jsonl`` lines of
kind ``account``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..accounts import AccountFinding, AccountRecord, HistoryStore, ruleset
from ..accounts.settings import AccountsConfig
from ..models import Report
from ..redact import pseudonym, redact_id
from .sources import Item
from .stores import OutputError, SQLiteStore, Store, describe_os_error

DIRECTIONS = {
    "in": "inbound",
    "inbound": "inbound",
    "received": "inbound",
    "incoming": "inbound",
    "out": "outbound",
    "outbound": "outbound",
    "sent": "outbound",
    "outgoing": "outbound",
}
_TABLE = """
CREATE TABLE IF NOT EXISTS account_findings (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'account',
  account TEXT NOT NULL,
  rule TEXT NOT NULL,
  "check" TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  reference TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  start TEXT NOT NULL,
  "end" TEXT NOT NULL,
  records TEXT NOT NULL
)
"""


def history_path(out: Path) -> Path:
    return out.with_name(out.name + ".accounts.sqlite")


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(str(value).replace(",", "").lstrip("$£€"))
    except ValueError:
        return None


def _date(value: Any) -> str | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat() if value else None
    except ValueError:
        return None


class AccountTap:
    """Collects account records during an audit and judges the accounts at its end."""

    def __init__(
        self, out: Path, settings: AccountsConfig, channel: str, redact: bool, restart: bool
    ) -> None:
        self.out = out
        self.settings = settings
        self.channel = channel
        self.redact = redact
        self.rules = ruleset(settings)
        try:
            self.history = HistoryStore(history_path(out), restart=restart)
        except sqlite3.Error as exc:
            raise OutputError(f"cannot write {history_path(out)}: {exc}") from None
        self.pending: list[AccountRecord] = []
        self.unplaced = 0

    def resume(self, done: int) -> None:
        self.history.truncate(done)

    def record(self, seq: int, item: Item, report: Report | None) -> AccountRecord | str | None:
        """The item as a history record; a string says why an event row cannot be used; None
        for a message that belongs to no account."""
        if not item.account:
            return "an event row needs an account" if report is None else None
        direction = DIRECTIONS.get((item.direction or "outbound").strip().lower())
        if direction is None:
            return f"unknown direction {item.direction!r}; use inbound or outbound"
        if not item.date:
            return "no date; an account history needs the time of every message and event"
        context = item.context or {}
        account = pseudonym(item.account) if self.redact else item.account
        try:
            return AccountRecord(
                account=account,
                at=dt.datetime.fromisoformat(item.date),
                time_known=len(item.date) > 10,
                event=item.event,  # type: ignore[arg-type]
                text=item.text if report is not None else None,
                channel=item.channel or (self.channel if report is not None else None),
                direction=direction,  # type: ignore[arg-type]
                id=redact_id(item.id, item.names) if self.redact else item.id,
                thread=redact_id(item.thread, item.names) if self.redact else item.thread,
                score=report.scores.overall if report is not None else None,
                amount=_number(context.get("amount")),
                due_date=_date(context.get("due_date")),  # type: ignore[arg-type]
                jurisdiction=context.get("jurisdiction"),
                seq=seq,
            )
        except (ValidationError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "record"
                return f"account history: {where}: {first['msg']}"
            return f"account history: unreadable date {item.date!r}"

    def add(self, record: AccountRecord) -> None:
        self.pending.append(record)

    def commit(self, done: int) -> None:
        self.history.append(self.pending, done)
        self.pending = []

    def finish(self, store: Store) -> int:
        """Judge every account and save the findings with the results; returns their number."""
        self.history.finish()
        self.history.evaluate(self.rules)
        findings = list(self.history.findings())
        if isinstance(store, SQLiteStore) and store.db is not None:
            _save_sqlite(store.db, findings)
        else:
            _save_jsonl(self.out.with_name(self.out.name + ".accounts.jsonl"), findings)
        return len(findings)

    def close(self) -> None:
        self.history.close()


def _save_sqlite(db: sqlite3.Connection, findings: list[AccountFinding]) -> None:
    """Replaced as a whole in one transaction, so a rerun after a crash never doubles them."""
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute(_TABLE)
        db.execute("DELETE FROM account_findings")
        db.executemany(
            'INSERT INTO account_findings (account, rule, "check", severity, message, reference, '
            'jurisdiction, start, "end", records) VALUES (?,?,?,?,?,?,?,?,?,?)',
            [
                (
                    f.account,
                    f.rule,
                    f.check,
                    f.severity.value,
                    f.message,
                    f.reference,
                    f.jurisdiction,
                    f.start.isoformat(),
                    f.end.isoformat(),
                    json.dumps([r.model_dump(mode="json") for r in f.records]),
                )
                for f in findings
            ],
        )
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise OutputError(f"cannot write the account findings: {exc}") from None


def _save_jsonl(path: Path, findings: list[AccountFinding]) -> None:
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as handle:
            for finding in findings:
                handle.write(json.dumps(finding.model_dump(mode="json"), ensure_ascii=False))
                handle.write("\n")
        os.replace(partial, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {describe_os_error(exc)}") from None
