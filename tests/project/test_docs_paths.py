"""Every repository path the contributor docs name exists, so the docs cannot drift from the tree.

Paths are read from backticked spans (`src/tonecheck/...`, `python bench/run.py --help`), which is
how the docs write every file and command they mean a reader to open or run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ("docs/architecture.md", "CONTRIBUTING.md")
_SPAN = re.compile(r"`([^`\n]+)`")
_PATH = re.compile(r"(?<![\w./-])((?:src|rules|docs|bench|tests)/[\w./-]*)")


def named_paths(markdown: str) -> list[str]:
    """The repository paths inside backticks, without trailing sentence punctuation."""
    found: list[str] = []
    for span in _SPAN.findall(markdown):
        for path in _PATH.findall(span):
            path = path.rstrip(".")
            if path not in found:
                found.append(path)
    return found


def test_named_paths_reads_spans_and_commands() -> None:
    text = "See `src/a/b.py`, run `python bench/run.py --help`; not src/plain.py or `x/src/y`."
    assert named_paths(text) == ["src/a/b.py", "bench/run.py"]


@pytest.mark.parametrize("doc", DOCS)
def test_every_named_path_exists(doc: str) -> None:
    markdown = (ROOT / doc).read_text(encoding="utf-8")
    paths = named_paths(markdown)
    assert paths, f"{doc} names no repository path: the extraction is broken"
    missing = [p for p in paths if not (ROOT / p.rstrip("/")).exists()]
    assert missing == [], f"{doc} names paths that do not exist: {missing}"
