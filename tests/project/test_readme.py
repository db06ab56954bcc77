"""The README's quick start is the path a new user takes: two commands, starting from a
virtual environment (a PEP 668 system Python refuses a bare pip install), the first ending in
a check of a bundled example that really runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tonecheck.cli import main

REPO = Path(__file__).resolve().parents[2]


def _quick_start() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "the quick start has a bash block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_commands_from_a_venv() -> None:
    first, second = _quick_start()
    steps = [step.strip() for step in first.split("&&")]
    assert steps[:3] == ["python -m venv .venv", ". .venv/bin/activate", 'pip install -e ".[dev]"']
    assert steps[3].startswith("tonecheck check examples/")
    assert second == "python -m pytest"


def test_quick_start_check_runs(monkeypatch: object, capsys: object) -> None:
    import os

    first, _ = _quick_start()
    check = shlex.split(first.split("&&")[-1])
    assert check[0] == "tonecheck"
    for word in check[1:]:
        if word.startswith("examples/"):
            assert (REPO / word).is_file(), word
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        assert main(check[1:]) == 0
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "suggested revision" in out
