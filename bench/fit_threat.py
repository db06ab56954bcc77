"""Fit the threat reading's settings on labelled messages and write them as data.

    python bench/fit_threat.py            # fit, print in-sample and cross-validated figures, write
    python bench/fit_threat.py --dry-run  # fit and report only

What is fitted. `tonecheck.evidence.threat.read` turns what the context says about an action
(its `Features`: aimed at whom, the modality, pressure, a dated condition, options...) into a
reading with the numbers of ``rules/evidence/threat.toml``: each action's severity, each raising
and lowering step, the aim factors, the negation step and ``warning_at``, the reading from which
an action becomes a finding. ``error_at``, the floors and the word windows stay as they are: they
say how severe a finding is, or which words count, not whether there is a threat.

A message is flagged when a rule of another family already reports a threat (fixed here), or
when any action's reading reaches ``warning_at``. For a smooth fit the reading is taken through
a logistic of ``(reading − warning_at) / TEMPERATURE``, and the loss is the weighted log-loss of
the messages' ``threat`` labels, plus a ridge pull of every number toward the value it had before
(``RIDGE`` per step of ``STEP`` squared), so a setting seen in three messages barely moves. Signs
are kept: a raising step never lowers a reading, and the actions' severities keep the order they
were given (a clause reads its most severe action; ties may part). The examples of ``rules/findings/threat.toml``
are hard constraints: every ``bad`` example must still be flagged and no ``good`` example's
action may reach ``warning_at``. The search is coordinate-wise on a grid of ``STEP``: readings
are rounded to four places at run time, and a grid keeps the shipped numbers readable.

Data. The ``dev`` split of the real corpus and our own corpus (messages whose expected or
forbidden categories name ``threat``) at ``OWN_CORPUS_WEIGHT``. ``held_out`` is never read here:
`bench/evaluate_real.py` reports it.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "evidence" / "threat.toml"
#: Width of the logistic around ``warning_at``, in reading units.
TEMPERATURE = 0.04
#: Grid step, and the ridge pull per step squared toward the prior.
STEP = 0.05
RIDGE = 0.5
#: Steps tried either side of a number's current value in one coordinate move.
REACH = 3
#: A missed threat costs this many false alarms: the gate exists to catch threats.
POSITIVE_WEIGHT = 3.0
OWN_CORPUS_WEIGHT = 0.5
FOLDS = 5
#: Settings fitted, with their bounds. Every raising step raises by at least one grid step and
#: every lowering step lowers by one (issue 11: a reading is "raised by certainty, immediacy, short
#: deadlines and pressure, lowered by hedges, a real condition with a reasonable date, and offered
#: options or rights"): the data may say how much, not that a named factor does nothing.
BOUNDS: dict[str, tuple[float, float]] = {
    "unaimed": (0.3, 1.0),
    "account_aimed": (0.3, 1.0),
    "certainty": (STEP, 0.4),
    "obligation": (STEP, 0.3),
    "immediacy": (STEP, 0.3),
    "short_deadline": (STEP, 0.3),
    "pressure": (STEP, 0.3),
    "legal_actor": (STEP, 0.3),
    "hedge": (-0.4, -STEP),
    "condition_with_date": (-0.4, -STEP),
    "basis": (-0.4, -STEP),
    "options": (-0.3, -STEP),
    "rights": (-0.3, -STEP),
    "prescribed": (-0.4, -STEP),
    "court_decides": (-0.4, -STEP),
    "negated": (-0.9, -0.3),
    "warning_at": (0.3, 0.65),
}
SEVERITY_BOUNDS = (0.1, 1.0)
#: The numbers set by hand before any fit (rules/evidence/threat.toml as of commit 32e870a). The
#: fit starts from them and the ridge pulls toward them, not toward whatever the file holds now,
#: so running the script again gives the same numbers.
PRIOR_SETTINGS: dict[str, float] = {
    "unaimed": 0.6,
    "account_aimed": 0.85,
    "certainty": 0.2,
    "obligation": 0.1,
    "hedge": -0.2,
    "immediacy": 0.15,
    "short_deadline": 0.2,
    "pressure": 0.1,
    "legal_actor": 0.1,
    "condition_with_date": -0.25,
    "basis": -0.15,
    "options": -0.1,
    "rights": -0.1,
    "prescribed": -0.2,
    "court_decides": -0.25,
    "negated": -0.6,
    "warning_at": 0.43,
}
PRIOR_SEVERITY: dict[str, float] = {
    "threat.arrest": 0.9,
    "threat.garnishment": 0.75,
    "threat.possession": 0.7,
    "threat.lawsuit": 0.6,
    "threat.judgment": 0.65,
    "threat.service": 0.6,
    "threat.court": 0.5,
    "threat.case-file": 0.45,
    "threat.attorney": 0.45,
    "threat.employer-contact": 0.7,
    "threat.family-contact": 0.7,
    "threat.credit-report": 0.2,
    "threat.credit-ruin": 0.6,
    "threat.recovery": 0.35,
    "threat.criminal": 0.8,
    "threat.exposure": 0.7,
    "threat.disable": 0.55,
    "threat.disconnection": 0.2,
    "threat.vague": 0.4,
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
    """One message as the fit sees it: its label, whether a rule of another family already
    flags it, and the features of every action that may become a graded finding."""

    id: str
    threat: bool
    weight: float
    ruled: bool
    actions: list[Any]
    group: str
    #: For a rule example: the action its finding reads (constraints only).
    action: str | None = None


class Reader:
    """Checks messages and keeps what the fit needs from the threat scorer's own state."""

    def __init__(self) -> None:
        import tonecheck
        from tonecheck.detectors import threats as scorer
        from tonecheck.evidence.collect import default_evidence
        from tonecheck.evidence.threat import actions_read

        self.checker = tonecheck.Checker(tonecheck.Config())
        self.findings = scorer.load_threat_findings()
        self.own_ids = {f.id for f in self.findings.finding}
        self.graded = set(self.findings.by_action())
        self.evidence = default_evidence()
        self._actions_read = actions_read
        self._scorer = scorer.ThreatScorer

    def read(
        self, key: str, text: str, threat: bool, weight: float, group: str, **kw: Any
    ) -> Sample:
        states: list[Any] = []
        original = self._scorer.score

        def keep(this: Any, state: Any) -> None:
            original(this, state)
            states.append(state)

        # the scorer's own state, kept for this one check only
        self._scorer.score = keep  # type: ignore[method-assign,assignment]
        try:
            report = self.checker.check(text, **kw)
        finally:
            self._scorer.score = original  # type: ignore[method-assign]
        ruled = any(
            f.category == "threat" and f.rule not in self.own_ids for f in report.all_findings()
        )
        actions: list[Any] = []
        if states and states[-1].doc is not None:
            state = states[-1]
            status = state.stage in self.findings.status_stages
            ev = self.evidence
            view = ev.view(state.doc, state.doc_text)
            cues = ev.lexicon.cues
            actions = [
                a.features
                for a in self._actions_read(view, ev.threats, ev.sentence_values(view))
                if a.features.cue in self.graded
                and not (status and cues[a.features.cue].floor is None)
            ]
        return Sample(key, threat, weight, ruled, actions, group)


