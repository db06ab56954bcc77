"""How tonecheck's verdicts hold on real collection messages nobody on the team wrote.

Reads ``tests/corpus/real/messages.jsonl`` (labelled by ``docs/labelling.md``, split by source)
and reports, per split, next to two baselines measured in the same run:

* per dimension, the AUC of the score for its label — respect (inverted) for
  ``respect_violation``, empathy for ``empathy_present``, transparency for
  ``consequences_stated``, clarity for ``clarity_ok``;
* threat recall and precision: a message is flagged when any finding has category ``threat``;
* ties: the share of messages on the single most common score of each dimension.

Baselines: VADER's compound score alone (inverted for respect), and a keyword list for threats
(``KEYWORDS`` below: legal and coercive action words, the kind of list a team writes in an
afternoon). ``held_out`` is the figure we report; ``--errors`` lists disagreements for study and
only ever on ``dev``.

    python bench/evaluate_real.py                  # both splits, a table
    python bench/evaluate_real.py --json
    python bench/evaluate_real.py --errors         # dev disagreements, for study
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_external import auc, share_of_mode  # noqa: E402

DIMENSION_LABEL = {
    "respect": ("respect_violation", -1),
    "empathy": ("empathy_present", 1),
    "transparency": ("consequences_stated", 1),
    "clarity": ("clarity_ok", 1),
}
KEYWORDS = re.compile(
    r"\b(?:sue|sued|lawsuit|court|legal action|arrest\w*|garnish\w*|attorneys?|solicitors?|bailiffs?)\b",
    re.IGNORECASE,
)
TARGETS = {"respect": 0.90, "empathy": 0.88, "transparency": 0.85, "clarity": 0.82}


def _loader() -> Any:
    spec = importlib.util.spec_from_file_location(
        "real_corpus_load", ROOT / "tests/corpus/real/load.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_corpus_load"] = module
    spec.loader.exec_module(module)
    return module


def _recall_precision(predicted: list[bool], actual: list[bool]) -> dict[str, float | None]:
    tp = sum(p and a for p, a in zip(predicted, actual, strict=True))
    fp = sum(p and not a for p, a in zip(predicted, actual, strict=True))
    fn = sum(a and not p for p, a in zip(predicted, actual, strict=True))
    return {
        "recall": tp / (tp + fn) if tp + fn else None,
        "precision": tp / (tp + fp) if tp + fp else None,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def run_checks(messages: list[Any]) -> list[dict[str, Any]]:
    """One row per message: scores, threat findings, VADER compound."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import tonecheck

    checker = tonecheck.Checker(tonecheck.Config())
    vader = SentimentIntensityAnalyzer()
    rows = []
    for message in messages:
        report = checker.check(message.text, **message.check_kwargs())
        scores = report.scores.model_dump(mode="json")
        rows.append(
            {
                "message": message,
                "scores": scores,
                "threat_rules": sorted(
                    {f.rule for f in report.all_findings() if f.category == "threat"}
                ),
                "findings": sorted({f.rule for f in report.all_findings()}),
                "vader": vader.polarity_scores(message.text)["compound"],
                "keyword_threat": bool(KEYWORDS.search(message.text)),
            }
        )
    return rows


def evaluate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"messages": len(rows), "dimensions": {}, "threat": {}}
    for dim, (label, sign) in DIMENSION_LABEL.items():
        y = [int(r["message"].labels[label]) for r in rows]
        ours = [sign * r["scores"][dim] for r in rows]
        vader = [sign * r["vader"] for r in rows]
        out["dimensions"][dim] = {
            "label": label,
            "positives": sum(y),
            "auc": auc(ours, y),
            "vader_auc": auc(vader, y),
            "mode_share": share_of_mode([r["scores"][dim] for r in rows]),
            "target": TARGETS[dim],
        }
    actual = [r["message"].labels["threat"] for r in rows]
    out["threat"] = {
        "positives": sum(actual),
        "tonecheck": _recall_precision([bool(r["threat_rules"]) for r in rows], actual),
        "keywords": _recall_precision([r["keyword_threat"] for r in rows], actual),
    }
    return out


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def render(results: dict[str, dict[str, Any]]) -> str:
    lines = []
    for split, res in results.items():
        lines.append(f"\n## {split}: {res['messages']} messages\n")
        lines.append(
            "| dimension (label, positives) | tonecheck AUC | VADER AUC | target | most common score's share |"
        )
        lines.append("|---|---|---|---|---|")
        for dim, d in res["dimensions"].items():
            lines.append(
                f"| {dim} ({d['label']}, {d['positives']}) | {_f(d['auc'])} | {_f(d['vader_auc'])} "
                f"| ≥ {d['target']:.2f} | {d['mode_share']:.0%} |"
            )
        t = res["threat"]
        ours, kw = t["tonecheck"], t["keywords"]
        lines.append(
            f"\nthreats ({t['positives']}): tonecheck recall {_f(ours['recall'])} / precision "
            f"{_f(ours['precision'])}; keyword list recall {_f(kw['recall'])} / precision "
            f"{_f(kw['precision'])} (target ≥ 0.75 / ≥ 0.75)"
        )
    return "\n".join(lines)


def errors(rows: list[dict[str, Any]]) -> str:
    """Dev-split disagreements, grouped by kind, for finding general classes of error."""
    out = []
    for r in rows:
        m = r["message"]
        threat = m.labels["threat"]
        if threat != bool(r["threat_rules"]):
            kind = "missed threat" if threat else "false threat"
            out.append(
                f"[{kind}] {m.id} ({m.channel}) rules={r['threat_rules']}\n  {m.text[:300]!r}"
            )
    for dim, (label, sign) in DIMENSION_LABEL.items():
        pos = [r for r in rows if r["message"].labels[label]]
        neg = [r for r in rows if not r["message"].labels[label]]
        if not pos or not neg:
            continue
        # the positives that score worst and the negatives that score best
        pos.sort(key=lambda r: sign * r["scores"][dim])
        neg.sort(key=lambda r: -sign * r["scores"][dim])
        for r in pos[:5]:
            out.append(
                f"[{dim}: positive scored low {r['scores'][dim]}] {r['message'].id}: {r['message'].text[:200]!r}"
            )
        for r in neg[:5]:
            out.append(
                f"[{dim}: negative scored high {r['scores'][dim]}] {r['message'].id}: {r['message'].text[:200]!r}"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--errors", action="store_true", help="list dev-split disagreements")
    args = parser.parse_args(argv)
    load = _loader()
    if not load.MESSAGES.exists():
        print(f"no corpus at {load.MESSAGES}; nothing to evaluate")
        return 0
    if args.errors:
        print(errors(run_checks(load.load_real(split="dev"))))
        return 0
    results = {}
    for split in ("held_out", "dev"):
        messages = load.load_real(split=split)
        if messages:
            results[split] = evaluate(run_checks(messages))
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(render(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
