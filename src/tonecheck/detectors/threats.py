"""The threat scorer: graded threat evidence becomes findings of category ``threat``.

Rule patterns see a threat only in the words they list; the evidence reader
(`tonecheck.evidence.threat`) grades every legal or coercive action in its context (who it is
aimed at, how certain and how soon, hedges, conditions, options). This scorer turns each reading
that reaches a level into a finding whose id, message and reference are data
(``rules/findings/threat.toml``), and marks the findings of other rule families that are
intimidating in their own right as ``threat`` too, so the gate and the evaluation read one category.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..models import Dimension, Severity, Stage, Suggestion
from ..rulebook.loader import RulePackError, builtin_rules_dir
from .base import CheckState, Hit, register_scorer

if TYPE_CHECKING:
    from ..engine.resources import Resources

CATEGORY = "threat"
_RANK = {Severity.suggestion: 0, Severity.warning: 1, Severity.error: 2}


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bad: list[str] = Field(default_factory=list)
    good: list[str] = Field(default_factory=list)


class ThreatFinding(BaseModel):
    """What one graded action becomes when its reading reaches a level."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$")
    #: The evidence cue it reads (``threat.arrest``).
    action: str = Field(pattern=r"^threat\.[a-z0-9-]+$")
    message: str = Field(min_length=1)
    reference: str = Field(min_length=1)
    suggest: str = Field(min_length=1)
    examples: Examples = Field(default_factory=Examples)


class ThreatFindings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    counts_as_threat: list[str] = Field(default_factory=list)
    #: Rules whose findings are threats only in a message that presses (docs/labelling.md:
    #: "'Legal action may be taken' on its own in a calm reminder: no; with pressure: yes").
    counts_with_pressure: list[str] = Field(default_factory=list)
    #: The evidence that presses: any of these measures present in the message.
    pressure_cues: list[str] = Field(default_factory=list)
    status_stages: list[Stage] = Field(default_factory=list)
    finding: list[ThreatFinding] = Field(default_factory=list)

    def by_action(self) -> dict[str, ThreatFinding]:
        return {f.action: f for f in self.finding}

    def counts(self, rule_id: str) -> bool:
        return any(fnmatchcase(rule_id, p) for p in self.counts_as_threat)

    def counts_pressed(self, rule_id: str) -> bool:
        return any(fnmatchcase(rule_id, p) for p in self.counts_with_pressure)


def findings_path() -> Path:
    return builtin_rules_dir() / "findings" / "threat.toml"


@lru_cache(maxsize=4)
def load_threat_findings(path: Path | None = None) -> ThreatFindings:
    path = path or findings_path()
    try:
        data = ThreatFindings.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise RulePackError(f"{path}: {exc}") from None
    actions = [f.action for f in data.finding]
    twice = sorted({a for a in actions if actions.count(a) > 1})
    if twice:
        raise RulePackError(f"{path}: more than one finding for {', '.join(twice)}")
    return data


class ThreatScorer:
    name = "threats"

    def __init__(self, resources: Resources) -> None:
        self.findings = load_threat_findings()
        self.config = resources.config
        self._by_action = self.findings.by_action()
        # rule id -> (counts as a threat, counts with pressure): the glob patterns are matched
        # once per rule, not once per hit of every check
        self._counts: dict[str, tuple[bool, bool]] = {}

    def _counted(self, rule_id: str) -> tuple[bool, bool]:
        known = self._counts.get(rule_id)
        if known is None:
            if len(self._counts) > 100_000:  # user scorers may make up ids; stay bounded
                self._counts.clear()
            known = self._counts[rule_id] = (
                self.findings.counts(rule_id),
                self.findings.counts_pressed(rule_id),
            )
        return known

    def score(self, state: CheckState) -> None:
        if state.doc is None:
            return
        for hit in state.hits:
            if hit.kind == "finding" and self._counted(hit.rule)[0]:
                hit.category = CATEGORY
        self._pressed(state)
        from ..evidence.collect import default_evidence

        reader = default_evidence().threats
        status = state.stage in self.findings.status_stages
        by_action = self._by_action
        ruled = [h for h in state.hits if h.kind == "finding" and h.category == CATEGORY]
        added: list[Hit] = []
        for item in state.evidence():
            spec = by_action.get(item.name)
            if spec is None or self.config.is_disabled(spec.id):
                continue
            level = reader.level(item.value)
            if level is None or (status and reader.lexicon.cues[item.name].floor is None):
                continue
            severity = Severity(level)
            # a rule already reported this stretch at least as severely: one finding, not two
            if any(
                h.start < item.end and item.start < h.end and _RANK[h.severity] >= _RANK[severity]
                for h in ruled + added
            ):
                continue
            added.append(
                Hit(
                    rule=spec.id,
                    dimension=Dimension.respect,
                    category=CATEGORY,
                    severity=severity,
                    kind="finding",
                    start=item.start,
                    end=item.end,
                    message=spec.message,
                    suggestions=[Suggestion(action="advice", description=spec.suggest)],
                    reference=spec.reference,
                )
            )
        state.hits.extend(added)

    def _pressed(self, state: CheckState) -> None:
        """A vague legal step becomes a threat in a message that presses (urgency, finality,
        a short deadline, capitals), unless the message is a notice the law prescribes."""
        if not self.findings.counts_with_pressure:
            return
        pressed = [h for h in state.hits if h.kind == "finding" and self._counted(h.rule)[1]]
        if not pressed:
            return
        names = {item.name for item in state.evidence() if item.value > 0}
        if "threat-context.prescribed" in names or not names & set(self.findings.pressure_cues):
            return
        for hit in pressed:
            hit.category = CATEGORY


@register_scorer("threats", order=15)
def _make(resources: Resources) -> ThreatScorer:
    return ThreatScorer(resources)
