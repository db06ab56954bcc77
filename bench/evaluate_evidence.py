"""How well single evidence summaries separate the labels of the real corpus's ``dev`` split.

Development aid only: it reads records whose ``split`` is ``dev`` and nothing else (each line
is parsed and dropped unless it is a dev record, before any other field is looked at), so the
``held_out`` split stays untouched for the figures we report. For each label it prints the AUC
of the evidence summaries that should predict it, and for threats the recall and precision of
``threat.max`` at the warning level, to show where the word lists miss.

Usage:
    python bench/evaluate_evidence.py [--corpus tests/corpus/real/messages.jsonl] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.evaluate_external import auc  # noqa: E402

#: label -> (summary, direction): direction -1 means a low value predicts the label.
PREDICTORS: dict[str, list[tuple[str, int]]] = {
    "threat": [("threat.max", 1), ("pressure.items", 1)],
    "respect_violation": [
        ("threat.max", 1),
        ("politeness.score", -1),
        ("pressure.items", 1),
        ("disrespect.items", 1),
        ("disrespect.shouting", 1),
    ],
    "consequences_stated": [("consequence.best", 1), ("frame.items", 1)],
    "empathy_present": [
        ("politeness.score", 1),
        ("empathy.items", 1),
        ("empathy.acknowledge", 1),
        ("empathy.good-faith", 1),
        ("empathy.offer-help", 1),
        ("empathy.appreciation", 1),
        ("courtesy.formulaic", 1),
    ],
}


def dev_records(path: Path) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("split") != "dev":
                continue
            out.append(record)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests/corpus/real/messages.jsonl")
    parser.add_argument("--misses", action="store_true", help="list dev threats missed")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"{args.corpus} not found", file=sys.stderr)
        return 0
    from tonecheck.evidence import collect_evidence, default_evidence, summarise
    from tonecheck.text.nlp import build_pipeline

    nlp, _ = build_pipeline()
    records = dev_records(args.corpus)
    evidence = default_evidence()
    summaries = [
        summarise(collect_evidence(nlp(r["text"]), evidence, text=r["text"])) for r in records
    ]
    print(f"{len(records)} dev records")
    for label, predictors in PREDICTORS.items():
        labels = [1 if r[label] else 0 for r in records]
        cells = []
        for name, direction in predictors:
            scores = [direction * s.get(name, 0.0) for s in summaries]
            value = auc(scores, labels)
            cells.append(f"{name} {value:.3f}" if value is not None else f"{name} -")
        print(f"{label:<20} (positives {sum(labels):>3}): " + "  ".join(cells))
    warning = evidence.threats.s["warning_at"]
    flagged = [s.get("threat.max", 0.0) >= warning for s in summaries]
    truth = [bool(r["threat"]) for r in records]
    hits = sum(f and t for f, t in zip(flagged, truth, strict=True))
    recall = hits / max(1, sum(truth))
    precision = hits / max(1, sum(flagged))
    print(f"threat.max >= {warning}: recall {recall:.2f}, precision {precision:.2f}")
    if args.misses:
        for record, summary, flag, is_threat in zip(
            records, summaries, flagged, truth, strict=True
        ):
            if flag != is_threat:
                kind = "missed" if is_threat else "false alarm"
                print(f"\n[{kind}] {record['id']} threat.max={summary.get('threat.max', 0.0)}")
                print("   " + record["text"][:400].replace("\n", " "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
