"""The unit of graded evidence: one reading of one stretch of a message.

Rule hits say *that* something is wrong; evidence says *how much* of something is there
(how polite a request is, how certain a legal step is made to sound, how specific a consequence
is), so that scores can be fitted on labelled messages instead of set by hand. Items are plain
frozen dataclasses: they are produced for every message, often dozens at a time, and a pydantic
model per item would cost more than finding them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Dimension

#: ``EvidenceItem.sentence`` of an item that reads the whole message rather than one sentence.
WHOLE_MESSAGE = -1


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """``name`` is dotted, family first (``politeness.gratitude``, ``modality.certain``,
    ``threat.arrest``, ``consequence.fee``); ``value`` is the item's strength, whose scale each
    family documents (docs/evidence.md); ``start``/``end`` are character offsets into the
    message text; ``sentence`` is the 0-based sentence index, or `WHOLE_MESSAGE`."""

    name: str
    dimension: Dimension | None
    value: float
    start: int
    end: int
    sentence: int

    @property
    def family(self) -> str:
        return self.name.partition(".")[0]

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @classmethod
    def whole(cls, name: str, dimension: Dimension | None, value: float, text: str) -> EvidenceItem:
        """A reading of the whole message (a family's summary, a message-level cue)."""
        return cls(name, dimension, value, 0, len(text), WHOLE_MESSAGE)

    @classmethod
    def strongest(
        cls, name: str, dimension: Dimension, items: list[EvidenceItem], text: str
    ) -> EvidenceItem:
        """A family's summary: its strongest reading, so scoring sees one figure per family
        however many sentences carry it (0.0 when none does)."""
        return cls.whole(name, dimension, max((i.value for i in items), default=0.0), text)
