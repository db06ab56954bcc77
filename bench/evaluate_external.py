"""Check that tonecheck's scores order real, human-labelled text the way people do.

Evaluation only, on data nobody on the project wrote (see ../shared/data/README.md):

* Stanford Politeness Corpus (Wikipedia talk pages, Stack Exchange requests): Spearman correlation
  of ``scores.respect`` with the human politeness score (``labels.score``) per domain, and the AUC of
  telling the top quartile (``labels.binary`` = +1) from the bottom one (-1), next to VADER's
  compound score as a baseline computed in the same run.
* OneStopEnglish (the same article at elementary, intermediate and advanced level): how often
  ``scores.clarity`` orders two levels of one article correctly (simpler level scores higher), and
  the same for the report's Flesch-Kincaid grade (simpler level has the lower grade), as pairwise
  accuracy; ties count as wrong and are reported separately.

Nothing here tunes thresholds: these texts are not collection messages, so only the ordering is
meaningful. Spearman and AUC are implemented with the standard library.

The data is read from ``$TONECHECK_SHARED_DATA`` (the ``data`` folder or its ``external`` folder),
else from ``../shared/data/external`` next to the repository. When it is absent the script says so
and exits 0.

Usage:
    python bench/evaluate_external.py                 # everything (a few minutes)
    python bench/evaluate_external.py --limit 500     # at most 500 texts per politeness domain and
                                                      # 500 articles (quick look)
    python bench/evaluate_external.py --json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

POLITENESS_FILE = "stanford_politeness.jsonl"
ONESTOP_FILE = "onestopenglish_readability.jsonl"


# --- data location ---------------------------------------------------------------------------


def data_dir() -> Path | None:
    """The folder holding the external .jsonl files, or None when it is not available."""
    env = os.environ.get("TONECHECK_SHARED_DATA")
    if env:  # an explicit setting wins; no silent fallback to another copy
        base = Path(env).expanduser()
    else:
        base = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    candidates = [base / "external", base]
    for folder in candidates:
        if (folder / POLITENESS_FILE).is_file() or (folder / ONESTOP_FILE).is_file():
            return folder
    return None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# --- statistics (stdlib only) ----------------------------------------------------------------


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the average of their ranks."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        average = (i + j) / 2 + 1
        for k in range(i, j + 1):
            out[order[k]] = average
        i = j + 1
    return out


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None  # one side is constant: correlation undefined
    return sxy / math.sqrt(sxx * syy)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rho: Pearson correlation of the (tie-averaged) ranks."""
    return pearson(ranks(xs), ranks(ys))