def samples(reader: Reader) -> tuple[list[Sample], list[Sample]]:
    """The labelled messages, and the rule examples held as constraints."""
    real = _module("real_corpus_load", ROOT / "tests/corpus/real/load.py")
    own = _module("corpus_load", ROOT / "tests/corpus/load.py")
    out: list[Sample] = []
    if real.MESSAGES.exists():
        for m in real.load_real(split="dev"):
            out.append(
                reader.read(
                    f"real:{m.id}",
                    m.text,
                    m.labels["threat"],
                    1.0,
                    m.source_group,
                    **m.check_kwargs(),
                )
            )
    for m in own.load_corpus():
        if "threat" in m.expect or "threat" in m.forbid:
            out.append(
                reader.read(
                    f"own:{m.id}",
                    m.text,
                    "threat" in m.expect,
                    OWN_CORPUS_WEIGHT,
                    "own",
                    **m.check_kwargs(),
                )
            )
    constraints: list[Sample] = []
    for spec in reader.findings.finding:
        for fire, texts in ((True, spec.examples.bad), (False, spec.examples.good)):
            for text in texts:
                sample = reader.read(f"rule:{spec.id}", text, fire, 0.0, "rules")
                sample.action = spec.action
                constraints.append(sample)
    return out, constraints


@dataclass
class Params:
    settings: dict[str, float]
    severity: dict[str, float]

    def names(self) -> list[str]:
        return [*BOUNDS, *(f"severity:{c}" for c in sorted(self.severity))]

    def get(self, name: str) -> float:
        if name.startswith("severity:"):
            return self.severity[name.removeprefix("severity:")]
        return self.settings[name]

    def with_value(self, name: str, value: float) -> Params:
        if name.startswith("severity:"):
            return Params(self.settings, {**self.severity, name.removeprefix("severity:"): value})
        return Params({**self.settings, name: value}, self.severity)

    def bounds(self, name: str) -> tuple[float, float]:
        return SEVERITY_BOUNDS if name.startswith("severity:") else BOUNDS[name]


