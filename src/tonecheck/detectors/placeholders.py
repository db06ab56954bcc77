"""Merge fields (``{{amount}}``, ``[DUE DATE]``, ``«Client_Total»``, ``£____``; the grammar is
`tonecheck.text.fields`) as the values they stand for, or as unfilled fields.

In template mode a merge field stands for a value of the kind its name suggests, so a template
with ``{{amount}}`` counts as stating the amount. Outside template mode an unfilled field is an
error: the message would go out broken. The error blocks sending but does not move tone scores
(``gate_only``), which keeps the score of a rewrite that adds ``[AMOUNT]`` honest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import MessageContext, Suggestion
from ..suggestions import context_values
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


#: The context value that fills a field of each kind (a field naming a person is a name).
_CONTEXT_KEY = {
    "amount": "amount",
    "due-date": "due_date",
    "contact": "contact",
    "identity": "creditor",
}


def _fill(field: str, kind: str | None, context: MessageContext) -> Suggestion:
    """The value from the call's context when it has one for this field, else advice: a field
    replaced by itself is no fix at all."""
    key = _CONTEXT_KEY.get(kind or "") or ("name" if "name" in field.lower() else None)
    value = context_values(context).get(key or "")
    if value:
        return Suggestion(
            action="replace", text=value, description="Fill in the value from the context"
        )
    return Suggestion(
        action="advice",
        description=f"Fill in {field} with the real value before sending (or check the "
        "message as a template, with --template)",
    )


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
                        suggestions=[_fill(merge_field.text, kind, state.context)],
                        gate_only=True,
                        field=merge_field.text,
                    )
                )


@register_scorer("placeholders", order=20)
def _make(resources: Resources) -> PlaceholderScorer:
    return PlaceholderScorer(resources)
