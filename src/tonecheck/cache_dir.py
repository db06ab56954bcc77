"""The folder where tonecheck keeps files it can rebuild: the syllable table, parsed rule packs.

Everything here is an optimisation for the next cold start, so nothing in this module may fail a
check: a missing, read-only or full cache folder only makes the next start slower.
``TONECHECK_CACHE_DIR`` names the folder itself (tests and benchmarks use it to start from an
empty cache without touching the user's); otherwise it is ``tonecheck`` under
``XDG_CACHE_HOME`` or ``~/.cache``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def cache_dir() -> Path:
    """Read on every call, not once per process, so a test can point it at its own folder."""
    explicit = os.environ.get("TONECHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "tonecheck"


def write_cache_file(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all; a failure is ignored.

    The file is written next to its final name and renamed into place, so a process that reads
    it at the same moment (another check starting) sees the old file or the new one, never half
    of one."""
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