class Model:
    def __init__(self, lexicon: Any) -> None:
        from tonecheck.evidence.threat import read

        self._read = read
        self.floors = {name: cue.floor for name, cue in lexicon.cues.items()}

    def readings(self, p: Params, sample: Sample) -> list[tuple[str, float]]:
        return [
            (f.cue, self._read(f, p.settings, p.severity[f.cue], self.floors[f.cue]).value)
            for f in sample.actions
        ]

    def flagged(self, p: Params, sample: Sample) -> bool:
        if sample.ruled:
            return True
        return any(v >= p.settings["warning_at"] for _, v in self.readings(p, sample))

    def probability(self, p: Params, sample: Sample) -> float:
        if sample.ruled:
            return 1.0
        quiet = 1.0
        for _, v in self.readings(p, sample):
            z = (v - p.settings["warning_at"]) / TEMPERATURE
            quiet *= 1.0 - 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
        return 1.0 - quiet

    def holds(self, p: Params, constraint: Sample) -> bool:
        at = p.settings["warning_at"]
        if constraint.threat:
            return constraint.ruled or any(
                c == constraint.action and v >= at for c, v in self.readings(p, constraint)
            )
        return not any(c == constraint.action and v >= at for c, v in self.readings(p, constraint))

    def loss(self, p: Params, data: Sequence[Sample], prior: Params) -> float:
        total = 0.0
        for s in data:
            q = min(1 - 1e-9, max(1e-9, self.probability(p, s)))
            w = s.weight * (POSITIVE_WEIGHT if s.threat else 1.0)
            total -= w * (math.log(q) if s.threat else math.log(1 - q))
        pull = sum(((p.get(n) - prior.get(n)) / STEP) ** 2 for n in p.names())
        return total + RIDGE * pull


def fit(
    model: Model, data: Sequence[Sample], constraints: Sequence[Sample], prior: Params
) -> Params:
    """Coordinate moves on the grid while they lower (broken constraints, loss): a move that
    mends a rule example is taken first, and none breaks one to gain on the loss."""

    def cost(p: Params) -> tuple[int, float]:
        broken = sum(not model.holds(p, c) for c in constraints)
        return broken, model.loss(p, data, prior)

    p = prior
    best = cost(p)
    for _sweep in range(30):
        moved = False
        for name in p.names():
            low, high = p.bounds(name)
            here = p.get(name)
            for k in (*range(-REACH, 0), *range(1, REACH + 1)):
                value = round(here + k * STEP, 4)
                if not low - 1e-9 <= value <= high + 1e-9:
                    continue
                trial = p.with_value(name, value)
                if not same_order(trial.severity, prior.severity):
                    continue
                c = cost(trial)
                if c[0] < best[0] or (c[0] == best[0] and c[1] < best[1] - 1e-9):
                    best, p, moved = c, trial, True
                    here = value
        if not moved:
            break
    return p


def same_order(severity: dict[str, float], prior: dict[str, float]) -> bool:
    """The fit may say how severe each action is, not reorder them: a clause reads its most
    severe action (`distinct_actions`), and the order is the guide's (an arrest above a lawsuit,
    a case file above a recovery referral). Ties in the prior may part."""
    return all(severity[a] > severity[b] for a in prior for b in prior if prior[a] > prior[b])


def recall_precision(
    model: Model, p: Params, data: Iterable[Sample]
) -> tuple[float, float, int, int]:
    tp = fp = fn = 0
    for s in data:
        flag = model.flagged(p, s)
        tp += flag and s.threat
        fp += flag and not s.threat
        fn += s.threat and not flag
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    return recall, precision, tp, fp


def folds(data: Sequence[Sample]) -> list[list[str]]:
    """Real source groups dealt round-robin, largest first, into `FOLDS` folds: a source is
    never in both the fitted and the tested part, as in the dev / held-out split."""
    sizes: dict[str, int] = {}
    for s in data:
        if s.id.startswith("real:"):
            sizes[s.group] = sizes.get(s.group, 0) + 1
    ordered = sorted(sizes, key=lambda g: (-sizes[g], g))
    return [ordered[i::FOLDS] for i in range(FOLDS)]


