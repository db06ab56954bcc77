"""Threat findings made from graded evidence prove themselves on their own examples."""

from __future__ import annotations

import pytest

import tonecheck
from tonecheck.detectors.threats import load_threat_findings
from tonecheck.models import Severity

_DATA = load_threat_findings()
_CASES = [
    (spec.id, text, fire)
    for spec in _DATA.finding
    for fire, texts in ((True, spec.examples.bad), (False, spec.examples.good))
    for text in texts
]


@pytest.mark.parametrize(
    ("rule", "text", "fire"),
    _CASES,
    ids=[f"{r}-{'fires' if f else 'quiet'}-{i}" for i, (r, _, f) in enumerate(_CASES)],
)
def test_threat_finding_example(
    checker: tonecheck.Checker, rule: str, text: str, fire: bool
) -> None:
    report = checker.check(text)
    threat_rules = {f.rule for f in report.findings if f.category == "threat"}
    if fire:
        # the evidence finding, or a pattern rule that already reported the same threat
        own = {spec.id for spec in _DATA.finding}
        assert rule in threat_rules or threat_rules - own, f"{rule}: not raised by {text!r}"
    else:
        assert rule not in {f.rule for f in report.findings}, text


def test_every_action_has_a_finding_with_examples() -> None:
    from tonecheck.evidence.lexicon import load_lexicon

    actions = {c.name for c in load_lexicon().family("threat")} - {"threat.max"}
    covered = _DATA.by_action()
    assert actions <= set(covered), sorted(actions - set(covered))
    for spec in _DATA.finding:
        assert spec.examples.bad and spec.examples.good, spec.id


def test_context_words_never_switch_off_an_error_level_threat(checker: tonecheck.Checker) -> None:
    text = (
        "We don't want to threaten you and this is a civil matter, but you will be arrested today."
    )
    errors = [f for f in checker.check(text).findings if f.category == "threat"]
    assert any(f.severity is Severity.error for f in errors), errors


def test_coordinated_actions_are_each_read(checker: tonecheck.Checker) -> None:
    text = "Pay today or we will have you arrested and tell your employer about it."
    spans = {f.span.lower() for f in checker.check(text).findings if f.category == "threat"}
    assert any("arrest" in s for s in spans), spans
    assert any("employer" in s for s in spans), spans


def test_hedged_dated_next_step_is_not_a_threat(checker: tonecheck.Checker) -> None:
    text = (
        "If we cannot agree a plan by 30 June 2026, we may consider court action. "
        "You can call us to talk about your options, and free advice is available."
    )
    assert not [f for f in checker.check(text).findings if f.category == "threat"]


def test_impersonation_counts_as_threat(checker: tonecheck.Checker) -> None:
    assert _DATA.counts("respect.impersonation-officer")
    assert not _DATA.counts("clarity.jargon-remit")


def test_disabling_an_evidence_finding_removes_it() -> None:
    text = "We will garnish your wages today unless you pay in full."
    config = tonecheck.Config(disable=["respect.graded-threat-garnishment"])
    report = tonecheck.Checker(config).check(text)
    assert "respect.graded-threat-garnishment" not in {f.rule for f in report.findings}


def test_ids_are_not_pack_rule_ids(checker: tonecheck.Checker) -> None:
    pack_ids = {r.id for r in checker.resources.ruleset.rules}
    assert not pack_ids & {spec.id for spec in _DATA.finding}


def test_a_settled_account_reports_status_not_threats(checker: tonecheck.Checker) -> None:
    text = (
        "Thank you. We received your payment of $120 and your account is paid in full. "
        "We will ask the credit bureaus to update this account to show it as paid."
    )
    report = checker.check(text, stage="thank-you")
    assert not [f for f in report.findings if f.category == "threat"]
    # the same words in an overdue message are read
    report = checker.check("We will report you to the credit bureaus today.", stage="overdue")
    assert [f for f in report.findings if f.category == "threat"]
