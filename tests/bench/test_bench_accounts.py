"""The account benchmark runs end to end on tiny sizes (figures live in docs/accounts.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import bench_accounts  # noqa: E402


@pytest.mark.slow
def test_smoke_run_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_accounts.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    assert "all planted found: True; false positives: 0" in out
    assert "resumed findings equal uninterrupted: True" in out
    assert "ratio" in out and out.rstrip().endswith("PASS")
