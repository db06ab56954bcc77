"""Example outputs in the docs, produced by running the command they show.

A hand-copied example drifts the first time a rule or a weight changes (``docs/cli.md`` once
showed 55/70/55/65/60 where the real output was 0/50/0/38/22). So a Markdown file marks each
example with the command that makes it::

    <!-- docgen: tonecheck check examples/final-notice-letter.txt -->
    ```
    (output, written by python -m tonecheck.rulebook.docgen)
    ```

``python -m tonecheck.rulebook.docgen`` runs each command in-process from the repository root (no colour,
no config from the environment) and rewrites the block; ``tests/project/test_docs_sync.py`` fails when a
committed block differs from what the command prints now.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
_BLOCK = re.compile(
    r"(?P<head><!-- docgen: (?P<command>tonecheck [^\n]*?) -->\n```[a-z]*\n)(?P<body>.*?)(?P<tail>```\n)",
    re.DOTALL,
)


def run_example(command: str) -> str:
    """What ``command`` (``tonecheck ...``) prints on stdout, run from the repository root."""
    from ..cli import main

    argv = shlex.split(command)[1:]
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("TONECHECK_")}
    saved_color = os.environ.get("NO_COLOR")
    os.environ["NO_COLOR"] = "1"
    out = io.StringIO()
    try:
        with contextlib.chdir(ROOT), contextlib.redirect_stdout(out):
            main(argv)
    finally:
        os.environ.update(saved)
        if saved_color is None:
            os.environ.pop("NO_COLOR", None)
        else:
            os.environ["NO_COLOR"] = saved_color
    return out.getvalue()


def refresh(text: str) -> str:
    """``text`` with every marked example block replaced by its command's current output."""
    return _BLOCK.sub(
        lambda m: m.group("head") + run_example(m.group("command")) + m.group("tail"), text
    )


def marked_files() -> list[Path]:
    """The README and docs pages that hold at least one marked example."""
    candidates = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [p for p in candidates if p.is_file() and "<!-- docgen: " in p.read_text("utf-8")]


__all__ = ["marked_files", "refresh", "run_example"]
