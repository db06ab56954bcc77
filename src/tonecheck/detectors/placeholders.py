"""Merge fields: ``{{amount}}``, ``[DUE DATE]``, ``<first_name>``, ``%NAME%``.

In template mode a merge field stands for a value of the kind its name suggests, so a template
with ``{{amount}}`` counts as stating the amount. Outside template mode an unfilled field is an
error: the message would go out broken. The error blocks sending but does not move tone scores
(``gate_only``), which keeps the score of a rewrite that adds ``[AMOUNT]`` honest.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..models import Dimension, Severity, Suggestion
from .base import CheckState, Hit, register_scorer

if TYPE_CHECKING:
    from ..engine.resources import Resources

MERGE_FIELD = re.compile(
    r"\{\{\s*[A-Za-z_][\w .-]{0,40}?\s*\}\}"  # {{ first_name }}
    r"|\{[A-Za-z_][\w]{0,40}\}"  # {first_name}
    r"|\[\s*(?:[A-Z][A-Z0-9_]*|[A-Z][a-z]+)(?:[ _-](?:[A-Z][A-Z0-9_]*|[A-Za-z][a-z]+)){0,4}\s*\]"  # [DUE DATE], [Name]
    r"|<\s*[A-Za-z]+_[A-Za-z_]{1,40}\s*>|<\s*[A-Z][A-Z_]{1,40}\s*>"  # <first_name>, <AMOUNT>
    r"|%[A-Za-z_][A-Za-z0-9_]{0,40}%"  # %NAME%
    r"|\$\{[A-Za-z_][\w.]{0,40}\}"  # ${name}
)

_KINDS: list[tuple[str, tuple[str, ...]]] = [
    (
        "amount",
        (
            "amount",
            "balance",
            "total",
            "sum",
            "owed",
            "owing",
            "payment_due",
            "arrears",
            "price",
            "fee",
        ),
    ),
    ("due-date", ("date", "due", "deadline", "day")),
    (
        "payment-method",
        ("link", "url", "portal", "pay", "website", "web", "iban", "sort", "routing"),
    ),
    (
        "contact",
        ("phone", "tel", "contact", "email", "number", "hours", "agent", "advisor", "adviser"),
    ),
    ("identity", ("company", "creditor", "agency", "sender", "business", "brand", "collector")),
]

_FIELD_LABELS = {
    "amount": "an amount",
    "due-date": "a due date",
    "payment-method": "a payment method",
    "contact": "contact details",
    "identity": "the sender's name",
}


def field_kind(field: str) -> str | None:
    """The kind of value a merge field's name suggests, or None ('first_name' has no kind)."""
    name = re.sub(r"[^a-z]+", "_", field.lower()).strip("_")
    for kind, words in _KINDS:
        if any(word in name for word in words):
            return kind
    return None


class PlaceholderScorer:
    name = "placeholders"

    def __init__(self, resources: Resources) -> None:
        pass

    def score(self, state: CheckState) -> None:
        text = state.text
        if not any(c in text for c in "{[<%"):
            return
        for match in MERGE_FIELD.finditer(text):
            start, end = match.span()
            kind = field_kind(match.group(0))
            if kind is not None:
                state.hits.append(
                    Hit(
                        rule=f"format.merge-field-{kind}",
                        dimension=Dimension.clarity,
                        category=kind,
                        severity=Severity.suggestion,
                        kind="strength",
                        start=start,
                        end=end,
                        message=f"Merge field stands for {_FIELD_LABELS[kind]}.",
                        weight=0.0 if not state.template else None,
                    )
                )
            if not state.template:
                state.hits.append(
                    Hit(
                        rule="format.unfilled-merge-field",
                        dimension=Dimension.clarity,
                        category="placeholder",
                        severity=Severity.error,
                        kind="finding",
                        start=start,
                        end=end,
                        message=(
                            f"{match.group(0)} is an unfilled merge field: the message would go out "
                            "with it. Fill it in, or check templates with template mode."
                        ),
                        suggestions=[
                            Suggestion(
                                action="replace",
                                text=match.group(0),
                                description="Replace the field with the real value",
                            )
                        ],
                        gate_only=True,
                    )
                )


@register_scorer("placeholders", order=20)
def _make(resources: Resources) -> PlaceholderScorer:
    return PlaceholderScorer(resources)
