"""Run the account rules over one account's history."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase

from ..errors import TonecheckError
from .checks import KINDS, Span
from .model import AccountFinding, AccountRecord, Involved
from .rules import THRESHOLDS, AccountRule, Check
from .settings import AccountsConfig


class AccountConfigError(TonecheckError, ValueError):
    """The [accounts] settings name a rule or threshold that does not exist."""


class RuleSet:
    """The rules with the user's settings applied, resolved once per jurisdiction."""

    def __init__(self, rules: Sequence[AccountRule], settings: AccountsConfig) -> None:
        self.settings = settings
        self.rules = [r for r in rules if not any(fnmatchcase(r.id, p) for p in settings.disable)]
        self._validate(rules)
        self._resolved: dict[str, list[tuple[AccountRule, list[Check]]]] = {}

    def _validate(self, rules: Sequence[AccountRule]) -> None:
        known = {r.id: r for r in rules}
        for key, values in self.settings.thresholds.items():
            rule_id = key.split(":", 1)[-1]
            rule = known.get(rule_id)
            if rule is None:
                raise AccountConfigError(
                    f"[accounts.thresholds]: no account rule {rule_id!r}; rules are: "
                    + ", ".join(known)
                )
            for name in values:
                if name not in THRESHOLDS or all(getattr(c, name) is None for c in rule.checks):
                    usable = sorted(
                        {n for c in rule.checks for n in THRESHOLDS if getattr(c, n) is not None}
                    )
                    raise AccountConfigError(
                        f"[accounts.thresholds.{key!r}]: {rule_id} has no threshold {name!r}; "
                        f"it has: {', '.join(usable)}"
                    )

    def for_jurisdiction(self, jurisdiction: str) -> list[tuple[AccountRule, list[Check]]]:
        resolved = self._resolved.get(jurisdiction)
        if resolved is None:
            resolved = []
            for rule in self.rules:
                if not rule.applies_to(jurisdiction):
                    continue
                overrides = {
                    **self.settings.thresholds.get(rule.id, {}),
                    **self.settings.thresholds.get(f"{jurisdiction}:{rule.id}", {}),
                }
                checks = [c.for_jurisdiction(jurisdiction, overrides) for c in rule.checks]
                resolved.append((rule, checks))
            self._resolved[jurisdiction] = resolved
        return resolved


def sort_history(records: Sequence[AccountRecord]) -> list[AccountRecord]:
    return sorted(records, key=lambda r: (r.sort_key, r.seq))


def evaluate(
    history: Sequence[AccountRecord], ruleset: RuleSet, span: Span
) -> list[AccountFinding]:
    """Findings for one account; ``history`` must be one account's records in time order."""
    if not history:
        return []
    jurisdiction = next(
        (r.jurisdiction for r in history if r.jurisdiction), ruleset.settings.jurisdiction
    )
    findings: list[AccountFinding] = []
    for rule, checks in ruleset.for_jurisdiction(jurisdiction):
        for check in checks:
            for group in KINDS[check.kind](history, check, span):
                findings.append(
                    AccountFinding(
                        account=history[0].account,
                        rule=rule.id,
                        check=check.name,
                        severity=rule.severity,
                        message=check.message or rule.message,
                        reference=check.reference or rule.reference,
                        jurisdiction=jurisdiction,
                        start=group[0].at,
                        end=group[-1].at,
                        records=[
                            Involved(seq=r.seq, at=r.at, id=r.id, event=r.event, channel=r.channel)
                            for r in group
                        ],
                    )
                )
    findings.sort(key=lambda f: (f.records[0].seq, f.rule, f.check))
    return findings
