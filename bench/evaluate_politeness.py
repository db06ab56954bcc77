"""Held-out test of the fitted politeness score (``politeness.score`` evidence).

Reads the Stanford Politeness Corpus records that ``bench/fit_politeness.py`` never learns from:
Wikipedia requests whose numeric id is divisible by 5, and every Stack Exchange request. Reports
the AUC of telling the top quartile (``labels.binary`` = +1) from the bottom one (-1) and the
Spearman correlation with the human score over all of them, next to VADER's compound score in the
same run. Nothing here feeds back into the fit: run it after fitting, and report what it prints.

Usage:
    python bench/evaluate_politeness.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.evaluate_external import auc, spearman  # noqa: E402
from bench.fit_politeness import corpus_file, is_training  # noqa: E402


def held_out(path: Path) -> dict[str, list[dict[str, Any]]]:
    folds: dict[str, list[dict[str, Any]]] = {"wikipedia": [], "stack-exchange": []}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if is_training(record):
                continue
            folds["wikipedia" if record["domain"] == "wikipedia" else "stack-exchange"].append(
                record
            )
    return folds


def measure(records: list[dict[str, Any]], nlp: Any, analyzer: Any) -> dict[str, Any]:
    from tonecheck.evidence import collect_evidence

    ours: list[float] = []
    vader: list[float] = []
    started = time.perf_counter()
    for doc in nlp.pipe([r["text"] for r in records], batch_size=256):
        score = next(i.value for i in collect_evidence(doc) if i.name == "politeness.score")
        ours.append(score)
    elapsed = time.perf_counter() - started
    vader = [analyzer.polarity_scores(r["text"])["compound"] for r in records]
    quartiles = [i for i, r in enumerate(records) if r["labels"]["binary"] in (1, -1)]
    labels = [1 if records[i]["labels"]["binary"] == 1 else 0 for i in quartiles]
    human = [float(r["labels"]["score"]) for r in records]
    return {
        "records": len(records),
        "quartile_records": len(quartiles),
        "auc": auc([ours[i] for i in quartiles], labels),
        "auc_vader": auc([vader[i] for i in quartiles], labels),
        "spearman": spearman(ours, human),
        "spearman_vader": spearman(vader, human),
        "ms_per_text_parse_and_evidence": 1000 * elapsed / max(1, len(records)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    path = corpus_file()
    if path is None:
        print("Stanford Politeness Corpus not found; set TONECHECK_SHARED_DATA", file=sys.stderr)
        return 0
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from tonecheck.text.nlp import build_pipeline

    nlp, _ = build_pipeline()
    analyzer = SentimentIntensityAnalyzer()
    results = {name: measure(rows, nlp, analyzer) for name, rows in held_out(path).items()}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, r in results.items():
        print(
            f"{name:<15} n={r['records']:>5} (quartiles {r['quartile_records']:>4})  "
            f"AUC {r['auc']:.3f} (VADER {r['auc_vader']:.3f})  "
            f"Spearman {r['spearman']:.3f} (VADER {r['spearman_vader']:.3f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
