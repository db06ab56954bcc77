"""The rule scorer: every rule-pack match that survives context becomes a hit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Severity
from ..suggestions import fill_suggestions
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
        for match in matches:
            rule = match.rule
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
