"""Scores from findings: each dimension's itemised sum (`scores`), see docs/scoring.md."""

from .scores import (
    BASE,
    ERROR_CAP,
    FINDING_WEIGHT,
    MEASURE_INDEX,
    OVERALL_WEIGHTS,
    REPEAT_DECAY,
    SPILLOVER_CATEGORIES,
    SPILLOVER_SHARE,
    STRENGTH_WEIGHT,
    bounded,
    finding_loss,
    readability_measures,
    score,
)

__all__ = [
    "BASE",
    "ERROR_CAP",
    "FINDING_WEIGHT",
    "MEASURE_INDEX",
    "OVERALL_WEIGHTS",
    "REPEAT_DECAY",
    "SPILLOVER_CATEGORIES",
    "SPILLOVER_SHARE",
    "STRENGTH_WEIGHT",
    "bounded",
    "finding_loss",
    "readability_measures",
    "score",
]
