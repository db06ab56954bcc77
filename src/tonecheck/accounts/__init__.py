"""Account-level audit: cadence, timing and consistency over an account's whole history.

``tonecheck.accounts.audit(records)`` is for applications that already hold their histories; the
``tonecheck audit --account-column`` command builds the same histories from audit sources. Both
keep histories in SQLite (see `history`), so memory does not grow with the number of accounts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .engine import AccountConfigError, RuleSet, evaluate, sort_history
from .history import HistoryError, HistoryStore
from .model import AccountFinding, AccountRecord, Direction, Event, Involved
from .rules import AccountRule, AccountRuleError, builtin_dir, load_rules
from .settings import AccountsConfig

__all__ = [
    "AccountConfigError",
    "AccountFinding",
    "AccountRecord",
    "AccountRule",
    "AccountRuleError",
    "AccountsConfig",
    "Direction",
    "Event",
    "HistoryError",
    "HistoryStore",
    "Involved",
    "RuleSet",
    "audit",
    "evaluate",
    "load_rules",
    "ruleset",
    "sort_history",
]


def ruleset(settings: AccountsConfig | None = None) -> RuleSet:
    """The built-in rules plus the settings' extra folders, with the settings applied."""
    settings = settings or AccountsConfig()
    rules = load_rules((builtin_dir(), *settings.rule_dirs))
    return RuleSet(rules, settings)


def audit(
    records: Iterable[AccountRecord | dict[str, Any]],
    settings: AccountsConfig | None = None,
    path: str | Path | None = None,
) -> Iterator[AccountFinding]:
    """Account findings for the records (any order, any mix of accounts).

    With ``path``, the histories and findings are kept in that SQLite file and a repeated call
    after a crash resumes where the last one stopped; without it a temporary file is used.
    """
    rules = ruleset(settings)
    with tempfile.TemporaryDirectory(prefix="tonecheck-accounts-") as folder:
        target = Path(path) if path is not None else Path(folder) / "history.sqlite"
        with HistoryStore(target) as store:
            store.ingest(records)
            store.evaluate(rules)
            yield from store.findings()
