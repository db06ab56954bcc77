"""bench/head_to_head.py runs two trees side by side (timings are never asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import head_to_head  # noqa: E402

SRC = str(ROOT / "src")


def test_two_trees_are_timed_pass_by_pass() -> None:
    result = head_to_head.compare(SRC, SRC, passes=2, count=3)
    assert set(result) == {"before_us", "after_us", "speedup", "iqr"}
    assert result["before_us"] > 0 and result["after_us"] > 0 and result["speedup"] > 0


def test_a_folder_without_tonecheck_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        head_to_head.main([str(tmp_path), SRC])
    assert "no tonecheck package there" in capsys.readouterr().err
