"""Findings and strengths -> four dimension scores, with every point accounted for.

The formula (documented in docs/scoring.md):

    score(d) = bounded(BASE[d] + sum of strength gains - sum of finding losses)

``bounded`` is the identity on 10..90 and eases a raw sum beyond that towards 0 or 100 without
reaching either (see `bounded`), so two messages whose sums differ never tie at a clamp.

* A finding loses its rule's ``weight``, or by severity: error 30, warning 12, suggestion 4.
  The k-th repeat of the same rule (k = 0, 1, 2 ...) counts ``weight * 0.5**k``: one threat is
  serious, the fifth copy of the same jargon word is not five times worse.
* A strength gains its rule's ``weight`` (default 10) once per rule; repeats add nothing.
* ``gate_only`` findings (unfilled merge fields) block sending but move no score.
* Spillover: half of the loss of a respect finding of a hostile category (threat, blame,
  shaming, abusive, condescension, pressure, hostile tone, dismissive, third-party) also counts
  against empathy: a message that threatens the reader does not validate their feelings.
* overall = 0.30 respect + 0.25 clarity + 0.20 empathy + 0.25 transparency, then capped at
  60 when any error-level finding exists (a message with a threat is never "good overall").

All numbers are rounded to one decimal so the same input gives the same bytes everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import Breakdown, Dimension, Finding, Readability, Scores, Severity

if TYPE_CHECKING:
    from .weights import ScoreWeights

#: ``Contribution.index`` of a measure: it points at no finding or strength.
MEASURE_INDEX = -1

BASE: dict[Dimension, float] = {
    Dimension.respect: 85.0,
    Dimension.clarity: 70.0,
    Dimension.empathy: 55.0,
    Dimension.transparency: 62.0,
}
FINDING_WEIGHT: dict[Severity, float] = {
    Severity.error: 30.0,
    Severity.warning: 12.0,
    Severity.suggestion: 4.0,
}
STRENGTH_WEIGHT = 10.0
REPEAT_DECAY = 0.5
OVERALL_WEIGHTS: dict[Dimension, float] = {
    Dimension.respect: 0.30,
    Dimension.clarity: 0.25,
    Dimension.empathy: 0.20,
    Dimension.transparency: 0.25,
}
ERROR_CAP = 60.0
#: A message that threatens, blames or belittles the reader does not validate their feelings:
#: this share of each such respect loss also counts against empathy ("spillover").
SPILLOVER_SHARE = 0.5
SPILLOVER_CATEGORIES = frozenset(
    {
        "threat",
        "blame",
        "shaming",
        "abusive",
        "condescension",
        "pressure",
        "hostile-tone",
        "dismissive",
        "third-party",
    }
)


#: Points from either end of the scale within which raw sums are eased in (`bounded`).
EDGE = 10.0


def bounded(raw: float) -> float:
    """A raw sum on the 0..100 scale: unchanged from EDGE to 100 - EDGE; beyond, a hyperbola
    that meets the line with the same slope and nears 0 (or 100) without reaching it.

    A hard clamp put every message whose sum fell below 0 on the same score: 14-25% of real
    messages on one clarity value, so neither a reader nor a ranking could tell a message that
    misses one element from one that misses all of them (issue 11: no value shared by more
    than 15% of messages). Monotone, so no order and no AUC changes except ties broken.

    >>> bounded(50.0), bounded(0.0), bounded(-90.0), bounded(100.0), bounded(190.0)
    (50.0, 5.0, 1.0, 95.0, 99.0)
    """
    if raw < EDGE:
        return EDGE * EDGE / (2 * EDGE - raw)
    if raw > 100.0 - EDGE:
        return 100.0 - EDGE * EDGE / (2 * EDGE - (100.0 - raw))
    return raw


#: Words at which ``readability.length`` reaches 1: a full letter.
LENGTH_WORDS = 300


def readability_measures(readability: Readability | None) -> dict[str, float]:
    """Measures read from the report's readability, beside the graded evidence:
    ``readability.ease`` is Flesch reading ease on 0-1 (100 and above is 1);
    ``readability.length`` the words on 0-1 (`LENGTH_WORDS` and more is 1), how much the
    message tells at all. Continuous measures order the many messages the rules leave tied."""
    if readability is None:
        return {}
    ease = min(100.0, max(0.0, readability.flesch_reading_ease)) / 100
    return {
        "readability.ease": round(ease, 4),
        "readability.length": round(min(1.0, readability.words / LENGTH_WORDS), 4),
    }


def _round(value: float) -> float:
    return round(value + 0.0, 1)


def finding_loss(weight: float | None, severity: Severity, repeat: int) -> float:
    base = FINDING_WEIGHT[severity] if weight is None else weight
    return base * (REPEAT_DECAY**repeat)


def score(
    findings: list[Finding],
    strengths: list[Finding],
    weights: tuple[list[float | None], list[float | None]],
    fitted: ScoreWeights | None = None,
    measures: dict[str, float] | None = None,
    caps: dict[str, float] | None = None,
) -> tuple[Scores, dict[str, Breakdown]]:
    """Compute scores; sets each item's ``impact`` in place and returns the breakdown.

    ``fitted`` (``rules/scoring/weights.toml``) scales each group of items and weighs the graded
    evidence ``measures`` (`tonecheck.evidence.summarise` of the message); each measure that
    moves a score is one ``kind="measure"`` contribution, so the items still sum to ``raw``.
    ``caps`` (rule id -> score) hold a dimension at or below the cap of a non-compensable
    finding it carries: what lies above is one ``kind="cap"`` contribution pointing at it."""
    finding_weights, strength_weights = weights
    from .weights import ScoreWeights

    fitted = fitted or ScoreWeights()
    multipliers: dict[tuple[Dimension, str, str], float] = {}

    def scaled(dimension: Dimension, kind: str, category: str, delta: float) -> float:
        key = (dimension, kind, category)
        multiplier = multipliers.get(key)
        if multiplier is None:
            multiplier = multipliers[key] = fitted.of(dimension.value).multiplier(kind, category)
        return delta * multiplier

    # plain dicts until each dimension's `Breakdown` validates its list in one call: a
    # `Contribution` built one by one costs a Python-level pydantic call each (~30 a message)
    contributions: dict[Dimension, list[dict[str, Any]]] = {d: [] for d in Dimension}
    repeats: dict[str, int] = {}
    for index, (finding, weight) in enumerate(zip(findings, finding_weights, strict=True)):
        if finding.gate_only:
            finding.impact = 0.0
            continue
        k = repeats.get(finding.rule, 0)
        repeats[finding.rule] = k + 1
        delta = scaled(
            finding.dimension,
            "finding",
            finding.category,
            -finding_loss(weight, finding.severity, k),
        )
        finding.impact = _round(delta)
        contributions[finding.dimension].append(
            {"rule": finding.rule, "delta": finding.impact, "kind": "finding", "index": index}
        )
        if finding.dimension is Dimension.respect and finding.category in SPILLOVER_CATEGORIES:
            contributions[Dimension.empathy].append(
                {
                    "rule": finding.rule,
                    "delta": _round(
                        scaled(
                            Dimension.empathy,
                            "spillover",
                            finding.category,
                            -finding_loss(weight, finding.severity, k) * SPILLOVER_SHARE,
                        )
                    ),
                    "kind": "spillover",
                    "index": index,
                }
            )
    counted: set[str] = set()
    for index, (strength, weight) in enumerate(zip(strengths, strength_weights, strict=True)):
        if strength.rule in counted:
            strength.impact = 0.0
            continue
        counted.add(strength.rule)
        strength.impact = _round(
            scaled(
                strength.dimension,
                "strength",
                strength.category,
                STRENGTH_WEIGHT if weight is None else weight,
            )
        )
        if strength.impact:
            contributions[strength.dimension].append(
                {
                    "rule": strength.rule,
                    "delta": strength.impact,
                    "kind": "strength",
                    "index": index,
                }
            )
    for dimension in Dimension:
        for name, coefficient in sorted(fitted.of(dimension.value).coefficients.items()):
            delta = _round(coefficient * (measures or {}).get(name, 0.0))
            if delta:
                contributions[dimension].append(
                    {"rule": name, "delta": delta, "kind": "measure", "index": MEASURE_INDEX}
                )
    breakdown: dict[Dimension, Breakdown] = {}
    values: dict[Dimension, float] = {}
    for dimension in Dimension:
        fitted_base = fitted.of(dimension.value).base
        base = BASE[dimension] if fitted_base is None else fitted_base
        raw = base + sum(c["delta"] for c in contributions[dimension])
        capped = _cap(findings, dimension, caps or {}, raw)
        if capped is not None:
            contributions[dimension].append(capped)
            raw += capped["delta"]
        value = _round(bounded(raw))
        values[dimension] = value
        breakdown[dimension] = Breakdown.model_validate(
            {
                "base": base,
                "contributions": contributions[dimension],
                "raw": _round(raw),
                "score": value,
            }
        )
    overall = sum(values[d] * w for d, w in OVERALL_WEIGHTS.items())
    if any(f.severity is Severity.error and not f.gate_only for f in findings):
        overall = min(overall, ERROR_CAP)
    scores = Scores(
        respect=values[Dimension.respect],
        clarity=values[Dimension.clarity],
        empathy=values[Dimension.empathy],
        transparency=values[Dimension.transparency],
        overall=_round(overall),
    )
    return scores, {d.value: b for d, b in breakdown.items()}


def _cap(
    findings: list[Finding], dimension: Dimension, caps: dict[str, float], raw: float
) -> dict[str, Any] | None:
    """The contribution that brings ``raw`` down to the lowest cap of the dimension's
    non-compensable findings, or None when there is none or the score is already below it."""
    held = [
        (caps[f.rule], i)
        for i, f in enumerate(findings)
        if f.rule in caps and f.dimension is dimension and not f.gate_only
    ]
    if not held:
        return None
    cap, index = min(held)
    excess = _round(raw - cap)
    if excess <= 0:
        return None
    return {"rule": findings[index].rule, "delta": -excess, "kind": "cap", "index": index}
