"""tonecheck's benchmark suite: one command, one table, every figure against a baseline measured
in the same run.

    python bench/run.py            # the full table (about 10 minutes on 2 cores)
    python bench/run.py --quick    # fewer messages and repeats (about 3 minutes)
    python bench/run.py --smoke    # a few seconds: only proves the suite runs (CI)
    python bench/run.py --full     # also streams 200,000 messages for the memory figure

These machines are noisy, so no figure stands alone: each subject is timed in passes interleaved
with its baseline (subject, baseline, baseline, subject, ...) and the table shows the median and
interquartile range (IQR) of each, and the median (IQR) of the per-pass ratios.
See docs/performance.md for what each figure means and the latest results.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import (  # noqa: E402
    LENGTH_SWEEP,
    generated_rules_pack,
    messages,
    text_of_length,
)

# -- statistics ------------------------------------------------------------------------------


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """(q1, median, q3); with fewer than 4 values the IQR is the full range."""
    data = sorted(values)
    if not data:
        return (math.nan, math.nan, math.nan)
    if len(data) < 4:
        return (data[0], statistics.median(data), data[-1])
    q1, q2, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return (q1, q2, q3)


@dataclass
class Figure:
    """One measured quantity: its samples, and optionally the baseline's and the ratios."""

    section: str
    name: str
    unit: str
    samples: list[float]
    baseline_name: str = ""
    baseline: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    ratio_label: str = "x baseline"
    target: str = ""
    ok: bool | None = None
    note: str = ""

    def median(self) -> float:
        return quartiles(self.samples)[1]

    def ratio(self) -> float:
        return quartiles(self.ratios)[1] if self.ratios else math.nan

    def as_dict(self) -> dict[str, Any]:
        q1, q2, q3 = quartiles(self.samples)
        out: dict[str, Any] = {
            "section": self.section,
            "name": self.name,
            "unit": self.unit,
            "median": q2,
            "q1": q1,
            "q3": q3,
            "n": len(self.samples),
            "target": self.target,
            "ok": self.ok,
            "note": self.note,
        }
        if self.baseline:
            b1, b2, b3 = quartiles(self.baseline)
            out.update(
                baseline_name=self.baseline_name, baseline_median=b2, baseline_q1=b1, baseline_q3=b3
            )
        if self.ratios:
            r1, r2, r3 = quartiles(self.ratios)
            out.update(ratio=r2, ratio_q1=r1, ratio_q3=r3, ratio_label=self.ratio_label)
        return out


def _fmt(value: float, unit: str) -> str:
    if math.isnan(value):
        return "n/a"
    if unit == "s":
        return f"{value:.3f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _cell(values: Sequence[float], unit: str) -> str:
    if not values:
        return ""
    q1, q2, q3 = quartiles(values)
    return f"{_fmt(q2, unit)} ({_fmt(q3 - q1, unit)})"


def render(figures: Sequence[Figure]) -> str:
    """A Markdown table: median (IQR) of the subject, of its baseline, and of the ratios."""
    header = (
        "| # | figure | unit | median (IQR) | baseline: median (IQR) | ratio: median (IQR) "
        "| target | met |"
    )
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    for f in figures:
        base = f"{f.baseline_name}: {_cell(f.baseline, f.unit)}" if f.baseline else ""
        ratio = f"{_cell(f.ratios, 'x')} {f.ratio_label}" if f.ratios else ""
        met = "" if f.ok is None else ("yes" if f.ok else "**no**")
        name = f.name + (f" — {f.note}" if f.note else "")
        lines.append(
            f"| {f.section} | {name} | {f.unit} | {_cell(f.samples, f.unit)} | {base} | "
            f"{ratio} | {f.target} | {met} |"
        )
    return "\n".join(lines)


# -- timing ----------------------------------------------------------------------------------


