"""Account rules as data: ``rules/accounts/{regulation,practice}/*.toml``.

A rule names one or more *checks*, each of a fixed kind (see `checks.KINDS`), with its numbers
(days, counts, hours) written in the rule file and overridable per jurisdiction and in
``tonecheck.toml``. Every rule carries example histories that must and must not fire, so a rule
file cannot claim what its checks do not do (tests/accounts/test_accounts_rules.py runs them all).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import TonecheckError
from ..models import Severity

CheckKind = Literal[
    "count-in-window",
    "after-event",
    "time-of-day",
    "during-period",
    "missing-before",
    "missing-after",
    "escalation",
    "fact-change",
]
#: The numbers a user may override, per check kind; anything else is part of the rule's meaning.
THRESHOLDS = (
    "window_days",
    "max",
    "within_days",
    "earliest",
    "latest",
    "min_days",
    "max_days",
    "min_messages",
    "min_drop",
)


class Select(BaseModel):
    """Which records a check looks at: ``kinds`` are "message" or event names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: tuple[str, ...] = ("message",)
    direction: Literal["outbound", "inbound", "any"] = "outbound"
    channels: tuple[str, ...] = ()


class Check(BaseModel):
    """One check of a rule. Only the fields its kind uses are read (see docs/accounts.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: CheckKind
    message: str | None = Field(default=None, description="Overrides the rule's message")
    reference: str | None = Field(default=None, description="Overrides the rule's reference")
    select: Select = Field(default_factory=Select)
    trigger: Select | None = None
    clear: tuple[str, ...] = ()
    same_channel: bool = False
    exempt_phrases: tuple[str, ...] = ()
    require_phrases: tuple[str, ...] = ()
    help_phrases: tuple[str, ...] = ()
    explain_phrases: tuple[str, ...] = ()
    explained_by: tuple[str, ...] = ()
    start_event: str | None = None
    end_event: str | None = None
    anchor: str | None = None
    #: during-period: the period also ends at the end of the starting record's stated due date
    #: (a promise to pay "by Friday" runs until Friday).
    until_due_date: bool = False
    field: Literal["amount", "due_date"] | None = None
    window_days: int | None = Field(default=None, ge=1)
    max: int | None = Field(default=None, ge=0)
    within_days: int | None = Field(default=None, ge=1)
    earliest: str | None = Field(default=None, pattern=r"^\d\d:\d\d$")
    latest: str | None = Field(default=None, pattern=r"^\d\d:\d\d$")
    min_days: int | None = Field(default=None, ge=0)
    max_days: int | None = Field(default=None, ge=0)
    min_messages: int | None = Field(default=None, ge=2)
    min_drop: float | None = Field(default=None, ge=0)
    #: Jurisdiction -> thresholds for that jurisdiction (e.g. ``[rule.checks.by_jurisdiction.uk]``).
    by_jurisdiction: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _needs(self) -> Check:
        needed = {
            "count-in-window": ("window_days", "max"),
            "after-event": ("trigger",),
            "time-of-day": ("earliest", "latest"),
            "during-period": ("start_event", "end_event"),
            "missing-before": ("anchor", "min_days", "max_days"),
            "missing-after": ("anchor", "max_days"),
            "escalation": ("min_messages", "min_drop"),
            "fact-change": ("field",),
        }[self.kind]
        missing = [n for n in needed if getattr(self, n) is None]
        if missing:
            raise ValueError(f"a {self.kind} check needs {', '.join(missing)}")
        for jurisdiction, values in self.by_jurisdiction.items():
            unknown = sorted(set(values) - set(THRESHOLDS))
            if unknown:
                raise ValueError(
                    f"by_jurisdiction.{jurisdiction}: {', '.join(unknown)} cannot be overridden; "
                    f"thresholds are: {', '.join(THRESHOLDS)}"
                )
        return self

    def for_jurisdiction(self, jurisdiction: str, overrides: dict[str, Any]) -> Check:
        """This check with the jurisdiction's numbers, then the user's, applied."""
        values = {**self.by_jurisdiction.get(jurisdiction, {}), **overrides}
        usable = {k: v for k, v in values.items() if getattr(self, k, None) is not None}
        if not usable:
            return self
        return self.model_validate({**self.model_dump(exclude={"by_jurisdiction"}), **usable})


class Example(BaseModel):
    """A small history and whether the rule must fire on it."""

    model_config = ConfigDict(extra="forbid")

    fires: bool
    jurisdiction: str | None = None
    note: str | None = None
    history: list[dict[str, Any]] = Field(min_length=1)


class AccountRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^account\.[a-z0-9-]+$")
    severity: Severity
    message: str
    reference: str = Field(min_length=3, description="The regulation, guidance or repo doc")
    jurisdictions: tuple[str, ...] = Field(
        default=(), description="Where the rule applies; empty means everywhere"
    )
    suggest: str | None = None
    checks: list[Check] = Field(min_length=1)
    examples: list[Example] = Field(min_length=2)

    @model_validator(mode="after")
    def _examples_both_ways(self) -> AccountRule:
        names = [c.name for c in self.checks]
        if len(set(names)) != len(names):
            raise ValueError("check names must be unique within a rule")
        if not any(e.fires for e in self.examples) or all(e.fires for e in self.examples):
            raise ValueError("a rule needs examples that fire and examples that do not")
        return self

    def applies_to(self, jurisdiction: str) -> bool:
        return not self.jurisdictions or jurisdiction in self.jurisdictions


class AccountRuleError(TonecheckError, ValueError):
    """An account rule file is invalid; the message names the file and the problem."""


def builtin_dir() -> Path:
    from ..rulebook.loader import builtin_rules_dir

    return builtin_rules_dir() / "accounts"


def load_rules(folders: tuple[Path, ...] | None = None) -> list[AccountRule]:
    """Every rule under the folders (default: the built-in ``rules/accounts``), sorted by id."""
    return list(_load(tuple(folders) if folders else (builtin_dir(),)))


@lru_cache(maxsize=8)
def _load(folders: tuple[Path, ...]) -> tuple[AccountRule, ...]:
    rules: dict[str, AccountRule] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.toml")):
            try:
                raw = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise AccountRuleError(f"{path}: invalid TOML: {exc}") from None
            for index, entry in enumerate(raw.get("rule", [])):
                try:
                    rule = AccountRule.model_validate(entry)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(p) for p in first["loc"]) or "rule"
                    raise AccountRuleError(
                        f"{path}: rule {index + 1} ({entry.get('id', '?')}): {where}: {first['msg']}"
                    ) from None
                if rule.id in rules:
                    raise AccountRuleError(f"{path}: rule id {rule.id} is defined twice")
                rules[rule.id] = rule
    return tuple(rules[k] for k in sorted(rules))
