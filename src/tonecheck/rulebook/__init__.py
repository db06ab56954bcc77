"""Rule packs: reading, validating and compiling the rule data in ``rules/``."""

from .loader import (
    RulePackError,
    RuleSet,
    available_packs,
    builtin_rules_dir,
    detector_rules,
    load_packs,
)
from .schema import DetectorRule, Example, Requirement, Rule

__all__ = [
    "DetectorRule",
    "Example",
    "Requirement",
    "Rule",
    "RulePackError",
    "RuleSet",
    "available_packs",
    "builtin_rules_dir",
    "detector_rules",
    "load_packs",
]