def clear_textstat_caches() -> None:
    """textstat memoises every metric per text; clear them so no pass profits from another."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("textstat"):
            continue
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def time_pass(fn: Callable[[Any], Any], items: Sequence[Any]) -> float:
    """Microseconds per item for one pass of `fn` over `items`."""
    clear_textstat_caches()
    gc.collect()
    start = time.perf_counter()
    for item in items:
        fn(item)
    return (time.perf_counter() - start) / len(items) * 1e6


def paired(
    subject: Callable[[Any], Any],
    baseline: Callable[[Any], Any],
    corpora: Sequence[Sequence[Any]],
) -> tuple[list[float], list[float], list[float]]:
    """Time subject and baseline on each corpus (alternating which goes first); returns
    (subject µs/item, baseline µs/item, subject/baseline ratios), one value per corpus."""
    subj: list[float] = []
    base: list[float] = []
    ratios: list[float] = []
    for i, items in enumerate(corpora):
        if i % 2 == 0:
            s = time_pass(subject, items)
            b = time_pass(baseline, items)
        else:
            b = time_pass(baseline, items)
            s = time_pass(subject, items)
        subj.append(s)
        base.append(b)
        ratios.append(s / b)
    return subj, base, ratios


# -- the floor and the subjects ------------------------------------------------------------


class Floor:
    """The irreducible work of a tone check, done with the dependencies directly: spaCy's blank
    English tokenizer + sentencizer, VADER on every sentence, textstat FRE and FKGL."""

    def __init__(self) -> None:
        import spacy
        import textstat
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        from tonecheck.text.syllables import configure_textstat

        configure_textstat()  # the same syllable source as tonecheck, so the floor is like-for-like
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.vader = SentimentIntensityAnalyzer()
        self.textstat = textstat

    def __call__(self, item: dict[str, Any] | str) -> None:
        text = item if isinstance(item, str) else item["text"]
        doc = self.nlp(text)
        for sent in doc.sents:
            self.vader.polarity_scores(sent.text)
        self.textstat.flesch_reading_ease(text)
        self.textstat.flesch_kincaid_grade(text)


def make_checker(**config: Any) -> Any:
    from tonecheck.config import Config
    from tonecheck.engine.checker import Checker

    return Checker(Config(**config))


def check_fn(checker: Any) -> Callable[[Any], Any]:
    def run(item: dict[str, Any] | str) -> Any:
        if isinstance(item, str):
            return checker.check(item)
        return checker.check(item["text"], channel=item["channel"])

    return run


def proselint_fn() -> Callable[[Any], Any] | None:
    """proselint's full lint (every check its default configuration enables), or None."""
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)

    def run(item: dict[str, Any] | str) -> Any:
        text = item if isinstance(item, str) else item["text"]
        return LintFile("<bench>", text).lint(DEFAULT)

    return run


# -- sections --------------------------------------------------------------------------------


@dataclass
class Plan:
    name: str
    messages: int  # per pass
    repeats: int  # passes
    proselint: bool = True
    parallel_messages: int = 3000
    parallel_repeats: int = 3
    rss_small: int = 10_000
    rss_large: int = 0  # 0: skip
    cold_repeats: int = 7
    lengths: Sequence[int] = LENGTH_SWEEP
    length_repeats: int = 5
    rule_counts: Sequence[int] = (250, 500, 1_000, 2_500)
    rule_messages: int = 150
    rule_repeats: int = 5
    warmup: int = 50


PLANS = {
    "default": Plan("default", messages=200, repeats=7, parallel_messages=800),
    "quick": Plan(
        "quick",
        messages=100,
        repeats=5,
        parallel_messages=400,
        parallel_repeats=3,
        rss_small=2_000,
        cold_repeats=5,
        length_repeats=3,
        rule_counts=(250, 2_500),
        rule_messages=100,
        rule_repeats=3,
    ),
    "smoke": Plan(
        "smoke",
        messages=3,
        repeats=2,
        proselint=False,
        parallel_messages=8,
        parallel_repeats=1,
        rss_small=20,
        cold_repeats=1,
        lengths=(10, 300, 1_000, 2_000),
        length_repeats=1,
        rule_counts=(250,),
        rule_messages=2,
        rule_repeats=1,
        warmup=2,
    ),
}


def corpora(plan: Plan, seed: int = 100) -> list[list[dict[str, Any]]]:
    """A fresh corpus per pass, so no per-text cache carries a pass (template sentences still
    repeat across messages, as they do in real traffic)."""
    return [messages(plan.messages, seed=seed + r) for r in range(plan.repeats)]