def cross_validate(
    model: Model, data: Sequence[Sample], constraints: Sequence[Sample], prior: Params
) -> tuple[float, float]:
    tested: list[tuple[Params, Sample]] = []
    for groups in folds(data):
        held = set(groups)
        train = [s for s in data if s.group not in held]
        p = fit(model, train, constraints, prior)
        tested += [(p, s) for s in data if s.group in held]
    tp = sum(model.flagged(p, s) and s.threat for p, s in tested)
    fp = sum(model.flagged(p, s) and not s.threat for p, s in tested)
    fn = sum(s.threat and not model.flagged(p, s) for p, s in tested)
    return (tp / (tp + fn) if tp + fn else 0.0, tp / (tp + fp) if tp + fp else 0.0)


def write(p: Params, path: Path = OUT) -> None:
    """Rewrites the fitted numbers in place: comments, order and everything else stay."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    section = ""
    cue = ""
    number = re.compile(r"^(\s*)([a-z_]+)(\s*=\s*)(-?[0-9.]+)(.*)$", re.DOTALL)
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            section, cue = stripped, ""
            continue
        name = re.match(r'^name\s*=\s*"([^"]+)"', stripped)
        if name:
            cue = name.group(1)
            continue
        m = number.match(line)
        if not m:
            continue
        key = m.group(2)
        if section == "[settings]" and key in p.settings and key in BOUNDS:
            lines[i] = f"{m.group(1)}{key}{m.group(3)}{_num(p.settings[key])}{m.group(5)}"
        elif section == "[[cue]]" and key == "value" and cue in p.severity:
            lines[i] = f"{m.group(1)}{key}{m.group(3)}{_num(p.severity[cue])}{m.group(5)}"
    path.write_text("".join(lines), encoding="utf-8")


def _num(value: float) -> str:
    return f"{round(value, 4) + 0.0:g}"


def shipped_params(reader: Reader) -> Params:
    """The numbers the runtime reads now."""
    lexicon = reader.evidence.lexicon
    settings = {
        k.removeprefix("threat."): float(v)
        for k, v in lexicon.settings.items()
        if k.startswith("threat.")
    }
    severity = {name: lexicon.cues[name].value for name in sorted(reader.graded)}
    return Params(settings, severity)


def prior_params(reader: Reader) -> Params:
    """`PRIOR_SETTINGS` and `PRIOR_SEVERITY`; what is not fitted as the runtime reads it. An
    action added since the prior was set starts from its value in the file."""
    shipped = shipped_params(reader)
    return Params(
        {**shipped.settings, **PRIOR_SETTINGS},
        {name: PRIOR_SEVERITY.get(name, v) for name, v in shipped.severity.items()},
    )


def report(model: Model, prior: Params, fitted: Params, data: Sequence[Sample]) -> str:
    real = [s for s in data if s.id.startswith("real:")]
    rows = []
    for label, p in (("prior", prior), ("fitted", fitted)):
        r, pr, tp, fp = recall_precision(model, p, real)
        rows.append(
            f"dev in-sample {label:>6}: recall {r:.3f} precision {pr:.3f} ({tp} TP, {fp} FP)"
        )
    changed = [
        f"  {n}: {prior.get(n):g} -> {fitted.get(n):g}"
        for n in prior.names()
        if abs(prior.get(n) - fitted.get(n)) > 1e-9
    ]
    return "\n".join([*rows, "changed:", *(changed or ["  (none)"])])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="fit and report; write nothing")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    args = parser.parse_args(argv)
    reader = Reader()
    data, constraints = samples(reader)
    model = Model(reader.evidence.lexicon)
    prior = prior_params(reader)
    fitted = fit(model, data, constraints, prior)
    broken = sorted({c.id for c in constraints if not model.holds(fitted, c)})
    if broken:
        print(f"no fit keeps every rule example: {', '.join(broken)}", file=sys.stderr)
        return 1
    print(
        f"{sum(s.id.startswith('real:') for s in data)} dev messages, "
        f"{sum(s.id.startswith('own:') for s in data)} own, {len(constraints)} rule examples"
    )
    print(report(model, prior, fitted, data))
    if not args.no_cv:
        r0, p0 = cross_validate(model, data, constraints, prior)
        print(f"dev source-grouped {FOLDS}-fold CV: recall {r0:.3f} precision {p0:.3f}")
    if fitted == shipped_params(reader):
        print(f"{OUT.relative_to(ROOT)} already holds these numbers")
    elif not args.dry_run:
        write(fitted)
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
