"""Fitted score weights (``rules/scoring/weights.toml``), read at run time, never written.

``bench/fit_weights.py`` fits them on labelled messages; the runtime only reads them. Per
dimension: the ``base`` score, one ``multiplier`` per group of items (``kind:category``, e.g.
``finding:threat``) scaling the points its rules give, and one ``coefficient`` per graded
evidence measure (a name of `tonecheck.evidence.summarise`, e.g. ``consequence.best``). A
dimension, group or measure the file does not name keeps the hand-set default: base from
`tonecheck.scoring.scores.BASE`, multiplier 1, no measure.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..rulebook.loader import RulePackError, builtin_rules_dir


class DimensionWeights(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base: float | None = None
    #: How many labelled messages the fit saw (documentation for the reader of the file).
    fitted_on: int = 0
    multipliers: dict[str, float] = Field(default_factory=dict)
    coefficients: dict[str, float] = Field(default_factory=dict)

    def multiplier(self, kind: str, category: str) -> float:
        return self.multipliers.get(f"{kind}:{category}", 1.0)


class ScoreWeights(BaseModel):
    """All four dimensions; an empty instance scores with the hand-set defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    respect: DimensionWeights = Field(default_factory=DimensionWeights)
    clarity: DimensionWeights = Field(default_factory=DimensionWeights)
    empathy: DimensionWeights = Field(default_factory=DimensionWeights)
    transparency: DimensionWeights = Field(default_factory=DimensionWeights)

    def of(self, dimension: str) -> DimensionWeights:
        weights: DimensionWeights = getattr(self, dimension)
        return weights

    def measures(self) -> set[str]:
        """Every evidence measure some dimension weighs: what a check must read."""
        return {
            name
            for dim in ("respect", "clarity", "empathy", "transparency")
            for name, c in self.of(dim).coefficients.items()
            if c
        }


def weights_path() -> Path:
    return builtin_rules_dir() / "scoring" / "weights.toml"


@lru_cache(maxsize=4)
def load_weights(path: Path | None = None) -> ScoreWeights:
    """The fitted weights; the hand-set defaults when no file is shipped."""
    path = path or weights_path()
    if not path.exists():
        return ScoreWeights()
    try:
        return ScoreWeights.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise RulePackError(
            f"{path}: {exc}\nRegenerate it with `python bench/fit_weights.py`."
        ) from None
