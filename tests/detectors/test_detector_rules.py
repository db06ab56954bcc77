"""The rules the built-in detectors report are declared as data (``rules/core/detectors.toml``):
every id a report carries is a pack rule, a requirement or a declared detector rule, each
declared rule's examples behave, and ``--explain`` and the docs read the declaration."""

from __future__ import annotations

import importlib.util
import string
import sys
from pathlib import Path
from types import ModuleType

import pytest

import tonecheck
from tonecheck.cli import main as cli_main
from tonecheck.detectors.threats import load_threat_findings
from tonecheck.rulebook import DetectorRule, detector_rules
from tonecheck.rulebook.docgen import rules_markdown
from tonecheck.rulebook.selftest import example_call, example_cases

ROOT = Path(__file__).resolve().parents[2]
DETECTORS = detector_rules()


def _corpus() -> ModuleType:
    name = "tonecheck_corpus_load"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests/corpus/load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _emitted(checker: tonecheck.Checker) -> set[str]:
    ids: set[str] = set()
    for message in _corpus().load_corpus():
        report = checker.check(message.text, **message.check_kwargs())
        ids.update(item.rule for item in [*report.findings, *report.strengths])
    for item, example, _ in example_cases(checker):
        report = checker.check(example.text, **example_call(item, example))  # type: ignore[arg-type]
        ids.update(found.rule for found in [*report.findings, *report.strengths])
    return ids


def test_every_emitted_id_is_declared(checker: tonecheck.Checker) -> None:
    ruleset = checker.resources.ruleset
    pack_ids = {r.id for r in ruleset.rules} | {r.id for r in ruleset.requirements}
    # findings made from graded evidence are declared in rules/findings/threat.toml
    evidence_ids = {f.id for f in load_threat_findings().finding}
    undeclared = sorted(_emitted(checker) - pack_ids - evidence_ids - set(DETECTORS))
    assert not undeclared, f"ids not declared in rules/: {undeclared}"


def test_detector_rules_are_not_pack_rule_ids(checker: tonecheck.Checker) -> None:
    ruleset = checker.resources.ruleset
    pack_ids = {r.id for r in ruleset.rules} | {r.id for r in ruleset.requirements}
    assert not pack_ids & set(DETECTORS)


def _cases() -> list[tuple[DetectorRule, object, bool]]:
    cases: list[tuple[DetectorRule, object, bool]] = []
    for rule in DETECTORS.values():
        cases += [(rule, ex, True) for ex in rule.firing_examples()]
        cases += [(rule, ex, False) for ex in rule.quiet_examples()]
    return cases


@pytest.mark.parametrize(
    ("rule", "example", "fires"),
    _cases(),
    ids=lambda v: v.id if isinstance(v, DetectorRule) else None,
)
def test_detector_rule_examples(
    checker: tonecheck.Checker, rule: DetectorRule, example: object, fires: bool
) -> None:
    from tonecheck.rulebook import Example

    assert isinstance(example, Example)
    report = checker.check(
        example.text,
        channel=(example.channel.value if example.channel else "email"),  # type: ignore[arg-type]
        stage=example.stage.value if example.stage else None,  # type: ignore[arg-type]
        context=dict(example.context),
        template=example.template,
    )
    hits = [f for f in [*report.findings, *report.strengths] if f.rule == rule.id]
    assert bool(hits) is fires, f"{rule.id} should {'fire' if fires else 'stay quiet'}"
    for hit in hits:
        # the message is the declared one with the detector's values in it
        templates = [rule.message, *rule.variants.values()]
        assert any(_fits(template, hit.message) for template in templates), hit.message
        assert hit.reference == rule.reference


def _fits(template: str, message: str) -> bool:
    """Whether `message` is `template` with its fields filled (the literal text in order)."""
    at = 0
    for literal, *_ in string.Formatter().parse(template):
        found = message.find(literal, at)
        if found < 0:
            return False
        at = found + len(literal)
    return True


def test_every_detector_rule_has_an_example_that_fires() -> None:
    quiet = [rule.id for rule in DETECTORS.values() if not rule.firing_examples()]
    # only rules whose firing needs a long SMS or a very hostile sentence may go without one
    assert set(quiet) <= {
        "clarity.average-sentence-length",
        "clarity.message-too-long",
        "sentiment.hostile-tone",
    }


def test_explain_a_detector_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["rules", "--explain", "clarity.long-sentence"]) == 0
    out = capsys.readouterr().out
    assert "readability detector" in out
    assert DETECTORS["clarity.long-sentence"].message in out
    assert "rules/core/detectors.toml" in out


def test_docs_describe_detector_rules_from_the_data() -> None:
    text = rules_markdown()
    for rule in DETECTORS.values():
        assert f"| `{rule.id}` | {rule.detector} |" in text


def test_declared_severity_and_weight_reach_the_report(checker: tonecheck.Checker) -> None:
    text = (
        "We are writing to you today because our records show that the balance on your account, "
        "which was due at the end of last month, has still not been paid and we would like to "
        "know whether you need any help with it."
    )
    report = checker.check(text)
    found = [f for f in report.findings if f.rule == "clarity.long-sentence"]
    assert found and found[0].severity.value == DETECTORS["clarity.long-sentence"].severity.value
