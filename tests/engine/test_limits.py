"""Extremes: the biggest and smallest messages, pathological punctuation and whitespace."""

from __future__ import annotations

import pytest

from tonecheck import Checker

SENTENCE = (
    "You failed to pay the $240.50 that was due on 2 May 2026, so please call us on 0800 123 4567. "
)


def test_message_at_the_size_limit(checker: Checker) -> None:
    limit = checker.config.max_chars
    text = (SENTENCE * (limit // len(SENTENCE) + 1))[:limit]
    report = checker.check(text)
    assert report.readability is not None and report.readability.characters == limit
    assert all(text[f.start : f.end] == f.span for f in report.findings + report.strengths)
    with pytest.raises(ValueError, match="limit is 100,000"):
        checker.check(text + "x")


@pytest.mark.parametrize(
    "text",
    [
        "a",
        "!",
        "\x00",
        "😀",
        "A" * 5000,
        "!" * 5000,
        " " * 5000 + "x",
        "\n" * 3000 + "Pay.",
        "word " * 20000,
        "(" * 3000,
        "{{" * 2000,
        "[" * 2000 + "]" * 2000,
        "$" * 3000 + "1",
        "{" * 99_000,  # spaCy alone takes quadratic time on one run this long
        "Pay now" + "!" * 20_000,  # every sub-run of '!' used to be a match
    ],
    ids=lambda text: f"{len(text)}-chars-{text[:1]!r}",
)
def test_pathological_inputs_give_reports(checker: Checker, text: str) -> None:
    report = checker.check(text)
    for value in report.scores.by_dimension().values():
        assert 0 <= value <= 100
    assert all(0 <= f.start <= f.end <= len(text) for f in report.findings + report.strengths)
