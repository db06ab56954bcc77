"""Fit each dimension's score weights on labelled messages and write them as data.

    python bench/fit_weights.py            # fit, print cross-validated AUCs, write the weights file
    python bench/fit_weights.py --dry-run  # fit and report only

What is fitted. A dimension's score stays an itemised sum (docs/scoring.md):

    raw(d) = base(d) + Σ multiplier(d, group) × points(item) + Σ coefficient(d, measure) × value

* ``points(item)`` is what the rule packs give an item today (its rule's weight, halved for each
  repeat), signed: findings lose, strengths gain. Items are grouped by kind and category
  (``finding:threat``, ``strength:options``, ``spillover:blame``), and each group gets one
  multiplier, fitted and kept ≥ 0: a threat can weigh more or less than it does now, but never
  raise respect. Rules are not fitted one by one: there are too few messages per rule.
* Measures are graded evidence with a declared direction (``MEASURES``).
* The fit is a logistic regression of the dimension's label on ``(raw(d) − 50) / SCALE``, with an
  L2 pull of every multiplier toward 1 and every coefficient toward its least value (0 for most),
  the latter in logit units (coefficient / SCALE), so a group seen in three messages barely
  moves; solved with bounds by L-BFGS-B. ``base(d)`` comes out of the intercept.

Data. The ``dev`` split of the real corpus (``tests/corpus/real/messages.jsonl``) and our own
corpus (``tests/corpus``, bands low/high only, at half weight: it is separable by construction).
``held_out`` is never read here. Output: ``rules/scoring/weights.toml``, read at run time.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_external import auc  # noqa: E402
from tonecheck.scoring.scores import bounded  # noqa: E402

OUT = ROOT / "rules" / "scoring" / "weights.toml"
DIMENSIONS = ("respect", "clarity", "empathy", "transparency")
#: Points per unit of log-odds: a logit of ±4 spans 0..100 around 50.
SCALE = 12.5
#: L2 pull toward the prior (multipliers 1, coefficients 0), per unit of log-likelihood.
RIDGE = 2.0
#: Ridge strengths tried per dimension; the one with the best source-grouped cross-validated
#: AUC on dev is used (the held-out split is split by source, so folds are too).
RIDGE_GRID = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
OWN_CORPUS_WEIGHT = 0.5
#: The most real messages one score may hold (issue 11: scores spread, no value shared by more
#: than 15% of messages in a dimension).
MAX_TIE = 0.15
#: What "good" means per dimension, from the real corpus's labels.
GOOD: dict[str, Callable[[dict[str, bool]], bool]] = {
    "respect": lambda labels: not labels["respect_violation"],
    "clarity": lambda labels: labels["clarity_ok"],
    "empathy": lambda labels: labels["empathy_present"],
    "transparency": lambda labels: labels["consequences_stated"],
}
#: Graded measures: (dimension, evidence name) -> direction. The value is the message's
#: `tonecheck.evidence.summarise` entry (0 when absent), the same number the runtime reads.
#: Direction +1 means more of it can only raise the score, -1 only lower it: monotone where
#: meaning demands (a threat never raises respect, a stated consequence never lowers
#: transparency).
MEASURES: dict[tuple[str, str], int] = {
    ("respect", "threat.max"): -1,
    ("respect", "disrespect.items"): -1,
    ("respect", "disrespect.shouting"): -1,
    ("respect", "pressure.items"): -1,
    ("respect", "politeness.score"): 1,
    ("empathy", "empathy.items"): 1,
    ("empathy", "empathy.offer-help"): 1,
    ("empathy", "empathy.good-faith"): 1,
    ("empathy", "empathy.options"): 1,
    ("empathy", "empathy.acknowledge"): 1,
    ("empathy", "empathy.appreciation"): 1,
    # formulaic courtesy may earn a little, never lose: it is not counted in empathy.items
    ("empathy", "courtesy.formulaic"): 1,
    ("empathy", "threat.max"): -1,
    ("empathy", "politeness.score"): 1,
    ("transparency", "consequence.best"): 1,
    ("transparency", "consequence.items"): 1,
    ("transparency", "consequence.fee"): 1,
    # conditional, failure and result frames ("if ... we will", "may result in"): saying what
    # follows from what, a graded sign of a stated next step
    ("transparency", "frame.items"): 1,
    # will / shall / must statements: what the sender says will happen
    ("transparency", "modality.items"): 1,
    # Flesch reading ease, 0-1 (tonecheck.scoring.readability_measures)
    ("clarity", "readability.ease"): 1,
    # how much the message says at all (words, 0-1): a silent two-liner tells less of what
    # happens next than a full letter that is silent too
    ("transparency", "readability.length"): 1,
}
#: Measures that must move their score by at least this many points per unit (before the
#: calibration's spread): scores must spread (no value shared by more than 15% of messages,
#: issue 11), and a measure people's judgements were fitted on (politeness.score, the
#: Stanford-fitted probability that a request reads as polite) is a meaningful way to order
#: messages the rules leave tied.
LEAST: dict[tuple[str, str], float] = {
    ("respect", "politeness.score"): 4.0,
    ("empathy", "politeness.score"): 4.0,
    ("clarity", "readability.ease"): 4.0,
    ("transparency", "readability.length"): 4.0,
}


def _module(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Sample:
    id: str
    good: dict[str, bool]
    weight: float
    groups: dict[str, dict[str, float]] = field(default_factory=dict)
    measures: dict[str, dict[str, float]] = field(default_factory=dict)
    #: Our own corpus's expected bands (low / mid / high), for the calibration step.
    bands: dict[str, str] = field(default_factory=dict)
    #: Who published it (real corpus ``source_group``; "own" for our corpus): the CV folds.
    group: str = "own"


def item_points(report: Any) -> dict[str, dict[str, float]]:
    """Signed points per (dimension, group) from a report scored with unit multipliers."""
    out: dict[str, dict[str, float]] = {d: defaultdict(float) for d in DIMENSIONS}
    for dim, breakdown in report.breakdown.items():
        for c in breakdown.contributions:
            if c.kind == "cap":
                continue  # a cap is applied after the linear sum, never fitted
            items = report.strengths if c.kind == "strength" else report.findings
            category = "other"
            if 0 <= c.index < len(items):  # the reading itself, folded or not
                carrier = items[c.index]
                reading = next((r for r in carrier.related if r.rule == c.rule), carrier)
                category = reading.category
            out[dim][f"{c.kind}:{category}"] += c.delta
    return {d: dict(v) for d, v in out.items()}


def samples(checker: Any) -> list[Sample]:
    from tonecheck.scoring import readability_measures

    real = _module("real_corpus_load", ROOT / "tests/corpus/real/load.py")
    own = _module("corpus_load", ROOT / "tests/corpus/load.py")
    out: list[Sample] = []
    if real.MESSAGES.exists():
        for m in real.load_real(split="dev"):
            report = checker.check(m.text, **m.check_kwargs())
            good = {d: GOOD[d](m.labels) for d in DIMENSIONS}
            summary = _summary(checker, m.text) | readability_measures(report.readability)
            sample = _sample(f"real:{m.id}", good, 1.0, report, summary)
            sample.group = m.source_group
            out.append(sample)
    for m in own.load_corpus():
        good = {d: band == "high" for d, band in m.bands.items() if band in ("low", "high")}
        if m.bands:
            report = checker.check(m.text, **m.check_kwargs())
            summary = _summary(checker, m.text) | readability_measures(report.readability)
            sample = _sample(f"own:{m.id}", good, OWN_CORPUS_WEIGHT, report, summary)
            sample.bands = dict(m.bands)
            out.append(sample)
    return out


def _summary(checker: Any, text: str) -> dict[str, float]:
    from tonecheck.evidence import collect_evidence, summarise

    return summarise(collect_evidence(checker.resources.nlp(text), text=text))


def _sample(
    key: str, good: dict[str, bool], weight: float, report: Any, summary: dict[str, float]
) -> Sample:
    measures = {
        d: {name: summary.get(name, 0.0) for (dim, name) in MEASURES if dim == d}
        for d in DIMENSIONS
    }
    return Sample(key, good, weight, item_points(report), measures)


@dataclass
class Fit:
    base: float
    multipliers: dict[str, float]
    coefficients: dict[str, float]

    def raw(self, sample: Sample, dim: str) -> float:
        value = self.base
        for group, points in sample.groups.get(dim, {}).items():
            value += self.multipliers.get(group, 1.0) * points
        for name, x in sample.measures.get(dim, {}).items():
            value += self.coefficients.get(name, 0.0) * x
        return value


def fit_dimension(data: Sequence[Sample], dim: str, prior_base: float, ridge: float = RIDGE) -> Fit:
    rows = [s for s in data if dim in s.good]
    groups = sorted({g for s in rows for g in s.groups.get(dim, {})})
    names = sorted({n for s in rows for n in s.measures.get(dim, {})})
    x_groups = np.array([[s.groups.get(dim, {}).get(g, 0.0) for g in groups] for s in rows])
    x_meas = np.array([[s.measures.get(dim, {}).get(n, 0.0) for n in names] for s in rows])
    y = np.array([1.0 if s.good[dim] else 0.0 for s in rows])
    w = np.array([s.weight for s in rows])
    n_g, n_m = len(groups), len(names)
    directions = [MEASURES[(dim, n)] for n in names]
    # coefficients are points per unit of a measure, multipliers a factor on points: the pull
    # toward the prior is taken in logit units (coefficient / SCALE), so that a measure worth
    # one logit costs what a multiplier moved by one costs, not SCALE² times more
    prior = np.array([LEAST.get((dim, n), 0.0) * MEASURES[(dim, n)] for n in names])

    def unpack(theta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        return float(theta[0]), theta[1 : 1 + n_g], theta[1 + n_g :]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        base, mult, coef = unpack(theta)
        raw = base + (x_groups @ mult if n_g else 0.0) + (x_meas @ coef if n_m else 0.0)
        z = (raw - 50.0) / SCALE
        p = 1.0 / (1.0 + np.exp(-z))
        eps = 1e-12
        nll = -np.sum(w * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        dz = w * (p - y) / SCALE
        grad = np.empty_like(theta)
        grad[0] = dz.sum()
        if n_g:
            grad[1 : 1 + n_g] = x_groups.T @ dz + 2 * ridge * (mult - 1.0)
        if n_m:
            grad[1 + n_g :] = x_meas.T @ dz + 2 * ridge * (coef - prior) / SCALE**2
        penalty = ridge * (np.sum((mult - 1.0) ** 2) + np.sum(((coef - prior) / SCALE) ** 2))
        return float(nll + penalty), grad

    theta0 = np.concatenate(
        [[prior_base], np.ones(n_g), [LEAST.get((dim, n), 0.0) * MEASURES[(dim, n)] for n in names]]
    )
    bounds = [(0.0, 100.0)] + [(0.0, 4.0)] * n_g
    least = [LEAST.get((dim, n), 0.0) for n in names]
    bounds += [
        (lo, None) if d > 0 else (None, -lo) for d, lo in zip(directions, least, strict=True)
    ]
    result = minimize(loss, theta0, jac=True, method="L-BFGS-B", bounds=bounds)
    base, mult, coef = unpack(result.x)
    return Fit(
        base=round(base, 2),
        multipliers={g: round(float(m), 3) for g, m in zip(groups, mult, strict=True)},
        coefficients={n: round(float(c), 3) for n, c in zip(names, coef, strict=True)},
    )


def calibrate(fit: Fit, data: Sequence[Sample], dim: str) -> Fit:
    """Spread and centre the fitted scale so our own corpus keeps its bands.

    The logistic fit fixes only the order of scores (and so every AUC); how far apart they lie
    on 0..100 is free. ``raw' = centre + spread × (raw − 50)`` scales every multiplier and
    coefficient by the same ``spread`` (so the score is still an itemised sum and every sign
    is kept), and the pair is chosen on a grid: first so that no score holds more than
    `MAX_TIE` of the real dev messages (a scale that sends many to the far ends ties
    them), then to put the most of our own corpus's messages in their expected band
    (tests/corpus, `band_ok` with its tolerance)."""
    own = _module("corpus_load", ROOT / "tests/corpus/load.py")
    rows = [(fit.raw(s, dim), s.bands[dim]) for s in data if dim in s.bands]
    if not rows:
        return fit
    real = [fit.raw(s, dim) for s in data if s.id.startswith("real:") and dim in s.good]
    best: tuple[int, float, float, float] | None = None
    for spread in np.arange(0.3, 4.01, 0.1):
        for centre in np.arange(40.0, 75.01, 0.5):
            ok = sum(
                own.band_ok(bounded(centre + spread * (raw - 50.0)), band) for raw, band in rows
            )
            # scores must spread (issue 11): a scale that piles more than MAX_TIE of the real
            # messages on one value (far past 0 or 100, usually) is not a candidate
            tie = tie_share([centre + spread * (raw - 50.0) for raw in real])
            # spread first (else the fewest ties); then most in band; the least stretch (the
            # spread nearest 1); the centre nearest 50
            first = 10_000 + ok if tie <= MAX_TIE else -round(tie * 1000)
            key = (first, -abs(spread - 1.0), -abs(centre - 50.0), centre)
            if best is None or key > (best[0], -abs(best[1] - 1.0), -abs(best[2] - 50.0), best[2]):
                best = (key[0], float(spread), float(centre), float(centre))
    assert best is not None
    _, spread, centre, _ = best
    return Fit(
        base=round(centre + spread * (fit.base - 50.0), 2),
        multipliers={g: round(m * spread, 3) for g, m in fit.multipliers.items()},
        coefficients={n: round(c * spread, 3) for n, c in fit.coefficients.items()},
    )


def tie_share(raws: Sequence[float]) -> float:
    """The share of scores (bounded and rounded as the runtime does) on the most common value."""
    if not raws:
        return 0.0
    counts: dict[float, int] = defaultdict(int)
    for raw in raws:
        counts[round(bounded(raw), 1)] += 1
    return max(counts.values()) / len(raws)


def cross_validated_auc(
    data: Sequence[Sample], dim: str, prior_base: float, ridge: float = RIDGE, folds: int = 5
) -> float | None:
    """AUC of out-of-fold scores on the real dev messages. Folds are by source group (every
    message of one publisher in the same fold, as the held-out split is made), groups dealt
    to folds in sorted order, so the figure is reproducible; our own corpus is always trained
    on, never scored."""
    rows = [s for s in data if dim in s.good]
    groups = sorted({s.group for s in rows if s.group != "own"})
    fold_of = {g: i % folds for i, g in enumerate(groups)}
    scores: list[float] = []
    labels: list[int] = []
    for k in range(folds):
        train = [s for s in rows if fold_of.get(s.group, -1) != k]
        test = [s for s in rows if fold_of.get(s.group, -1) == k]
        fit = fit_dimension(train, dim, prior_base, ridge)
        scores += [fit.raw(s, dim) for s in test if s.id.startswith("real:")]
        labels += [int(s.good[dim]) for s in test if s.id.startswith("real:")]
    return auc(scores, labels)


def render_toml(fits: dict[str, Fit], counts: dict[str, int]) -> str:
    lines = [
        "# Fitted score weights: written by bench/fit_weights.py, read at run time.",
        "# Do not edit by hand: change the evidence or the labels and fit again.",
        "# multipliers scale the points of each group of items (kind:category); coefficients",
        "# weigh graded measures. See docs/scoring.md.",
        "",
    ]
    for dim, fit in fits.items():
        lines.append(f"[{dim}]")
        lines.append(f"base = {fit.base}")
        lines.append(f"fitted_on = {counts[dim]}")
        lines.append("")
        lines.append(f"[{dim}.multipliers]")
        lines += [f'"{g}" = {m}' for g, m in sorted(fit.multipliers.items())]
        lines.append("")
        if fit.coefficients:
            lines.append(f"[{dim}.coefficients]")
            lines += [f'"{n}" = {c}' for n, c in sorted(fit.coefficients.items())]
            lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    args = parser.parse_args(argv)
    import tonecheck
    from tonecheck.scoring import BASE
    from tonecheck.scoring.weights import ScoreWeights

    checker = tonecheck.Checker(tonecheck.Config())
    # points as the rule packs give them: the fit must not read its own previous output
    checker.resources.score_weights = ScoreWeights()
    data = samples(checker)
    fits: dict[str, Fit] = {}
    counts: dict[str, int] = {}
    for dim in DIMENSIONS:
        prior = BASE[tonecheck.Dimension(dim)]
        by_ridge = {r: cross_validated_auc(data, dim, prior, r) for r in RIDGE_GRID}
        # the best grouped-CV AUC; ties go to the stronger pull (the simpler fit)
        ridge = max(RIDGE_GRID, key=lambda r: (round(by_ridge[r] or 0.0, 3), r))
        cv = by_ridge[ridge]
        fits[dim] = calibrate(fit_dimension(data, dim, prior, ridge), data, dim)
        counts[dim] = sum(1 for s in data if dim in s.good)
        real = [s for s in data if s.id.startswith("real:") and dim in s.good]
        unfitted = auc(
            [Fit(prior, {}, {}).raw(s, dim) for s in real], [int(s.good[dim]) for s in real]
        )
        print(
            f"{dim}: {counts[dim]} samples, base {fits[dim].base}; dev AUC unfitted "
            f"{_f(unfitted)}, source-grouped cross-validated fitted {_f(cv)} (ridge {ridge}; "
            + ", ".join(f"{r}: {_f(a)}" for r, a in by_ridge.items())
            + ")"
        )
    if not args.dry_run:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(render_toml(fits, counts), "utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


def _f(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
