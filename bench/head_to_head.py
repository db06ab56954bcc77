"""Two versions of tonecheck timed side by side: which one checks faster, per message.

On a shared machine a warm check's time moves by a quarter from one minute to the next, so two
runs of `bench/run.py` cannot resolve a change of a few per cent. This runs two warm processes at
once, one per source tree (say, a worktree of the commit before a change and the one after),
hands both the same fresh corpus for each pass in alternating order, and compares the CPU time
each spends per message, pass by pass: the median of those ratios moves far less than either
time.

Usage:
    git worktree add /tmp/before <commit>
    python bench/head_to_head.py /tmp/before/src src [--passes 40] [--messages 100]

Prints the median µs per message of each side and the median (IQR) of the per-pass ratio
before / after (> 1: the second tree is faster).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Run in each child: import tonecheck from the given tree, warm a Checker, then time one
#: corpus per seed read from stdin (CPU seconds of this process only).
_WORKER = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
from bench.corpus import messages
from tonecheck import Checker
checker = Checker()
for m in messages(50, seed=1):
    checker.check(m["text"], channel=m["channel"])
print("ready", flush=True)
for line in sys.stdin:
    seed, count = (int(x) for x in line.split())
    batch = messages(count, seed=seed)
    started = time.process_time()
    for m in batch:
        checker.check(m["text"], channel=m["channel"])
    print((time.process_time() - started) / len(batch) * 1e6, flush=True)
"""


def _start(tree: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _WORKER, tree, str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if line != "ready":
        raise SystemExit(f"{tree}: the checker did not start (read {line!r})")
    return child


def _time(child: subprocess.Popen[str], seed: int, count: int) -> float:
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(f"{seed} {count}\n")
    child.stdin.flush()
    return float(child.stdout.readline())


def compare(before: str, after: str, passes: int, count: int) -> dict[str, float]:
    children = [_start(before), _start(after)]
    times: list[list[float]] = [[], []]
    try:
        for k in range(passes):
            for side in (0, 1) if k % 2 == 0 else (1, 0):
                times[side].append(_time(children[side], 10_000 + k, count))
    finally:
        for child in children:
            child.kill()
    ratios = [b / a for b, a in zip(times[0], times[1], strict=True)]
    q1, _, q3 = statistics.quantiles(ratios, n=4)
    return {
        "before_us": statistics.median(times[0]),
        "after_us": statistics.median(times[1]),
        "speedup": statistics.median(ratios),
        "iqr": q3 - q1,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("before", help="the first tree's import root (a folder holding tonecheck/)")
    parser.add_argument("after", help="the second tree's import root")
    parser.add_argument("--passes", type=int, default=40)
    parser.add_argument("--messages", type=int, default=100, help="messages per pass")
    args = parser.parse_args(argv)
    for tree in (args.before, args.after):
        if not (Path(tree) / "tonecheck" / "__init__.py").is_file():
            parser.error(f"{tree}: no tonecheck package there (give the folder holding tonecheck/)")
    if args.passes < 2:
        parser.error("--passes must be at least 2")
    result = compare(args.before, args.after, args.passes, args.messages)
    print(
        f"before {result['before_us']:,.0f} µs/msg, after {result['after_us']:,.0f} µs/msg; "
        f"speed-up per pass {result['speedup']:.3f}x (IQR {result['iqr']:.3f}), "
        f"{args.passes} passes of {args.messages} messages"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