def section_floor(
    plan: Plan, checker: Any, floor: Floor, log: Callable[[str], None]
) -> list[Figure]:
    log("1. warm Checker.check vs the floor")
    subj, base, ratios = paired(check_fn(checker), floor, corpora(plan))
    return [
        Figure(
            "1",
            "Checker.check (warm), per message",
            "µs",
            subj,
            "floor",
            base,
            ratios,
            target="≤ 1.5x",
            ok=quartiles(ratios)[1] <= 1.5,
        )
    ]


def section_proselint(plan: Plan, checker: Any, log: Callable[[str], None]) -> list[Figure]:
    lint = proselint_fn() if plan.proselint else None
    if lint is None:
        return [
            Figure(
                "2",
                "proselint full lint",
                "µs",
                [],
                note="proselint not installed: pip install -r bench/requirements.txt",
                target="≥ 2x faster",
            )
        ]
    log("2. proselint vs Checker.check")
    subj, base, ratios = paired(lint, check_fn(checker), corpora(plan, seed=300))
    return [
        Figure(
            "2",
            "proselint full lint, per message",
            "µs",
            subj,
            "check",
            base,
            ratios,
            ratio_label="x check (= check's speed-up)",
            target="≥ 2x",
            ok=quartiles(ratios)[1] >= 2.0,
        )
    ]


def _drain(reports: Iterable[Any]) -> int:
    count = 0
    for _ in reports:
        count += 1
    return count


def _cpu_seconds() -> float:
    """CPU time of this process plus its finished (joined) children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def section_parallel(plan: Plan, checker: Any, log: Callable[[str], None]) -> list[Figure]:
    """Throughput of check_many with 2 processes against 1, pool start-up included.

    On a machine shared with other work the wall-clock speed-up understates what two free
    cores give, so the CPU cost is measured too: efficiency = CPU seconds of the 1-process run /
    CPU seconds of the 2-process run (parent + workers); 2 x efficiency is the speed-up two
    otherwise idle cores would give."""
    log("3. check_many: 2 processes vs 1")

    one: list[float] = []
    two: list[float] = []
    speedups: list[float] = []
    efficiency: list[float] = []
    for r in range(plan.parallel_repeats):
        batch = messages(plan.parallel_messages, seed=500 + r)
        runs = ["one", "two"] if r % 2 == 0 else ["two", "one"]
        rate: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for name in runs:
            clear_textstat_caches()
            gc.collect()
            cpu_start = _cpu_seconds()
            start = time.perf_counter()
            # the pool's workers fork from this process and use this Checker
            done = _drain(checker.check_many(batch, n_process=1 if name == "one" else 2))
            elapsed = time.perf_counter() - start
            cpu[name] = _cpu_seconds() - cpu_start
            assert done == len(batch)
            rate[name] = len(batch) / elapsed
        one.append(rate["one"])
        two.append(rate["two"])
        speedups.append(rate["two"] / rate["one"])
        efficiency.append(cpu["one"] / cpu["two"])
    eff = quartiles(efficiency)[1]
    return [
        Figure(
            "3",
            f"check_many n_process=2, {plan.parallel_messages:,} messages (pool start "
            "included), wall clock",
            "msg/s",
            two,
            "1 process",
            one,
            speedups,
            ratio_label="x 1 process",
            target="≥ 1.85x",
            ok=quartiles(speedups)[1] >= 1.85,
            note=f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        ),
        Figure(
            "3",
            "check_many n_process=2: CPU efficiency (1-process CPU / 2-process CPU)",
            "",
            efficiency,
            ratio_label="",
            target="≥ 0.925 (= 1.85x on 2 idle cores)",
            ok=eff >= 0.925,
            note=f"speed-up on 2 idle cores ≈ {2 * eff:.2f}x",
        ),
    ]


RSS_SNIPPET = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from bench.corpus import stream
from tonecheck.engine.checker import Checker
from tonecheck.config import Config
n, n_process = {n}, {n_process}
checker = Checker(Config())
after_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
done = 0
for report in checker.check_many(stream(n, seed=900), n_process=n_process, chunk_size=64):
    done += 1
elapsed = time.perf_counter() - start
print(json.dumps({{
    "n": done, "seconds": elapsed, "after_build_mib": after_build,
    "self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}}))
"""


