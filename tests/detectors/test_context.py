"""Telling a threat from a fact, and reading negation and quotation (issue: core + rule packs)."""

from __future__ import annotations

import pytest

from tonecheck import Checker


def _categories(report: object, dimension: str | None = None) -> set[str]:
    return {
        f.category
        for f in report.findings  # type: ignore[attr-defined]
        if dimension is None or f.dimension.value == dimension
    }


def test_factual_consequence_is_transparency_not_threat(checker: Checker) -> None:
    text = (
        "If the balance stays unpaid after 30 June 2026, the account may be referred to a "
        "collection agency. We will write to you before that happens."
    )
    report = checker.check(text, stage="final-notice")
    assert "threat" not in _categories(report)
    assert any(s.category in {"consequences", "process"} for s in report.strengths)


def test_court_and_credit_threat_is_a_threat(checker: Checker) -> None:
    report = checker.check(
        "Pay now or we will take you to court and ruin your credit.", stage="overdue"
    )
    assert "threat" in _categories(report, "respect")
    assert report.scores.respect < 60


@pytest.mark.parametrize(
    "text",
    [
        "We will not contact your employer about this.",
        "We will never contact your family or friends about your account.",
        "You will not be arrested over this debt.",
    ],
)
def test_negated_threats_are_not_threats(checker: Checker, text: str) -> None:
    assert "threat" not in _categories(checker.check(text))


@pytest.mark.parametrize(
    ("negated", "plain"),
    [
        ("You did not fail to do anything wrong.", "You failed to pay your bill."),
        (
            "You have not ignored anything, and we know our letter may not have reached you.",
            "You ignored our letters.",
        ),
    ],
)
def test_negation_removes_blame(checker: Checker, negated: str, plain: str) -> None:
    assert "blame" in _categories(checker.check(plain))
    assert "blame" not in _categories(checker.check(negated))


def test_quoted_customer_words_are_not_the_senders_tone(checker: Checker) -> None:
    quoted = 'On the phone you told us "I refuse to pay, you bunch of idiots". We would still like to help.'
    own = "You are a bunch of idiots."
    assert "abusive" in _categories(checker.check(own))
    assert "abusive" not in _categories(checker.check(quoted))


def test_negated_options_do_not_count(checker: Checker) -> None:
    offered = checker.check("We can set up a payment plan for you.")
    refused = checker.check("We cannot offer a payment plan.")
    assert any(s.category == "options" for s in offered.strengths)
    assert not any(s.category == "options" for s in refused.strengths)


def test_thank_you_note_is_not_asked_for_consequences(checker: Checker) -> None:
    report = checker.check(
        "Hi Jo, thank you for your payment of $120 received on 4 May 2026. Your account is now up to date.",
    )
    assert report.stage.value == "thank-you"
    assert not any(f.category.startswith("missing-") for f in report.findings)
