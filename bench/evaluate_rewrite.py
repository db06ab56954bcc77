"""Rewrite-quality invariants per split: the real corpus's dev and held_out splits and our own
corpus (examples/ and the rule examples), with the share of rewrites that pass every invariant.

    python bench/evaluate_rewrite.py [--mode minimal|full] [--split dev|held_out|own] [--show N]

Prints one table: invariant x split pass rates. `--show N` prints N failing rewrites per split
(dev only is for studying; held_out figures are the ones to report).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tonecheck import Checker  # noqa: E402
from tonecheck.config import Config  # noqa: E402
from tonecheck.rewrite.invariants import DROP_TOLERANCE, INVARIANTS, check_revision  # noqa: E402


def real_rows(split: str) -> list[dict[str, Any]]:
    path = ROOT / "tests" / "corpus" / "real" / "messages.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if r["split"] == split]


def own_rows() -> list[dict[str, Any]]:
    """Our own corpus: the bundled examples (examples/*.txt, channel from the file name)."""
    rows = []
    for path in sorted((ROOT / "examples").rglob("*.txt")):
        name = path.stem.lower()
        channel = next((c for c in ("sms", "voice", "letter") if c in name), "email")
        rows.append({"id": path.name, "text": path.read_text(encoding="utf-8"), "channel": channel})
    return rows


def evaluate(
    rows: list[dict[str, Any]],
    checker: Checker,
    mode: str = "minimal",
    tolerance: float | None = None,
) -> list[tuple[dict[str, Any], str, dict[str, bool]]]:
    out = []
    for row in rows:
        text, channel = row["text"], row.get("channel", "email")
        report = checker.check(text, channel=channel)
        revised = report.rewrite(mode=mode)

        def recheck(t: str, ch: str = channel) -> Any:
            return checker.check(t, channel=ch)

        out.append(
            (
                row,
                revised,
                check_revision(
                    text,
                    report,
                    revised,
                    recheck,
                    mode,
                    DROP_TOLERANCE if tolerance is None else tolerance,
                ),
            )
        )
    return out


def rates(results: list[tuple[dict[str, Any], str, dict[str, bool]]]) -> dict[str, float]:
    table: dict[str, float] = {}
    n = max(1, len(results))
    for name in INVARIANTS:
        table[name] = sum(r[name] for _, _, r in results) / n
    table["all"] = sum(all(r.values()) for _, _, r in results) / n
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", default="minimal", choices=["minimal", "full"])
    parser.add_argument("--split", action="append", choices=["dev", "held_out", "own"])
    parser.add_argument("--show", type=int, default=0, help="failing rewrites to print per split")
    parser.add_argument(
        "--strict",
        action="store_true",
        help=f"count any drop of a dimension, not only one of {DROP_TOLERANCE} point or more",
    )
    args = parser.parse_args(argv)
    checker = Checker(Config())
    splits = args.split or ["dev", "held_out", "own"]
    columns: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = defaultdict(int)
    for split in splits:
        rows = own_rows() if split == "own" else real_rows(split)
        results = evaluate(rows, checker, args.mode, 0.0 if args.strict else None)
        counts[split] = len(results)
        columns[split] = rates(results)
        shown = 0
        for row, revised, res in results:
            if shown >= args.show or all(res.values()):
                continue
            shown += 1
            failed = ", ".join(k for k, v in res.items() if not v)
            print(f"--- {split} {row['id']} failed: {failed}\n{row['text']}\n=>\n{revised}\n")
    header = f"{'invariant':24}" + "".join(f"{s + f' ({counts[s]})':>16}" for s in splits)
    print(f"mode: {args.mode}")
    print(header)
    for name in [*INVARIANTS, "all"]:
        print(f"{name:24}" + "".join(f"{columns[s][name]:16.1%}" for s in splits))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
