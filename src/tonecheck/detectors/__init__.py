"""The scorers, in pipeline order: rules, placeholders, readability, sentiment, requirements.

Importing this package registers them; `register_scorer` adds your own."""

from . import placeholders, readability, requirements, rules, sentiment
from .base import CheckState, Hit, Scorer, register_scorer, registered_scorers

__all__ = [
    "CheckState",
    "Hit",
    "Scorer",
    "placeholders",
    "readability",
    "register_scorer",
    "registered_scorers",
    "requirements",
    "rules",
    "sentiment",
]
