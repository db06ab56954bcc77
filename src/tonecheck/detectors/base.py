"""What every scorer shares: the state of one check, the hit it reports, and the registry.

A scorer reads the parsed message from `CheckState` and appends `Hit`s (problems or strengths).
It never builds report objects itself: scoring and report building happen once, after all
scorers ran, which keeps scorers small and lets the checker add findings lazily.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..models import Channel, Dimension, MessageContext, Readability, Severity, Stage, Suggestion

if TYPE_CHECKING:
    from ..engine.resources import Resources
    from ..evidence import EvidenceItem


@dataclass(slots=True)
class Hit:
    """One finding or strength before it becomes a pydantic `Finding`."""

    rule: str
    dimension: Dimension
    category: str
    severity: Severity
    kind: str  # "finding" | "strength"
    start: int
    end: int
    message: str
    suggestions: list[Suggestion] = field(default_factory=list)
    reference: str | None = None
    weight: float | None = None
    gate_only: bool = False


@dataclass(slots=True)
class CheckState:
    """Everything known about the message being checked; scorers read it and add hits."""

    text: str
    doc: Any
    channel: Channel
    stage: Stage
    stage_detected: bool
    context: MessageContext
    template: bool
    packs: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    readability: Readability | None = None
    _evidence: list[EvidenceItem] | None = field(default=None, repr=False)
    _summary: dict[str, float] | None = field(default=None, repr=False)

    def categories_found(self) -> set[str]:
        return {h.category for h in self.hits if h.kind == "strength"}

    def evidence(self) -> list[EvidenceItem]:
        """Graded evidence of the message (`tonecheck.evidence`), read on first use and then
        kept: a scorer that needs it pays for it once, a check that never asks pays nothing."""
        if self._evidence is None:
            from ..evidence import collect_evidence

            self._evidence = collect_evidence(self.doc, text=self.doc_text)
        return self._evidence

    def evidence_summary(self) -> dict[str, float]:
        """`tonecheck.evidence.summarise` of `evidence`, kept like it: the requirements scorer
        and the report both read it (up to three times a check). Shared: do not change it."""
        if self._summary is None:
            from ..evidence import summarise

            self._summary = summarise(self.evidence())
        return self._summary

    @property
    def doc_text(self) -> str:
        """The string the Doc was made from: ``text`` with lone surrogates replaced, which
        keeps its length, so offsets into either agree."""
        from ..text.textsafety import without_surrogates

        return without_surrogates(self.text)

    def word_count(self) -> int:
        # the sentence index already holds the word flags (one array read, shared with the
        # readability scorer) instead of a Python pass over every token
        from ..text.nlp import sentence_index

        return sentence_index(self.doc).words(self.doc)[1].count(True)


def declared_hit(
    rule_id: str,
    start: int,
    end: int,
    *,
    variant: str | None = None,
    severity: Severity | None = None,
    weight: float | None = None,
    suggestions: list[Suggestion] | None = None,
    gate_only: bool = False,
    **values: object,
) -> Hit:
    """A hit of a rule declared in ``rules/core/detectors.toml``: its message, severity, weight
    and reference come from the data; the detector gives the span, the values its message
    names, and a severity or weight only where it grades them (a reading grade far above the
    target)."""
    from ..rulebook.loader import detector_rules

    rule = detector_rules()[rule_id]
    return Hit(
        rule=rule.id,
        dimension=rule.dimension,
        category=rule.category,
        severity=severity if severity is not None else rule.severity,
        kind=rule.kind,
        start=start,
        end=end,
        message=rule.text(variant, **values),
        suggestions=suggestions or [],
        reference=rule.reference,
        weight=weight if weight is not None else rule.weight,
        gate_only=gate_only,
    )


class Scorer(Protocol):
    """A step of the pipeline. `name` is used in config and error messages."""

    name: str

    def score(self, state: CheckState) -> None: ...


ScorerFactory = Callable[["Resources"], Scorer]

#: name -> (order, factory). Lower order runs first; the requirements scorer runs last because
#: it looks at what the others found.
_REGISTRY: dict[str, tuple[int, ScorerFactory]] = {}


def register_scorer(name: str, order: int = 50) -> Callable[[ScorerFactory], ScorerFactory]:
    """Register a scorer factory; user code can add its own scorer the same way.

    >>> @register_scorer("my-check", order=60)
    ... def make(resources): return MyScorer()
    """

    def decorate(factory: ScorerFactory) -> ScorerFactory:
        _REGISTRY[name] = (order, factory)
        return factory

    return decorate


def registered_scorers() -> list[tuple[str, ScorerFactory]]:
    return [
        (name, factory)
        for name, (_, factory) in sorted(_REGISTRY.items(), key=lambda kv: (kv[1][0], kv[0]))
    ]
