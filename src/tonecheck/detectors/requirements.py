"""Requirements: what a message of this stage and channel should contain, and what is missing.

Each requirement (``[[requirement]]`` in a pack) names the strength categories that satisfy it.
It runs after every other scorer and looks at what they found; a missing element becomes a finding
at the place the rewrite would insert it, with the insert text filled from the context.
It also compares a stated amount with ``context.amount`` when both exist.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ..models import Channel, Stage, Suggestion
from ..suggestions import fill
from ..text.layout import insertion_point
from .base import CheckState, Hit, declared_hit, register_scorer

if TYPE_CHECKING:
    from ..engine.resources import Resources
    from ..rulebook.schema import MoneyCue, Requirement

_AMOUNT = re.compile(r"(?:[$£€]|\b(?:USD|GBP|EUR)\s?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?")


def stated_amounts(text: str) -> list[tuple[int, int, Decimal]]:
    found = []
    for match in _AMOUNT.finditer(text):
        try:
            value = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
        except InvalidOperation:
            continue
        found.append((match.start(), match.end(), value))
    return found


def money_matcher(cues: list[MoneyCue]) -> re.Pattern[str] | None:
    """One expression for every pack's money cues (``[[money_cue]]``): whole words, any case,
    or a cue's own guarded patterns. ``None`` when no pack gives any: then no message is taken
    to be about money on its words alone."""
    words = sorted({w for cue in cues for w in cue.words}, key=lambda w: (-len(w), w))
    parts = [rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b"] if words else []
    parts += [p for cue in cues for p in cue.patterns]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


class RequirementsScorer:
    name = "requirements"

    def __init__(self, resources: Resources) -> None:
        # jurisdiction and team packs first: when two packs ask for the same element, the more
        # specific requirement (e.g. UK debt-advice signposting) is the one reported
        self.requirements = sorted(resources.ruleset.requirements, key=lambda r: r.pack == "core")
        self.config = resources.config
        self.money = money_matcher(resources.ruleset.money_cues)

    def score(self, state: CheckState) -> None:
        present = state.categories_found()
        raised: set[str] = set()
        words = state.word_count()
        jurisdiction = state.context.jurisdiction
        for req in self.requirements:
            if self.config.is_disabled(req.id) or req.pack not in state.packs:
                continue
            if req.stages and state.stage not in req.stages and not self._unsure(req, state):
                continue
            if req.channels and state.channel not in req.channels:
                continue
            if req.senders and state.context.sender_type not in req.senders:
                continue
            if req.jurisdictions and jurisdiction not in req.jurisdictions:
                continue
            if words < req.min_words:
                continue
            if present.intersection(req.satisfied_by) or self._evident(req, state):
                continue
            if req.category in raised:
                continue  # one finding per missing element, even when two packs ask for it
            raised.add(req.category)
            at = insertion_point(state.text, req.position, state.channel.value)
            insert = (
                req.insert_short
                if state.channel is Channel.sms and req.insert_short
                else req.insert
            )
            state.hits.append(
                Hit(
                    rule=req.id,
                    dimension=req.dimension,
                    category=req.category,
                    severity=req.severity,
                    kind="finding",
                    start=at,
                    end=at,
                    message=req.message,
                    suggestions=[
                        Suggestion(
                            action="insert",
                            text=fill(insert, state.context),
                            description=req.description or "Add the missing element",
                            position=req.position,
                        )
                    ],
                    reference=req.reference,
                    weight=req.weight,
                )
            )
        self._check_amount(state)

    @staticmethod
    def _evident(req: Requirement, state: CheckState) -> bool:
        """Whether graded evidence states the element the rules did not find."""
        if not req.satisfied_by_evidence:
            return False
        measures = state.evidence_summary()
        return any(
            measures.get(name, 0.0) >= least for name, least in req.satisfied_by_evidence.items()
        )

    def _about_money(self, state: CheckState) -> bool:
        return self.money is not None and self.money.search(state.text) is not None

    def _unsure(self, req: Requirement, state: CheckState) -> bool:
        """Whether ``req`` applies because the stage is unknown rather than known. A voicemail
        that gives no stage cue and names no legal or coercive step is a limited-content
        message (12 CFR 1006.2(j)), which must carry no account details, options or next
        steps; one that talks of a "legal matter filed under your name" is not."""
        if not (req.unknown_stage and state.stage_detected and state.stage is Stage.other):
            return False
        if state.channel is not Channel.voice and self._about_money(state):
            return True  # not "Thank you for your message", which has no debt in it either
        if any(h.kind == "finding" and h.category == "threat" for h in state.hits):
            return True
        measures = state.evidence_summary()
        return measures.get("threat.max", 0.0) > 0 or measures.get("consequence.best", 0.0) > 0

    def _check_amount(self, state: CheckState) -> None:
        expected = state.context.amount
        if expected is None:
            return
        amounts = stated_amounts(state.text)
        if not amounts or any(value == expected for _, _, value in amounts):
            return
        start, end, _ = amounts[0]
        shown = state.context.formatted_amount() or str(expected)
        state.hits.append(
            declared_hit(
                "transparency.amount-mismatch",
                start,
                end,
                suggestions=[
                    Suggestion(action="replace", text=shown, description="Use the correct amount")
                ],
                stated=state.text[start:end],
                shown=shown,
            )
        )


@register_scorer("requirements", order=90)
def _make(resources: Resources) -> RequirementsScorer:
    return RequirementsScorer(resources)
