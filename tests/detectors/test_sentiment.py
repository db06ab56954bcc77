"""Regression tests for VADER's known misreadings in collection language."""

from __future__ import annotations

from tonecheck import Checker


def _rules(report: object) -> set[str]:
    return {f.rule for f in report.findings} | {s.rule for s in report.strengths}  # type: ignore[attr-defined]


def test_domain_words_do_not_sink_a_polite_message(checker: Checker) -> None:
    text = (
        "Hello Ana, this is a reminder that your balance of $80 is overdue and a late fee of $5 was "
        "added to your debt on 2 May 2026. Please pay when you can at example.com/pay."
    )
    assert "sentiment.hostile-tone" not in _rules(checker.check(text))


def test_no_problem_is_not_hostile(checker: Checker) -> None:
    assert "sentiment.hostile-tone" not in _rules(
        checker.check("No problem at all, you can move your payment date to Friday.")
    )


def test_kindly_improve_is_not_warmth(checker: Checker) -> None:
    report = checker.check("Kindly improve your payment performance going forward.")
    assert "sentiment.warm-tone" not in _rules(report)


def test_formulaic_business_close_is_not_warmth(checker: Checker) -> None:
    report = checker.check(
        "We look forward to resolving this matter promptly and thank you for your kind attention."
    )
    assert "sentiment.warm-tone" not in _rules(report)


def test_hostile_sentence_is_found_inside_a_long_polite_letter(checker: Checker) -> None:
    polite = "We hope you are well and we are happy to help you with your account. " * 6
    hostile = "You are a pathetic, worthless liar and we are sick of your excuses."
    text = polite + hostile + " " + polite
    report = checker.check(text)
    respect = [f for f in report.findings if f.dimension.value == "respect"]
    assert respect, "the hostile sentence must not be averaged away by the polite text around it"
    start = text.index(hostile)
    assert any(f.start >= start and f.end <= start + len(hostile) for f in respect)


def test_genuine_warmth_is_rewarded(checker: Checker) -> None:
    report = checker.check(
        "We're really glad you got in touch, and we're happy to help you find a plan that suits you."
    )
    assert any(s.rule == "sentiment.warm-tone" for s in report.strengths)
