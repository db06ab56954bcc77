"""The rule scorer: every rule-pack match that survives context becomes a hit.

A finding that lies wholly inside a merge field is dropped: the words of "[ACCOUNT HOLDER FULL
NAME]" or "{{ FINAL_DEMAND_DATE }}" are the field's name, which the reader never sees, so their
capitals are not shouting and their words are not the sender's tone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Severity
from ..suggestions import fill_suggestions
from ..text.fields import find_fields, inside_field
from .base import CheckState, Hit, register_scorer

if TYPE_CHECKING:
    from ..engine.resources import Resources


class RuleScorer:
    name = "rules"

    def __init__(self, resources: Resources) -> None:
        self.compiled = resources.compiled

    def score(self, state: CheckState) -> None:
        matches = self.compiled.matches(
            state.doc,
            state.channel,
            state.stage,
            state.context.sender_type,
            set(state.packs),
            text=state.doc_text,
        )
        fields = find_fields(state.text) if matches else []
        for match in matches:
            rule = match.rule
            if fields and rule.kind == "finding" and inside_field(fields, match.start, match.end):
                continue
            state.hits.append(
                Hit(
                    rule=rule.id,
                    dimension=rule.dimension,
                    category=rule.category,
                    severity=rule.severity if rule.kind == "finding" else Severity.suggestion,
                    kind=rule.kind,
                    start=match.start,
                    end=match.end,
                    message=rule.message,
                    suggestions=fill_suggestions(rule.suggestions, state.context),
                    reference=rule.reference,
                    weight=rule.weight,
                )
            )


@register_scorer("rules", order=10)
def _make(resources: Resources) -> RuleScorer:
    return RuleScorer(resources)
