"""Filling suggestion templates from the message context.

Templates say ``{amount}``, ``{due_date}``, ``{name}`` ... When the context has the value it is
used; when not, a clearly marked placeholder (``[AMOUNT]``) is inserted so the writer sees what to
fill in and the unfilled-field check stops the message from going out half-finished.
"""

from __future__ import annotations

import re

from .models import MessageContext, Suggestion

_FIELD = re.compile(r"\{([a-z_]+)\}")


def context_values(context: MessageContext) -> dict[str, str]:
    values: dict[str, str] = {}
    if context.name:
        values["name"] = context.name
    amount = context.formatted_amount()
    if amount:
        values["amount"] = amount
    due = context.formatted_due_date()
    if due:
        values["due_date"] = due
    if context.creditor:
        values["creditor"] = context.creditor
    if context.contact:
        values["contact"] = context.contact
    return values


def placeholder(field: str) -> str:
    return "[" + field.replace("_", " ").upper() + "]"


def fill(template: str, context: MessageContext) -> str:
    values = context_values(context)
    return _FIELD.sub(lambda m: values.get(m.group(1), placeholder(m.group(1))), template)


def fill_suggestions(suggestions: list[Suggestion], context: MessageContext) -> list[Suggestion]:
    return [
        s.model_copy(update={"text": fill(s.text, context)}) if "{" in s.text else s
        for s in suggestions
    ]
