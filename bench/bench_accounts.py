"""Account-audit benchmark: detection, flat memory, and kill -9 resume (issue 15's "done when").

    python bench/bench_accounts.py                 # 10,000 accounts; memory 10k -> 200k
    python bench/bench_accounts.py --large 50000   # a quicker memory figure
    python bench/bench_accounts.py --smoke         # tiny sizes, for the test suite

1. Detection: on generated histories with planted violations of each rule, every planted one is
   found and nothing is reported on an account where none was planted.
2. Memory: peak RSS of a fresh process auditing N accounts, at the small size and the large one
   (histories live in SQLite, so the ratio should stay near 1; target <= 1.2x).
3. Resume: an audit killed with SIGKILL (once while ingesting, once while judging), then run again
   to the end, writes exactly the findings of an uninterrupted audit.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker(db: str, accounts: int, seed: int) -> None:
    """Audit generated accounts into ``db`` (resuming what is there); print peak memory."""
    from tonecheck.accounts import HistoryStore, ruleset
    from tonecheck.accounts.generator import generate

    rules = ruleset()
    started = time.monotonic()
    with HistoryStore(db) as store:
        # Small runs commit often too, so the resume figure can kill them in the middle.
        store.ingest(generate(accounts, seed=seed), batch=min(2000, max(200, accounts // 5)))
        ingested = time.monotonic()
        store.evaluate(rules, page=min(200, max(10, accounts // 50)))
        counts = store.counts()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "peak_kib": peak,
                "counts": counts,
                "ingest_s": round(ingested - started, 2),
                "judge_s": round(time.monotonic() - ingested, 2),
            }
        )
    )


def _run(db: Path, accounts: int, seed: int) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(db), str(accounts), str(seed)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def detection(folder: Path, accounts: int, seed: int) -> tuple[bool, str]:
    from tonecheck.accounts import HistoryStore
    from tonecheck.accounts.generator import account_name, planted

    db = folder / "detect.sqlite"
    figures = _run(db, accounts, seed)
    found: dict[str, set[str]] = collections.defaultdict(set)
    with HistoryStore(db) as store:
        for finding in store.findings():
            found[finding.account].add(finding.rule)
    per_rule: collections.Counter[str] = collections.Counter()
    missed: collections.Counter[str] = collections.Counter()
    false: collections.Counter[str] = collections.Counter()
    for index in range(accounts):
        rule = planted(index, seed)
        got = found.pop(account_name(index), set())
        if rule:
            per_rule[rule] += 1
            if rule not in got:
                missed[rule] += 1
        for other in got - {rule}:
            false[other] += 1
    for rules in found.values():  # accounts the generator never made
        for rule in rules:
            false[rule] += 1
    lines = [
        f"detection on {accounts:,} accounts ({figures['ingest_s']}s ingest, "
        f"{figures['judge_s']}s judging):",
        "| rule | planted | found | missed | false positives |",
        "|---|---|---|---|---|",
    ]
    for rule in sorted(set(per_rule) | set(false)):
        lines.append(
            f"| {rule} | {per_rule[rule]} | {per_rule[rule] - missed[rule]} | {missed[rule]} "
            f"| {false[rule]} |"
        )
    ok = not missed and not false and len(per_rule) >= 10
    lines.append(f"all planted found: {not missed}; false positives: {sum(false.values())}")
    return ok, "\n".join(lines)


def memory(
    folder: Path, small: int, large: int, seed: int, target: float = 1.2
) -> tuple[bool, str]:
    a = _run(folder / "small.sqlite", small, seed)
    b = _run(folder / "large.sqlite", large, seed)
    ratio = int(b["peak_kib"]) / int(a["peak_kib"])  # type: ignore[call-overload]
    text = (
        f"memory: peak RSS {int(a['peak_kib']) / 1024:.1f} MiB at {small:,} accounts, "  # type: ignore[call-overload]
        f"{int(b['peak_kib']) / 1024:.1f} MiB at {large:,} accounts: ratio {ratio:.3f}x "  # type: ignore[call-overload]
        f"(target <= {target}x; large run {b['ingest_s']}s ingest, {b['judge_s']}s judging)"
    )
    return ratio <= target, text


def _kill_when(db: Path, accounts: int, seed: int, ready: str) -> None:
    """Start a worker and SIGKILL it once the history file shows ``ready`` progress."""
    import sqlite3

    process = subprocess.Popen(
        [sys.executable, __file__, "--worker", str(db), str(accounts), str(seed)],
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    try:
        while process.poll() is None:
            time.sleep(0.05)
            if not db.exists():
                continue
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as con:
                    row = con.execute("SELECT value FROM meta WHERE key = ?", (ready,)).fetchone()
            except sqlite3.Error:
                continue
            if row is not None:
                process.send_signal(signal.SIGKILL)
                break
    finally:
        process.wait()
    if process.returncode != -signal.SIGKILL:
        raise RuntimeError(f"the worker ended before it could be killed ({process.returncode})")


def resume(folder: Path, accounts: int, seed: int) -> tuple[bool, str]:
    from tonecheck.accounts import HistoryStore
    from tonecheck.accounts.history import dump_findings

    whole, killed = folder / "whole.sqlite", folder / "killed.sqlite"
    _run(whole, accounts, seed)
    _kill_when(killed, accounts, seed, "ingested")
    with HistoryStore(killed) as store:
        at_ingest = store.ingested
    _kill_when(killed, accounts, seed, "judged_through")
    with HistoryStore(killed) as store:
        at_judge = store._meta("judged_through")
    _run(killed, accounts, seed)
    with HistoryStore(whole) as a, HistoryStore(killed) as b:
        expected, got = dump_findings(a), dump_findings(b)
    same = expected == got and expected.count("\n") > 0
    return same, (
        f"resume: killed with SIGKILL after {at_ingest:,} records ingested, then again after "
        f"judging through {at_judge}; resumed findings equal uninterrupted: {same} "
        f"({expected.count(chr(10)):,} findings)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (seconds)")
    parser.add_argument("--only", default="detection,memory,resume")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], int(args.worker[1]), int(args.worker[2]))
        return 0
    if args.smoke:
        args.accounts, args.large = 600, 1200
    sys.path.insert(0, str(ROOT / "src"))
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-accounts-") as tmp:
        folder = Path(tmp)
        wanted = set(args.only.split(","))
        if "detection" in wanted:
            passed, text = detection(folder, args.accounts, args.seed)
            ok &= passed
            print(text, flush=True)
        if "memory" in wanted:
            # Tiny histories still warm SQLite's page cache up, so the smoke run allows more.
            target = 1.5 if args.smoke else 1.2
            passed, text = memory(folder, args.accounts, args.large, args.seed, target)
            ok &= passed
            print(text, flush=True)
        if "resume" in wanted:
            passed, text = resume(folder, args.accounts, args.seed)
            ok &= passed
            print(text, flush=True)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
