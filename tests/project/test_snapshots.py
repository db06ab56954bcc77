"""Every report tonecheck gives on its own corpus, the bundled examples and the rule examples
matches the recorded fingerprints in ``tests/snapshots/reports.jsonl``.

A change that means to keep behaviour must pass this unchanged; a change that means to alter
verdicts re-records the file (``python bench/snapshot_reports.py --write``) and the diff of that
file shows, report by report, what moved."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "snapshot_reports", ROOT / "bench/snapshot_reports.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["snapshot_reports"] = module
    spec.loader.exec_module(module)
    return module


def test_reports_match_the_recorded_snapshot() -> None:
    tool = _tool()
    diff = tool.differences(tool.read_snapshot(), tool.snapshot())
    assert not diff, "reports changed:\n" + "\n".join(diff[:40])


def test_differences_names_a_changed_report() -> None:
    tool = _tool()
    old = [{"id": "a", "report": "1", "rewrite": "x", "scores": {"respect": 80}}]
    new = [{"id": "a", "report": "2", "rewrite": "x", "scores": {"respect": 70}}]
    assert tool.differences(old, new) == ["changed report: a {'respect': '80→70'}"]
    assert tool.differences(old, []) == ["missing now: a"]
