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


def _shape(text: str, first: str, last: str) -> str:
    """The text between two anchors with every merge field written alike, so a template's own
    syntax ("{{amount}}" or "%AMOUNT%") does not count as a difference."""
    from tonecheck.rewrite.slots import MERGE_FIELD

    return MERGE_FIELD.sub("<field>", _between(text, first, last))


@pytest.mark.parametrize("field", ["{{first_name}}", "%FIRST_NAME%", "[FIRST NAME]", "*|FNAME|*"])
def test_merge_field_style_does_not_move_inserts(checker: Checker, field: str) -> None:
    def revised(name: str) -> str:
        text = f"Dear {name},\n\nYour account is overdue. Please pay.\n\nKind regards,\nJo"
        return checker.check(text, channel="letter", stage="overdue", template=True).rewrite()

    base = revised("{{first_name}}")
    other = revised(field)
    assert _shape(other, f"Dear {field},", "Kind regards,") == _shape(
        base, "Dear {{first_name}},", "Kind regards,"
    )
    assert other.startswith(f"Dear {field},") and other.rstrip().endswith("Kind regards,\nJo")


@pytest.mark.parametrize(
    "header",
    ["FINAL NOTICE\n\n", "Account number: 44710022\n\n", "Re: your account\n\n"],
    ids=["capitals-banner", "account-block", "re-line"],
)
def test_banner_or_account_block_does_not_move_inserts(checker: Checker, header: str) -> None:
    plain = BODY.format(closing="Kind regards,")
    base = _rewrite(checker, plain)
    wrapped = _rewrite(checker, header + plain)
    assert wrapped.startswith(header)
    assert _between(base, "Dear Sam,", "Kind regards,") == _between(
        wrapped, "Dear Sam,", "Kind regards,"
    )
