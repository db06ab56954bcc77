"""Merge fields (``{{amount}}``, ``[DUE DATE]``, ``«Client_Total»``, ``£____``; the grammar is
`tonecheck.text.fields`) as the values they stand for, or as unfilled fields.

In template mode a merge field stands for a value of the kind its name suggests, so a template
with ``{{amount}}`` counts as stating the amount. Outside template mode an unfilled field is an
error: the message would go out broken. The error blocks sending but does not move tone scores
(``gate_only``), which keeps the score of a rewrite that adds ``[AMOUNT]`` honest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Suggestion
from ..text.fields import find_fields
from .base import CheckState, declared_hit, register_scorer

if TYPE_CHECKING:
    from ..engine.resources import Resources

_FIELD_LABELS = {
    "amount": "an amount",
    "due-date": "a due date",
    "payment-method": "a payment method",
    "contact": "contact details",
    "identity": "the sender's name",
}


class PlaceholderScorer:
    name = "placeholders"

    def __init__(self, resources: Resources) -> None:
        pass

    def score(self, state: CheckState) -> None:
        for merge_field in find_fields(state.text):
            start, end, kind = merge_field.start, merge_field.end, merge_field.kind
            if kind is not None:
                state.hits.append(
                    declared_hit(
                        f"format.merge-field-{kind}",
                        start,
                        end,
                        weight=0.0 if not state.template else None,
                    )
                )
            if not state.template:
                state.hits.append(
                    declared_hit(
                        "format.unfilled-merge-field",
                        start,
                        end,
                        suggestions=[
                            Suggestion(
                                action="replace",
                                text=merge_field.text,
                                description="Replace the field with the real value",
                            )
                        ],
                        gate_only=True,
                        field=merge_field.text,
                    )
                )


@register_scorer("placeholders", order=20)
def _make(resources: Resources) -> PlaceholderScorer:
    return PlaceholderScorer(resources)
