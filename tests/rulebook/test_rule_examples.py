"""Every rule in every bundled pack proves itself on its own examples."""

from __future__ import annotations

import zlib

import pytest

from tonecheck.config import Config
from tonecheck.engine.checker import Checker
from tonecheck.rulebook.selftest import example_cases, run_example

_CHECKER = Checker(Config())
_CASES = list(example_cases(_CHECKER))


def _case_id(case: tuple[object, object, bool]) -> str:
    item, example, fire = case
    return f"{item.id}-{'fires' if fire else 'quiet'}-{zlib.crc32(example.text.encode()) % 100_000}"  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", _CASES, ids=[_case_id(c) for c in _CASES])
def test_rule_example(case: tuple[object, object, bool]) -> None:
    item, example, fire = case
    result = run_example(_CHECKER, item, example, fire)  # type: ignore[arg-type]
    assert result.ok, result.describe()


def test_every_rule_has_examples() -> None:
    ruleset = _CHECKER.resources.ruleset
    for rule in [*ruleset.rules, *ruleset.requirements]:
        assert len(rule.firing_examples()) >= 2, rule.id
        assert len(rule.quiet_examples()) >= 1, rule.id


def test_bundled_packs_load_with_enough_rules() -> None:
    assert {"core", "us", "uk"} <= set(_CHECKER.packs)
    assert _CHECKER.rule_count >= 250
