"""What a Checker loads once and every check reuses: the spaCy pipeline, the rule packs compiled
into matchers, and the scorers. Building this is the slow part (about a second); checking is fast."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..rulebook.compiler import CompiledRules
from ..rulebook.loader import RuleSet


@dataclass
class Resources:
    config: Config
    nlp: Any
    has_model: bool
    ruleset: RuleSet
    compiled: CompiledRules
    stage_detector: Any = None
    scorers: list[Any] = field(default_factory=list)
