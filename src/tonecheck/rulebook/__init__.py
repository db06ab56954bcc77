"""Rule packs: reading, validating and compiling the rule data in ``rules/``."""

from .loader import RulePackError, RuleSet, available_packs, builtin_rules_dir, load_packs
from .schema import Example, Requirement, Rule

__all__ = [
    "Example",
    "Requirement",
    "Rule",
    "RulePackError",
    "RuleSet",
    "available_packs",
    "builtin_rules_dir",
    "load_packs",
]
