"""Memory stays flat: auditing ten times more messages does not need much more memory.

Peak RSS of the audit process (one worker, so everything runs in the measured process) for
2,000 and 20,000 short messages, into SQLite with the HTML report. Short messages keep the test
under a minute; what grows with input size is the pipeline, not the length of each message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

MEASURE = """
import resource, sys
from tonecheck.audit.__main__ import main
code = main(sys.argv[1:])
print("PEAK_KIB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
"""

PHRASES = [
    "Please pay {n} pounds by 3 May.",
    "We can set up a plan for you, {n}.",
    "PAY NOW OR ELSE {n}!!!",
    "Thank you for your payment of {n}.",
    "Call 0800 123 {n:04d} to talk to us.",
    "We will have you arrested, {n}.",
]


def _write(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            text = PHRASES[n % len(PHRASES)].format(n=n)
            handle.write(
                json.dumps(
                    {
                        "id": f"m{n}",
                        "text": text,
                        "agent": f"agent {n % 40}",
                        "date": f"20{20 + n % 6}-{1 + n % 12:02d}-01",
                    }
                )
                + "\n"
            )


def _peak_mib(tmp_path: Path, count: int) -> float:
    source = tmp_path / f"m{count}.jsonl"
    _write(source, count)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE,
            source.name,
            "--out",
            f"m{count}.db",
            "--workers",
            "1",
            "--report",
            f"m{count}.html",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert f"audited {count:,} messages" in result.stdout
    peak = next(line for line in result.stdout.splitlines() if line.startswith("PEAK_KIB"))
    return int(peak.split()[1]) / 1024


def test_peak_memory_does_not_grow_with_input_size(tmp_path: Path) -> None:
    small = _peak_mib(tmp_path, 2_000)
    large = _peak_mib(tmp_path, 20_000)
    print(
        f"peak RSS: 2,000 messages {small:.0f} MiB, 20,000 messages {large:.0f} MiB "
        f"(ratio {large / small:.2f})"
    )
    assert large / small < 1.25, (small, large)
