"""Adding a Subject line, a letterhead, "Very truly," or another merge-field syntax must not move
what the rewrite inserts relative to the body."""

from __future__ import annotations

import pytest

from tonecheck import Checker

BODY = "Dear Sam,\n\nYour account is overdue. Please pay.\n\n{closing}\nJo"


def _rewrite(checker: Checker, text: str) -> str:
    return checker.check(text, channel="letter", stage="overdue").rewrite()


def _between(text: str, first: str, last: str) -> str:
    return text[text.index(first) : text.index(last)]


@pytest.mark.parametrize(
    "wrap",
    [
        lambda t: "Subject: Your account\n\n" + t,
        lambda t: "ACME LENDING LTD\n1 High Street\n\n" + t,
    ],
    ids=["subject", "letterhead"],
)
def test_header_does_not_move_inserts(checker: Checker, wrap: object) -> None:
    plain = BODY.format(closing="Kind regards,")
    base = _rewrite(checker, plain)
    wrapped = _rewrite(checker, wrap(plain))  # type: ignore[operator]
    assert _between(base, "Dear Sam,", "Kind regards,") == _between(
        wrapped, "Dear Sam,", "Kind regards,"
    )
    assert wrapped.startswith(wrap("")[:10])  # type: ignore[operator]


def test_very_truly_is_a_closing(checker: Checker) -> None:
    base = _rewrite(checker, BODY.format(closing="Kind regards,"))
    other = _rewrite(checker, BODY.format(closing="Very truly,"))
    assert other.rstrip().endswith("Very truly,\nJo")
    assert _between(base, "Dear Sam,", "Kind regards,") == _between(
        other, "Dear Sam,", "Very truly,"
    )


@pytest.mark.parametrize("field", ["{{amount}}", "%AMOUNT%", "[AMOUNT]"])
def test_amount_field_in_any_syntax_fills_the_slot(checker: Checker, field: str) -> None:
    text = f"Dear Sam,\n\nYour balance of {field} is overdue. Please pay.\n\nKind regards,\nJo"
    revised = checker.check(text, channel="letter", stage="overdue", template=True).rewrite()
    assert "[AMOUNT]" not in revised.replace(field, "")
    assert revised.count(field) == 1