def peak_rss(n: int, n_process: int, env: dict[str, str]) -> dict[str, float]:
    """Peak RSS of a fresh process streaming `n` messages through check_many (ru_maxrss)."""
    code = RSS_SNIPPET.format(root=str(ROOT), n=n, n_process=n_process)
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
    )
    if out.returncode:
        raise RuntimeError(f"the memory run ({n:,} messages) failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def section_memory(plan: Plan, env: dict[str, str], log: Callable[[str], None]) -> list[Figure]:
    figures = []
    sizes = [plan.rss_small] + ([plan.rss_large] if plan.rss_large else [])
    results: dict[int, dict[str, float]] = {}
    for n in sizes:
        log(f"3. peak RSS, {n:,} messages streamed through check_many (2 processes)")
        results[n] = peak_rss(n, 2, env)
    small = results[plan.rss_small]
    figures.append(
        Figure(
            "3",
            f"peak RSS, {plan.rss_small:,} messages: parent (worker)",
            "MiB",
            [small["self_mib"]],
            note=f"worker {small['children_mib']:.0f} MiB; "
            f"{small['n'] / small['seconds']:,.0f} msg/s",
        )
    )
    if plan.rss_large:
        large = results[plan.rss_large]
        growth = large["self_mib"] / small["self_mib"]
        child_growth = large["children_mib"] / max(small["children_mib"], 1.0)
        figures.append(
            Figure(
                "3",
                f"peak RSS, {plan.rss_large:,} messages: parent (worker)",
                "MiB",
                [large["self_mib"]],
                f"{plan.rss_small:,} msgs",
                [small["self_mib"]],
                [growth],
                ratio_label=f"x (worker {child_growth:.2f}x)",
                target="flat (≤ 1.1x)",
                ok=growth <= 1.1 and child_growth <= 1.1,
                note=f"worker {large['children_mib']:.0f} MiB; {large['n'] / large['seconds']:,.0f} msg/s",
            )
        )
    return figures


def _cli_available() -> bool:
    return importlib.util.find_spec("tonecheck.cli") is not None


#: The hook answered by a warm daemon (started before the timed runs).
HOOK_WARM = "tonecheck hook one.eml (warm daemon)"


def cold_commands(folder: Path) -> dict[str, list[str]]:
    one = folder / "one.txt"
    one.write_text(messages(1, seed=42)[0]["text"], encoding="utf-8")
    python = sys.executable
    commands = {"spacy.blank('en')": [python, "-c", "import spacy; spacy.blank('en')"]}
    # the console script installed for this interpreter, not whatever `tonecheck` is first on
    # PATH: a version manager's shim there (pyenv's is a bash script) would be timed too
    beside = Path(sys.executable).parent / "tonecheck"
    script = str(beside) if beside.exists() else shutil.which("tonecheck")
    if _cli_available():
        base = [script] if script else [python, "-m", "tonecheck.cli"]
        commands["tonecheck --help"] = [*base, "--help"]
        commands["tonecheck check one.txt"] = [*base, "check", "--no-daemon", str(one)]
        mail = folder / "one.eml"
        mail.write_text(
            "From: billing@acme.example\nTo: pat@example.com\nSubject: Balance\n\n"
            + one.read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        commands["tonecheck hook one.eml --no-daemon"] = [*base, "hook", "--no-daemon", str(mail)]
        commands[HOOK_WARM] = [*base, "hook", str(mail)]
    else:
        commands["tonecheck.check(one.txt)"] = [
            python,
            "-c",
            f"import tonecheck; tonecheck.check(open({str(one)!r}).read())",
        ]
    return commands


def _run_timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - start
    # `tonecheck check` exits non-zero when the message fails the check: that is a result, not
    # a crash; a traceback is.
    if b"Traceback" in result.stderr:
        raise RuntimeError(f"{command} failed:\n{result.stderr.decode(errors='replace')}")
    return elapsed


def section_cold(plan: Plan, env: dict[str, str], log: Callable[[str], None]) -> list[Figure]:
    log("4. cold start")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        commands = cold_commands(folder)
        names = list(commands)
        # the very first run on a machine builds the caches: measure it once, apart
        first_env = {**env, "TONECHECK_CACHE_DIR": str(folder / "fresh-cache")}
        check_name = next(n for n in names if n.startswith("tonecheck check"))
        first_run = _run_timed(commands[check_name], first_env, folder)
        # every command but the warm hook checks in process; that one gets its own daemon
        plain = {**env, "TONECHECK_NO_DAEMON": "1"}
        warm = {k: v for k, v in env.items() if k != "TONECHECK_NO_DAEMON"}
        warm["TONECHECK_DAEMON_DIR"] = str(folder / "daemon")
        envs = {name: warm if name == HOOK_WARM else plain for name in names}
        if HOOK_WARM in commands:
            start = [*commands[HOOK_WARM][:-2], "daemon", "start"]
            subprocess.run(start, env=warm, cwd=folder, capture_output=True, timeout=300)
        times: dict[str, list[float]] = {name: [] for name in names}
        try:
            for name in names:  # warm the OS file cache and tonecheck's own caches
                _run_timed(commands[name], envs[name], folder)
            for r in range(plan.cold_repeats):
                order = names if r % 2 == 0 else list(reversed(names))
                for name in order:
                    times[name].append(_run_timed(commands[name], envs[name], folder))
        finally:
            if HOOK_WARM in commands:
                stop = [*commands[HOOK_WARM][:-2], "daemon", "stop"]
                subprocess.run(stop, env=warm, cwd=folder, capture_output=True, timeout=60)
    base_name = names[0]
    base = times[base_name]
    figures = [Figure("4", f'python -c "import spacy; {base_name}"', "s", base)]
    for name in names[1:]:
        ratios = [t / b for t, b in zip(times[name], base, strict=True)]
        if name == "tonecheck --help":
            figures.append(
                Figure(
                    "4",
                    name,
                    "s",
                    times[name],
                    base_name,
                    base,
                    ratios,
                    target="< 0.3 s",
                    ok=quartiles(times[name])[1] < 0.3,
                )
            )
        elif name == HOOK_WARM:
            figures.append(
                Figure(
                    "4",
                    f"{name}, after the first",
                    "s",
                    times[name],
                    base_name,
                    base,
                    ratios,
                    target="≤ 0.25x",
                    ok=quartiles(ratios)[1] <= 0.25,
                )
            )
        else:
            figures.append(
                Figure(
                    "4",
                    f"{name} (fresh process)",
                    "s",
                    times[name],
                    base_name,
                    base,
                    ratios,
                    target="≤ 1.5x",
                    ok=quartiles(ratios)[1] <= 1.5,
                )
            )
    figures.append(
        Figure("4", f"{check_name}, first run ever (builds caches)", "s", [first_run], note="once")
    )
    return figures


def _loglog_slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum(
        (a - mx) ** 2 for a in lx
    )


def section_length(
    plan: Plan, checker: Any, floor: Floor, log: Callable[[str], None]
) -> list[Figure]:
    log("5. cost vs message length")
    run = check_fn(checker)
    figures = []
    medians: dict[int, float] = {}
    for length in plan.lengths:
        # several texts per length so short ones are timed over enough work, different per pass
        per_pass = max(1, min(50, 20_000 // length))
        passes = [
            [text_of_length(length, seed=1000 * r + i) for i in range(per_pass)]
            for r in range(plan.length_repeats)
        ]
        subj, base, ratios = paired(run, floor, passes)
        medians[length] = quartiles(subj)[1]
        figures.append(
            Figure(
                "5",
                f"check, {length:,} characters",
                "µs",
                subj,
                "floor",
                base,
                ratios,
                note=f"{quartiles(subj)[1] / length * 1000:,.0f} µs per 1k chars",
            )
        )
    long = [n for n in plan.lengths if n >= 1_000]
    if len(long) >= 2:
        slope = _loglog_slope(long, [medians[n] for n in long])
        figures.append(
            Figure(
                "5",
                f"growth exponent of time vs length ({long[0]:,}–{long[-1]:,} chars, log-log fit)",
                "",
                [slope],
                target="≈ 1 (linear)",
                ok=0.8 <= slope <= 1.2,
            )
        )
    return figures


def section_rules(plan: Plan, floor: Floor, log: Callable[[str], None]) -> list[Figure]:
    """Cost against rule count: the bundled core pack plus N generated phrase rules."""
    figures = []
    batches = [messages(plan.rule_messages, seed=700 + r) for r in range(plan.rule_repeats)]
    first: float | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for count in plan.rule_counts:
            log(f"5. cost vs rule count: core + {count:,} generated rules")
            folder = Path(tmp) / f"n{count}"
            pack = generated_rules_pack(str(folder), count)
            start = time.perf_counter()
            checker = make_checker(rule_dirs=[folder], packs=["core", pack])
            build = time.perf_counter() - start
            run = check_fn(checker)
            for item in batches[0][: min(10, plan.warmup)]:
                run(item)
            subj, base, ratios = paired(run, floor, batches)
            if first is None:
                first = quartiles(subj)[1]
            figures.append(
                Figure(
                    "5",
                    f"check with core + {count:,} generated = {checker.rule_count:,} rules",
                    "µs",
                    subj,
                    "floor",
                    base,
                    ratios,
                    note=f"{quartiles(subj)[1] / first:.2f}x the first row's time; Checker built in {build:.1f} s",
                )
            )
    return figures


# -- main -------------------------------------------------------------------------------------


def machine() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return (
        f"{time.strftime('%Y-%m-%d %H:%M')} · commit {commit} · Python {platform.python_version()} · "
        f"{os.cpu_count()} cores · {platform.machine()}"
    )


SECTIONS = ("floor", "proselint", "parallel", "memory", "cold", "length", "rules")


def run(
    plan: Plan, only: Sequence[str] = SECTIONS, log: Callable[[str], None] | None = None
) -> list[Figure]:
    """Run the selected sections of `plan`; returns the figures (the table's rows)."""
    say = log or (lambda message: print(message, file=sys.stderr, flush=True))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # the checkout's own code (src/), not whichever tonecheck is installed
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    figures: list[Figure] = []
    needs_checker = {"floor", "proselint", "parallel", "length"} & set(only)
    checker = make_checker() if needs_checker else None
    floor = Floor() if {"floor", "length", "rules"} & set(only) else None
    if checker is not None:
        for item in messages(
            plan.warmup, seed=1
        ):  # warm-up: lazy imports, caches of template sentences
            check_fn(checker)(item)
    if "floor" in only:
        figures += section_floor(plan, checker, floor, say)  # type: ignore[arg-type]
    if "proselint" in only:
        figures += section_proselint(plan, checker, say)
    if "parallel" in only:
        figures += section_parallel(plan, checker, say)
    if "memory" in only:
        figures += section_memory(plan, env, say)
    if "cold" in only:
        figures += section_cold(plan, env, say)
    if "length" in only:
        figures += section_length(plan, checker, floor, say)  # type: ignore[arg-type]
    if "rules" in only:
        figures += section_rules(plan, floor, say)  # type: ignore[arg-type]
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="fewer messages and repeats")
    size.add_argument("--smoke", action="store_true", help="a few seconds; proves the suite runs")
    parser.add_argument("--full", action="store_true", help="also stream 200,000 messages (memory)")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections (default: all of {','.join(SECTIONS)})",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    plan = PLANS["smoke" if args.smoke else "quick" if args.quick else "default"]
    if args.full:
        plan.rss_large = 200_000
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    started = time.perf_counter()
    figures = run(plan, only)
    print(
        f"tonecheck benchmarks ({plan.name}) · {machine()} · {time.perf_counter() - started:.0f} s"
    )
    print()
    print(render(figures))
    if args.json:
        with contextlib.suppress(OSError), open(args.json, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "machine": machine(),
                    "plan": plan.name,
                    "figures": [f.as_dict() for f in figures],
                },
                handle,
                indent=2,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