def auc(scores: Sequence[float], labels: Sequence[int]) -> float | None:
    """Probability that a random positive scores above a random negative (ties count half),
    via the Mann-Whitney U statistic. ``labels`` are 1 (positive) or 0 (negative)."""
    n_pos = sum(1 for label in labels if label == 1)
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    r = ranks(scores)
    rank_sum = sum(rk for rk, label in zip(r, labels, strict=True) if label == 1)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def share_of_mode(values: Sequence[float]) -> float:
    """How much of the sample sits on its single most common value (a tie diagnostic)."""
    counts: dict[float, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return max(counts.values()) / len(values) if values else 0.0


# --- evaluations -----------------------------------------------------------------------------


def _checker() -> Any:
    import tonecheck

    return tonecheck.Checker()


def _check_all(checker: Any, texts: list[str], channel: str, processes: int) -> list[Any]:
    items = [{"text": t, "channel": channel, "stage": "other"} for t in texts]
    if processes > 1:
        return list(checker.check_many(items, n_process=processes))
    return [checker.check(t, channel=channel, stage="other") for t in texts]


def evaluate_politeness(
    folder: Path, limit: int | None, seed: int, checker: Any, processes: int
) -> dict[str, Any]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    rows = read_jsonl(folder / POLITENESS_FILE)
    by_domain: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_domain[row.get("domain", "unknown")].append(row)
    vader = SentimentIntensityAnalyzer()
    result: dict[str, Any] = {"domains": {}}
    for domain in sorted(by_domain):
        sample = by_domain[domain]
        if limit is not None and len(sample) > limit:
            sample = random.Random(f"{seed}-{domain}").sample(sample, limit)
        texts = [r["text"] for r in sample]
        started = time.perf_counter()
        reports = _check_all(checker, texts, "email", processes)
        elapsed = time.perf_counter() - started
        respect = [r.scores.respect for r in reports]
        compound = [vader.polarity_scores(t)["compound"] for t in texts]
        human = [float(r["labels"]["score"]) for r in sample]
        extremes = [
            (i, 1 if r["labels"]["binary"] > 0 else 0)
            for i, r in enumerate(sample)
            if r["labels"].get("binary") in (1, -1)
        ]
        idx = [i for i, _ in extremes]
        labels = [lab for _, lab in extremes]
        result["domains"][domain] = {
            "n": len(sample),
            "n_quartiles": len(extremes),
            "seconds": round(elapsed, 1),
            "respect": {
                "spearman": spearman(respect, human),
                "auc": auc([respect[i] for i in idx], labels),
                "share_at_mode": share_of_mode(respect),
                "mean": sum(respect) / len(respect),
            },
            "vader": {
                "spearman": spearman(compound, human),
                "auc": auc([compound[i] for i in idx], labels),
                "share_at_mode": share_of_mode(compound),
            },
        }
    return result


LEVEL_PAIRS = ((0, 1), (0, 2), (1, 2))  # (simpler, harder)


def evaluate_onestop(
    folder: Path, limit: int | None, seed: int, checker: Any, processes: int
) -> dict[str, Any]:
    rows = read_jsonl(folder / ONESTOP_FILE)
    groups: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        groups[row["group"]][int(row["labels"]["level"])] = row
    complete = sorted(g for g, levels in groups.items() if set(levels) == {0, 1, 2})
    if limit is not None and len(complete) > limit:
        complete = sorted(random.Random(f"{seed}-onestop").sample(complete, limit))
    texts = [groups[g][lvl]["text"] for g in complete for lvl in (0, 1, 2)]
    started = time.perf_counter()
    reports = _check_all(checker, texts, "letter", processes)
    elapsed = time.perf_counter() - started
    measures: dict[str, dict[str, Any]] = {
        "clarity": {"higher_is_simpler": True},
        "flesch_kincaid_grade": {"higher_is_simpler": False},
        "flesch_reading_ease": {"higher_is_simpler": True},
    }
    for name, spec in measures.items():
        correct = ties = total = ordered_articles = 0
        for a, group in enumerate(complete):
            del group
            values = []
            for lvl in (0, 1, 2):
                report = reports[3 * a + lvl]
                if name == "clarity":
                    values.append(report.scores.clarity)
                else:
                    values.append(
                        getattr(report.readability, name) if report.readability else float("nan")
                    )
            sign = 1 if spec["higher_is_simpler"] else -1
            article_ok = True
            for simple, hard in LEVEL_PAIRS:
                total += 1
                diff = sign * (values[simple] - values[hard])
                if diff > 0:
                    correct += 1
                else:
                    article_ok = False
                    if diff == 0:
                        ties += 1
            ordered_articles += article_ok
        spec.update(
            {
                "pairs": total,
                "correct": correct,
                "ties": ties,
                "pairwise_accuracy": correct / total if total else None,
                "articles_fully_ordered": ordered_articles / len(complete) if complete else None,
            }
        )
    by_level = {
        lvl: [reports[3 * a + lvl].scores.clarity for a in range(len(complete))]
        for lvl in (0, 1, 2)
    }
    return {
        "articles": len(complete),
        "seconds": round(elapsed, 1),
        "measures": measures,
        "mean_clarity_by_level": {
            name: (sum(v) / len(v) if v else None)
            for name, v in zip(
                ("elementary", "intermediate", "advanced"), by_level.values(), strict=True
            )
        },
    }


# --- output ----------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 3) -> str:
    return "  n/a" if value is None else f"{value:.{digits}f}"


def render(result: dict[str, Any]) -> str:
    lines = [f"tonecheck on external human-labelled data ({result['data_dir']})", ""]
    pol = result.get("politeness")
    if pol:
        lines.append(
            "STANFORD POLITENESS: scores.respect vs human politeness (VADER compound as baseline)"
        )
        lines.append(
            f"  {'domain':<14} {'n':>6} {'quart':>6}  {'rho respect':>11} {'rho VADER':>9}  "
            f"{'AUC respect':>11} {'AUC VADER':>9}  {'respect at mode':>15}"
        )
        for domain, v in pol["domains"].items():
            lines.append(
                f"  {domain:<14} {v['n']:>6} {v['n_quartiles']:>6}  {_fmt(v['respect']['spearman']):>11} "
                f"{_fmt(v['vader']['spearman']):>9}  {_fmt(v['respect']['auc']):>11} {_fmt(v['vader']['auc']):>9}  "
                f"{100 * v['respect']['share_at_mode']:>14.1f}%"
            )
        lines.append(
            "  (rho = Spearman with labels.score; AUC = top vs bottom quartile, labels.binary; "
            "'respect at mode' = share of texts on the most common respect score)"
        )
        lines.append("")
    elif "politeness_skipped" in result:
        lines += [f"STANFORD POLITENESS: skipped ({result['politeness_skipped']})", ""]
    one = result.get("onestop")
    if one:
        lines.append(
            f"ONESTOPENGLISH: pairwise ordering of the 3 levels of {one['articles']} articles "
            f"({3 * one['articles']} pairs per measure)"
        )
        lines.append(
            f"  {'measure':<24} {'correct':>8} {'ties':>5}  {'pairwise acc.':>13} {'all 3 in order':>14}"
        )
        for name, v in one["measures"].items():
            lines.append(
                f"  {name:<24} {v['correct']:>8} {v['ties']:>5}  {100 * (v['pairwise_accuracy'] or 0):>12.1f}% "
                f"{100 * (v['articles_fully_ordered'] or 0):>13.1f}%"
            )
        means = one["mean_clarity_by_level"]
        lines.append("  mean clarity: " + ", ".join(f"{k} {_fmt(v, 1)}" for k, v in means.items()))
    elif "onestop_skipped" in result:
        lines.append(f"ONESTOPENGLISH: skipped ({result['onestop_skipped']})")
    lines.append("")
    lines.append(f"total time {result['seconds']}s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="at most this many texts per politeness domain and this many OneStopEnglish "
        "articles (random sample, fixed seed); default: all",
    )
    parser.add_argument("--seed", type=int, default=13, help="sampling seed (default 13)")
    parser.add_argument("--dataset", choices=("all", "politeness", "onestop"), default="all")
    parser.add_argument(
        "--processes", type=int, default=1, help="worker processes for checking (default 1)"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")

    folder = data_dir()
    if folder is None:
        print(
            "external evaluation data not found (set TONECHECK_SHARED_DATA or provide "
            "../shared/data/external next to the repository); skipping."
        )
        return 0

    started = time.perf_counter()
    checker = _checker()
    result: dict[str, Any] = {"data_dir": str(folder), "limit": args.limit, "seed": args.seed}
    if args.dataset in ("all", "politeness"):
        if (folder / POLITENESS_FILE).is_file():
            result["politeness"] = evaluate_politeness(
                folder, args.limit, args.seed, checker, args.processes
            )
        else:
            result["politeness_skipped"] = f"{POLITENESS_FILE} not in {folder}"
    if args.dataset in ("all", "onestop"):
        if (folder / ONESTOP_FILE).is_file():
            result["onestop"] = evaluate_onestop(
                folder, args.limit, args.seed, checker, args.processes
            )
        else:
            result["onestop_skipped"] = f"{ONESTOP_FILE} not in {folder}"
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=2, sort_keys=True) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
