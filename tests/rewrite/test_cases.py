"""Exact before -> after rewrites, one per behaviour of docs/rewrite.md that a general class of
wording needs (a payment confirmation, a date only the ask states, ...). Each pair failed before
the behaviour was built, so a regression shows as the old output."""

from __future__ import annotations

import pytest

from tonecheck import Checker

CASES = [
    pytest.param(
        "email",
        "Dear Sam,\n\nYour invoice has been paid. Thank you.\n\nKind regards,\nJo",
        "Dear Sam,\n\nYour invoice has been paid. Thank you.\n\nKind regards,\nJo",
        id="a-payment-confirmation-gets-no-ask",
    ),
    pytest.param(
        "letter",
        "Dear Sam,\n\nYou must now pay £60 by 1sep11.\n\nKind regards,\nJo",
        "Dear Sam,\n\nYou must now pay £60 by 1sep11.\n\nKind regards,\nJo",
        id="the-asks-own-date-fills-the-deadline",
    ),
]


@pytest.mark.parametrize(("channel", "before", "after"), CASES)
def test_rewrite_pair(checker: Checker, channel: str, before: str, after: str) -> None:
    assert checker.check(before, channel=channel).rewrite() == after
