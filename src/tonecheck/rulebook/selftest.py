"""Running every rule's own examples: bad texts must fire a finding rule, good texts must not
(and the other way round for strength rules). Used by the test suite and ``tonecheck rules --test``
so a rule author can check a pack without writing Python."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .loader import pack_info
from .schema import Example, Requirement, Rule

if TYPE_CHECKING:
    from ..engine.checker import Checker


@dataclass(frozen=True)
class ExampleResult:
    rule_id: str
    source: str
    text: str
    should_fire: bool
    fired: bool

    @property
    def ok(self) -> bool:
        return self.should_fire == self.fired

    def describe(self) -> str:
        expected = "fire" if self.should_fire else "stay quiet"
        return f"{self.source}: rule {self.rule_id!r} should {expected} on: {self.text!r}"


def example_cases(checker: Checker) -> Iterator[tuple[Rule | Requirement, Example, bool]]:
    ruleset = checker.resources.ruleset
    items: list[Rule | Requirement] = [*ruleset.rules, *ruleset.requirements]
    for item in items:
        for example in item.firing_examples():
            yield item, example, True
        for example in item.quiet_examples():
            yield item, example, False


@cache
def _jurisdiction(folder: str) -> str | None:
    """The jurisdiction a pack folder's [pack] table declares (read once per run)."""
    return pack_info(Path(folder)).jurisdiction


def example_call(item: Rule | Requirement, example: Example) -> dict[str, object]:
    """The keyword arguments of the check an example is run with: its own channel, stage and
    context, else the rule's first channel and stage and its pack's jurisdiction."""
    context = dict(example.context)
    jurisdiction = _jurisdiction(str(Path(item.source).parent)) if item.source else None
    if jurisdiction is not None and "jurisdiction" not in context:
        context["jurisdiction"] = jurisdiction
    if getattr(item, "senders", None) and "sender_type" not in context:
        context["sender_type"] = item.senders[0]
    channel = (
        example.channel.value
        if example.channel
        else (item.channels[0].value if getattr(item, "channels", None) else "email")
    )
    stage = (
        example.stage.value if example.stage else (item.stages[0].value if item.stages else None)
    )
    return {"channel": channel, "stage": stage, "context": context, "template": example.template}


def run_example(
    checker: Checker, item: Rule | Requirement, example: Example, should_fire: bool
) -> ExampleResult:
    report = checker.check(example.text, **example_call(item, example))  # type: ignore[arg-type]
    items = report.all_findings() + report.strengths  # a folded reading still fires
    fired = any(f.rule == item.id for f in items)
    return ExampleResult(item.id, item.source, example.text, should_fire, fired)


def run_all(checker: Checker) -> list[ExampleResult]:
    return [run_example(checker, item, ex, fire) for item, ex, fire in example_cases(checker)]
