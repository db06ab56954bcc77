"""Measure the rule packs against the labelled development corpus (tests/corpus/*.toml).

Prints one plain-text table with:
  * per-category precision and recall of findings (against ``expect_categories``) and of strengths
    (against ``expect_strength_categories``), counted per message: a category counts once per message
    whether it is reported once or five times. Categories in a message's ``allow_categories`` are
    left out of that message's counts (a reviewer would accept them either way);
  * band accuracy per dimension (with the 5-point tolerance used by the tests, and strict);
  * pair-ordering accuracy (the "better" message scores strictly higher) per compared dimension;
  * forbidden categories that were reported.

Usage:
    python bench/evaluate_rules.py             # table
    python bench/evaluate_rules.py --json      # machine-readable
    python bench/evaluate_rules.py --details   # also list every disagreement per message
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def load_corpus_module() -> ModuleType:
    name = "tonecheck_corpus_load"
    if name in sys.modules:
        return sys.modules[name]
    path = ROOT / "tests" / "corpus" / "load.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the corpus loader at {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall
        else None
    )
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def evaluate(corpus_dir: Path | None = None) -> dict[str, Any]:
    corpus = load_corpus_module()
    import tonecheck

    messages = corpus.load_corpus(corpus_dir) if corpus_dir else corpus.load_corpus()
    checker = tonecheck.Checker()
    started = time.perf_counter()
    reports = {m.id: checker.check(m.text, **m.check_kwargs()) for m in messages}
    elapsed = time.perf_counter() - started

    counts: dict[str, dict[str, list[int]]] = {
        "findings": defaultdict(lambda: [0, 0, 0]),
        "strengths": defaultdict(lambda: [0, 0, 0]),
    }
    bands: dict[str, dict[str, int]] = {
        d: {"n": 0, "ok": 0, "strict": 0} for d in corpus.DIMENSIONS
    }
    confusion: dict[str, dict[str, dict[str, int]]] = {
        d: {e: dict.fromkeys(corpus.BANDS, 0) for e in corpus.BANDS} for d in corpus.DIMENSIONS
    }
    forbidden_hits: list[dict[str, Any]] = []
    details: dict[str, dict[str, Any]] = {}

    for m in messages:
        report = reports[m.id]
        got = {
            "findings": {f.category for f in report.all_findings()},
            "strengths": {s.category for s in report.strengths} - corpus.UNLABELLED_STRENGTHS,
        }
        expected = {"findings": set(m.expect), "strengths": set(m.expect_strengths)}
        issue: dict[str, Any] = {}
        for kind in ("findings", "strengths"):
            exp, have = expected[kind] - m.allow, got[kind] - m.allow
            for cat in exp & have:
                counts[kind][cat][0] += 1
            for cat in have - exp:
                counts[kind][cat][1] += 1
            for cat in exp - have:
                counts[kind][cat][2] += 1
            if exp - have:
                issue[f"missed_{kind}"] = sorted(exp - have)
            if have - exp:
                issue[f"extra_{kind}"] = sorted(have - exp)
        for dim, band in m.bands.items():
            score = getattr(report.scores, dim)
            bands[dim]["n"] += 1
            confusion[dim][band][corpus.band_of(score)] += 1
            if corpus.band_ok(score, band):
                bands[dim]["ok"] += 1
            else:
                issue.setdefault("bands", []).append(f"{dim}: expected {band}, got {score:.1f}")
            if corpus.band_of(score) == band:
                bands[dim]["strict"] += 1
        hits = sorted(m.forbid & got["findings"])
        if hits:
            forbidden_hits.append({"id": m.id, "categories": hits})
            issue["forbidden"] = hits
        if m.known_gaps:
            issue["known_gaps"] = dict(m.known_gaps)
        if issue:
            details[m.id] = issue

    pair_stats: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "ok": 0})
    pair_misses: list[str] = []
    for harsh, better in corpus.pairs(messages):
        for dim in better.compare:
            h, b = getattr(reports[harsh.id].scores, dim), getattr(reports[better.id].scores, dim)
            pair_stats[dim]["n"] += 1
            if b > h:
                pair_stats[dim]["ok"] += 1
            else:
                pair_misses.append(f"{better.pair} {dim}: better {b:.1f} <= harsh {h:.1f}")
                details.setdefault(better.id, {}).setdefault("pair", []).append(
                    f"{dim}: {b:.1f} vs harsh {h:.1f}"
                )

    categories: dict[str, dict[str, Any]] = {}
    for kind in ("findings", "strengths"):
        table = {cat: _prf(*counts[kind][cat]) for cat in sorted(counts[kind])}
        tp = sum(v["tp"] for v in table.values())
        fp = sum(v["fp"] for v in table.values())
        fn = sum(v["fn"] for v in table.values())
        categories[kind] = {"per_category": table, "micro": _prf(tp, fp, fn)}

    band_total = {k: sum(b[k] for b in bands.values()) for k in ("n", "ok", "strict")}
    pair_total = {k: sum(p[k] for p in pair_stats.values()) for k in ("n", "ok")}
    return {
        "messages": len(messages),
        "pairs": len(corpus.pairs(messages)),
        "seconds": round(elapsed, 2),
        "categories": categories,
        "bands": {
            d: {
                **v,
                "accuracy": _ratio(v["ok"], v["n"]),
                "strict_accuracy": _ratio(v["strict"], v["n"]),
            }
            for d, v in bands.items()
        },
        "bands_total": {
            **band_total,
            "accuracy": _ratio(band_total["ok"], band_total["n"]),
            "strict_accuracy": _ratio(band_total["strict"], band_total["n"]),
        },
        "band_confusion": confusion,
        "pairs_ordering": {
            d: {**v, "accuracy": _ratio(v["ok"], v["n"])} for d, v in sorted(pair_stats.items())
        },
        "pairs_total": {**pair_total, "accuracy": _ratio(pair_total["ok"], pair_total["n"])},
        "pair_misses": pair_misses,
        "forbidden_hits": forbidden_hits,
        "details": details,
    }


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def render(result: dict[str, Any], show_details: bool = False) -> str:
    lines = [
        f"tonecheck rules vs development corpus: {result['messages']} messages, "
        f"{result['pairs']} pairs, checked in {result['seconds']}s",
        "",
    ]
    for kind in ("findings", "strengths"):
        block = result["categories"][kind]
        lines.append(
            f"{kind.upper():<24} {'TP':>4} {'FP':>4} {'FN':>4}  {'precision':>9} {'recall':>7} {'F1':>7}"
        )
        for cat, v in block["per_category"].items():
            lines.append(
                f"  {cat:<22} {v['tp']:>4} {v['fp']:>4} {v['fn']:>4}  {_pct(v['precision']):>9} "
                f"{_pct(v['recall']):>7} {_pct(v['f1']):>7}"
            )
        v = block["micro"]
        lines.append(
            f"  {'(micro average)':<22} {v['tp']:>4} {v['fp']:>4} {v['fn']:>4}  "
            f"{_pct(v['precision']):>9} {_pct(v['recall']):>7} {_pct(v['f1']):>7}"
        )
        lines.append("")
    lines.append(
        f"{'BANDS':<24} {'n':>4} {'ok':>4}  {'accuracy':>9} {'strict':>7}   confusion (expected -> got low/mid/high)"
    )
    for dim, v in result["bands"].items():
        conf = result["band_confusion"][dim]
        conf_text = "  ".join(
            f"{e}->{conf[e]['low']}/{conf[e]['mid']}/{conf[e]['high']}"
            for e in ("low", "mid", "high")
        )
        lines.append(
            f"  {dim:<22} {v['n']:>4} {v['ok']:>4}  {_pct(v['accuracy']):>9} "
            f"{_pct(v['strict_accuracy']):>7}   {conf_text}"
        )
    v = result["bands_total"]
    lines.append(
        f"  {'(all dimensions)':<22} {v['n']:>4} {v['ok']:>4}  {_pct(v['accuracy']):>9} "
        f"{_pct(v['strict_accuracy']):>7}"
    )
    lines.append("")
    lines.append(f"{'PAIR ORDERING':<24} {'n':>4} {'ok':>4}  {'accuracy':>9}")
    for dim, v in result["pairs_ordering"].items():
        lines.append(f"  {dim:<22} {v['n']:>4} {v['ok']:>4}  {_pct(v['accuracy']):>9}")
    v = result["pairs_total"]
    lines.append(f"  {'(all)':<22} {v['n']:>4} {v['ok']:>4}  {_pct(v['accuracy']):>9}")
    lines.append("")
    lines.append(f"FORBIDDEN CATEGORIES REPORTED: {len(result['forbidden_hits'])} message(s)")
    for hit in result["forbidden_hits"]:
        lines.append(f"  {hit['id']}: {', '.join(hit['categories'])}")
    if show_details:
        lines.append("")
        lines.append("DISAGREEMENTS PER MESSAGE")
        for mid, issue in result["details"].items():
            lines.append(f"  {mid}")
            for key, value in issue.items():
                text = (
                    ", ".join(f"{k}: {r}" for k, r in value.items())
                    if isinstance(value, dict)
                    else ("; ".join(value) if isinstance(value, list) else str(value))
                )
                lines.append(f"      {key}: {text}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--details", action="store_true", help="list every disagreement per message"
    )
    parser.add_argument(
        "--corpus", type=Path, default=None, help="corpus folder (default tests/corpus)"
    )
    args = parser.parse_args(argv)
    result = evaluate(args.corpus)
    if args.json:
        if not args.details:
            result.pop("details")
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        print(render(result, show_details=args.details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
