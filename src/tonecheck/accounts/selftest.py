"""Run an account rule's example histories: the discipline that keeps rule files honest."""

from __future__ import annotations

from .checks import Span
from .engine import RuleSet, evaluate, sort_history
from .model import AccountFinding, AccountRecord
from .rules import AccountRule, Example
from .settings import AccountsConfig


def run_example(rule: AccountRule, example: Example) -> list[AccountFinding]:
    """The rule's findings on one example history (the example's account is "example")."""
    records = [
        AccountRecord.model_validate({"account": "example", **entry, "seq": n})
        for n, entry in enumerate(example.history)
    ]
    history = sort_history(records)
    days = [r.local_date for r in history]
    jurisdiction = example.jurisdiction or (rule.jurisdictions or ("us",))[0]
    ruleset = RuleSet([rule], AccountsConfig(jurisdiction=jurisdiction))
    return evaluate(history, ruleset, Span(min(days), max(days)))


def failures(rule: AccountRule) -> list[str]:
    """One line per example that does not behave as it says."""
    problems = []
    for index, example in enumerate(rule.examples, 1):
        fired = bool(run_example(rule, example))
        if fired != example.fires:
            what = "fire" if example.fires else "stay quiet"
            problems.append(
                f"{rule.id}: example {index} ({example.note or 'no note'}) should {what}"
            )
    return problems
